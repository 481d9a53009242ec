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
    """(row, link_id, keyword): for each firm and link, one of the link's keywords its
    text names (the first in the keywords' order, where it names several)."""
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
    )  # fmt: skip
    owners = pl.DataFrame(
        [(k, r.id, r.keywords.index(k)) for r in refs for k in r.keywords],
        schema={"keyword": pl.String, "link_id": pl.UInt32, "order": pl.UInt32},
        orient="row",
    ).lazy()
    # the keyword's order in its link, packed with it into one number: a min per pair
    # picks the first keyword without a sort of millions of rows
    position = {k: i for i, k in enumerate(words)}
    rank = pl.col("order") * len(words) + pl.col("keyword").replace_strict(
        position, return_dtype=pl.UInt32
    )
    picked = (
        found.join(owners, on="keyword")
        .group_by("row", "link_id")
        .agg(rank.min().alias("rank"))
        .collect()
    )
    return picked.select(
        "row", "link_id",
        pl.col("rank").mod(len(words)).replace_strict(
            list(range(len(words))), words, return_dtype=pl.String
        ).alias("keyword"),
    )  # fmt: skip


@dataclass
class Pairs:
    """Who is on which link, kept in the form that costs least.

    A firm's code pairs follow from its code alone: `codes` (its code's digits, a row
    per firm) and `table` (digits → links) hold them without listing the millions of
    pairs; `words` holds every keyword match (row, link_id, keyword), and `only_words`
    those on links the firm's code does not already reach. Figures are summed per
    distinct code and added to the keyword-only pairs' (`measures`); the full list is
    made only when asked for (`pairs`, `described`)."""

    table: pl.DataFrame  # digits, link_id, code
    codes: pl.DataFrame  # row, digits
    words: pl.DataFrame  # row, link_id, keyword
    only_words: pl.DataFrame  # row, link_id, keyword

    def pairs(self, rows: list[int] | None = None) -> pl.DataFrame:
        """row, link_id, code (null for a keyword-only pair); of `rows` only, if given."""
        codes, only_words = self.codes, self.only_words
        if rows is not None:
            codes = codes.filter(pl.col("row").is_in(rows))
            only_words = only_words.filter(pl.col("row").is_in(rows))
        by_code = codes.join(self.table, on="digits").select("row", "link_id", "code")
        by_word = only_words.select("row", "link_id", pl.lit(None, pl.String).alias("code"))
        return pl.concat([by_code, by_word])

    def described(self) -> pl.DataFrame:
        """The pairs with the keyword of each (where one matched) and `matched_by`."""
        return (
            self.pairs()
            .join(self.words, on=["row", "link_id"], how="left", maintain_order="left")
            .with_columns(matched_by())
        )


def assign(frame: pl.DataFrame, refs: list[LinkRef]) -> Pairs:
    """Code matches as (digits → links), keyword matches as pairs; which keyword pairs
    a code already covers is found by a join on the small code table."""
    table = code_table(frame, refs)
    digits = _digits(frame)
    words = _by_keyword(frame, refs)
    only_words = (
        words.with_columns(digits["digits"].gather(words["row"]).alias("digits"))
        .join(table, on=["digits", "link_id"], how="anti")
        .select("row", "link_id", "keyword")
    )
    return Pairs(table=table, codes=digits, words=words, only_words=only_words)


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
