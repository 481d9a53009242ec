"""The per-mu engine against hand-computed scores, grades, overrides and policies."""

from __future__ import annotations

import polars as pl
import pytest

from planwatch.errors import InputError
from planwatch.models.permu import Scheme
from planwatch.permu.engine import evaluate
from planwatch.permu.schemes import load_scheme, parse_scheme, with_population_benchmarks


def firms(**columns: list[object]) -> pl.DataFrame:
    n = len(next(iter(columns.values())))
    base: dict[str, list[object]] = {
        "credit_code": [f"C{i:03d}" for i in range(n)],
        "name": [f"企业{i}" for i in range(n)],
        "region": ["甲县"] * n,
        "industry_code": ["C34"] * n,
    }
    base.update(columns)
    return pl.DataFrame(base, strict=False)


def scheme(text: str) -> Scheme:
    return parse_scheme(text, "test")


ONE = """
name: t
groups:
  - name: all
    indicators:
      - {name: tax_per_mu, formula: tax / land_mu, weight: 60, benchmark: {value: 10}}
      - {name: va_per_mu, formula: value_added / land_mu, weight: 40, benchmark: {value: 50}}
scoring: {cap: 1.5}
classification: {method: shares, shares: {A: 0.2, B: 0.4, C: 0.35, D: 0.05}}
"""


def test_county_preset_hand_check() -> None:
    # 15 mu, 120 people, revenue 3000, VA 900, tax 150 (万元), 600 tce, 30000 t water, 3 t COD:
    # 150/15/15×40 + 3000/15/300×10 + 900/600/3×20 + 900/3/500×15 + 900/30000/0.1×5 + 900/120/15×10
    # = 26.667 + 6.667 + 10 + 9 + 1.5 + 5 = 58.833
    df = firms(land_mu=[15.0], employees=[120.0], revenue=[3000.0], value_added=[900.0],
               tax=[150.0], energy_tce=[600.0], water_t=[30000.0], cod_t=[3.0])  # fmt: skip
    out = evaluate(df, load_scheme("county")).row(0, named=True)
    assert out["score"] == pytest.approx(58.8333, abs=1e-4)
    assert out["score_tax_per_mu"] == pytest.approx(26.6667, abs=1e-4)
    assert out["group"] == "land_3_mu_and_over"


def test_county_small_land_uses_three_indicators() -> None:
    # 2 mu, tax 40, revenue 900, 100,000 kWh: 20/15×50 + 450/300×20 + 4/2×30 = 66.667+30+60
    df = firms(land_mu=[2.0], revenue=[900.0], tax=[40.0], electricity_kwh=[100000.0])
    out = evaluate(df, load_scheme("county")).row(0, named=True)
    assert out["group"] == "land_under_3_mu"
    assert out["score"] == pytest.approx(156.6667, abs=1e-4)  # no cap in this scheme


def test_cap_negative_and_missing() -> None:
    df = firms(land_mu=[10.0, 10.0, 10.0], tax=[300.0, -5.0, None], value_added=[500.0] * 3)
    out = evaluate(df, scheme(ONE))
    # tax/mu 30 → 30/10×60 = 180, capped at 1.5×60 = 90; VA/mu 50 → 40
    assert out["score_tax_per_mu"].to_list() == [90.0, 0.0, 0.0]
    assert out["score"].to_list() == [130.0, 40.0, 40.0]


def test_missing_emissions_get_the_group_mean_score() -> None:
    text = ONE.replace("weight: 40, benchmark: {value: 50}}",
                       "weight: 40, benchmark: {value: 50}, missing: group_mean}")  # fmt: skip
    df = firms(land_mu=[10.0] * 3, tax=[10.0] * 3, value_added=[250.0, 500.0, None])
    out = evaluate(df, scheme(text))
    # VA scores 20 and 40; the third gets their mean, 30
    assert out["score_va_per_mu"].to_list() == [20.0, 40.0, 30.0]


def test_not_evaluable_without_land() -> None:
    df = firms(land_mu=[None, 0.0, 5.0], tax=[1.0, 1.0, 1.0], value_added=[1.0] * 3)
    out = evaluate(df, scheme(ONE))
    assert out["not_evaluable"].to_list()[:2] == ["无用地面积或用地面积为0"] * 2
    assert out["grade"].to_list()[:2] == [None, None] and out["score"][0] is None
    assert out["rank"].to_list() == [None, None, 1]


