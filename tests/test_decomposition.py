"""Task-decomposition tables with indicators as column groups over years, category
rows numbered 一、二、, remarks columns; stored per town for monitoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planwatch.ingest import extract_plan
from tests.conftest import cli_caller
from tests.writers import docx, txt
from tests.writers.spec import LEFT, UP, P, Plan, T

GROUPS = T(
    caption="表6 各镇（街道）“十四五”工业发展目标分解",
    rows=[
        ["序号", "镇（街道）", "规上工业总产值（亿元）", LEFT, "规上企业数（家）", LEFT,
         "亩均税收（万元/亩）", LEFT],
        [UP, UP, "2020年", "2025年", "2020年", "2025年", "2020年", "2025年"],
        ["1", "城关镇", "120", "200", "80", "110", "25", "35"],
        ["2", "东溪镇", "60", "100", "40", "55", "18", "26"],
        ["3", "西岭乡", "20", "35", "12", "20", "10", "15"],
    ],
)  # fmt: skip


def render(plan: Plan, tmp_path: Path, fmt: str) -> Path:
    path = tmp_path / f"decomposition.{fmt}"
    if fmt == "pdf":
        from tests.writers import pdf

        return pdf.render(plan, path)
    return txt.write(plan, path) if fmt == "txt" else docx.render(plan, path)


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_indicators_as_column_groups_over_years(tmp_path: Path, fmt: str) -> None:
    ex = extract_plan(render(Plan([P("示例县“十四五”工业发展规划"), GROUPS]), tmp_path, fmt))
    got = [(i.subject, i.name, i.unit, i.baseline, i.baseline_year, i.target, i.target_year)
           for i in ex.indicators]  # fmt: skip
    assert len(got) == 9
    assert ("城关镇", "规上工业总产值", "亿元", 120, 2020, 200, 2025) in got
    assert ("东溪镇", "规上企业数", "家", 40, 2020, 55, 2025) in got
    assert ("西岭乡", "亩均税收", "万元/亩", 10, 2020, 15, 2025) in got


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_years_over_measures_the_other_way_round(tmp_path: Path, fmt: str) -> None:
    table = T(
        caption="附件1 各县（市、区）任务分解",
        rows=[
            ["地区", "2020年现状", LEFT, "2025年目标", LEFT, "年均增长（%）"],
            [UP, "产值（亿元）", "企业数（家）", "产值（亿元）", "企业数（家）", "产值"],
            ["甲县", "300", "150", "520", "210", "11.6"],
            ["乙区", "150", "90", "260", "120", "11.6"],
        ],
    )
    ex = extract_plan(render(Plan([P("示例市规划"), table]), tmp_path, fmt))
    got = {(i.subject, i.name): (i.baseline, i.target, i.annual_growth) for i in ex.indicators}
    assert got == {
        ("甲县", "产值"): (300, 520, 11.6),
        ("甲县", "企业数"): (150, 210, None),
        ("乙区", "产值"): (150, 260, 11.6),
        ("乙区", "企业数"): (90, 120, None),
    }


def test_a_header_that_cannot_be_read_gives_a_warning_and_no_rows(tmp_path: Path) -> None:
    scrambled = T(
        caption="表6 各镇（街道）“十四五”工业发展目标分解",
        rows=[
            ["序号", "镇（街道）", "2020年", "2025年", "2020年", "2025年"],
            ["1", "城关镇", "120", "200", "80", "110"],
            ["2", "东溪镇", "60", "100", "40", "55"],
        ],
    )
    ex = extract_plan(render(Plan([P("示例县规划"), scrambled]), tmp_path, "txt"))
    assert ex.indicators == []
    assert any("could not be read as measure × year" in w for w in ex.warnings)


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_numbered_category_rows_and_remarks(tmp_path: Path, fmt: str) -> None:
    table = T(
        caption="表2 主要发展指标",
        rows=[
            ["序号", "指标名称", "单位", "2020年", "2025年", "属性", "备注"],
            ["一", "经济规模", "", "", "", "", ""],
            ["1", "规上工业增加值", "亿元", "100", "160", "预期性", "年均增长9.5%"],
            ["2", "规上工业企业数", "家", "380", "420", "预期性", "力争达到460家"],
            ["二", "创新能力", "", "", "", "", ""],
            ["3", "高新技术企业数", "家", "50", "80", "", "约束性指标"],
            ["4", "十大产业链产值", "亿元", "", "", "预期性", ""],
        ],
    )
    inds = extract_plan(render(Plan([P("示例县规划"), table]), tmp_path, fmt)).indicators
    assert [(i.category, i.name) for i in inds] == [
        ("经济规模", "规上工业增加值"), ("经济规模", "规上工业企业数"),
        ("创新能力", "高新技术企业数"), ("创新能力", "十大产业链产值"),
    ]  # fmt: skip
    va, firms, hightech, _ = inds
    assert (va.annual_growth, va.remarks) == (9.5, "年均增长9.5%")
    assert va.remarks_source is not None and va.remarks_source.col == 6
    assert firms.stretch_target == 460 and hightech.attribute == "约束性"


def test_decomposed_targets_are_stored_per_town_and_ranked(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANWATCH_DATABASE_URL", db_url)
    pw = cli_caller()
    path = render(Plan([P("示例县“十四五”工业发展规划（2021—2025年）"), GROUPS]), tmp_path, "txt")
    pw("import-plan", str(path), "--region", "示例市/示例县")
    csv = tmp_path / "a.csv"
    csv.write_text(
        "地区,指标,年份,数值\n城关镇,规上工业总产值,2023,170\n东溪镇,规上工业总产值,2023,70\n",
        encoding="utf-8",
    )
    pw("import-actuals", str(csv))
    rows = json.loads(pw("status", "decomposition", "--year", "2023", "--json"))
    by_town = {a["region"]: a for a in rows if a["indicator"] == "规上工业总产值"}
    assert set(by_town) == {"城关镇", "东溪镇", "西岭乡"}
    assert by_town["城关镇"]["task_progress"] == pytest.approx(50 / 80)
    assert by_town["东溪镇"]["task_progress"] == pytest.approx(10 / 40)
    assert by_town["西岭乡"]["status"] == "no_data"
