"""The store commands end to end: import-plan, template, import-actuals, status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook


def test_template_fill_import_status(pw, plan: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    xlsx = tmp_path / "actuals.xlsx"
    pw("template", plan, "--year", "2023", "-o", str(xlsx))
    wb = load_workbook(xlsx)
    ws = wb.active
    rows = list(ws.iter_rows(min_row=2))
    assert [c.value for c in ws[1]][:5] == ["地区", "指标", "单位", "年份", "数值"]
    for row in rows:
        if (row[0].value, row[1].value) == ("示例县", "规上工业增加值"):
            row[4].value = 9800000  # 万元, converted to 亿元 below
            row[2].value = "万元"
    wb.save(xlsx)
    assert "1 values stored" in pw("import-actuals", str(xlsx))
    out = json.loads(pw("status", plan, "--year", "2023", "--json"))
    va = next(a for a in out if a["indicator"] == "规上工业增加值" and a["region"] == "示例县")
    assert va["actual"] == pytest.approx(980.0)
    assert va["status"] == "achieved"
    keys = {"indicator", "status", "actual", "task_progress", "time_progress",
            "required_growth", "actual_growth"}  # fmt: skip
    assert keys <= set(va)
    statuses = {a["status"] for a in out}
    assert {"no_data", "not_evaluated", "awaiting_target"} <= statuses
    table = pw("status", plan, "--year", "2023")
    assert "已完成" in table and "待下达" in table


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_long_csv_in_excel_encodings(pw, plan: str, tmp_path: Path, encoding: str) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "a.csv"
    csv.write_text(
        "地区,指标,年份,数值,单位\n示例县,规模以上工业增加值,2022,95.5,亿元\n"
        "西溪镇,规上工业增加值,2022,31,亿元\n",
        encoding=encoding,
    )
    assert "2 values stored" in pw("import-actuals", str(csv))
    english = tmp_path / "b.csv"
    english.write_text("region,indicator,year,value,unit\n示例县,规上工业企业数,2022,350,家\n")
    assert "1 values stored" in pw("import-actuals", str(english))
    out = json.loads(pw("status", plan, "--year", "2022", "--json"))
    got = {(a["region"], a["indicator"]): a["actual"] for a in out}
    assert got[("示例县", "规上工业增加值")] == 95.5
    assert got[("西溪镇", "规上工业增加值")] == 31.0
    assert got[("示例县", "规上工业企业数")] == 350.0


def test_bad_rows_are_all_listed_and_nothing_is_stored(pw, plan: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "bad.csv"
    csv.write_text(
        "地区,指标,年份,数值,单位\n"
        "示例县,规上工业增加值,2022,95.5,亿元\n"  # fine, but must not be stored
        "示例县,不存在的指标,2022,1,亿元\n"
        "示例县,规上工业企业数,2022,350,亿元\n"
        "示例县,规上工业增加值,2022,九十,亿元\n"
        "示例县,规上工业增加值,2031,90,亿元\n"
        "火星县,规上工业增加值,2022,90,亿元\n",
        encoding="utf-8",
    )
    out = pw("import-actuals", str(csv), code=2)
    assert "5 problems; nothing was imported" in out
    assert "row 3, column indicator: unknown indicator '不存在的指标'" in out
    assert "row 4, column unit: unit '亿元' does not fit the indicator's unit '家'" in out
    assert "row 5, column value: '九十' is not a number" in out
    assert "row 6, column year: year 2031 is outside the plan" in out
    assert "row 7, column region: unknown region '火星县'" in out
    status = json.loads(pw("status", plan, "--year", "2022", "--json"))
    assert all(a["actual"] is None for a in status)


def test_corrections_are_revisions(pw, plan: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "a.csv"
    csv.write_text("地区,指标,年份,数值\n示例县,规上工业增加值,2022,95\n", encoding="utf-8")
    assert "1 values stored" in pw("import-actuals", str(csv))
    assert "0 values stored, 1 unchanged" in pw("import-actuals", str(csv))
    csv.write_text("地区,指标,年份,数值\n示例县,规上工业增加值,2022,97\n", encoding="utf-8")
    assert "1 values stored" in pw("import-actuals", str(csv))
    out = json.loads(pw("status", plan, "--year", "2022", "--json"))
    va = next(a for a in out if a["indicator"] == "规上工业增加值" and a["region"] == "示例县")
    assert va["actual"] == 97.0


def test_indicator_state_and_unknown_plan(pw, plan: str) -> None:  # type: ignore[no-untyped-def]
    out = pw("indicator-state", plan, "高新技术企业数", "--state", "suspended",
             "--reason", "scope_changed", "--effective", "2023-03-01")  # fmt: skip
    assert "suspended from 2023-03-01" in out
    status = json.loads(pw("status", plan, "--year", "2023", "--json"))
    hi = next(a for a in status if a["indicator"] == "高新技术企业数")
    assert hi["status"] == "not_evaluated"
    assert "no plan 'nope'" in pw("status", "nope", "--year", "2023", code=2)
    assert "no indicator" in pw("indicator-state", plan, "无此指标", "--state", "suspended",
                                "--reason", "data_missing", code=2)  # fmt: skip


def test_project_progress(pw, plan: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "p.csv"
    csv.write_text(
        "项目名称,年份,完成投资,单位,状态\n"
        "年产5万吨新型材料项目,2021,30000,万元,在建\n"
        "年产5万吨新型材料项目,2022,5,亿元,在建\n",
        encoding="utf-8",
    )
    assert "2 progress values stored" in pw("import-project-progress", str(csv), "--plan", plan)
    out = json.loads(pw("projects", plan, "--year", "2024", "--json"))
    first = next(p for p in out["projects"] if p["name"] == "年产5万吨新型材料项目")
    assert first["invested"] == 80000 and first["behind_schedule"]
    assert first["completion"] == pytest.approx(0.8)
    bad = tmp_path / "bad.csv"
    bad.write_text("项目名称,年份,完成投资\n无此项目,2022,1\n", encoding="utf-8")
    assert "unknown project '无此项目'" in pw(
        "import-project-progress", str(bad), "--plan", plan, code=2
    )
    assert "逾期未完成" in pw("projects", plan, "--year", "2024")


def test_catalogue_match_can_be_overridden(pw, plan: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "a.csv"
    csv.write_text("地区,指标,年份,数值\n示例县,国家高新技术企业,2023,90\n", encoding="utf-8")
    pw("import-actuals", str(csv))  # filed under the catalogue id hightech_firms

    def actual() -> float | None:
        out = json.loads(pw("status", plan, "--year", "2023", "--json"))
        return next(a["actual"] for a in out if a["indicator"] == "高新技术企业数")

    assert actual() == 90.0
    assert "name:高新技术企业数" in pw("indicator-match", plan, "高新技术企业数", "-")
    assert actual() is None  # now filed under the plan's own name: nothing recorded there
    assert "hightech_firms" in pw("indicator-match", plan, "高新技术企业数", "hightech_firms")
    assert actual() == 90.0
    assert "no catalogue entry 'x'" in pw("indicator-match", plan, "高新技术企业数", "x", code=2)
    assert "tax_per_mu" in pw("catalog")


def test_status_thresholds_from_the_command_line(pw, plan: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "a.csv"
    csv.write_text("地区,指标,年份,数值\n示例县,规上工业增加值,2023,98\n", encoding="utf-8")
    pw("import-actuals", str(csv))  # pace 0.82 (see test_store_plans)

    def status(*opts: str) -> str:
        out = json.loads(pw("status", plan, "--year", "2023", "--json", *opts))
        return next(a["status"] for a in out if a["indicator"] == "规上工业增加值")

    assert status() == "behind"
    assert status("--on-track", "0.8") == "on_track"
    assert status("--behind", "0.9") == "seriously_behind"


def test_history_shows_every_revision(pw, plan: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "a.csv"
    for value, source in (("95", "快报"), ("96.2", "年报")):
        csv.write_text(f"地区,指标,年份,数值,来源\n示例县,规上工业增加值,2022,{value},{source}\n")
        pw("import-actuals", str(csv))
    rows = json.loads(pw("history", "示例县", "规模以上工业增加值", "--json"))
    assert [(r["revision"], r["value"], r["source"]) for r in rows] == [
        (1, 95.0, "快报"),
        (2, 96.2, "年报"),
    ]
    assert "no region '火星县'" in pw("history", "火星县", "规上工业增加值", code=2)