def test_grades_by_share_ties_share_one_grade() -> None:
    # ten firms, scores by tax 10..1; shares A 20 % B 40 % C 35 % D 5 %
    df = firms(land_mu=[1.0] * 10, tax=[10.0, 9, 8, 7, 6, 5, 4, 3, 2, 1], value_added=[0.0] * 10)
    grades = evaluate(df, scheme(ONE))["grade"].to_list()
    assert grades == ["A", "A", "B", "B", "B", "B", "C", "C", "C", "D"]
    tied = firms(land_mu=[1.0] * 10, tax=[10.0, 9, 8, 8, 6, 5, 4, 3, 2, 2], value_added=[0.0] * 10)
    out = evaluate(tied, scheme(ONE))
    assert out["rank"].to_list() == [1, 2, 3, 3, 5, 6, 7, 8, 9, 9]
    # tied at the D boundary: both take the better grade, the first of them's
    assert out["grade"].to_list()[-2:] == ["C", "C"]


def test_tied_firms_at_a_boundary_share_the_better_grade() -> None:
    """The example of docs/permu.md: three firms tied at the top of ten, where the A
    share covers two; all three are A, and the next grades follow by position."""
    taxes = [30.0, 30, 30, 20, 18, 16, 14, 12, 10, 8]
    out = evaluate(firms(land_mu=[10.0] * 10, tax=taxes, value_added=[0.0] * 10), scheme(ONE))
    assert out["grade"].to_list() == ["A", "A", "A", "B", "B", "B", "C", "C", "C", "D"]


def test_an_all_equal_population_takes_the_top_grade_its_share_allows() -> None:
    equal = firms(land_mu=[10.0] * 10, tax=[20.0] * 10, value_added=[0.0] * 10)
    assert set(evaluate(equal, scheme(ONE))["grade"].to_list()) == {"A"}
    # three firms: the first position is 1/3, past the A share of 20 %: all B
    three = firms(land_mu=[10.0] * 3, tax=[20.0] * 3, value_added=[0.0] * 3)
    assert set(evaluate(three, scheme(ONE))["grade"].to_list()) == {"B"}


def test_threshold_grades() -> None:
    text = ONE.replace(
        "classification: {method: shares, shares: {A: 0.2, B: 0.4, C: 0.35, D: 0.05}}",
        "classification: {method: thresholds, thresholds: {A: 100, B: 60, C: 30, D: 0}}",
    )
    df = firms(land_mu=[1.0] * 4, tax=[20.0, 10.0, 5.0, 1.0], value_added=[0.0] * 4)
    # scores 90 (capped), 60, 30, 6
    assert evaluate(df, scheme(text))["grade"].to_list() == ["B", "B", "C", "D"]


def test_overrides_before_and_after() -> None:
    text = (
        ONE
        + """
overrides:
  - {name: new, label: 新投产企业免评, when: year - start_year < 2, stage: before, grade: T}
  - {name: floor, label: 亩均税收低于3万元, when: tax / land_mu < 3, grade: D}
  - {name: violation, label: 重大环保事故降档, when: violation, downgrade: 1}
"""
    )
    df = firms(land_mu=[1.0] * 5, tax=[10.0, 9.0, 2.0, 8.0, 7.0], value_added=[0.0] * 5,
               year=[2023] * 5, start_year=[2015, 2022, 2010, 2010, 2010],
               violation=[True, False, False, False, False])  # fmt: skip
    out = evaluate(df, scheme(text))
    # scored: taxes 10, 2, 8, 7 → ranks 1, 4, 2, 3 of 4 → B, D, B, C; then the rules
    assert out["grade"].to_list() == ["C", "T", "D", "B", "C"]
    assert out["override_rule"].to_list() == [
        "重大环保事故降档", "新投产企业免评", "亩均税收低于3万元", None, None
    ]  # fmt: skip
    assert out["score"][1] is None  # exempt: not scored


