"""A synthetic monthly panel for demos, tests and benchmarks, marked as such.

The enterprises are those of `permu.synth` (invented names, regions and codes); each
gets a year's electricity, output and tax spread over months with:
- seasonality: a dip in the month of the Spring Festival (about a third of the month
  lost) and a smaller one in the month after, a lift in the last quarter;
- a trend per enterprise (growth between −5 % and +12 % a year);
- a minority in decline (8 %): from a month of their own, output, electricity and tax
  fall a few per cent a month, and some of them fall into wage or tax arrears;
- noise, and a few enterprises (1 %) that stop reporting.
The Spring Festival dates are the real ones; everything else is drawn from a seeded
generator and is plausible, not statistics of any place.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from planwatch.permu.synth import synth_enterprises
from planwatch.warn.engine import with_all_fields
from planwatch.warn.fields import FIELDS
from planwatch.warn.measures import month_index, month_text

# the month of the Spring Festival (春节), by year
SPRING_FESTIVAL = {2018: 2, 2019: 2, 2020: 1, 2021: 2, 2022: 2, 2023: 1, 2024: 2, 2025: 1,
                   2026: 2, 2027: 2, 2028: 1, 2029: 2, 2030: 2}  # fmt: skip
DECLINE, STOP = 0.08, 0.01


def _season(months: np.ndarray) -> np.ndarray:
    """A factor per month index: the festival's dip, the year-end lift."""
    year, moy = months // 12, months % 12 + 1
    festival = np.array([SPRING_FESTIVAL.get(int(y), 2) for y in year])
    factor = np.ones(len(months))
    factor[moy == festival] *= 0.68
    factor[moy == festival + 1] *= 0.93
    factor[moy >= 10] *= 1.06
    return factor


def synth_monthly(n: int, months: int, seed: int = 1, end: str = "2024-12") -> pl.DataFrame:
    """`n` enterprises × `months` months ending with `end`, one row per reported month."""
    if n < 1 or months < 1:
        raise ValueError("n and months must be at least 1")
    rng = np.random.default_rng([seed, 7])
    firms = synth_enterprises(n, seed=seed, year=int(end[:4]))
    last = month_index(end)
    index = np.arange(last - months + 1, last + 1)
    t = np.arange(months)[None, :]
    growth = rng.uniform(-0.05, 0.12, (n, 1)) / 12
    level = np.exp(growth * t) * _season(index)[None, :]
    declining = rng.random(n) < DECLINE
    onset = rng.integers(months // 3, months, n)[:, None]
    fall = np.where(declining[:, None] & (t >= onset),
                    (1 - rng.uniform(0.04, 0.12, (n, 1))) ** (t - onset + 1), 1.0)  # fmt: skip
    noise = np.exp(rng.normal(0, 0.08, (n, months)))

    def monthly(column: str) -> np.ndarray:
        yearly = firms[column].fill_null(0).to_numpy()[:, None]
        return (yearly / 12 * level * fall * noise).round(2)

    deep = (fall < 0.55) & (rng.random((n, months)) < 0.35)
    stops = rng.random(n) < STOP
    stop_at = rng.integers(1, months + 1, n)[:, None]
    reported = ~(stops[:, None] & (t >= stop_at))
    rows = np.flatnonzero(reported.ravel())
    firm = rows // months

    def take(values: np.ndarray) -> np.ndarray:
        return values.ravel()[rows]

    base = firms.select("credit_code", "name", "region", "park", "industry_code")[firm]
    panel = base.with_columns(
        pl.Series("month", [month_text(int(i)) for i in index])[rows % months],
        pl.Series("electricity_kwh", take(monthly("electricity_kwh")).round(0)),
        pl.Series("output", take(monthly("output"))),
        pl.Series("revenue", take(monthly("revenue"))),
        pl.Series("tax", take(monthly("tax"))),
        pl.Series("employees", firms["employees"].to_numpy()[firm]),
        pl.Series("wage_arrears", take(deep & (rng.random((n, months)) < 0.5))),
        pl.Series("tax_arrears", take(deep & (rng.random((n, months)) < 0.3))),
        pl.lit(True).alias("synthetic"),
    )
    return with_all_fields(panel).select(f.name for f in FIELDS)
