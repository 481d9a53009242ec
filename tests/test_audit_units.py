"""Rule "units": a unit that cannot belong to its indicator, by dimension."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.models.audit import Finding
from tests.audit_helpers import FORMATS, audit, of
from tests.writers.spec import P, T

HEADER = ["序号", "指标名称", "单位", "2020年", "2025年", "属性"]


def table(*rows: list[str], caption: str = "表1 主要指标") -> T:
    return T(caption=caption, rows=[HEADER, *rows])


def by_row(found: list[Finding]) -> dict[str | None, tuple[object, ...]]:
    """row → (severity, stated unit, expected)."""
    return {f.location.row: (f.severity, f.values["unit"], f.values["expected"]) for f in found}


@pytest.mark.parametrize("fmt", FORMATS)
def test_units_that_cannot_belong_are_found(tmp_path: Path, fmt: str) -> None:
    report = audit([table(
        ["1", "规上工业亩均税收", "%", "18", "32", "预期性"],  # per mu, in %
        ["2", "高新技术产业增加值占比", "家", "40", "50", "预期性"],  # a share, in a count
        ["3", "规上工业全员劳动生产率", "万元", "20", "30", "预期性"],  # no 人·年
        ["4", "规上工业总产值", "", "300", "500", "预期性"],  # money without a unit
        ["5", "规上工业增加值", "亿元", "80", "120", "预期性"],  # right
    )], tmp_path, fmt)  # fmt: skip
    found = of(report, "units")
    assert by_row(found) == {
        "规上工业亩均税收": ("error", "%", "万元/亩"),
        "高新技术产业增加值占比": ("error", "家", "%"),
        "规上工业全员劳动生产率": ("warning", "万元", "万元/人·年"),
        "规上工业总产值": ("warning", "", "亿元"),
    }
    first = next(f for f in found if f.location.row == "规上工业亩均税收")
    assert first.location.table == "表1 主要指标" and first.location.line
    assert "万元/亩" in first.message_zh and "%" in first.message_zh
    assert first.subjects == ["规上工业亩均税收"] and "32" in first.evidence


def test_names_the_catalogue_does_not_know_are_judged_by_their_ending(tmp_path: Path) -> None:
    report = audit([table(
        ["1", "绿色工厂覆盖率", "个", "20", "60", "预期性"],
        ["2", "智能装备产业产值", "家", "30", "80", "预期性"],
        ["3", "重点园区单位用地产出", "%", "300", "500", "预期性"],
        ["4", "绿色工厂数量", "个", "20", "60", "预期性"],  # a count in a count: right
        ["5", "单位能耗工业增加值", "%", "2", "3", "预期性"],
    )], tmp_path)  # fmt: skip
    assert by_row(of(report, "units")) == {
        "绿色工厂覆盖率": ("error", "个", "%"),
        "智能装备产业产值": ("error", "家", "亿元或万元"),
        "重点园区单位用地产出": ("error", "%", "万元/亩"),
        "单位能耗工业增加值": ("error", "%", "万元/单位资源消耗"),
    }


def test_a_park_area_too_small_for_its_square_metres(tmp_path: Path) -> None:
    report = audit([table(
        ["1", "园区面积", "平方米", "7", "9", "预期性"],
        ["2", "工业用地面积", "亩", "3000", "5000", "预期性"],
        ["3", "平台规划面积", "平方公里", "8", "12", "预期性"],
        ["4", "标准厂房建筑面积", "平方米", "500", "800", "预期性"],  # a building, not land
        ["5", "新增工业用地", "平方米", "80000", "200000", "预期性"],  # large enough
    )], tmp_path)  # fmt: skip
    found = of(report, "units")
    assert by_row(found) == {"园区面积": ("warning", "平方米", "平方公里或亩")}
    assert "9平方米" in found[0].message_zh


def test_legitimate_variants_are_never_flagged(tmp_path: Path) -> None:
    report = audit([table(
        ["1", "规上工业全员劳动生产率", "万元/人", "20", "30", "预期性"],
        ["2", "全员劳动生产率", "万元/人·年", "20", "30", "预期性"],
        ["3", "单位工业增加值能耗", "吨标准煤/万元", "0.6", "0.5", "约束性"],
        ["4", "单位工业增加值能耗下降", "%", "—", "16", "约束性"],
        ["5", "全社会用电量", "亿千瓦时", "30", "45", "预期性"],
        ["6", "研发经费支出占营业收入比重", "个百分点", "—", "0.5", "预期性"],
        ["7", "每万人高价值发明专利拥有量", "件", "3", "6", "预期性"],
        ["8", "规上工业亩均税收", "万元/亩", "18", "32", "预期性"],
        ["9", "两化融合发展指数", "", "90", "110", "预期性"],
        ["10", "工业固体废物综合利用率", "%", "90", "95", "约束性"],
        ["11", "规上工业企业数", "家", "300", "450", "预期性"],
        ["12", "工业投资", "亿元", "50", "80", "预期性"],
        ["13", "规上工业营业收入利润率", "", "6", "7", "预期性"],
        ["14", "资源产出率", "元/吨", "3000", "4000", "预期性"],
        ["15", "单位工业增加值用水量", "立方米/万元", "20", "15", "约束性"],
        ["16", "单位能耗工业增加值", "万元/吨标准煤", "2", "3", "预期性"],
        ["17", "人均可支配收入", "元", "40000", "55000", "预期性"],
        ["18", "亩均税收增长", "%", "—", "8", "预期性"],
        ["19", "工业总产值", "", "120亿元", "200亿元", "预期性"],  # the unit in the cells
    )], tmp_path)  # fmt: skip
    assert of(report, "units") == []


def test_a_unit_the_caption_or_header_states_is_a_unit(tmp_path: Path) -> None:
    plain = ["序号", "行业名称", "2020年", "2025年"]
    dated = ["序号", "行业名称", "2020年（亿元）", "2025年（亿元）"]
    rows = [["1", "化工产值", "120", "200"], ["2", "建材产值", "80", "100"]]
    report = audit([
        T(caption="表2 分行业产值（亿元）", rows=[plain, *rows]),
        T(caption="表3 分行业产值", rows=[dated, *rows]),
    ], tmp_path)  # fmt: skip
    assert of(report, "units") == []


def test_prose_is_checked_for_impossible_units_only(tmp_path: Path) -> None:
    report = audit([
        P("到2025年，规上工业亩均税收达到28万元，全员劳动生产率达到26万元/人·年。"),
        P("到2025年，研发经费支出占营业收入比重提高0.5个百分点，亩均税收比2020年提高20%。"),
        P("到2025年，高新技术产业增加值占规上工业比重达到50%。"),
        P("到2025年，规上工业亩均增加值达到120%以上。"),
    ], tmp_path)  # fmt: skip
    found = of(report, "units")
    assert [(f.severity, f.location.row, f.values["unit"]) for f in found] == [
        ("error", "规上工业亩均增加值", "%")
    ]
    assert found[0].location.line is not None and "120%" in found[0].evidence


def test_one_finding_per_column_of_a_per_subject_table(tmp_path: Path) -> None:
    output, per_mu = "规上工业总产值（亿元）", "规上工业亩均税收（%）"
    report = audit([T(caption="附表1 分地区目标", rows=[
        ["地区", "2020年", "<", "2025年", "<"],
        ["^", output, per_mu, output, per_mu],
        ["甲镇", "100", "10", "150", "20"],
        ["乙镇", "80", "12", "120", "25"],
        ["丙镇", "60", "8", "90", "15"],
    ])], tmp_path)  # fmt: skip
    found = of(report, "units")
    assert [(f.severity, f.values["unit"]) for f in found] == [("error", "%")]
    assert found[0].subjects == ["丙镇", "乙镇", "甲镇", "规上工业亩均税收"]
