"""Regional, park and industry results: ratios of sums, grade counts, transitions.

A county's 亩均税收 is its enterprises' total tax ÷ their total land, never the
mean of the enterprises' ratios: small firms would otherwise weigh as much as
large ones.
"""

from __future__ import annotations

import polars as pl

c = pl.col
SUMS = ("land_mu", "tax", "value_added", "revenue", "output", "energy_tce", "employees")
RATIOS = {
    "tax_per_mu": ("tax", "land_mu"),  # 亩均税收 万元/亩
    "va_per_mu": ("value_added", "land_mu"),  # 亩均增加值 万元/亩
    "revenue_per_mu": ("revenue", "land_mu"),
    "va_per_energy": ("value_added", "energy_tce"),
    "labour_productivity": ("value_added", "employees"),
}


def aggregate(results: pl.DataFrame, by: str, grades: list[str]) -> pl.DataFrame:
    """One row per value of `by` (region, park, industry_code) over evaluable enterprises."""
    ok = results.lazy().filter(c("not_evaluable").is_null())  # filtered as it is summed
    sums = [c(s).fill_null(0).sum().alias(s) for s in SUMS if s in results.columns]
    counts = [(c("grade") == g).sum().alias(f"grade_{g}") for g in grades]
    # in-memory: the streaming engine's parallel sums differ in the last bits between runs
    grouped = ok.group_by(by).agg(pl.len().alias("enterprises"), *sums, *counts)
    out = grouped.collect(engine="in-memory")
    ratio_cols = [
        pl.when(c(den) > 0).then(c(num) / c(den)).alias(name)
        for name, (num, den) in RATIOS.items()
        if num in out.columns and den in out.columns
    ]
    return out.with_columns(ratio_cols).sort(by, nulls_last=True)


def grade_shares(results: pl.DataFrame) -> pl.DataFrame:
    counts = (
        results.lazy()
        .filter(c("grade").is_not_null())
        .group_by("grade")
        .agg(pl.len().alias("enterprises"))
        .collect()
    )
    share = c("enterprises") / c("enterprises").sum()
    return counts.with_columns(share.alias("share")).sort("grade")


def transitions(before: pl.DataFrame, after: pl.DataFrame) -> pl.DataFrame:
    """Counts of grade moves (A→B …) for enterprises graded in both years."""
    a = before.select("credit_code", c("grade").alias("from")).drop_nulls()
    b = after.select("credit_code", c("grade").alias("to")).drop_nulls()
    both = a.join(b, on="credit_code", how="inner")
    return both.group_by("from", "to").agg(pl.len().alias("enterprises")).sort("from", "to")


def transition_matrix(moves: pl.DataFrame) -> pl.DataFrame:
    """Rows: last year's grade; columns: this year's grade."""
    if moves.is_empty():
        return moves
    return moves.pivot(on="to", index="from", values="enterprises").fill_null(0).sort("from")
