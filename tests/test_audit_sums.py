"""Rule 2: totals (合计, 小计, 全县 rows, 合计 columns, plan-level targets) against the
parts they total."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.models.audit import Finding
from tests.audit_helpers import FORMATS, audit, of
from tests.writers.spec import LEFT, UP, H, P, T

INDUSTRIES = ["序号", "行业名称", "2020年", "2025年", "年均增长（%）"]
TOWNS = ["乡镇", "2020年", "2025年"]
MAIN = ["序号", "指标名称", "单位", "2020年", "2025年", "属性"]


def sums(blocks: list[H | P | T], tmp_path: Path, fmt: str = "txt") -> list[Finding]:
    return of(audit(blocks, tmp_path, fmt), "sums")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_total_row_its_parts_do_not_give_is_found(tmp_path: Path, fmt: str) -> None:
    table = T(caption="表2 重点行业产值目标（亿元）", rows=[INDUSTRIES,
        ["1", "电子信息", "12.34", "30", "19.4"],
        ["2", "装备制造", "45.67", "80", "11.8"],
        ["3", "新材料", "23.45", "50", "16.3"],
        ["4", "食品加工", "8.9", "20", "17.6"],
        ["合计", LEFT, "95.36", "180", "13.6"],  # 90.36 and 180; a rate is never summed
    ])  # fmt: skip
    found = sums([table], tmp_path, fmt)
    assert len(found) == 1
    f = found[0]
    assert f.severity == "error"
    assert f.values["stated"] == 95.36
    assert f.values["expected"] == pytest.approx(90.36)
    assert f.values["difference"] == pytest.approx(5.0)
    assert (f.location.table, f.location.row, f.location.column) == (
        "表2 重点行业产值目标（亿元）", "合计", "2020年",
    )  # fmt: skip
    assert f.subjects == ["合计", "2020年"]
    assert "90.36" in f.message_zh and "95.36" in f.evidence


def test_rounded_parts_are_no_mistake_and_a_small_miss_is_a_warning(tmp_path: Path) -> None:
    """1.2 + 3.4 + 5.6 = 10.2: a printed 10.3 is within the parts' rounding (each
    ±0.05); 100 + 200 + 300 = 600 against 603 is not (±2 at most), but under 1 %."""
    table = T(caption="表2 各镇产值目标（亿元）", rows=[TOWNS,
        ["甲镇", "1.2", "100"],
        ["乙镇", "3.4", "200"],
        ["丙镇", "5.6", "300"],
        ["合计", "10.3", "603"],
    ])  # fmt: skip
    found = sums([table], tmp_path)
    assert [(f.location.column, f.severity) for f in found] == [("2025年", "warning")]
    assert found[0].values["difference"] == pytest.approx(3)


def heading(fmt: str, number: str, text: str, width: int) -> list[str]:
    """A group heading row: one merged cell in a grid; flattened text, which would run
    a lone cell into the row before, gets it as a numbered row."""
    if fmt == "txt":
        return [number, text] + [""] * (width - 2)
    return [f"{number}、{text}"] + [LEFT] * (width - 1)


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_subtotals_and_the_grand_total_are_not_counted_twice(tmp_path: Path, fmt: str) -> None:
    rows = [["序号", "项目名称", "总投资（亿元）", "“十四五”投资（亿元）"],
        heading(fmt, "一", "新兴产业项目", 4),
        ["1", "甲项目", "10", "8"],
        ["2", "乙项目", "20", "15"],
        ["小计", LEFT, "30", "23"],
        heading(fmt, "二", "传统产业项目", 4),
        ["3", "丙项目", "40", "30"],
        ["4", "丁项目", "50", "45"],
        ["小计", LEFT, "90", "75"],
        ["合计", LEFT, "120", "98"],
    ]  # fmt: skip
    assert sums([T(caption="表3 重大项目", rows=rows)], tmp_path, fmt) == []
    rows[8] = ["小计", LEFT, "95", "75"]  # the items still give the 合计 of 120
    found = sums([T(caption="表3 重大项目", rows=rows)], tmp_path, fmt)
    assert [(f.location.row, f.location.column) for f in found] == [("小计", "总投资（亿元）")]
    assert found[0].values["expected"] == 90


def test_subtotals_set_above_their_items_and_a_total_above_all(tmp_path: Path) -> None:
    rows = [["序号", "项目名称", "总投资（亿元）"],
        ["合计", LEFT, "125"],
        ["一", "新兴产业项目", ""],
        ["小计", LEFT, "30"],
        ["1", "甲项目", "10"],
        ["2", "乙项目", "20"],
        ["二", "传统产业项目", ""],
        ["小计", LEFT, "90"],
        ["3", "丙项目", "40"],
        ["4", "丁项目", "50"],
    ]  # fmt: skip
    found = sums([T(caption="表3 重大项目", rows=rows)], tmp_path)
    assert [(f.location.row, f.values["expected"]) for f in found] == [("合计", 120)]


def test_a_total_column_against_the_columns_it_totals(tmp_path: Path) -> None:
    table = T(caption="表4 年度投资计划（亿元）", rows=[
        ["序号", "项目名称", "2021年", "2022年", "2023年", "合计"],
        ["1", "甲项目", "1.5", "2.5", "3.0", "7.0"],
        ["2", "乙项目", "4.0", "4.0", "2.0", "10.0"],
        ["3", "丙项目", "0.8", "1.2", "2.0", "5.0"],  # 4.0
        ["4", "丁项目", "2.2", "3.3", "4.4", "9.9"],
    ])  # fmt: skip
    found = sums([table], tmp_path)
    assert [(f.location.row, f.location.column) for f in found] == [("丙项目", "合计")]
    assert found[0].values["expected"] == pytest.approx(4.0)
    assert found[0].severity == "error"


def test_rows_that_overlap_give_a_notice_not_an_error(tmp_path: Path) -> None:
    """Parks listed beside the towns they lie in: the rows add up to more than the
    total, and without the parks they add up exactly."""
    table = T(caption="表5 分乡镇产值目标（亿元）", rows=[TOWNS,
        ["全县合计", "60.0", "120"],
        ["甲镇", "10.0", "20"],
        ["乙镇", "20.0", "40"],
        ["丙街道", "30.0", "60"],
        ["甲工业园区", "15.0", "30"],
        ["乙开发区", "12.0", "25"],
    ])  # fmt: skip
    found = sums([table], tmp_path)
    assert [f.severity for f in found] == ["notice"]
    assert found[0].values["overlapping"] == "甲工业园区、乙开发区"


def test_a_whole_county_row_counts_only_when_the_rows_break_it_down(tmp_path: Path) -> None:
    """A 全县 row over a few leading towns is no breakdown (no column adds up); a row
    named after the county whose other columns add up is one."""
    leading = T(caption="表5 重点乡镇产值（亿元）", rows=[TOWNS,
        ["全县", "100.0", "200"], ["甲镇", "30.0", "50"], ["乙镇", "20.0", "60"],
    ])  # fmt: skip
    assert sums([leading], tmp_path) == []
    breakdown = T(caption="表5 分乡镇目标", rows=[
        ["地区", "规上工业产值（亿元）", "规上企业（家）", "亩均税收（万元/亩）"],
        ["示例县", "100.0", "60", "30"],
        ["甲镇", "30.0", "20", "20"],
        ["乙镇", "50.0", "25", "40"],
        ["丙镇", "20.0", "20", "25"],  # 65 firms; per-mu tax is never summed
    ])  # fmt: skip
    found = sums([breakdown], tmp_path)
    assert [(f.location.row, f.location.column) for f in found] == [("示例县", "规上企业（家）")]
    assert found[0].values == {"stated": 60, "expected": 65, "difference": -5}


def test_targets_by_town_against_the_plan_level_target(tmp_path: Path) -> None:
    main = T(caption="表1 主要指标", rows=[MAIN,
        ["1", "规上工业总产值", "亿元", "100", "200", "预期性"],
        ["2", "规上工业亩均税收", "万元/亩", "10", "20", "预期性"],
    ])  # fmt: skip
    towns = T(caption="表2 各镇规上工业总产值目标（亿元）", rows=[TOWNS,
        ["甲镇", "30.0", "60"], ["乙镇", "50.0", "95"], ["丙街道", "20.0", "40"],
    ])  # fmt: skip
    tax = T(caption="表3 各镇规上工业亩均税收目标（万元/亩）", rows=[TOWNS,
        ["甲镇", "8.0", "15"], ["乙镇", "12.0", "25"], ["丙街道", "9.0", "18"],
    ])  # fmt: skip
    found = sums([main, towns, tax], tmp_path)
    assert len(found) == 1
    f = found[0]
    assert f.severity == "error" and f.location.column == "2025年"
    assert f.values == {"stated": 200, "expected": 195, "difference": 5}
    assert "规上工业总产值" in f.subjects


def test_a_breakdown_of_one_sector_is_not_held_against_the_whole(tmp_path: Path) -> None:
    main = T(caption="表1 主要指标", rows=[MAIN,
        ["1", "规上工业总产值", "亿元", "100", "200", "预期性"],
    ])  # fmt: skip
    sector = T(caption="表2 新兴产业规上工业总产值目标（亿元）", rows=[
        ["序号", "行业名称", "2020年", "2025年"],
        ["1", "电子信息", "10.0", "25"],
        ["2", "新材料", "12.0", "30"],
        ["合计", LEFT, "22.0", "55"],
    ])  # fmt: skip
    assert sums([main, sector], tmp_path) == []


def test_rates_sequence_numbers_years_and_worded_cells_are_not_summed(tmp_path: Path) -> None:
    table = T(caption="表2 重点企业", rows=[
        ["序号", "企业名称", "开工年份", "增速（%）", "产值（亿元）", "占比"],
        ["1", "甲公司", "2021", "12.5", "10", "20%"],
        ["2", "乙公司", "2022", "8.0", "待定", "30%"],
        ["3", "丙公司", "2023", "9.1", "20以上", "10%"],
        ["合计", LEFT, "2024", "9.9", "99", "70%"],
    ])  # fmt: skip
    assert sums([table], tmp_path) == []


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_rows_under_a_merged_group_cell_are_items(tmp_path: Path, fmt: str) -> None:
    table = T(caption="表2 分区产值（亿元）", rows=[
        ["片区", "乡镇", "2020年", "2025年"],
        ["东片", "甲镇", "10.0", "20"],
        [UP, "乙镇", "20.0", "40"],
        ["西片", "丙镇", "30.0", "60"],
        ["合计", LEFT, "60.0", "125"],
    ])  # fmt: skip
    found = sums([table], tmp_path, fmt)
    assert [(f.location.column, f.values["expected"]) for f in found] == [("2025年", 120)]


def test_of_which_rows_are_not_parts(tmp_path: Path) -> None:
    """其中 rows detail the row above; the sub-items after one need not repeat 其中."""
    right = T(caption="表2 分乡镇产值（亿元）", rows=[TOWNS,
        ["全县合计", "100.0", "200"],
        ["甲镇", "60.0", "120"],
        ["其中：甲园区", "20.0", "50"],
        ["乙镇", "40.0", "80"],
    ])  # fmt: skip
    assert sums([right], tmp_path) == []
    more = T(caption="表2 分行业产值（亿元）", rows=[["行业", "2020年", "2025年"],
        ["合计", "100.0", "200"],
        ["制造业", "70.0", "150"],
        ["其中：化工", "30.0", "60"],
        ["医药", "20.0", "40"],
        ["建筑业", "30.0", "50"],
    ])  # fmt: skip
    assert sums([more], tmp_path) == []


def test_rows_flattened_text_ran_together_raise_nothing(tmp_path: Path) -> None:
    """In flattened text a lone heading cell joins the row before it (小计 | 30 | 23 |
    二、…); the table is then left alone rather than summed wrongly."""
    rows = [["序号", "项目名称", "总投资（亿元）", "“十四五”投资（亿元）"],
        ["一、新兴产业项目", LEFT, LEFT, LEFT],
        ["1", "甲项目", "10", "8"],
        ["2", "乙项目", "20", "15"],
        ["小计", LEFT, "30", "23"],
        ["二、传统产业项目", LEFT, LEFT, LEFT],
        ["3", "丙项目", "40", "30"],
        ["4", "丁项目", "50", "45"],
        ["小计", LEFT, "90", "75"],
        ["合计", LEFT, "120", "98"],
    ]  # fmt: skip
    assert sums([T(caption="表3 重大项目", rows=rows)], tmp_path, "txt") == []


def test_a_breakdown_that_adds_up_in_no_year_is_not_held_against_the_plan(
    tmp_path: Path,
) -> None:
    """Towns that give 95 of 100 in 2020 and 190 of 200 in 2025 leave out part of the
    county (a zone, say): nothing shows they are meant to add up to it."""
    main = T(caption="表1 主要指标", rows=[MAIN,
        ["1", "规上工业总产值", "亿元", "100", "200", "预期性"],
    ])  # fmt: skip
    towns = T(caption="表2 各镇规上工业总产值目标（亿元）", rows=[TOWNS,
        ["甲镇", "30.0", "60"], ["乙镇", "45.0", "90"], ["丙街道", "20.0", "40"],
    ])  # fmt: skip
    assert sums([main, towns], tmp_path) == []


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_a_total_row_in_each_group_closes_its_group(tmp_path: Path, fmt: str) -> None:
    """合计 rows that close each group (the last one too) are not totals of the table."""
    rows = [["类别", "项目", "投资（亿元）"],
        ["新兴产业", "甲项目", "10"],
        [UP, "乙项目", "20"],
        [UP, "合计", "30"],
        ["传统产业", "丙项目", "40"],
        [UP, "丁项目", "50"],
        [UP, "合计", "90"],
    ]  # fmt: skip
    assert sums([T(caption="表3 重大项目", rows=rows)], tmp_path, fmt) == []
    rows[6] = [UP, "合计", "95"]
    found = sums([T(caption="表3 重大项目", rows=rows)], tmp_path, fmt)
    assert [(f.location.row, f.values["expected"]) for f in found] == [("合计", 90)]


def test_figures_in_other_magnitudes_are_not_added(tmp_path: Path) -> None:
    table = T(caption="表2 分镇产值", rows=[["乡镇", "2020年（万元）"],
        ["甲镇", "8000"], ["乙镇", "1.2万"], ["丙镇", "5000"], ["合计", "25000"],
    ])  # fmt: skip
    assert sums([table], tmp_path) == []


def test_the_total_row_of_a_breakdown_against_the_plan_level_target(tmp_path: Path) -> None:
    main = T(caption="表1 主要指标", rows=[MAIN,
        ["1", "规上工业企业数", "家", "120", "200", "预期性"],
    ])  # fmt: skip
    towns = T(caption="表2 各镇规上工业企业目标（家）", rows=[TOWNS,
        ["合计", "120", "190"], ["甲镇", "50", "80"], ["乙镇", "40", "60"], ["丙镇", "30", "50"],
    ])  # fmt: skip
    found = sums([main, towns], tmp_path)
    assert [(f.values["stated"], f.values["expected"]) for f in found] == [(200, 190)]
    assert "“合计”" in found[0].message_zh and found[0].severity == "error"
