"""What each link and each chain holds: enterprises, 规上 count, output, tax, land,
亩均税收 and 亩均增加值 as ratios of sums (a link's total tax ÷ its total land, never a
mean of firms' ratios), A/B share where per-mu grades are given, and labels.

A firm on two links counts in both links' figures; a chain's totals count each of
its firms once, so a chain's output is not the sum of its links'."""

from __future__ import annotations

import polars as pl

from planwatch.chains.assign import LinkRef, Pairs
from planwatch.permu.fields import LABELS

SUMS = ("output", "tax", "land_mu", "value_added")
GOOD_GRADES = ("A", "B")


def _sums() -> list[pl.Expr]:
    return [
        pl.len().alias("enterprises"),
        pl.col("above_scale").fill_null(False).sum().alias("above_scale"),
        *(pl.col(s).fill_null(0).sum().alias(s) for s in SUMS),
        pl.col("grade").is_not_null().sum().alias("graded"),
        pl.col("grade").is_in(GOOD_GRADES).fill_null(False).sum().alias("good"),
    ]


def _ratios() -> list[pl.Expr]:
    land = pl.col("land_mu")
    return [
        pl.when(land > 0).then(pl.col("tax") / land).alias("tax_per_mu"),
        pl.when(land > 0).then(pl.col("value_added") / land).alias("value_added_per_mu"),
        pl.when(pl.col("graded") > 0).then(pl.col("good") / pl.col("graded")).alias("ab_share"),
    ]


def firm_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """The columns the figures use, with the row index the assignments refer to; a
    frame without per-mu grades gets a null grade column."""
    grade = [] if "grade" in frame.columns else [pl.lit(None, pl.String).alias("grade")]
    return frame.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"),
        "credit_code", "name", "above_scale", "labels", *SUMS,
        *(["grade"] if "grade" in frame.columns else []),
    ).with_columns(grade)  # fmt: skip


def _gathered(firms: pl.DataFrame, pairs: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """The pairs with their firm's `columns`, by row index (a gather, not a join)."""
    rows = pairs["row"]
    return pairs.select("link_id", "code").with_columns(firms[c].gather(rows) for c in columns)


def link_figures(firms: pl.DataFrame, pairs: Pairs) -> pl.DataFrame:
    """One row per link that has enterprises (link_id and the figures above)."""
    columns = ["above_scale", *SUMS, "grade"]
    figures = (
        _gathered(firms, pairs.pairs, columns)
        .group_by("link_id")
        .agg(*_sums(), pl.col("code").is_not_null().sum().alias("by_code"))
    )
    words = pairs.words.group_by("link_id").agg(pl.len().cast(pl.UInt32).alias("by_keyword"))
    return figures.join(words, on="link_id", how="left").with_columns(_ratios())


def link_labels(firms: pl.DataFrame, pairs: Pairs) -> dict[int, dict[str, int]]:
    """Per link, how many of its firms carry each label (专精特新, 高新技术企业, 上市 …)."""
    p = pairs.pairs
    labelled = firms["labels"].list.len().fill_null(0) > 0
    p = p.filter(labelled.gather(p["row"]))
    labels = (
        p.select("link_id", firms["labels"].gather(p["row"]))
        .explode("labels")
        .filter(pl.col("labels").is_in(LABELS))
        .group_by("link_id", "labels")
        .agg(pl.len().alias("n"))
        .sort("link_id", "labels")
    )
    by_link: dict[int, dict[str, int]] = {}
    for link_id, label, n in labels.iter_rows():
        by_link.setdefault(link_id, {})[label] = n
    return by_link


def chain_figures(firms: pl.DataFrame, pairs: Pairs, refs: list[LinkRef]) -> pl.DataFrame:
    """One row per chain with firms: each firm once however many of its links it serves."""
    names = list(dict.fromkeys(r.chain for r in refs))
    index = pl.col("link_id").replace_strict(
        [r.id for r in refs], [names.index(r.chain) for r in refs], return_dtype=pl.UInt64
    )
    # one 64-bit key per (chain, firm): a single-column unique is several times faster
    key = index * (1 << 32) + pl.col("row").cast(pl.UInt64)
    distinct = pairs.pairs.select(key.unique().alias("key")).select(
        (pl.col("key") // (1 << 32)).cast(pl.UInt32).alias("link_id"),  # the chain's index
        (pl.col("key") % (1 << 32)).cast(pl.UInt32).alias("row"),
        pl.lit(None, pl.String).alias("code"),
    )
    columns = ["above_scale", *SUMS, "grade"]
    return (
        _gathered(firms, distinct, columns)
        .group_by("link_id")
        .agg(_sums())
        .with_columns(
            *_ratios(),
            pl.col("link_id")
            .replace_strict(list(range(len(names))), names, return_dtype=pl.String)
            .alias("chain"),
        )
    )


def population_totals(frame: pl.DataFrame) -> tuple[float, float]:
    """(Σ tax, Σ land) of the enterprises with land: the terms of the county's 亩均税收."""
    with_land = frame.filter(pl.col("land_mu") > 0)
    return float(with_land["tax"].fill_null(0).sum()), float(with_land["land_mu"].sum())


def county_output(frame: pl.DataFrame) -> float:
    return float(frame["output"].fill_null(0).sum())
