"""Plans that are right but easy to misread, and mistakes that hide: each case found
by auditing realistic plans the project wrote to trip the rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.audit_helpers import FORMATS, audit, of
from tests.writers.spec import LEFT, P, T

GROUPED = T(caption="表2 分产业规上工业总产值目标", rows=[
    ["序号", "产业", "2020年（亿元）", "2025年（亿元）", "年均增长（%）"],
    ["一、新兴产业", LEFT, LEFT, LEFT, LEFT],
    ["1", "新材料", "30.5", "50", "10.4"],
    ["2", "生物医药", "20.1", "35", "11.7"],
    ["小计", LEFT, "50.6", "85", "10.9"],
    ["二、传统产业", LEFT, LEFT, LEFT, LEFT],
    ["1", "纺织", "40.2", "50", "4.5"],
    ["2", "建材", "30.3", "35", "2.9"],
    ["小计", LEFT, "70.5", "85", "3.8"],
    ["合计", LEFT, "121.1", "170", "7.0"],
])  # fmt: skip


@pytest.mark.parametrize("fmt", FORMATS)
def test_groups_with_subtotals_read_right(tmp_path: Path, fmt: str) -> None:
    """A 小计 whose label spans two columns, then the next group's heading: two rows
    (in flattened text the 小计 row is short and the heading row has one cell)."""
    report = audit([GROUPED], tmp_path, fmt)
    assert report.findings == []


def test_a_wrong_subtotal_among_groups_is_found(tmp_path: Path) -> None:
    rows = [list(r) for r in GROUPED.rows]
    rows[4][3] = "90"  # the first 小计's 2025 target: 50 + 35 = 85
    report = audit([T(caption=GROUPED.caption, rows=rows)], tmp_path)
    found = of(report, "sums")
    assert [(f.values["stated"], f.values["expected"]) for f in found] == [(90, 85)]


def test_growth_is_judged_on_the_last_target_year_only(tmp_path: Path) -> None:
    report = audit([T(caption="表1 主要指标", rows=[
        ["序号", "指标名称", "单位", "2020年", "2022年", "2025年", "年均增长（%）"],
        ["1", "规上工业营业收入", "亿元", "310.5", "380", "500", "10"],  # 10.0 % over five
    ])], tmp_path)  # fmt: skip
    assert of(report, "growth") == []


def test_overlap_a_note_explains_is_no_finding(tmp_path: Path) -> None:
    table = T(caption="表3 各区规上工业总产值目标", rows=[
        ["区域", "2020年（亿元）", "2025年（亿元）"],
        ["甲区", "300.5", "450"], ["乙区", "250.2", "380"], ["丙区", "296.1", "470"],
        ["高新区", "190.4", "300"], ["合计", "846.8", "1300"],
    ], notes=["注：高新区数据已计入所在区，合计不重复计算。"])  # fmt: skip
    assert audit([table], tmp_path).findings == []


def test_cross_sector_groupings_are_not_added(tmp_path: Path) -> None:
    report = audit([P("2020年，全县规上工业增加值62.7亿元，其中高新技术产业增加值36.5亿元、"
                      "战略性新兴产业增加值29.8亿元。")], tmp_path)  # fmt: skip
    assert of(report, "parts") == []


def test_a_count_is_named_with_or_without_shu(tmp_path: Path) -> None:
    report = audit([
        P("到2025年，全县规上工业企业达到300家。"),
        T(caption="表1 主要指标", rows=[["序号", "指标名称", "单位", "2020年", "2025年"],
                                        ["1", "规上工业企业数", "家", "250", "320"]]),
    ], tmp_path)  # fmt: skip
    found = of(report, "agreement")
    assert [(f.values["stated"], f.values["expected"]) for f in found] == [(300, 320)]


def test_a_count_that_points_to_its_table(tmp_path: Path) -> None:
    rows = [["序号", "企业名称", "2025年目标（亿元）"]] + [
        [str(k), f"示例{k}号企业", "10"] for k in range(1, 10)
    ]  # fmt: skip
    report = audit([
        P("“十四五”期间，重点培育龙头企业10家（见表3），打造一批单项冠军。"),
        T(caption="表3 重点培育企业名单", rows=rows),
    ], tmp_path)  # fmt: skip
    found = of(report, "agreement")
    assert [(f.values["stated"], f.values["expected"]) for f in found] == [(10, 9)]


def test_a_bracketed_increase_in_a_column_of_growth_rates(tmp_path: Path) -> None:
    report = audit([T(caption="表1 主要指标", rows=[
        ["序号", "指标名称", "单位", "2020年", "2025年", "年均增长（%）"],
        ["1", "规上工业增加值", "亿元", "100", "146.9", "8"],
        ["2", "研发经费投入强度", "%", "2.0", "3.0", "[1]"],  # right
        ["3", "高新技术产业增加值占比", "%", "42.0", "50", "[6]"],  # 8 points, not 6
    ])], tmp_path)  # fmt: skip
    found = of(report, "direction")
    assert [(f.values["stated"], f.values["expected"]) for f in found] == [(6, 8)]


def test_whole_number_targets_add_up_exactly(tmp_path: Path) -> None:
    """Targets the plan chose as whole numbers are not rounded: six of them off by 3 from
    their 合计 is a mistake (as measured baselines printed whole, it would be rounding)."""
    rows = [["地区", "2020年（亿元）", "2025年（亿元）"]]
    rows += [[f"示例{k}镇", "40", "60"] for k in range(1, 7)]
    rows += [["合计", "242", "363"]]  # 2020: 240 within six half-units; 2025: 360 exactly
    report = audit([T(caption="表2 各镇目标", rows=rows)], tmp_path)
    found = of(report, "sums")
    assert [(f.values["stated"], f.values["expected"]) for f in found] == [(363, 360)]