def test_rules_apply_in_turn_and_a_downgrade_stops_at_the_worst_grade() -> None:
    text = (
        ONE
        + """
overrides:
  - {name: floor, label: 亩均税收低于3万元, when: tax / land_mu < 3, grade: D}
  - {name: violation, label: 重大环保事故降档, when: violation, downgrade: 2}
"""
    )
    df = firms(land_mu=[1.0] * 4, tax=[10.0, 2.0, 8.0, 7.0], value_added=[0.0] * 4,
               violation=[True, True, False, False])  # fmt: skip
    out = evaluate(df, scheme(text))
    # ranks 1, 4, 2, 3 → B, D, B, C; firm 0 two grades down → D; firm 1 D, then still D
    assert out["grade"].to_list() == ["D", "D", "B", "C"]
    assert out["override_rule"].to_list() == [
        "重大环保事故降档", "亩均税收低于3万元；重大环保事故降档", None, None
    ]  # fmt: skip


def test_a_rule_before_scoring_cannot_downgrade() -> None:
    text = ONE + "overrides: [{name: x, when: violation, stage: before, downgrade: 1}]\n"
    with pytest.raises(InputError) as caught:
        scheme(text)
    assert any("before scoring sets a grade" in line for line in caught.value.details)


def test_population_benchmark_is_a_ratio_of_sums() -> None:
    df = firms(land_mu=[10.0, 30.0], tax=[100.0, 100.0], value_added=[500.0, 1500.0])
    out = evaluate(df, with_population_benchmarks(scheme(ONE)))
    # benchmark Σtax/Σland = 200/40 = 5: firm 0 has 10 → 2 × 60 capped at 90; firm 1 3.33 → 40
    assert out["score_tax_per_mu"].to_list() == pytest.approx([90.0, 40.0])
    # VA benchmark 2000/40 = 50: both at 50 → 40 each
    assert out["score_va_per_mu"].to_list() == pytest.approx([40.0, 40.0])


def test_benchmark_per_industry_and_percentile() -> None:
    text = ONE.replace("benchmark: {value: 10}", "benchmark: {stat: median, by: industry}")
    df = firms(land_mu=[1.0] * 4, tax=[2.0, 4.0, 10.0, 30.0], value_added=[0.0] * 4,
               industry_code=["C13", "C13", "C39", "C39"])  # fmt: skip
    out = evaluate(df, scheme(text))
    # medians: C13 3, C39 20 → 2/3×60, 4/3×60, 10/20×60, 30/20×60 = 40, 80, 30, 90
    assert out["score_tax_per_mu"].to_list() == pytest.approx([40.0, 80.0, 30.0, 90.0])
    assert out["rank_industry"].to_list() == [2, 1, 2, 1]


TWO_GROUPS = """
name: t
groups:
  - name: big
    when: land_mu >= 10
    indicators:
      - {name: tax_per_mu, formula: tax / land_mu, weight: 60, benchmark: {stat: mean}}
      - {name: va_per_energy, formula: value_added / energy_tce, weight: 40,
         benchmark: {value: 1}, missing: group_mean}
  - name: small
    indicators:
      - {name: tax_per_mu, formula: tax / land_mu, weight: 100, benchmark: {stat: BY}}
classification: {method: shares, shares: {A: 0.5, B: 0.5}}
"""


def test_population_benchmarks_and_group_means_stay_within_their_group() -> None:
    df = firms(land_mu=[10.0, 10.0, 10.0, 1.0, 1.0, 1.0], tax=[10.0, 30.0, 20.0, 1.0, 3.0, 5.0],
               value_added=[4.0, 4.0, 8.0, 0.0, 0.0, 0.0],
               energy_tce=[1.0, 2.0, None, 1.0, 1.0, 1.0],
               industry_code=["C13", "C13", "C13", "C13", "C13", "C39"])  # fmt: skip
    out = evaluate(df, scheme(TWO_GROUPS.replace("BY", "mean")))
    # big: mean tax per mu 2 → 0.5, 1.5, 1 × 60; small: mean 3 → 1/3, 1, 5/3 × 100
    assert out["score_tax_per_mu"].to_list() == pytest.approx([30, 90, 60, 100 / 3, 100, 500 / 3])
    # big firm 2 has no energy: the mean of its group's others (4 × 40, 2 × 40) → 120
    assert out["score_va_per_energy"].to_list()[:3] == pytest.approx([160, 80, 120])
    assert out["score_va_per_energy"].to_list()[3:] == [None] * 3
    by_industry = evaluate(df, scheme(TWO_GROUPS.replace("BY", "mean, by: industry")))
    # small, C13: mean 2 → 50, 150; C39 alone: 5 → 100 (big firms' C13 left out)
    assert by_industry["score_tax_per_mu"].to_list()[3:] == pytest.approx([50, 150, 100])


