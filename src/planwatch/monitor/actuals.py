"""Which actual value each evaluation year uses, for whole frames at once.

The latest value reported up to that year; for a cumulative (累计) indicator, the
sum of the yearly values after the baseline year up to that year. Values from
before the baseline year never count.
"""

from __future__ import annotations

import polars as pl

KEY = ["indicator", "region"]


def with_actuals(plan: pl.DataFrame, observations: pl.DataFrame, years: list[int]) -> pl.DataFrame:
    """One row per plan row and evaluation year, with `actual` and `actual_year`.

    `plan` has `indicator, region, baseline_year, cumulative` (and whatever else the
    assessment needs); `observations` has `indicator, region, year, value`.
    """
    obs = (
        observations.select(*KEY, pl.col("year").cast(pl.Int64), pl.col("value").cast(pl.Float64))
        .join(plan.select(*KEY, "baseline_year", "cumulative"), on=KEY, how="inner")
        .filter(pl.col("baseline_year").is_null() | (pl.col("year") > pl.col("baseline_year")))
        .sort([*KEY, "year"])
        .with_columns(
            pl.when(pl.col("cumulative"))
            .then(pl.col("value").cum_sum().over(KEY))
            .otherwise(pl.col("value"))
            .alias("actual"),
            pl.col("year").alias("actual_year"),
        )
        .select(*KEY, "year", "actual", "actual_year")
    )
    grid = plan.join(pl.DataFrame({"year": years}, schema={"year": pl.Int64}), how="cross")
    # Both sides are sorted by year just above; within groups polars cannot check that.
    return grid.sort("year").join_asof(
        obs.sort("year"), on="year", by=KEY, strategy="backward", check_sortedness=False
    )
