"""Which enterprises serve which link of a chain, and why.

An enterprise is on a link when its industry code starts with one of the link's
codes (a division "34" takes every 34xx firm; a class "3484" only 3484), or when its
products or business scope (经营范围) mention one of the link's keywords. An
enterprise may serve several links, of one chain or of several. A firm whose data
gives only a division ("C34") cannot be placed on a class-level link by its code.

Both matches are done on what repeats least: codes on the few hundred distinct
industry codes of a population (then joined to the rows), keywords in one
Aho-Corasick pass over the text (polars' `extract_many`), so a million firms and
hundreds of keywords take about as long as one join.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from planwatch.models.chains import ChainFile, code_digits


@dataclass(frozen=True)
class LinkRef:
    id: int
    chain: str
    segment: str
    link: str
    codes: tuple[str, ...]  # digits
    keywords: tuple[str, ...]


def link_refs(chains: ChainFile) -> list[LinkRef]:
    refs: list[LinkRef] = []
    for chain in chains.chains:
        for segment, link in chain.links():
            codes = tuple(code_digits(c) for c in link.codes)
            refs.append(LinkRef(len(refs), chain.name, segment, link.link, codes,
                                tuple(link.keywords)))  # fmt: skip
    return refs


def code_digits_expr(column: str = "industry_code") -> pl.Expr:
    """'C3484', 'c 3484', '3484' → '3484'; text that is no code stays as it is and
    matches no prefix."""
    return pl.col(column).str.strip_chars().str.replace(r"^[A-Za-z]\s*", "")


def code_table(frame: pl.DataFrame, refs: list[LinkRef]) -> pl.DataFrame:
    """(digits, link_id, code) for each distinct industry code of `frame` and each link
    one of whose codes it starts with: the longest such code."""
    prefixes = [(c, r.id) for r in refs for c in r.codes]
    pairs: dict[tuple[str, int], str] = {}
    for d in frame.select(code_digits_expr().unique()).to_series().drop_nulls().to_list():
        for code, link_id in prefixes:
            if d.startswith(code) and len(code) > len(pairs.get((d, link_id), "")):
                pairs[(d, link_id)] = code
    return pl.DataFrame(
        {"digits": [d for d, _ in pairs], "link_id": [i for _, i in pairs],
         "code": list(pairs.values())},
        schema={"digits": pl.String, "link_id": pl.UInt32, "code": pl.String},
    )  # fmt: skip


def _digits(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"),
                        code_digits_expr().alias("digits"))  # fmt: skip


def _by_keyword(frame: pl.DataFrame, refs: list[LinkRef]) -> pl.DataFrame:
    """(row, link_id, keyword): the first of a link's keywords each row's text names."""
    words = sorted({k for r in refs for k in r.keywords})
    empty = pl.DataFrame(schema={"row": pl.UInt32, "link_id": pl.UInt32, "keyword": pl.String})
    text_columns = [c for c in ("products", "business_scope") if c in frame.columns]
    if not words or not text_columns:
        return empty
    text = pl.concat_str([pl.col(c) for c in text_columns], separator=" ", ignore_nulls=True)
    found = (
        frame.lazy()
        .select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"),
                text.str.extract_many(words, overlapping=True).alias("keyword"))
        .explode("keyword")
        .drop_nulls("keyword")
        .unique(["row", "keyword"])
    )  # fmt: skip
    owners = pl.DataFrame(
        [(k, r.id, r.keywords.index(k)) for r in refs for k in r.keywords],
        schema={"keyword": pl.String, "link_id": pl.UInt32, "order": pl.Int32},
        orient="row",
    ).lazy()
    return (
        found.join(owners, on="keyword")
        .sort("row", "link_id", "order")
        .group_by("row", "link_id", maintain_order=True)
        .agg(pl.col("keyword").first())
        .collect()
    )


@dataclass
class Pairs:
    """Who is on which link. `pairs`: one row per (enterprise row, link_id), with the
    `code` that matched or null for a keyword-only match; `words`: every keyword match
    (row, link_id, keyword), some of them on pairs matched by code too."""

    pairs: pl.DataFrame
    words: pl.DataFrame

    def described(self) -> pl.DataFrame:
        """The pairs with the keyword of each and `matched_by` in words."""
        return (
            self.pairs.drop("keyword")
            .join(self.words, on=["row", "link_id"], how="left", maintain_order="left")
            .with_columns(matched_by())
        )


def assign(frame: pl.DataFrame, refs: list[LinkRef]) -> Pairs:
    """Code pairs plus the keyword pairs whose firm's code does not already match the
    link. Which keyword pairs those are is found by a join on the small code table
    (distinct codes × links), not on the millions of code pairs."""
    table = code_table(frame, refs)
    digits = _digits(frame)
    codes = digits.join(table, on="digits").select(
        "row", "link_id", "code", pl.lit(None, pl.String).alias("keyword")
    )
    words = _by_keyword(frame, refs)
    only_words = (
        words.with_columns(digits["digits"].gather(words["row"]).alias("digits"))
        .join(table, on=["digits", "link_id"], how="anti")
        .select("row", "link_id", pl.lit(None, pl.String).alias("code"), "keyword")
    )
    return Pairs(pairs=pl.concat([codes, only_words]), words=words)


def matched_by() -> pl.Expr:
    """How a pair was matched, in words: 'code 3484', 'keyword 轴承', 'code 34 + keyword 轴承'."""
    by_code = pl.lit("code ") + pl.col("code")
    by_word = pl.lit("keyword ") + pl.col("keyword")
    return (
        pl.when(pl.col("code").is_null())
        .then(by_word)
        .when(pl.col("keyword").is_null())
        .then(by_code)
        .otherwise(by_code + pl.lit(" + ") + by_word)
        .alias("matched_by")
    )
