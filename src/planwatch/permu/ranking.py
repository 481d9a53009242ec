"""Ranks of the total score in several scopes (overall, within industry, within
region) from one sort.

Ranking a million scores costs one sort each (55–85 ms on two cores); ranking
the same scores within three scopes with `rank().over(...)` sorts three times,
and counting each scope for grading costs a fourth pass. Here the scores are
sorted once; each scope then only needs a stable counting sort of small integer
scope codes (radix, linear time), which keeps every scope's rows in score
order, and a few linear passes find where each scope and each tie starts and
ends.

Ranks follow the published convention: ties share the better rank
(1, 2, 2, 4). Missing (null or NaN) scores get no rank.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import polars as pl

RADIX_LIMIT = 1 << 16  # numpy sorts 16-bit integers stably by radix


@dataclass(frozen=True)
class ScopeRanks:
    """Per row (in the frame's order; -1 where the score is missing)."""

    rank: np.ndarray  # 1 + how many in the scope score strictly higher
    size: np.ndarray | None = None  # how many rows of the scope have a score


class ScopeCodes:
    """Dense integer codes (0 … k-1) of combinations of a frame's columns, nulls
    included; each column is coded once however many scopes use it."""

    def __init__(self, frame: pl.DataFrame, columns: list[str]) -> None:
        self.height = frame.height
        # one select: polars codes the text columns side by side on the cores
        raw = frame.select(_raw_codes(x, frame.schema[x]) for x in columns)
        self.columns = {x: _dense_ints(_filled(raw[x])) for x in columns}

    def of(self, keys: list[str]) -> np.ndarray:
        code, seen = np.zeros(self.height, dtype=np.int64), 1
        for key in keys:
            local, count = self.columns[key]
            code, seen = _dense_ints(code * count + local) if seen > 1 else (local, count)
        # 16-bit codes when they fit: a quarter of the memory traffic of the gather by
        # score order, and numpy sorts them by radix
        return code.astype(np.uint16) if seen <= RADIX_LIMIT else code


def _raw_codes(name: str, dtype: pl.DataType) -> pl.Expr:
    """Integer codes of a column, null where it is null."""
    column = pl.col(name)
    if dtype.is_integer():
        return column.cast(pl.Int64) - column.min()  # non-negative
    if dtype == pl.Boolean:
        return column.cast(pl.UInt8)
    return column.cast(pl.String).cast(pl.Categorical).to_physical()  # a hash per value


def _filled(raw: pl.Series) -> np.ndarray:
    """Non-negative codes, null as one more code."""
    if raw.null_count():
        top = raw.max()
        raw = raw.fill_null(0 if top is None else int(top) + 1)  # type: ignore[arg-type]
    return raw.to_numpy()


def _dense_ints(values: np.ndarray) -> tuple[np.ndarray, int]:
    if len(values) == 0:
        return values, 1
    top = int(values.max())
    if top < 4 * len(values):  # a lookup table is cheaper than sorting
        present = np.flatnonzero(np.bincount(values))
        table = np.zeros(top + 1, dtype=np.int64)
        table[present] = np.arange(len(present))
        return table[values], len(present)
    uniques, local = np.unique(values, return_inverse=True)
    return local.astype(np.int64), len(uniques)


def _index_type(n: int) -> type[np.signedinteger]:
    """32-bit positions when they fit: half the memory traffic of every pass."""
    return np.int32 if n < np.iinfo(np.int32).max else np.int64


class ScoreOrder:
    """The rows with a score, sorted once from the highest score down."""

    def __init__(self, score: pl.Series) -> None:
        score = score.cast(pl.Float64).fill_nan(None)
        order = score.arg_sort(descending=True, nulls_last=True).to_numpy()
        self.height = len(score)
        # frame row of each sorted position, rows without a score left out
        self.rows = order[: self.height - score.null_count()].astype(_index_type(self.height))
        # the same values as gathering by `rows`, but read in order, not at random
        self.sorted = np.sort(score.drop_nulls().to_numpy())[::-1]

    def within(self, codes: np.ndarray, sizes: bool = False) -> ScopeRanks:
        """Ranks inside each scope given by `codes` (one dense code per frame row);
        with `sizes` also the size of each row's scope."""
        scope, score, rows = codes[self.rows], self.sorted, self.rows
        if len(scope) and scope.max() > 0:
            by_scope = np.argsort(scope, kind="stable")  # keeps score order inside a scope
            scope, score, rows = scope[by_scope], score[by_scope], rows[by_scope]
        new_scope = _starts(scope)
        new_tie = new_scope | _starts(score)
        at = np.arange(len(rows), dtype=rows.dtype)
        first_of_scope = _carry_forward(new_scope, at)
        rank = _carry_forward(new_tie, at) - first_of_scope + 1
        if not sizes:
            return ScopeRanks(self._to_frame_order(rows, rank))
        size = _carry_back(_ends(new_scope), at) - first_of_scope + 1
        return ScopeRanks(*(self._to_frame_order(rows, x) for x in (rank, size)))

    def _to_frame_order(self, rows: np.ndarray, values: np.ndarray) -> np.ndarray:
        out = np.full(self.height, -1, dtype=values.dtype)
        out[rows] = values
        return out


def _starts(values: np.ndarray) -> np.ndarray:
    """True where a value differs from the one before (and at the first)."""
    flags = np.ones(len(values), dtype=bool)
    np.not_equal(values[1:], values[:-1], out=flags[1:])
    return flags


def _ends(starts: np.ndarray) -> np.ndarray:
    """True at the last element of each run whose starts are `starts`."""
    flags = np.ones(len(starts), dtype=bool)
    flags[:-1] = starts[1:]
    return flags


def _carry_forward(flags: np.ndarray, at: np.ndarray) -> np.ndarray:
    """At each position, the index of the latest flagged position at or before it."""
    return np.maximum.accumulate(np.where(flags, at, 0))


def _carry_back(flags: np.ndarray, at: np.ndarray) -> np.ndarray:
    """At each position, the index of the nearest flagged position at or after it."""
    marked = np.where(flags, at, len(at))[::-1]
    return np.minimum.accumulate(marked)[::-1]


def ranks_in_scopes(
    score: pl.Series, frame: pl.DataFrame, scopes: list[tuple[list[str], bool]]
) -> list[ScopeRanks]:
    """`ScoreOrder.within` for each (columns of the scope, sizes) pair. numpy lets go
    of the interpreter lock in its sorts and passes, so the scopes are ranked side by
    side on the cores, and the scope columns are coded while the scores are sorted."""
    columns = list(dict.fromkeys(x for keys, _ in scopes for x in keys))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        coding = pool.submit(ScopeCodes, frame, columns)
        order = ScoreOrder(score)
        codes = coding.result()
        work = [pool.submit(order.within, codes.of(keys), sizes) for keys, sizes in scopes]
        return [w.result() for w in work]
