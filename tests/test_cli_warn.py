"""`planwatch warn …` and `synth monthly` end to end: the month's list in every
output, kept in the store with its history, help records, and bad input refused with
file, row or line and reason."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from planwatch.permu.credit_code import make_codes


@pytest.fixture
def monthly(tmp_path: Path, pw) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path / "monthly.parquet"
    assert "合成数据" in pw("synth", "monthly", "--n", "800", "--months", "24", "--seed", "3",
                          "-o", str(out))  # fmt: skip
    return out


def test_evaluate_prints_lists_and_json(pw, monthly: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(pw("warn", "evaluate", str(monthly), "--json", "--no-store"))
    assert data["month"] == "2024-12"
    assert set(data["counts"]) == {"green", "yellow", "orange", "red", "missing"}
    assert sum(data["counts"].values()) == len(data["enterprises"])
    flagged = [e for e in data["enterprises"] if e["level"] in ("orange", "red")]
    assert flagged, "a synthetic county has enterprises in decline"
    for e in flagged:
        assert {"credit_code", "name", "region", "level", "reasons", "since", "change"} <= set(e)
        assert e["reasons"] and {"rule", "values"} <= set(e["reasons"][0])
        assert e["change"] in ("raised", "cleared", "same", "new", "lowered")
    book = tmp_path / "名单.xlsx"
    out = pw("warn", "evaluate", str(monthly), "--month", "2024-06", "-o", str(book))
    assert "2024-06" in out and "橙色、红色预警" in out and "已存入监测库" in out
    from openpyxl import load_workbook

    wb = load_workbook(book)
    assert wb.sheetnames == [
        "汇总",
        "按地区",
        "按行业",
        "橙红名单",
        "黄色名单",
        "较上月变化",
        "未报送",
    ]
    assert wb["汇总"]["A2"].value == "2024-06"


def test_history_trend_and_help(pw, monthly: Path) -> None:  # type: ignore[no-untyped-def]
    for month in ("2024-10", "2024-11", "2024-12", "2024-12"):  # the last one replaces its twin
        pw("warn", "evaluate", str(monthly), "--month", month)
    trend = json.loads(pw("warn", "trend", "--json"))["months"]
    assert [m["month"] for m in trend] == ["2024-10", "2024-11", "2024-12"]
    data = json.loads(pw("warn", "evaluate", str(monthly), "--json", "--no-store"))
    red = next(e for e in data["enterprises"] if e["level"] == "red")
    history = json.loads(pw("warn", "history", red["credit_code"], "--json"))
    assert [m["month"] for m in history["months"]] == ["2024-10", "2024-11", "2024-12"]
    assert history["months"][-1]["status"] == "red"
    out = pw("warn", "help", "add", red["credit_code"], "--by", "经信局 张三", "--what",
             "协调银行续贷", "--on", "2024-12-20", "--resolved")  # fmt: skip
    assert "协调银行续贷" in out and "已解决" in out
    helped = json.loads(pw("warn", "history", red["credit_code"], "--json"))["help"]
    assert [(h["helper"], h["resolved"]) for h in helped] == [("经信局 张三", True)]
    assert "协调银行续贷" in pw("warn", "help", "list")
    pw("warn", "help", "add", "91330000MA0000000X", "--by", "x", "--what", "y", code=2)


def _rows(codes: list[str], months: list[str], **values: list[object]) -> pl.DataFrame:
    names = [f"企业{i}" for i in range(len(codes))]
    return pl.DataFrame({"统一社会信用代码": codes, "企业名称": names, "月份": months, **values})


def test_bad_monthly_files_say_file_row_and_reason(pw, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    a, b = make_codes(np.random.default_rng(1), 2)
    path = tmp_path / "m.csv"
    _rows([a, a, b, b], ["2024-01", "2024年1月", "2024-02", "2099-01"],
          用电量=[100, 100, -5, 1]).write_csv(path)  # fmt: skip
    out = pw("warn", "evaluate", str(path), code=2)
    assert "nothing was read" in out
    assert "row 3" in out and "already appears on row 2 for the same month" in out
    assert "row 4, column 用电量: -5 is negative" in out
    assert "row 5, column 月份: 2099-01 is after the current month" in out
    bad_month = tmp_path / "n.csv"
    _rows([a], ["2024-13"], 用电量=[1]).write_csv(bad_month)
    assert "'2024-13' is not a month" in pw("warn", "evaluate", str(bad_month), code=2)
    assert json.loads(pw("warn", "trend", "--json"))["months"] == []  # nothing stored


def test_bad_schemes_say_the_line(pw, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    scheme = tmp_path / "s.yaml"
    scheme.write_text(
        "name: mine\nmeasures:\n  e: {of: electricity, kind: yoy}\nrules:\n"
        "  - {name: r1, when: 'e <= -0.2 and turnover < 0', level: yellow}\n",
        encoding="utf-8",
    )
    out = pw("warn", "evaluate", str(scheme), "--scheme", str(scheme), code=2)
    first = out.splitlines()[0]
    assert first.startswith(f"error: {scheme}:3: measures.e.of: unknown column 'electricity'")
    assert "line 5: rules[0] (r1).when: unknown field 'turnover'" in out


def test_default_scheme_prints_and_reads(pw) -> None:  # type: ignore[no-untyped-def]
    text = pw("warn", "scheme")
    assert "示例" in text and "hysteresis" in text
