"""Indicator extraction from target tables, on plans the tests write themselves.

Each plan is rendered as flattened text and as a real Word file; both must give
the same indicators.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.ingest import extract_plan
from planwatch.models import Indicator
from tests.writers import docx, txt
from tests.writers.spec import LEFT, UP, P, Plan, T

FORMATS = ["txt", "docx"]


def render(plan: Plan, tmp_path: Path, fmt: str) -> Path:
    path = tmp_path / f"plan.{fmt}"
    if fmt == "pdf":
        from tests.writers import pdf

        return pdf.render(plan, path)
    return txt.write(plan, path) if fmt == "txt" else docx.render(plan, path)


def extract(plan: Plan, tmp_path: Path, fmt: str) -> list[Indicator]:
    return extract_plan(render(plan, tmp_path, fmt)).indicators


def by_name(inds: list[Indicator]) -> dict[str, Indicator]:
    return {i.name if i.subject is None else f"{i.subject}:{i.name}": i for i in inds}


MAIN = T(
    caption="表2-1 示例县“十四五”工业发展主要指标",
    rows=[
        ["类别", "序号", "指标名称", "单位", "2020年", "2025年", "年均增长（%）", "指标属性"],
        ["规模\n效益", "1", "规上工业增加值", "亿元", "80", "120左右", "8.4", "预期性"],
        [UP, "2", "规上工业亩均税收（万元/亩）", "", "18.5", "30以上", "—", "预期性"],
        [UP, "3", "工业投资", "（亿元）", "—", "≥60", "-", "预期性"],
        ["创新\n驱动", "4", "研发经费占营业收入比重", "%", "2.1", "3.0以上", "", "预期性"],
        [UP, "", "", "", "", "力争3.5以上", "", ""],
        [UP, "5", "两化融合发展指数", "", "88.5（2019）", "100", "", "预期性"],
        [UP, "6", "数字化改造覆盖率", "%", "-", "100%", "", "奋进性"],
        ["绿色\n低碳", "7", "单位工业增加值能耗下降", "%", "完成上级下达任务", LEFT, "", "约束性"],
        [UP, "8", "单位工业增加值用水量下降", "%", "—", "—", "完成省下达目标", "约束性"],
        [UP, "9", "累计培育百亿级企业（集团）", "家", "", "2", "", "预期性"],
    ],
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_main_indicator_table(tmp_path: Path, fmt: str) -> None:
    inds = by_name(extract(Plan([P("正文。"), MAIN]), tmp_path, fmt))
    assert len(inds) == 9
    va = inds["规上工业增加值"]
    assert (va.category, va.seq, va.unit) == ("规模效益", "1", "亿元")
    assert (va.baseline, va.baseline_year, va.target, va.target_year) == (80, 2020, 120, 2025)
    assert (va.target_qualifier, va.annual_growth, va.attribute) == ("左右", 8.4, "预期性")
    assert va.table == MAIN.caption

    tax = inds["规上工业亩均税收"]
    assert (tax.unit, tax.category, tax.target, tax.target_qualifier) == (
        "万元/亩",
        "规模效益",
        30,
        "以上",
    )
    assert tax.annual_growth is None

    inv = inds["工业投资"]
    assert (inv.unit, inv.baseline, inv.baseline_year, inv.baseline_text) == (
        "亿元",
        None,
        None,
        "",
    )
    assert (inv.target, inv.target_qualifier) == (60, "≥")

    rd = inds["研发经费占营业收入比重"]
    assert (rd.category, rd.target, rd.target_qualifier, rd.stretch_target) == (
        "创新驱动",
        3.0,
        "以上",
        3.5,
    )

    idx = inds["两化融合发展指数"]
    assert (idx.baseline, idx.baseline_year, idx.baseline_text) == (88.5, 2019, "88.5（2019）")

    dig = inds["数字化改造覆盖率"]
    assert (dig.target, dig.target_text, dig.attribute) == (100, "100%", "奋进性")

    energy = inds["单位工业增加值能耗下降"]
    assert (energy.category, energy.target, energy.target_text) == (
        "绿色低碳",
        None,
        "完成上级下达任务",
    )
    assert energy.textual_target and energy.baseline is None and energy.baseline_text == ""
    assert (energy.target_year, energy.attribute) == (2025, "约束性")

    water = inds["单位工业增加值用水量下降"]
    assert (water.target_text, water.annual_growth, water.target_year) == (
        "完成省下达目标",
        None,
        2025,
    )

    firms = inds["累计培育百亿级企业（集团）"]
    assert (firms.unit, firms.target) == ("家", 2)
    assert firms.source.line is not None


@pytest.mark.parametrize("fmt", FORMATS)
def test_group_column_under_merged_name_header(tmp_path: Path, fmt: str) -> None:
    """指标名称 spans the group column and the indicator column; no 序号."""
    table = T(
        caption="表三 示例市制造业发展指标体系表",
        rows=[
            ["指 标 名 称", LEFT, "单位", "2020年", "2025年", "年均增长\n（%）", "指标属性"],
            ["产业规模", "规上工业总产值", "亿元", "300", "500", "10.8", "预期性"],
            [UP, "工业投资", "亿元", "40", "65", "10", "预期性"],
            ["结构\n优化", "高新技术产业增加值占比", "（%）", "45", "55", "—", "预期性"],
        ],
    )
    inds = by_name(extract(Plan([table]), tmp_path, fmt))
    assert set(inds) == {"规上工业总产值", "工业投资", "高新技术产业增加值占比"}
    assert inds["工业投资"].category == "产业规模"
    assert inds["高新技术产业增加值占比"].category == "结构优化"
    assert inds["高新技术产业增加值占比"].unit == "%"
    assert inds["规上工业总产值"].annual_growth == 10.8
    assert inds["规上工业总产值"].seq == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_attribute_column_found_by_its_values(tmp_path: Path, fmt: str) -> None:
    table = T(
        caption="表1 主要目标",
        rows=[
            ["序号", "指标名称", "单位", "基期值（2020年）", "目标值（2025年）", "指标"],
            ["1", "规上工业企业数", "家", "300", "500以上", "预期性"],
            ["2", "工业固废利用率", "%", "90", "95", "约束性"],
        ],
    )
    inds = by_name(extract(Plan([table]), tmp_path, fmt))
    assert inds["规上工业企业数"].attribute == "预期性"
    assert (inds["规上工业企业数"].baseline_year, inds["规上工业企业数"].target_year) == (
        2020,
        2025,
    )
    assert inds["工业固废利用率"].attribute == "约束性"


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_level_header(tmp_path: Path, fmt: str) -> None:
    table = T(
        caption="表4 工业发展主要目标",
        rows=[
            ["指标", "单位", "2020年基期值", "2025年规划值", LEFT, "属性"],
            [UP, UP, UP, "目标值", "年均增长（%）", UP],
            ["规上工业总产值", "亿元", "200", "320", "9.9", "预期性"],
            ["规上工业企业", "家", "150", "220", "8", "预期性"],
        ],
    )
    inds = by_name(extract(Plan([table]), tmp_path, fmt))
    out = inds["规上工业总产值"]
    assert (out.baseline, out.target, out.annual_growth, out.attribute) == (200, 320, 9.9, "预期性")
    assert (out.baseline_year, out.target_year) == (2020, 2025)
    assert inds["规上工业企业"].target == 220


@pytest.mark.parametrize("fmt", FORMATS)
def test_per_industry_table_keeps_subject(tmp_path: Path, fmt: str) -> None:
    table = T(
        caption="表五 重点产业规上工业总产值分行业目标（亿元）",
        rows=[
            ["序号", "行业名称", "2020年基数", "2025年目标", "年均增速（%）"],
            ["1", "智能装备", "40", "90", "17.6"],
            ["2", "新材料", "-", "30", "—"],
            ["合计", LEFT, "40", "120", "24.6"],
        ],
    )
    inds = by_name(extract(Plan([table]), tmp_path, fmt))
    eq = inds["智能装备:规上工业总产值"]
    assert (eq.unit, eq.baseline, eq.target, eq.annual_growth) == ("亿元", 40, 90, 17.6)
    assert (eq.baseline_year, eq.target_year) == (2020, 2025)
    assert inds["新材料:规上工业总产值"].baseline is None
    total = inds["合计:规上工业总产值"]
    assert (total.baseline, total.target) == (40, 120)


@pytest.mark.parametrize("fmt", FORMATS)
def test_per_township_table_with_yearly_targets(tmp_path: Path, fmt: str) -> None:
    table = T(
        caption="东湖区“十四五”分乡镇（街道）规模以上工业产值规划目标表（亿元）",
        rows=[
            ["单位名称", "2020年", "2021年", "2022年", "2025年"],
            ["全区合计", "100.5", "110", "121", "160"],
            ["城关街道", "60.2 ", "66", "72", "95"],
            ["北山镇", "40.3", "44", "49", "65"],
        ],
    )
    rows = extract(Plan([table]), tmp_path, fmt)
    town = [i for i in rows if i.subject == "城关街道"]  # one row per target year
    assert [(i.target_year, i.target, i.baseline, i.baseline_year) for i in town] == [
        (2021, 66, 60.2, 2020),
        (2022, 72, 60.2, 2020),
        (2025, 95, 60.2, 2020),
    ]
    assert {i.unit for i in town} == {"亿元"}
    assert [(v.year, v.value) for v in town[-1].values] == [
        (2020, 60.2),
        (2021, 66),
        (2022, 72),
        (2025, 95),
    ]
    assert len(rows) == 9


@pytest.mark.parametrize("fmt", FORMATS)
def test_task_decomposition_with_measures_under_years(tmp_path: Path, fmt: str) -> None:
    table = T(
        caption="附件1：示例市“十四五”工业发展县（市、区）任务分解",
        rows=[
            ["地区", "2020年现状", LEFT, "2025年目标", LEFT],
            [
                UP,
                "规上工业总产值（亿元）",
                "亩均税收（万元/亩）",
                "规上工业总产值（亿元）",
                "亩均税收（万元/亩）",
            ],
            ["甲县", "300", "12.5", "520", "20"],
            ["乙区", "150", "", "260", "16"],
        ],
    )
    inds = by_name(extract(Plan([table]), tmp_path, fmt))
    a = inds["甲县:规上工业总产值"]
    assert (a.unit, a.baseline, a.baseline_year, a.target, a.target_year) == (
        "亿元",
        300,
        2020,
        520,
        2025,
    )
    b = inds["乙区:亩均税收"]
    assert (b.unit, b.baseline, b.baseline_year, b.target) == ("万元/亩", None, None, 16)
    assert len(inds) == 4


@pytest.mark.parametrize("fmt", FORMATS)
def test_tables_that_are_not_targets_give_no_indicators(tmp_path: Path, fmt: str) -> None:
    history = T(
        caption="表一 2017-2020年示例县规上工业发展情况",
        rows=[
            ["指标", "2017", "2018", "2019", "2020"],
            ["增加值（亿元）", "50", "55", "60", "66"],
        ],
    )
    evaluation = T(
        caption="表2 “十三五”规划主要指标完成情况",
        rows=[
            ["指标", "单位", "2020年规划值", "2020年实际值", "完成情况"],
            ["规上工业产值", "亿元", "500", "480", "未完成"],
        ],
    )
    enterprises = T(
        caption="附件二：重点企业培育清单",
        rows=[
            ["序号", "企业名称", "2020年实际", "2025年目标"],
            ["1", "甲公司", "5-10亿", "20-30亿"],
            ["2", "乙公司", "1-3亿", "5-10亿"],
        ],
    )
    assert (
        extract(Plan([history, P("正文。"), evaluation, P("正文。"), enterprises]), tmp_path, fmt)
        == []
    )


def test_table_without_caption_is_named_by_its_heading(tmp_path: Path) -> None:
    from tests.writers.spec import H

    table = T(rows=[["指标", "2020年", "2025年"], ["产值", "1", "2"]])
    inds = extract(Plan([H("（三）发展目标", 2), table]), tmp_path, "txt")
    assert inds[0].table == "（三）发展目标"


@pytest.mark.parametrize("fmt", FORMATS)
def test_title_row_inside_table_and_undated_columns(tmp_path: Path, fmt: str) -> None:
    """A title across the first row names the table; 基期值/目标值 take the plan's years."""
    table = T(
        rows=[
            ["示例县“十四五”工业发展主要指标", LEFT, LEFT, LEFT, LEFT],
            ["指标", "单位", "基期值", "目标值", "属性"],
            ["规上工业增加值", "亿元", "50", "80（力争90）", "预期性"],
            ["规上工业企业数", "家", "120", "不少于200", "预期性"],
        ]
    )
    inds = by_name(extract(Plan([P("正文。"), table]), tmp_path, fmt))
    va = inds["规上工业增加值"]
    assert va.table == "示例县“十四五”工业发展主要指标"
    assert (va.baseline, va.baseline_year, va.target, va.target_year) == (50, 2020, 80, 2025)
    assert va.stretch_target == 90
    firms = inds["规上工业企业数"]
    assert (firms.target, firms.target_qualifier) == (200, "不少于")


