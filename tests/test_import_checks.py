"""Imports refuse numbers a user would otherwise believe: non-finite values, a
percentage read as a fraction, two values for one cell, a formula never computed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

HEADER = "地区,指标,年份,数值,单位\n"


def _va_2023(pw, plan: str) -> float | None:  # type: ignore[no-untyped-def]
    out = json.loads(pw("status", plan, "--year", "2023", "--json"))
    return next(
        a["actual"] for a in out if a["indicator"] == "规上工业增加值" and a["region"] == "示例县"
    )


@pytest.mark.parametrize("value", ["inf", "-inf", "1e999", "NaN", "nan", "Infinity"])
def test_non_finite_actuals_are_refused(pw, plan: str, tmp_path: Path, value: str) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "a.csv"
    csv.write_text(
        HEADER + f"示例县,规上工业增加值,2022,95,亿元\n示例县,规上工业增加值,2023,{value},亿元\n"
    )
    out = pw("import-actuals", str(csv), code=2)
    assert f"row 3, column value: '{value}' is not a finite number" in out or "too large" in out
    assert "nothing was imported" in out
    assert _va_2023(pw, plan) is None  # not even the good row


@pytest.mark.parametrize("value", ["inf", "1e999", "NaN", "-5"])
def test_non_finite_or_negative_project_progress_is_refused(
    pw, plan: str, tmp_path: Path, value: str
) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "p.csv"
    csv.write_text(f"项目名称,年份,完成投资,单位\n年产5万吨新型材料项目,2022,{value},万元\n")
    out = pw("import-project-progress", str(csv), "--plan", plan, code=2)
    assert "row 2, column invested" in out
    projects = json.loads(pw("projects", plan, "--year", "2023", "--json"))["projects"]
    assert all(p["invested"] == 0 for p in projects)


def _xlsx(path: Path, rows: list[list[object]], formats: dict[str, str] | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    wb.save(path)
    return path


def test_percent_cells_are_read_as_excel_shows_them(pw, plan: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    head = ["地区", "指标", "年份", "数值", "单位"]
    ok = _xlsx(
        tmp_path / "ok.xlsx",
        [
            head,
            ["示例县", "研发经费占营业收入比重", 2023, 0.024, "%"],
            ["示例县", "研发经费占营业收入比重", 2022, 0.021, ""],
        ],
        {"D2": "0.0%", "D3": "0.00%"},
    )
    assert "2 values stored" in pw("import-actuals", str(ok))
    rows = json.loads(pw("history", "示例县", "研发经费占营业收入比重", "--json"))
    assert [(r["year"], r["value"]) for r in rows] == [(2022, 2.1), (2023, 2.4)]
    wrong = _xlsx(
        tmp_path / "wrong.xlsx",
        [head, ["示例县", "规上工业增加值", 2023, 0.98, "亿元"]],
        {"D2": "0%"},
    )
    out = pw("import-actuals", str(wrong), code=2)
    assert "'98%' is a percentage, but the unit is '亿元'" in out


def test_merged_region_cells_apply_to_every_row(pw, plan: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.append(["地区", "指标", "年份", "数值", "单位"])
    ws.append(["示例县", "规上工业增加值", 2022, 95, "亿元"])
    ws.append([None, "规上工业企业数", 2022, 350, "家"])
    ws.merge_cells("A2:A3")
    path = tmp_path / "merged.xlsx"
    wb.save(path)
    out = pw("import-actuals", str(path))
    assert "2 values stored" in out and "merged cells A2:A3" in out


def test_formulas_without_a_saved_result_are_refused(pw, plan: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _xlsx(
        tmp_path / "f.xlsx",
        [
            ["地区", "指标", "年份", "数值", "单位"],
            ["示例县", "规上工业增加值", 2022, "=90+5", "亿元"],
        ],
    )  # openpyxl writes the formula and no result, as programs do
    out = pw("import-actuals", str(path), code=2)
    assert "cell D2: a formula without a saved result" in out and "save it" in out


def test_two_values_for_one_cell_are_refused(pw, plan: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "a.csv"
    csv.write_text(
        HEADER + "示例县,规上工业增加值,2023,98,亿元\n示例县,规上工业企业数,2023,380,家\n"
        "示例县,规模以上工业增加值,2023,9900000,万元\n"  # the same value in 万元: harmless
        "示例县,规上工业增加值,2023,97,亿元\n"
    )
    out = pw("import-actuals", str(csv), code=2)
    assert (
        "row 5: 示例县 · " in out
        and "is also on row 2 with another value (98 there, 97 here)" in out
    )
    assert _va_2023(pw, plan) is None
    csv.write_text(
        HEADER + "示例县,规上工业增加值,2023,98,亿元\n示例县,规上工业增加值,2023,98,亿元\n"
    )
    assert "1 values stored, 1 unchanged" in pw("import-actuals", str(csv))


def test_two_progress_values_for_one_project_year_are_refused(
    pw, plan: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "p.csv"
    csv.write_text(
        "项目名称,年份,完成投资,单位\n年产5万吨新型材料项目,2022,3,亿元\n"
        "年产5万吨新型材料项目,2022,4,亿元\n"
    )
    out = pw("import-project-progress", str(csv), "--plan", plan, code=2)
    assert "row 3: 年产5万吨新型材料项目 · 2022 is also on row 2" in out
    csv.write_text("项目名称,年份,完成投资\n年产5万吨新型材料项目,1990,3\n")
    out = pw("import-project-progress", str(csv), "--plan", plan, code=2)
    assert "year 1990 is outside the plan" in out
    csv.write_text(
        "项目名称,年份,完成投资,状态\n年产5万吨新型材料项目,2022,5,在建\n"
        "年产5万吨新型材料项目,2022,5,竣工\n"  # same amount, another status: which is it?
    )
    out = pw("import-project-progress", str(csv), "--plan", plan, code=2)
    assert "(5 在建 there, 5 竣工 here)" in out
    csv.write_text("项目名称,年份,完成投资\n年产5万吨新型材料项目,2022,50%\n")
    out = pw("import-project-progress", str(csv), "--plan", plan, code=2)
    assert "'50%' is a percentage, not an amount of money" in out


def test_the_source_option_fills_empty_source_cells_only(pw, plan: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "a.csv"
    csv.write_text(
        "地区,指标,年份,数值,来源\n示例县,规上工业增加值,2022,95,统计年鉴\n"
        "示例县,规上工业企业数,2022,350,\n"
    )
    out = pw("import-actuals", str(csv), "--source", "快报")
    assert "来源: 1 rows from the file's 来源 column, 1 from --source" in out
    va = json.loads(pw("history", "示例县", "规上工业增加值", "--json"))
    firms = json.loads(pw("history", "示例县", "规上工业企业数", "--json"))
    assert (va[0]["source"], firms[0]["source"]) == ("统计年鉴", "快报")


def test_long_texts_are_stored_whole_on_every_database(pw, plan: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    status = "已完成主体结构施工，正在进行设备安装调试和配套工程建设，预计年底试生产"
    csv = tmp_path / "p.csv"
    csv.write_text(f"项目名称,年份,完成投资,状态\n年产5万吨新型材料项目,2022,3,{status}\n")
    pw("import-project-progress", str(csv), "--plan", plan)
    stored = json.loads(pw("projects", plan, "--year", "2022", "--json"))["projects"]
    assert any(p["status"] == status for p in stored)
    region = "示例省/" + "很长的名字" * 30 + "县"
    copy = tmp_path / "另一规划.txt"
    copy.write_text((tmp_path / "示例县规划.txt").read_text(encoding="utf-8") + "\n附注。\n")
    assert "10 indicators" in pw("import-plan", str(copy), "--region", region)
