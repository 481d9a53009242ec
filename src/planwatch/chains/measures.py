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


# The sums every figure is made of; partial sums (per code, per keyword pair) add up.
TOTALS = ("enterprises", "above_scale", *SUMS, "graded", "good")


def _sums() -> list[pl.Expr]:
    return [
        pl.len().cast(pl.Int64).alias("enterprises"),
        pl.col("above_scale").fill_null(False).sum().cast(pl.Int64).alias("above_scale"),
        *(pl.col(s).fill_null(0).sum().alias(s) for s in SUMS),
        pl.col("grade").is_not_null().sum().cast(pl.Int64).alias("graded"),
        pl.col("grade").is_in(GOOD_GRADES).fill_null(False).sum().cast(pl.Int64).alias("good"),
    ]


def _added(parts: list[pl.DataFrame], by: str | list[str]) -> pl.DataFrame:
    return (
        pl.concat(parts, how="diagonal_relaxed")
        .group_by(by)
        .agg(
            pl.col(c).sum()
            for c in parts[0].columns
            if c not in ([by] if isinstance(by, str) else by)
        )
    )


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


def per_code_sums(firms: pl.DataFrame, pairs: Pairs) -> pl.DataFrame:
    """The sums of the firms of each distinct code: what every code pair adds."""
    return firms.with_columns(pairs.codes["digits"]).group_by("digits").agg(_sums())


def _gathered(firms: pl.DataFrame, pairs: pl.DataFrame, key: str) -> pl.DataFrame:
    """`key` and the pairs' firms' columns, by row index (a gather, not a join)."""
    rows = pairs["row"]
    columns = ["above_scale", *SUMS, "grade"]
    return pairs.select(key).with_columns(firms[c].gather(rows) for c in columns)


def link_figures(firms: pl.DataFrame, pairs: Pairs, per_code: pl.DataFrame) -> pl.DataFrame:
    """One row per link that has enterprises (link_id and the figures above)."""
    by_code = (
        pairs.table.join(per_code, on="digits")
        .group_by("link_id")
        .agg(*(pl.col(c).sum() for c in TOTALS), pl.col("enterprises").sum().alias("by_code"))
    )
    by_word = _gathered(firms, pairs.only_words, "link_id").group_by("link_id").agg(_sums())
    figures = _added([by_code, by_word], "link_id")
    words = pairs.words.group_by("link_id").agg(pl.len().cast(pl.Int64).alias("by_keyword"))
    return figures.join(words, on="link_id", how="left").with_columns(_ratios())


def link_labels(firms: pl.DataFrame, pairs: Pairs) -> dict[int, dict[str, int]]:
    """Per link, how many of its firms carry each label (专精特新, 高新技术企业, 上市 …)."""
    has = firms["labels"].list.len().fill_null(0) > 0
    labelled = (
        firms.filter(has)
        .select("row", "labels", pairs.codes["digits"].filter(has))
        .explode("labels")
        .filter(pl.col("labels").is_in(LABELS))
    )
    by_code = (
        labelled.group_by("digits", "labels")
        .agg(pl.len().cast(pl.Int64).alias("n"))
        .join(pairs.table, on="digits")
        .select("link_id", "labels", "n")
    )
    words = pairs.only_words.filter(has.gather(pairs.only_words["row"]))
    by_word = (
        words.select("link_id", firms["labels"].gather(words["row"]))
        .explode("labels")
        .filter(pl.col("labels").is_in(LABELS))
        .group_by("link_id", "labels")
        .agg(pl.len().cast(pl.Int64).alias("n"))
    )
    counts = _added([by_code, by_word], ["link_id", "labels"]).sort("link_id", "labels")
    by_link: dict[int, dict[str, int]] = {}
    for link_id, label, n in counts.iter_rows():
        by_link.setdefault(link_id, {})[label] = n
    return by_link


def chain_figures(
    firms: pl.DataFrame, pairs: Pairs, refs: list[LinkRef], per_code: pl.DataFrame
) -> pl.DataFrame:
    """One row per chain with firms: each firm once however many of its links it serves.
    A firm is on a chain by its code (its code reaches one of the chain's links) or
    else by keywords only."""
    names = list(dict.fromkeys(r.chain for r in refs))
    chain_of = (
        pl.col("link_id")
        .replace_strict(
            [r.id for r in refs], [names.index(r.chain) for r in refs], return_dtype=pl.UInt32
        )
        .alias("chain_index")
    )
    reached = pairs.table.select(chain_of, "digits").unique()
    by_code = (
        reached.join(per_code, on="digits")
        .group_by("chain_index")
        .agg(pl.col(c).sum() for c in TOTALS)
    )
    words = pairs.only_words.select(
        chain_of, "row", pairs.codes["digits"].gather(pairs.only_words["row"])
    )
    words = words.join(reached, on=["chain_index", "digits"], how="anti").unique(
        ["chain_index", "row"]
    )
    by_word = _gathered(firms, words, "chain_index").group_by("chain_index").agg(_sums())
    return _added([by_code, by_word], "chain_index").with_columns(
        *_ratios(),
        pl.col("chain_index")
        .replace_strict(list(range(len(names))), names, return_dtype=pl.String)
        .alias("chain"),
    )


def population_totals(frame: pl.DataFrame) -> tuple[float, float]:
    """(Σ tax, Σ land) of the enterprises with land: the terms of the county's 亩均税收."""
    with_land = frame.filter(pl.col("land_mu") > 0)
    return float(with_land["tax"].fill_null(0).sum()), float(with_land["land_mu"].sum())


def county_output(frame: pl.DataFrame) -> float:
    return float(frame["output"].fill_null(0).sum())