def test_bracketed_growth_is_a_period_increase_not_a_rate(tmp_path: Path) -> None:
    table = T(
        caption="表1 主要指标",
        rows=[
            ["指标", "单位", "2020年", "2025年", "年均增长[累计]"],
            ["高新技术产业增加值占比", "%", "40", "50", "[10]"],
            ["规上工业增加值", "亿元", "100", "140", "7左右"],
        ],
    )
    inds = by_name(extract(Plan([table]), tmp_path, "txt"))
    share = inds["高新技术产业增加值占比"]
    assert (share.annual_growth, share.growth_text) == (None, "[10]")
    assert inds["规上工业增加值"].annual_growth == 7


def test_actual_base_year_column_is_still_a_target_table(tmp_path: Path) -> None:
    table = T(
        caption="表1 主要指标",
        rows=[["指标", "2020年实际值", "2025年目标值"], ["规上工业增加值（亿元）", "100", "140"]],
    )
    (ind,) = extract(Plan([table]), tmp_path, "txt")
    assert (ind.unit, ind.baseline, ind.target) == ("亿元", 100, 140)


@pytest.mark.parametrize("fmt", FORMATS)
def test_undated_planned_beside_actual_is_a_completion_table(tmp_path: Path, fmt: str) -> None:
    """规划目标 beside 实际完成, neither dated: the previous plan's completion table,
    read as evaluation rows and never as targets."""
    table = T(
        caption="表1 “十三五”主要指标完成情况",
        rows=[
            ["指标", "单位", "规划目标", "规划年均增长（%）", "实际完成", "实际年均增长（%）"],
            ["规上工业增加值", "亿元", "≥73", "8", "70.5", "7.1"],
            ["工业技改投资", "亿元", "110（累计）", "—", "125（累计）", "—"],
        ],
    )
    ex = extract_plan(render(Plan([table]), tmp_path, fmt))
    assert ex.indicators == []
    assert [(e.name, e.planned_value, e.actual_value) for e in ex.evaluations] == [
        ("规上工业增加值", 73, 70.5),
        ("工业技改投资", 110, 125),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_section_rows_across_the_table_give_the_category(tmp_path: Path, fmt: str) -> None:
    table = T(
        caption="表1 “十四五”工业经济发展主要目标",
        rows=[
            ["序号", "指标名称", "单位", "2020年基期值", "2022年目标值", "2025年目标值", "备注"],
            ["一、产业规模", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
            ["1", "规上工业总产值", "亿元", "850", "1000", "1300以上（力争1400）", ""],
            ["2", "工业投资", "亿元", "95", "110", "≥130", ""],
            ["二、绿色发展", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
            ["3", "单位工业增加值能耗", "吨标煤/万元", "0.6", "0.56", "≤0.5", ""],
        ],
    )
    inds = extract(Plan([table]), tmp_path, fmt)
    # one row per target year: 2022 and 2025
    assert [(i.category, i.name, i.target_year) for i in inds] == [
        ("产业规模", "规上工业总产值", 2022),
        ("产业规模", "规上工业总产值", 2025),
        ("产业规模", "工业投资", 2022),
        ("产业规模", "工业投资", 2025),
        ("绿色发展", "单位工业增加值能耗", 2022),
        ("绿色发展", "单位工业增加值能耗", 2025),
    ]
    assert (inds[0].target, inds[0].baseline, inds[0].baseline_year) == (1000, 850, 2020)
    first = inds[1]
    assert (first.target, first.target_qualifier, first.stretch_target) == (1300, "以上", 1400)
    assert [(v.year, v.value) for v in first.values] == [(2020, 850), (2022, 1000), (2025, 1300)]
