"""`planwatch synth` and `planwatch permu …` end to end on synthetic data."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import cli_caller


@pytest.fixture
def pw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PLANWATCH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PLANWATCH_DATABASE_URL", f"sqlite:///{tmp_path / 'store.db'}")
    return cli_caller()


@pytest.fixture
def firms(pw, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "firms.parquet"
    assert "合成数据" in pw("synth", "enterprises", "--n", "3000", "--seed", "3", "-o", str(path))
    return path


@pytest.mark.parametrize("ext", ["parquet", "csv", "xlsx"])
def test_evaluate_writes_one_row_per_enterprise(pw, firms: Path, tmp_path: Path, ext: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"results.{ext}"
    summary = json.loads(pw("permu", "evaluate", str(firms), "--scheme", "zhejiang",
                            "-o", str(out), "--json"))  # fmt: skip
    assert summary["enterprises"] == 3000
    if ext == "parquet":
        res = pl.read_parquet(out)
        assert res.height == 3000
        need = {"credit_code", "score", "grade", "rank", "override_rule",
                "score_tax_per_mu", "score_va_per_mu", "score_tax_per_kwh"}  # fmt: skip
        assert need <= set(res.columns)
        graded = res.filter(pl.col("grade").is_not_null())
        assert set(graded["grade"].unique()) == {"A", "B", "C", "D"}
        no_land = res.filter(pl.col("not_evaluable").is_not_null())
        assert no_land["grade"].null_count() == no_land.height
    assert out.is_file()


def test_compare_years_and_population_benchmarks(pw, firms: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    later = tmp_path / "later.parquet"
    df = pl.read_parquet(firms).with_columns(pl.lit(2024).alias("year"),
                                             (pl.col("tax") * 1.1).alias("tax"))  # fmt: skip
    df.write_parquet(later)
    pw("permu", "evaluate", str(firms), "-s", "zhejiang", "-o", str(tmp_path / "a.parquet"))
    pw("permu", "evaluate", str(later), "-s", "zhejiang", "--benchmarks", "population",
       "--previous", "2023", "-o", str(tmp_path / "b.parquet"))  # fmt: skip
    moves = json.loads(pw("permu", "compare", "2023", "2024", "--json"))
    assert sum(m["enterprises"] for m in moves) > 2500
    assert "等级变化" in pw("permu", "compare", "2023", "2024")
    b = pl.read_parquet(tmp_path / "b.parquet")
    assert b.filter(pl.col("grade") == "D")["consecutive_d"].max() == 2  # D both years


def test_tiers_against_a_plan(pw, firms: Path, sample_plan: Path) -> None:  # type: ignore[no-untyped-def]
    pw("import-plan", str(sample_plan), "--region", "示例县")
    out = json.loads(pw("permu", "tiers", str(firms), "--plan", "sample_plan", "--json"))
    assert out["counts"]["亿元级"] >= out["counts"]["十亿级"] >= out["counts"]["百亿级"]
    targets = {t["tier"]: t for t in out["targets"]}
    # the sample plan's prose: 培育国家级专精特新“小巨人”企业5家以上
    assert targets["专精特新小巨人"]["target"] == 5


def test_to_store_records_regional_per_mu(
    pw, firms: Path, tmp_path: Path, sample_plan: Path
) -> None:  # type: ignore[no-untyped-def]
    pw("import-plan", str(sample_plan), "--region", "示例省/甲县")
    text = pw("permu", "evaluate", str(firms), "-s", "county", "--to-store",
              "-o", str(tmp_path / "r.parquet"))  # fmt: skip
    assert "写入监测库" in text and "乙县" in text  # unknown regions are named
    rows = json.loads(pw("history", "甲县", "规上工业亩均税收", "--json"))
    assert len(rows) == 1 and rows[0]["year"] == 2023 and rows[0]["value"] > 0


def test_bad_scheme_is_reported(pw, firms: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: x\ngroups:\n  - name: g\n    weights_total: 100\n    indicators:\n"
        "      - {name: a, formula: tax / lnd, weight: 60, benchmark: {value: 1}}\n"
        "      - {name: b, formula: tax / land_mu, weight: heavy, benchmark: {value: 1}}\n"
        "classification: {method: shares, shares: {A: 0.5, B: 0.5}}\n",
        encoding="utf-8",
    )
    out = pw("permu", "evaluate", str(firms), "-s", str(bad), "-o", str(tmp_path / "r.csv"), code=2)
    assert "groups[0].indicators[1].weight" in out
    bad.write_text(bad.read_text(encoding="utf-8").replace("weight: heavy", "weight: 30"), "utf-8")
    out = pw("permu", "evaluate", str(firms), "-s", str(bad), "-o", str(tmp_path / "r.csv"), code=2)
    assert "weights add up to 90, the scheme says 100" in out
    bad.write_text(bad.read_text(encoding="utf-8").replace("weight: 30", "weight: 40"), "utf-8")
    out = pw("permu", "evaluate", str(firms), "-s", str(bad), "-o", str(tmp_path / "r.csv"), code=2)
    assert "unknown field 'lnd'" in out
    assert "not a preset" in pw(
        "permu", "evaluate", str(firms), "-s", "nope", "-o", "x.csv", code=2
    )
