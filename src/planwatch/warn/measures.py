"""Derived measures over a dense enterprise × month grid.

The grid holds every enterprise for every month of the span, sorted by enterprise
then month, so "12 months before" is a shift by 12 rows: no window functions, no
joins per measure. `pos` (the month's place in the span) masks shifts that would
reach into the enterprise before.

Year on year in January and February compares the two months together, as
statistics publish 1–2月: the Spring Festival falls in either month, so a January or
February alone against last year's says more about the calendar than the firm.
February's year-on-year is (Jan + Feb) against last year's (Jan + Feb); January's
is the same once February is reported, and missing before (a January evaluation
has no year-on-year measure).
"""

from __future__ import annotations

import polars as pl

from planwatch.models.warn import Measure

POS = "__pos"  # the month's place in the span, 0 for its first month
SPAN = "__span"  # months in the span
MONTH_INDEX = "__m"  # year × 12 + month − 1


def month_index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def month_text(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_index_expr(column: str = "month") -> pl.Expr:
    c = pl.col(column)
    return c.str.slice(0, 4).cast(pl.Int32) * 12 + c.str.slice(5, 2).cast(pl.Int32) - 1


def lag(x: pl.Expr, k: int) -> pl.Expr:
    """The value `k` months before, within the same enterprise."""
    return pl.when(pl.col(POS) >= k).then(x.shift(k))


def lead(x: pl.Expr, k: int) -> pl.Expr:
    """The value `k` months after, within the same enterprise and the span."""
    return pl.when(pl.col(POS) < pl.col(SPAN) - k).then(x.shift(-k))


def _ratio(now: pl.Expr, before: pl.Expr) -> pl.Expr:
    """now ÷ before − 1, where there is something to compare with."""
    return pl.when(before > 0).then(now / before - 1)


def _month_of_year() -> pl.Expr:
    return pl.col(MONTH_INDEX) % 12 + 1


def yoy(x: pl.Expr) -> pl.Expr:
    moy = _month_of_year()
    january = _ratio(x + lead(x, 1), lag(x, 12) + lag(x, 11))
    february = _ratio(x + lag(x, 1), lag(x, 12) + lag(x, 13))
    return (
        pl.when(moy == 1)
        .then(january)
        .when(moy == 2)
        .then(february)
        .otherwise(_ratio(x, lag(x, 12)))
    )


def year_to_date(x: pl.Expr) -> pl.Expr:
    """The sum from January to the month; missing if any of those months is."""
    starts = (pl.col(POS) == 0) | (_month_of_year() == 1)
    total = x.fill_null(0).cum_sum()
    gaps = x.is_null().cast(pl.Int32).cum_sum()
    base = pl.when(starts).then(total - x.fill_null(0)).forward_fill()
    gap_base = pl.when(starts).then(gaps - x.is_null().cast(pl.Int32)).forward_fill()
    # a span that starts mid-year cannot sum the year's first months
    whole = pl.col(POS) >= _month_of_year() - 1
    return pl.when(whole & (gaps - gap_base == 0)).then(total - base)


def ytd_column(m: Measure) -> str | None:
    """The helper column a year-to-date measure is computed from (made first, once)."""
    return f"__ytd_{m.of}" if m.kind == "ytd_yoy" else None


def helpers(measures: list[Measure]) -> list[pl.Expr]:
    """Columns the measures read, made in a step before them."""
    made = {ytd_column(m): year_to_date(pl.col(m.of)) for m in measures if ytd_column(m)}
    return [expr.alias(name) for name, expr in made.items() if name]


def measure(m: Measure) -> pl.Expr:
    x = pl.col(m.of)
    match m.kind:
        case "yoy":
            return yoy(x)
        case "ytd_yoy":
            ytd = pl.col(f"__ytd_{m.of}")
            return _ratio(ytd, lag(ytd, 12))
        case "mom":
            return _ratio(x, lag(x, 1))
        case "change":
            return _ratio(x, lag(x, m.months))
        case "share":
            return x / x.sum().over(MONTH_INDEX)


def held_for(condition: pl.Expr, months: int) -> pl.Expr:
    """True where `condition` has held in each of the last `months` months."""
    if months == 1:
        return condition
    run = condition.cast(pl.UInt8).rolling_min(months)
    return (pl.col(POS) >= months - 1) & (run == 1).fill_null(False)
