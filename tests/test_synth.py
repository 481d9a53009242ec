"""Synthetic enterprises: deterministic, typed like real input, plausibly shaped."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from typer.testing import CliRunner

from planwatch.cli import app
from planwatch.permu.credit_code import valid_mask
from planwatch.permu.data import DTYPES, read_enterprises
from planwatch.permu.fields import FIELDS, LABELS
from planwatch.permu.synth import INDUSTRIES, PARKS, REGIONS, synth_enterprises

N = 20_000


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    return synth_enterprises(N, seed=11, year=2022)


def share(mask: pl.Series) -> float:
    return float(mask.fill_null(False).mean())  # type: ignore[arg-type]


def test_same_seed_same_frame() -> None:
    assert_frame_equal(synth_enterprises(500, seed=3), synth_enterprises(500, seed=3))
    assert not synth_enterprises(500, seed=3).equals(synth_enterprises(500, seed=4))


def test_shape_and_types(frame: pl.DataFrame) -> None:
    assert frame.height == N
    assert dict(frame.schema) == {f.name: DTYPES[f.kind] for f in FIELDS}
    assert frame["synthetic"].all()
    assert (frame["year"] == 2022).all()
    assert frame["name"][0] == "合成企业000001" and frame["name"][-1] == "合成企业020000"


def test_credit_codes_valid_and_unique(frame: pl.DataFrame) -> None:
    assert valid_mask(frame["credit_code"]).all()
    assert frame["credit_code"].n_unique() == N


def test_land_is_skewed_with_a_few_gaps(frame: pl.DataFrame) -> None:
    land = frame["land_mu"].filter(frame["land_mu"] > 0)
    median = land.median()
    assert 15 <= median <= 26  # type: ignore[operator]
    assert land.mean() > 1.3 * median  # type: ignore[operator]
    assert land.quantile(0.99) > 8 * median  # type: ignore[operator]
    gaps = share(frame["land_mu"].is_null() | (frame["land_mu"] == 0))
    assert 0.005 <= gaps <= 0.02


def test_money_relations(frame: pl.DataFrame) -> None:
    f = frame
    ratio = f["value_added"] / f["output"]
    assert ratio.min() >= 0.17 and ratio.max() <= 0.36  # type: ignore[operator]
    assert ((f["output"] / f["revenue"] - 1).abs() < 0.3).all()
    assert (f["tax"] <= 0.0701 * f["revenue"] + 0.01).all()
    assert 0.06 <= share(f["tax"] == 0) <= 0.10
    assert 0.08 <= share(f["profit"] < 0) <= 0.12
    assert (f["above_scale"] == (f["revenue"] >= 2000)).all()
    assert 0.25 <= share(f["above_scale"]) <= 0.5
    assert f["revenue"].mean() > 2 * f["revenue"].median()  # type: ignore[operator]
    assert (f["employees"] >= 1).all()


def test_resources_and_emissions(frame: pl.DataFrame) -> None:
    f = frame
    assert 0.08 <= share(f["cod_t"].is_null()) <= 0.12
    emissions = f.select("cod_t", "nh3n_t", "so2_t", "nox_t")
    assert emissions.null_count().row(0) == (f["cod_t"].null_count(),) * 4  # missing together
    assert (f["energy_tce"] >= 0).all() and (f["electricity_kwh"] >= 0).all()
    intensity = f.group_by(pl.col("industry_code").str.slice(0, 3)).agg(
        (pl.col("energy_tce").sum() / pl.col("value_added").sum()).alias("e")
    )
    e = dict(intensity.iter_rows())
    assert e["C30"] > 10 * e["C39"]  # cement and glass vs electronics
    assert sorted(e) == sorted(i.code for i in INDUSTRIES)


def test_rd_and_labels(frame: pl.DataFrame) -> None:
    f = frame
    assert (f["rd"] <= 0.0601 * f["revenue"] + 0.01).all()
    assert share(f["rd"] == 0) > 0.4
    seen = set(f["labels"].explode().drop_nulls().to_list())
    assert seen <= set(LABELS)
    ratio = f["rd"] / f["revenue"]
    hitech = f["labels"].list.contains("高新技术企业")
    assert share(hitech.filter(ratio >= 0.03)) > 3 * share(hitech.filter(ratio == 0))
    giant = f["labels"].list.contains("专精特新小巨人")
    assert (f["labels"].filter(giant).list.contains("专精特新")).all()
    assert share(f["labels"].list.contains("上市")) < 0.01


def test_places_and_years(frame: pl.DataFrame) -> None:
    f = frame
    assert set(f["region"].unique()) == set(REGIONS)
    assert set(f["park"].unique().to_list()) == set(PARKS)
    assert (f["start_year"] <= 2022).all() and f["start_year"].min() >= 2022 - 45  # type: ignore[operator]
    assert 0.001 <= share(f["violation"]) <= 0.012


def test_passes_validation(tmp_path: Path, frame: pl.DataFrame) -> None:
    path = tmp_path / "s.parquet"
    frame.write_parquet(path)
    assert_frame_equal(read_enterprises(path), frame)


def test_cli_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    args = ["synth", "enterprises", "--n", "200", "--seed", "2", "--year", "2021", "-o", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "200 行" in result.output and "合成数据，仅供演示/测试" in result.output
    assert_frame_equal(read_enterprises(out), synth_enterprises(200, seed=2, year=2021))


def test_cli_refuses_unknown_type(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["synth", "enterprises", "--n", "5", "-o", str(tmp_path / "x.txt")]
    )
    assert result.exit_code == 2
    assert "unknown file type" in result.output


def test_firms_get_a_class_of_their_division_and_products() -> None:
    from planwatch.catalog.industries import code_name

    f = synth_enterprises(3000, seed=5)
    codes = f["industry_code"].unique().to_list()
    assert all(len(c) == 5 and code_name(c[1:]) for c in codes)  # C3484: a real 2017 class
    assert len(codes) > 40
    assert f["products"].null_count() == 0
    assert f["products"].str.len_chars().min() >= 2
    again = synth_enterprises(3000, seed=5)
    assert f["products"].equals(again["products"])  # the same seed, the same text
