"""Aggregates are ratios of sums; transitions and tiers, by hand."""

from __future__ import annotations

import polars as pl
import pytest

from planwatch.permu.aggregate import aggregate, grade_shares, transition_matrix, transitions
from planwatch.permu.tiers import plan_tier_targets, tier_counts, tier_members


def results() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "credit_code": ["a", "b", "c", "d"],
            "region": ["甲县", "甲县", "乙县", "乙县"],
            "land_mu": [10.0, 90.0, 20.0, None],
            "tax": [100.0, 90.0, 60.0, 5.0],
            "value_added": [500.0, 900.0, 200.0, 1.0],
            "grade": ["A", "C", "B", None],
            "not_evaluable": [None, None, None, "无用地面积或用地面积为0"],
        }
    )


def test_region_figures_are_ratios_of_sums() -> None:
    out = {r["region"]: r for r in aggregate(results(), "region", ["A", "B", "C", "D"]).to_dicts()}
    # 甲县: (100 + 90) ÷ (10 + 90) = 1.9, not the mean of 10 and 1 (5.5)
    assert out["甲县"]["tax_per_mu"] == pytest.approx(1.9)
    assert out["甲县"]["va_per_mu"] == pytest.approx(14.0)
    assert (out["甲县"]["grade_A"], out["甲县"]["grade_C"], out["甲县"]["enterprises"]) == (1, 1, 2)
    assert out["乙县"]["enterprises"] == 1  # the firm without land is left out
    shares = {r["grade"]: r["share"] for r in grade_shares(results()).to_dicts()}
    assert shares == pytest.approx({"A": 1 / 3, "B": 1 / 3, "C": 1 / 3})


def test_transitions_between_years() -> None:
    before = pl.DataFrame({"credit_code": ["a", "b", "c", "x"], "grade": ["A", "B", "D", "C"]})
    after = pl.DataFrame({"credit_code": ["a", "b", "c", "y"], "grade": ["B", "B", "C", "A"]})
    moves = {(r["from"], r["to"]): r["enterprises"] for r in transitions(before, after).to_dicts()}
    assert moves == {("A", "B"): 1, ("B", "B"): 1, ("D", "C"): 1}
    matrix = transition_matrix(transitions(before, after))
    assert matrix.filter(pl.col("from") == "A")["B"].item() == 1


def test_tiers_by_revenue_and_label() -> None:
    firms = pl.DataFrame(
        {
            "name": ["大", "中", "小"],
            "revenue": [1_200_000.0, 120_000.0, 9_000.0],  # 万元: 120亿, 12亿, 0.9亿
            "labels": [["上市", "高新技术企业"], ["专精特新", "专精特新小巨人"], []],
        }
    )
    counts = tier_counts(firms)
    assert (counts["百亿级"], counts["十亿级"], counts["亿元级"]) == (1, 2, 2)
    assert (counts["专精特新小巨人"], counts["上市"], counts["高新技术企业"]) == (1, 1, 1)
    assert tier_members(firms, "十亿级")["name"].to_list() == ["大", "中"]
    targets = plan_tier_targets(
        [("累计培育百亿级企业（集团）", "家", 2), ("国家级专精特新“小巨人”企业", "家", 5),
         ("规上工业增加值", "亿元", 120)]
    )  # fmt: skip
    assert targets == {"百亿级": 2, "专精特新小巨人": 5}
