"""Target tables in layouts other bureaus use: turned on their side, with footnote
marks explained under the table, with other wordings of the headers. Each plan is
written by the tests and read as flattened text, as a Word file and as a PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.ingest import extract_plan
from planwatch.models import Indicator
from tests.writers import docx, txt
from tests.writers.spec import UP, P, Plan, T

FORMATS = ["txt", "docx", "pdf"]


def extract(table: T, tmp_path: Path, fmt: str) -> list[Indicator]:
    plan = Plan([P("示例县“十四五”工业发展规划（2021—2025年）"), table])
    path = tmp_path / f"plan.{fmt}"
    if fmt == "pdf":
        from tests.writers import pdf

        pdf.render(plan, path)
    elif fmt == "txt":
        txt.write(plan, path)
    else:
        docx.render(plan, path)
    return extract_plan(path).indicators


def rows(inds: list[Indicator]) -> list[tuple[object, ...]]:
    return [(i.name, i.unit, i.baseline, i.baseline_year, i.target, i.target_year,
             i.target_qualifier, i.attribute) for i in inds]  # fmt: skip


@pytest.mark.parametrize("fmt", FORMATS)
def test_indicators_as_columns_and_years_as_rows(tmp_path: Path, fmt: str) -> None:
    table = T(
        caption="表1 示例县“十四五”工业发展主要指标",
        rows=[
            ["指标", "规上工业增加值（亿元）", "规上工业企业数（家）", "研发经费投入强度（%）"],
            ["2020年", "100", "300", "2.1"],
            ["2025年", "200", "400以上", "3.0"],
            ["属性", "预期性", "预期性", "约束性"],
        ],
    )
    assert rows(extract(table, tmp_path, fmt)) == [
        ("规上工业增加值", "亿元", 100, 2020, 200, 2025, None, "预期性"),
        ("规上工业企业数", "家", 300, 2020, 400, 2025, "以上", "预期性"),
        ("研发经费投入强度", "%", 2.1, 2020, 3.0, 2025, None, "约束性"),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_years_down_with_a_year_per_row_and_intermediate_targets(tmp_path: Path, fmt: str) -> None:
    table = T(
        caption="表2 主要指标",
        rows=[
            ["年份", "规上工业总产值（亿元）", "数字经济核心产业增加值（亿元）"],
            ["2020（基期）", "500", "50"],
            ["2022", "600", "60"],
            ["2025（目标）", "800", "90"],
        ],
    )
    got = [(i.name, i.baseline, i.target, i.target_year) for i in extract(table, tmp_path, fmt)]
    assert got == [
        ("规上工业总产值", 500, 600, 2022),
        ("规上工业总产值", 500, 800, 2025),
        ("数字经济核心产业增加值", 50, 60, 2022),
        ("数字经济核心产业增加值", 50, 90, 2025),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_marks_are_taken_off_names_and_explained_by_the_notes(tmp_path: Path, fmt: str) -> None:
    table = T(
        caption="表3 主要目标",
        rows=[
            ["序号", "指标", "单位", "2020年", "2025年"],
            ["1", "规上工业增加值*", "亿元", "100", "200"],
            ["2", "单位工业增加值能耗下降▲", "%", "—", "15"],
            ["3", "工业技改投资①", "亿元", "10", "20"],
            ["4", "规上工业企业数", "家", "300", "400"],
        ],
        notes=["注：1.带*为约束性指标，其余为预期性指标；2.▲为新增指标。3.①含技术改造投资。"],
    )
    inds = {i.name: i for i in extract(table, tmp_path, fmt)}
    assert list(inds) == [
        "规上工业增加值",
        "单位工业增加值能耗下降",
        "工业技改投资",
        "规上工业企业数",
    ]
    assert (inds["规上工业增加值"].marks, inds["规上工业增加值"].attribute) == (["*"], "约束性")
    energy = inds["单位工业增加值能耗下降"]
    assert (energy.marks, energy.attribute, energy.notes) == (["▲"], "预期性", ["▲为新增指标"])
    assert inds["工业技改投资"].notes == ["①含技术改造投资"]
    assert inds["规上工业企业数"].attribute == "预期性"  # 其余为预期性指标


@pytest.mark.parametrize("fmt", FORMATS)
def test_other_header_wordings(tmp_path: Path, fmt: str) -> None:
    status_plan = T(
        caption="表4 “十四五”主要指标",
        rows=[
            ["指标", "单位", "现状值", "规划值", "指标性质"],
            ["规上工业增加值", "亿元", "100", "200", "预期性"],
            ["工业投资", "亿元", "30", "＞50", "预期性"],
        ],
    )
    assert rows(extract(status_plan, tmp_path, fmt)) == [
        ("规上工业增加值", "亿元", 100, 2020, 200, 2025, None, "预期性"),
        ("工业投资", "亿元", 30, 2020, 50, 2025, ">", "预期性"),
    ]
    actual_expected = T(
        caption="表5 工业发展主要指标",
        rows=[
            ["类别", "指标名称", "2020年实际", "2025年预期", "年均增长"],
            ["规模", "规上工业产值（亿元）", "1000", "1500", "8.4%"],
            [UP, "规上企业数（家）", "500", "≥600", "—"],
            ["创新", "R&D经费支出占比（%）", "2.0", "力争2.8", "—"],
        ],
    )
    inds = extract(actual_expected, tmp_path, fmt)
    assert [(i.category, *r) for i, r in zip(inds, rows(inds), strict=True)] == [
        ("规模", "规上工业产值", "亿元", 1000, 2020, 1500, 2025, None, None),
        ("规模", "规上企业数", "家", 500, 2020, 600, 2025, "≥", None),
        ("创新", "R&D经费支出占比", "%", 2.0, 2020, 2.8, 2025, "力争", None),
    ]
    assert inds[0].annual_growth == 8.4


def test_a_table_written_as_aligned_text_is_read(tmp_path: Path) -> None:
    """Plain text exports (a PDF or a sheet saved as text) give tables as columns of
    text separated by spaces: read where they line up, left alone where not."""
    path = tmp_path / "aligned.txt"
    path.write_text(
        "示例县“十四五”工业发展规划\n表3 主要指标\n"
        "指标名称          单位      2020年     2025年    属性\n"
        "规上工业增加值    亿元      100        200       预期性\n"
        "规上工业企业数    家        300        400以上   预期性\n"
        "研发经费占比      %         2.1        3.0       约束性\n\n"
        "两行  对不齐  的文字\n只有  两段\n一行  也  不成表\n",
        encoding="utf-8",
    )
    ex = extract_plan(path)
    assert rows(ex.indicators) == [
        ("规上工业增加值", "亿元", 100, 2020, 200, 2025, None, "预期性"),
        ("规上工业企业数", "家", 300, 2020, 400, 2025, "以上", "预期性"),
        ("研发经费占比", "%", 2.1, 2020, 3.0, 2025, None, "约束性"),
    ]
    assert all(i.table == "表3 主要指标" for i in ex.indicators)


def test_an_attribute_missing_a_character_is_the_one_it_can_only_be() -> None:
    from planwatch.ingest.extractors.indicator_columns import attribute_word

    assert attribute_word("约性") == "约束性"  # a scan lost 束
    assert attribute_word("预期") == "预期性"
    assert attribute_word("约束性") == "约束性"
    assert attribute_word("性") == "性"  # any of them: kept as written
    assert attribute_word("  ") is None