def test_consecutive_d_years_raise_the_surcharge() -> None:
    text = (
        ONE
        + """
policies:
  electricity: {per: electricity_kwh, consecutive: {D: [0.1, 0.3, 0.5]}}
  water: {per: water_t, rates: {C: 0.5, D: 1.0}}
"""
    )
    df = firms(land_mu=[1.0] * 20, tax=[float(20 - i) for i in range(20)],
               value_added=[0.0] * 20, electricity_kwh=[1000.0] * 20,
               water_t=[100.0] * 20)  # fmt: skip
    first = evaluate(df, scheme(text))
    assert first["grade"].to_list()[-1] == "D" and first["consecutive_d"][-1] == 1
    assert first["policy_electricity"][-1] == pytest.approx(100.0)  # 1000 kWh × 0.1
    assert first["policy_water"].to_list()[-2:] == [50.0, 100.0]
    second = evaluate(df, scheme(text), previous=first)
    third = evaluate(df, scheme(text), previous=second)
    fourth = evaluate(df, scheme(text), previous=third)
    assert [x["policy_electricity"][-1] for x in (second, third, fourth)] == pytest.approx(
        [300.0, 500.0, 500.0]
    )
    assert fourth["consecutive_d"][-1] == 4
    assert first["policy_electricity"][0] == 0.0


def test_zhejiang_preset_scores_above_and_below_scale() -> None:
    df = firms(
        land_mu=[20.0, 5.0], above_scale=[True, False], tax=[520.2, 83.0],
        value_added=[2645.4, 300.0], energy_tce=[1041.5, 10.0], cod_t=[0.2, None],
        nh3n_t=[0.1, None], so2_t=[0.1, None], nox_t=[0.144, None], employees=[151.6, 10.0],
        rd=[305.0, 0.0], revenue=[10000.0, 800.0], electricity_kwh=[1e6, 350865.0],
    )  # fmt: skip
    out = evaluate(df, load_scheme("zhejiang"))
    big = out.row(0, named=True)
    # every indicator at its benchmark (emissions a hair above): about the weights, 100
    assert big["value_tax_per_mu"] == pytest.approx(26.01)
    assert big["score"] == pytest.approx(
        26.01 / 26.01 * 30 + 132.27 / 132.27 * 20 + 2.54 / 2.54 * 20
        + min(2645.4 / 0.544 / 4861.08, 1.5) * 10 + 17.45 / 17.45 * 10 + 0.0305 / 0.0305 * 10,
        rel=1e-3,
    )  # fmt: skip
    small = out.row(1, named=True)
    assert small["group"] == "below_scale"
    # 83/5 = 16.6 → 50; 83万元/350865 kWh = 2.3656 元/kWh → 10× the benchmark, capped 75
    assert small["score"] == pytest.approx(16.6 / 16.601058 * 50 + 75, rel=1e-4)


def test_same_input_same_scores_to_the_last_bit() -> None:
    """Group means (missing emissions, population benchmarks) and regional sums are
    summed in a fixed order, so a re-run gives the same file: the streaming engine's
    parallel sums differed in the last bits from run to run (seen from ~600,000 rows)."""
    from planwatch.permu.aggregate import aggregate
    from planwatch.permu.synth import synth_enterprises

    firms = synth_enterprises(600_000, seed=5)
    scheme = with_population_benchmarks(load_scheme("zhejiang"))
    first = evaluate(firms, scheme)
    regions = aggregate(first, "region", ["A", "B", "C", "D"])
    for _ in range(2):
        again = evaluate(firms, scheme)
        assert again["score"].equals(first["score"])
        assert again["score_va_per_emission"].equals(first["score_va_per_emission"])
        assert aggregate(again, "region", ["A", "B", "C", "D"]).equals(regions)


def test_a_value_that_overflows_scores_as_missing_not_as_the_best() -> None:
    """Finite inputs, infinite quotient: 1e308 of tax on 1e-300 mu is no result."""
    df = firms(land_mu=[1e-300, 10.0, 10.0], tax=[1e308, 30.0, 20.0], value_added=[0.0] * 3)
    out = evaluate(df, scheme(ONE))
    assert out["value_tax_per_mu"].to_list() == [None, 3.0, 2.0]
    assert out["score"].to_list()[0] == 0.0 and out["rank"].to_list() == [3, 1, 2]
