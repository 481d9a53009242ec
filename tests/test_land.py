"""Land-demand forecast: a published county table reproduced cell for cell, and the
alternatives (intensification, land stock), by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from planwatch.cli import app
from planwatch.land import forecast
from planwatch.land.input import read_land_input
from planwatch.models.land import IndustryInput, LandInput, LandStock

SAMPLE = Path(__file__).resolve().parents[1] / "src/planwatch/samples/land_forecast.yaml"
runner = CliRunner()


def test_published_table_cell_for_cell() -> None:
    f = forecast(read_land_input(SAMPLE))
    got = {r.industry: (r.new_land["2025"], r.new_land["2035"], r.total) for r in f.rows}
    assert got == {
        "现代装备": (360, 2051, 2411),
        "健康医疗": (1036, 1714, 2750),
        "智能家居": (1057, 2359, 3416),
        "节能环保": (1277, 1333, 2610),
        "信息技术": (681, 333, 1014),
        "其他产业": (708, 1333, 2041),
    }
    assert f.totals == {"2025": 5119, "2035": 9123, "all": 14242}
    assert f.overall_per_mu == {"2025": 667.5, "2035": 986.5}
    first = f.rows[0]
    # (150 − 126.6) 亿元 × 10⁴ ÷ 650 万元/亩 = 360 亩; 2035: (350 − 150) × 10⁴ ÷ (650 × 1.5)
    assert first.new_land_exact["2025"] == pytest.approx(360.0)
    assert first.new_land_exact["2035"] == pytest.approx(2051.28, abs=0.01)
    assert first.per_mu_required["2035"] == pytest.approx(975.0)


def _one(**kw: object) -> LandInput:
    ind = {"name": "装备", "output": {2020: 100.0, 2025: 160.0}, "per_mu_required": {2025: 500.0}}
    ind.update(kw)
    return LandInput(base_year=2020, industries=[IndustryInput.model_validate(ind)])


def test_intensification_frees_demand() -> None:
    # 1,800 亩 now yielding 100 亿元 (555.6 万元/亩); reaching 600 万元/亩 gives 108 亿元,
    # so new land carries 160 − 108 = 52 亿元: 52 × 10⁴ ÷ 500 = 1,040 亩 (not 1,200).
    f = forecast(_one(land=1800.0, per_mu_existing={2025: 600.0}))
    assert f.rows[0].new_output["2025"] == pytest.approx(52.0)
    assert f.rows[0].new_land["2025"] == 1040
    assert forecast(_one()).rows[0].new_land["2025"] == 1200


def test_land_stock_is_netted() -> None:
    data = _one()
    data.stock = LandStock(idle=100, supplied_unused=150, low_yield=200)
    f = forecast(data)
    assert (f.totals["all"], f.stock, f.net_demand) == (1200, 450.0, 750)


def test_output_units_are_converted() -> None:
    data = _one(output={2020: 1_000_000.0, 2025: 1_600_000.0})  # 万元
    data.units.output = "万元"
    assert forecast(data).rows[0].new_land["2025"] == 1200


def test_cli_json_table_and_xlsx(tmp_path: Path) -> None:
    result = runner.invoke(app, ["land", "forecast", str(SAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["totals"] == {"2025": 5119, "2035": 9123, "all": 14242}
    assert data["rows"][0]["industry"] == "现代装备"
    assert data["rows"][0]["new_land"] == {"2025": 360, "2035": 2051}
    assert data["overall_per_mu"] == {"2025": 667.5, "2035": 986.5}
    out = tmp_path / "land.xlsx"
    result = runner.invoke(app, ["land", "forecast", str(SAMPLE), "-o", str(out)],
                           env={"COLUMNS": "250"})  # fmt: skip
    assert result.exit_code == 0 and "14242" in result.stdout
    ws = load_workbook(out).active
    last = [c.value for c in ws[ws.max_row]]
    assert last[0] == "合计" and last[-1] == 14242


GOOD = "base_year: 2020\nindustries:\n  - {name: 甲, output: {2020: 1, 2025: 10}, "


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("base_year: 2020\nindustries: []\n", "no industries"),
        ("base_year: 2020\nindustries:\n  - {name: 甲, output: {2025: 10}}\n",
         "industry '甲' has no output for 2020"),
        ("base_year: 2020\nindustries:\n  - {name: 甲, output: {2020: x, 2025: 10}}\n",
         "industries[0] (甲).output[2020]: Input should be a valid number"),
        ("base_year: [\n", "not valid YAML"),
        ("base_year: 2020\nindustries:\n  - {name: 甲, output: {2020: 1, 2025: 10}}\n",
         "no per_mu_required for 2025"),
        # impossible numbers: refused with the field, never a division by zero
        (f"{GOOD}per_mu_required: {{2025: 0}}}}\n",
         "per_mu_required[2025]: Input should be greater than 0"),
        (f"{GOOD}per_mu_required: {{2025: -650}}}}\n", "Input should be greater than 0"),
        (f"{GOOD}per_mu_required: {{2025: .nan}}}}\n", "Input should be a finite number"),
        (f"{GOOD}per_mu_required: {{2025: 650}}, land: -5}}\n", "land: Input should be greater"),
        (f"{GOOD}per_mu_required: {{2025: 650}}}}\nuplift: {{2035: -1}}\n", "uplift[2035]"),
        (f"{GOOD}per_mu_required: {{2025: 650}}}}\nstock: {{idle: -1}}\n", "stock.idle"),
        ("base_year: 2020\nindustries:\n  - {name: 甲, output: {2020: .inf, 2025: 10}, "
         "per_mu_required: {2025: 650}}\n", "output[2020]: Input should be a finite number"),
        ("base_year: 2020\nindustries:\n  - {name: 甲, output: {2020: 1, 2025: 1e999}, "
         "per_mu_required: {2025: 650}}\n", "output[2025]: Input should be a finite number"),
        (f"{GOOD}per_mu_required: {{2025: 650}}}}\nunits: {{output: 吨}}\n",
         "output unit '吨' is not an amount of money"),
        ("base_year: 2020\nindustries:\n  - {name: 甲, output: {2020: 0, 2025: 1.0e308}, "
         "per_mu_required: {2025: 1.0e-5}}\n", "too large to compute"),  # finite, overflows
        ("base_year: 2020\nindustries:\n  - {name: 甲, output: {2020: 0, 2025: 1.5e304}, "
         "per_mu_required: {2025: 1}}\n  - {name: 乙, output: {2020: 0, 2025: 1.5e304}, "
         "per_mu_required: {2025: 1}}\n", "the totals for 2025 are too large"),
    ],
)  # fmt: skip
def test_bad_input_names_the_field(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "in.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["land", "forecast", str(path)])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert f"{path}:" in result.output  # every land error names the file
