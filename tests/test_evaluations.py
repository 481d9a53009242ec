"""Completion tables of the previous plan, in both table shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.ingest import extract_plan
from planwatch.ingest.extractors.evaluations import extract_evaluations
from planwatch.models import Caption, EvaluationRow, Heading, Note, Paragraph
from tests.table_styles import STYLES, document
from tests.writers import docx, txt
from tests.writers.spec import LEFT, UP, P, Plan, T

# Every file format a user may bring, written from the same spec.
WRITE = {"txt": txt.write, "docx": docx.render}

CAPTION = "表1 示例县“十三五”工业发展主要指标完成情况"
ROWS = [
    ["类别", "序号", "指标名称", "单位", "规划值", LEFT, "实际值", LEFT, "完成情况", "属性"],
    [UP, UP, UP, UP, "2020年规划值", "规划年均递增（%）", "2020年实际", "实际年均增长（%）", UP,
     UP],
    ["规模\n效益", "1", "规上工业增加值", "亿元", "120", "8", "126.5", "9.1", "超额完成", "预期性"],
    [UP, "2", "工业投资（亿元）", "", "≥73", "", "70.2", "", "未完成", "预期性"],
    [UP, "3", "累计技改项目", "个", "110（累计）", "", "118", "", "完成", "预期性"],
    ["创新\n驱动", "4", "研发经费占比", "%", "—", "[0.8]", "—", "[0.9]", "完成", "预期性"],
    [UP, "5", "数字化改造覆盖面", "", "所有规上企业", "", "96%", "", "基本完成", "约束性"],
    [UP, "6", "高新技术企业数", "家", "[16]", "", "[18]", "", "完成", "预期性"],
    [UP, "7", "新产品产值率", "%", "100%", "", "—", "", "—", "预期性"],
]  # fmt: skip
NOTES = [
    "注：1.“工业投资”因统计口径调整，无法与规划值比较；2.新产品产值率因统计制度调整缺少数据，未作评估。"
]


def rows_of(style: str, *blocks: object, rows: list[list[str]] = ROWS, **kw: object) -> list:
    table = STYLES[style](rows, **kw)
    return extract_evaluations(document(*blocks, table))  # type: ignore[arg-type]


def by_name(items: list[EvaluationRow]) -> dict[str, EvaluationRow]:
    return {e.name: e for e in items}


@pytest.mark.parametrize("style", STYLES)
def test_two_level_completion_table(style: str) -> None:
    found = rows_of(style, Caption(text=CAPTION), caption=CAPTION, notes=NOTES)
    assert len(found) == 7
    ev = by_name(found)

    va = ev["规上工业增加值"]
    assert (va.category, va.seq, va.unit, va.table) == ("规模效益", "1", "亿元", CAPTION)
    assert (va.planned_value, va.planned_growth, va.actual_value, va.actual_growth) == (
        120,
        8,
        126.5,
        9.1,
    )
    assert (va.completion, va.attribute) == ("超额完成", "预期性")
    assert va.source.row == 2

    inv = ev["工业投资"]
    assert (inv.unit, inv.category) == ("亿元", "规模效益")
    assert (inv.planned_value, inv.planned_qualifier, inv.planned_text) == (73, "≥", "≥73")
    assert inv.not_evaluable == "统计口径调整"

    tech = ev["累计技改项目"]
    assert (tech.planned_value, tech.planned_text, tech.actual_value) == (110, "110（累计）", 118)

    rd = ev["研发经费占比"]
    assert rd.category == "创新驱动"
    assert (rd.planned_value, rd.planned_is_increase, rd.planned_growth) == (0.8, True, None)
    assert (rd.actual_value, rd.actual_is_increase, rd.actual_growth) == (0.9, True, None)
    assert rd.planned_growth_text == "[0.8]"

    digital = ev["数字化改造覆盖面"]
    assert (digital.planned_value, digital.planned_text) == (None, "所有规上企业")
    assert (digital.actual_value, digital.completion, digital.attribute) == (
        96,
        "基本完成",
        "约束性",
    )

    firms = ev["高新技术企业数"]
    assert (firms.planned_value, firms.planned_is_increase) == (16, True)
    assert (firms.actual_value, firms.actual_is_increase, firms.planned_growth) == (18, True, None)

    new = ev["新产品产值率"]
    assert (new.planned_value, new.actual_value, new.actual_text, new.completion) == (
        100,
        None,
        "",
        "",
    )
    assert new.not_evaluable == "统计制度调整"
    assert va.not_evaluable is None and firms.not_evaluable is None
    assert all(e.notes == NOTES for e in found)


@pytest.mark.parametrize("style", STYLES)
def test_single_header_with_notes_in_blocks_after_the_table(style: str) -> None:
    rows = [
        ["序号", "指标", "单位", "2020年目标", "2020年完成", "完成情况"],
        ["1", "规上工业总产值", "亿元", "500", "468", "未完成"],
        ["2", "亩均税收", "万元/亩", "25", "—", "—"],
        ["3", "工业用地出让面积", "亩", "3000", "—", "—"],
    ]
    after = [
        Note(text="说明：亩均税收因缺少数据未评估。"),
        Paragraph(text="2.“工业用地出让面积”指标已取消。"),
        Paragraph(text="正文继续。"),
    ]
    table = STYLES[style](rows)
    heading = Heading(text="“十三五”规划实施评估", level=2, numbering="（一）")
    found = extract_evaluations(document(heading, table, *after))
    ev = by_name(found)
    assert (ev["规上工业总产值"].planned_value, ev["规上工业总产值"].actual_value) == (500, 468)
    assert ev["规上工业总产值"].completion == "未完成"
    assert ev["规上工业总产值"].table == "（一）“十三五”规划实施评估"
    assert ev["亩均税收"].not_evaluable == "缺少数据"
    assert ev["工业用地出让面积"].not_evaluable == "已取消"
    assert ev["规上工业总产值"].not_evaluable is None
    assert ev["亩均税收"].notes == [
        "说明：亩均税收因缺少数据未评估。",
        "2.“工业用地出让面积”指标已取消。",
    ]


@pytest.mark.parametrize("style", STYLES)
def test_undated_planned_and_actual_with_category_rows(style: str) -> None:
    rows = [
        ["序号", "指标名称", "规划目标", "实际完成", "备注"],
        ["一、产业规模", LEFT, LEFT, LEFT, LEFT],
        ["1", "规上工业企业（家）", "400以上", "452", ""],
        ["二、转型升级", LEFT, LEFT, LEFT, LEFT],
        ["2", "智能化改造项目（个）", "200", "—", "统计制度调整，暂无数据"],
    ]
    found = rows_of(style, rows=rows, caption="表3 “十三五”规划主要指标实现情况")
    ev = by_name(found)
    firms = ev["规上工业企业"]
    assert (firms.category, firms.unit, firms.planned_value, firms.planned_qualifier) == (
        "一、产业规模",
        "家",
        400,
        "以上",
    )
    assert firms.actual_value == 452 and firms.notes == []
    smart = ev["智能化改造项目"]
    assert (smart.category, smart.unit, smart.not_evaluable) == (
        "二、转型升级",
        "个",
        "统计制度调整",
    )
    assert smart.notes == ["统计制度调整，暂无数据"]


@pytest.mark.parametrize("style", STYLES)
def test_name_header_merged_over_the_category_column(style: str) -> None:
    rows = [
        ["指标名称", LEFT, "单位", "2020年规划", "2020年实际", "完成情况"],
        ["规模", "规模以上工业产值", "亿元", "100", "110", "完成"],
        [UP, "工业税收", "亿元", "10", "9", "未完成"],
    ]
    notes = [
        "注：1.规上工业产值因统计口径变化无法评估。",
        "2.工业税收因统计口径调整，按可比口径评估。",
    ]
    found = rows_of(style, rows=rows, caption="“十三五”规划指标完成情况", notes=notes)
    assert [(e.category, e.name, e.planned_value, e.actual_value) for e in found] == [
        ("规模", "规模以上工业产值", 100, 110),
        ("规模", "工业税收", 10, 9),
    ]
    assert (found[0].not_evaluable, found[1].not_evaluable) == ("统计口径变化", None)
    assert found[1].notes == notes


@pytest.mark.parametrize("style", STYLES)
def test_cells_merged_across_value_columns(style: str) -> None:
    """Worded targets and period increases spanning value and growth columns."""
    rows = [
        ["序号", "指标名称", "单位", "2020年规划", "年均增长", "2020年实际", "年均增长", "完成情况",
         "属性"],
        ["1", "规上工业产值", "亿元", "100", "8", "110", "9", "完成", "预期性"],
        ["2", "单位工业增加值能耗下降", "%", "完成省下达任务", LEFT, "完成", LEFT, "完成",
         "约束性"],
        ["3", "新增规上企业", "家", "[50]", LEFT, "[60]", LEFT, "超额完成", "预期性"],
        ["4", "亩均税收", "万元", "20", "", "—", "", "—", LEFT],
    ]  # fmt: skip
    ev = by_name(rows_of(style, rows=rows, caption="“十三五”规划主要指标完成情况"))
    energy = ev["单位工业增加值能耗下降"]
    assert (energy.planned_value, energy.planned_text, energy.planned_growth_text) == (
        None,
        "完成省下达任务",
        "",
    )
    assert (energy.actual_text, energy.actual_growth_text) == ("完成", "")
    assert (energy.completion, energy.attribute) == ("完成", "约束性")
    firms = ev["新增规上企业"]
    assert (firms.planned_value, firms.planned_is_increase, firms.planned_growth_text) == (
        50,
        True,
        "",
    )
    assert (firms.actual_value, firms.actual_is_increase) == (60, True)
    assert (firms.completion, firms.attribute) == ("超额完成", "预期性")
    tax = ev["亩均税收"]
    assert (tax.planned_value, tax.actual_text, tax.completion, tax.attribute) == (20, "", "", None)
    assert ev["规上工业产值"].actual_growth == 9


@pytest.mark.parametrize("style", STYLES)
def test_verdict_column_holding_the_actual_value(style: str) -> None:
    rows = [
        ["指标", "单位", "“十三五”规划目标", "完成情况"],
        ["规上工业增加值", "亿元", "150", "162.3"],
        ["工业固废利用率", "%", "95", "完成"],
    ]
    ev = by_name(rows_of(style, rows=rows, caption="“十三五”指标完成情况"))
    assert (ev["规上工业增加值"].actual_value, ev["规上工业增加值"].completion) == (162.3, "")
    assert (ev["工业固废利用率"].actual_value, ev["工业固废利用率"].completion) == (None, "完成")


@pytest.mark.parametrize("style", STYLES)
def test_target_and_project_tables_are_not_evaluations(style: str) -> None:
    make = STYLES[style]
    targets = make(
        [
            ["序号", "指标名称", "单位", "2020年", "2025年", "属性"],
            ["1", "规上工业增加值", "亿元", "100", "160", "预期性"],
        ],
        caption="表2 “十四五”主要指标",
    )
    base_actual = make(
        [
            ["指标", "2020年实际值", "2025年目标值"],
            ["规上工业企业数", "300", "450"],
        ],
        caption="表3 主要目标",
    )
    undated = make(
        [["指标名称", "基期实际值", "目标值"], ["亩均税收", "20", "30"]],
        caption="表4 主要目标",
    )
    projects = make(
        [
            ["序号", "项目名称", "总投资（万元）", "2021年计划投资", "2021年完成投资"],
            ["1", "东湖产业园", "5000", "1000", "1200"],
        ],
        caption="重大项目推进情况",
    )
    tables = [targets, base_actual, undated, projects]
    doc = document(*[b for t in tables for b in (Paragraph(text="正文。"), t)])
    assert extract_evaluations(doc) == []


@pytest.mark.parametrize("fmt", WRITE)
def test_completion_table_read_from_a_file(tmp_path: Path, fmt: str) -> None:
    plan = Plan([P("正文。"), T(caption=CAPTION, rows=ROWS, notes=NOTES)])
    found = by_name(extract_plan(WRITE[fmt](plan, tmp_path / f"plan.{fmt}")).evaluations)
    assert len(found) == 7
    assert found["工业投资"].not_evaluable == "统计口径调整"
    assert found["研发经费占比"].category == "创新驱动"
    assert found["规上工业增加值"].actual_growth == 9.1
