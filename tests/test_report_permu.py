"""`planwatch permu report`: the yearly per-mu publication from a results file,
checked against the enterprise data and the results it was made from."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from planwatch.permu.schemes import load_scheme
from planwatch.report.permu import permu_report
from tests.conftest import cli_caller


@pytest.fixture
def pw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PLANWATCH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PLANWATCH_DATABASE_URL", f"sqlite:///{tmp_path / 'store.db'}")
    return cli_caller()


@pytest.fixture
def evaluated(pw, tmp_path: Path) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    firms = tmp_path / "firms.parquet"
    pw("synth", "enterprises", "--n", "3000", "--seed", "5", "-o", str(firms))
    results = tmp_path / "results.parquet"
    pw("permu", "evaluate", str(firms), "--scheme", "zhejiang", "-o", str(results))
    return firms, results


def test_figures_are_ratios_of_sums_and_counts_match(evaluated: tuple[Path, Path]) -> None:
    firms, results = evaluated
    res, data = pl.read_parquet(results), pl.read_parquet(firms)
    report = permu_report(res, load_scheme("zhejiang"))
    grades = report.table("grades")
    counts = dict(res.filter(pl.col("grade").is_not_null())["grade"].value_counts().iter_rows())
    assert {row[0].text: row[1].value for row in grades.rows[:-1]} == counts
    assert sum(row[2].value for row in grades.rows[:-1]) == pytest.approx(1.0)
    ok = data.join(res.select("credit_code", "not_evaluable"), on="credit_code")
    ok = ok.filter(pl.col("not_evaluable").is_null() & pl.col("tax").is_not_null())
    by_region = report.table("by_region")
    labels = [c.label for c in by_region.columns]
    tax_col = labels.index("亩均税收（万元/亩）")
    for row in by_region.rows:
        part = ok.filter(pl.col("region") == row[0].text)
        expected = part["tax"].sum() / part["land_mu"].sum()
        assert row[tax_col].value == pytest.approx(expected, rel=1e-9)
    industries = [row[0].text for row in report.table("by_industry").rows]
    assert all(" " in name and name[0] == "C" for name in industries)  # C26 化学原料…


def test_weak_list_names_the_indicators_that_cost_most(evaluated: tuple[Path, Path]) -> None:
    _, results = evaluated
    res = pl.read_parquet(results)
    report = permu_report(res, load_scheme("zhejiang"), limit=30)
    weak = report.table("list_weak")
    assert len(weak.rows) == 30 and "完整名单" in weak.notes[0]
    assert weak.rows[0][5].text == "D"  # the worst grade first
    first = res.filter(pl.col("credit_code") == weak.rows[0][1].text).row(0, named=True)
    scheme = load_scheme("zhejiang")
    group = next(g for g in scheme.groups if g.name == first["group"])
    ratios = sorted(
        (first[f"score_{i.name}"] - i.weight, i.label)
        for i in group.indicators
        if first[f"score_{i.name}"] is not None
    )
    assert weak.rows[0][6].text.startswith(ratios[0][1])
    best = report.table("list_best")
    scores = [row[4].value for row in best.rows]
    assert scores == sorted(scores, reverse=True)


def test_cli_report_formats_and_grade_moves(
    pw, evaluated: tuple[Path, Path], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    firms, _ = evaluated
    later = tmp_path / "firms2024.parquet"
    df = pl.read_parquet(firms).with_columns(
        pl.lit(2024).alias("year"), (pl.col("tax") * 1.3).alias("tax")
    )
    df.write_parquet(later)
    results24 = tmp_path / "results2024.parquet"
    pw("permu", "evaluate", str(later), "--scheme", "zhejiang", "-o", str(results24))
    moves = json.loads(pw("permu", "compare", "2023", "2024", "--json"))
    out = {fmt: tmp_path / f"亩均.{fmt}" for fmt in ("docx", "xlsx", "html")}
    for path in out.values():
        assert "报告已写出" in pw("permu", "report", str(results24), "--scheme", "zhejiang",
                                 "-o", str(path))  # fmt: skip
    wb = load_workbook(out["xlsx"])
    sheet = next(
        ws for ws in wb.worksheets if ws.cell(1, 1).value == "上年等级（行）与本年等级（列）"
    )
    matrix = {
        (sheet.cell(r, 1).value, sheet.cell(2, k).value): sheet.cell(r, k).value
        for r in range(3, sheet.max_row + 1)
        for k in range(2, sheet.max_column)
        if sheet.cell(r, 1).value
    }
    for m in moves:
        assert matrix[(m["from"], m["to"])] == m["enterprises"]
    doc = WordDocument(str(out["docx"]))
    heads = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert heads[0] == "一、评价方法" and heads[-1] == "七、等级变动"
    html = out["html"].read_text(encoding="utf-8")
    assert "2024年度工业企业亩均效益综合评价结果" in html and "echarts" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{tmp}/none.parquet", "--scheme", "zhejiang"], "no such results file"),
        (["{results}", "--scheme", "no-such-scheme"], "no-such-scheme"),
        (["{results}", "--scheme", "zhejiang", "-o", "{tmp}/r.pptx"], "unknown report type"),
        (["{results}", "--scheme", "zhejiang", "--limit", "0"], "--limit"),
    ],
)
def test_bad_input(
    pw, evaluated: tuple[Path, Path], tmp_path: Path, args: list[str], message: str
) -> None:  # type: ignore[no-untyped-def]
    _, results = evaluated
    argv = [a.format(tmp=tmp_path, results=results) for a in args]
    out = pw("permu", "report", *argv, code=2)
    assert message in out
    assert not list(tmp_path.glob("*.docx")) and not list(tmp_path.glob(".*part*"))


def test_grades_only_copy_is_refused_with_the_reason(
    pw, evaluated: tuple[Path, Path], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    firms, _ = evaluated
    pw("permu", "evaluate", str(firms), "--scheme", "zhejiang", "-o", str(tmp_path / "r.csv"))
    out = pw(
        "permu", "report", "2023", "--scheme", "zhejiang", "-o", str(tmp_path / "r.html"), code=2
    )
    assert "holds grades only" in out and not (tmp_path / "r.html").exists()
