"""Ranks from one sort (`permu.ranking`) against polars' own `rank().over()`."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.permu.ranking import ScopeCodes, ScoreOrder, ranks_in_scopes

c = pl.col
# few distinct scores, so ties are common; None is a missing score
scores = st.lists(st.sampled_from([None, 0.0, 1.5, 2.0, 2.0000001, 7.25, -3.0]), max_size=60)


def _frame(values: list[float | None], data: st.DataObject) -> pl.DataFrame:
    n = len(values)
    regions = data.draw(st.lists(st.sampled_from(["甲", "乙", None]), min_size=n, max_size=n))
    groups = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    index = data.draw(st.lists(st.sampled_from([0, 1, 7, None]), min_size=n, max_size=n))
    return pl.DataFrame(
        {"score": values, "region": regions, "above": groups, "index": index},
        schema={"score": pl.Float64, "region": pl.String, "above": pl.Boolean, "index": pl.UInt8},
    )


def _expected(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    over = keys or [pl.lit(0)]
    scored = c("score").is_not_null()
    return frame.select(
        pl.when(scored).then(c("score").rank("min", descending=True).over(over)).alias("rank"),
        pl.when(scored).then(c("score").count().over(over)).alias("size"),
    ).fill_null(-1)


@settings(max_examples=200, deadline=None)
@given(scores, st.data())
def test_ranks_match_polars_in_every_scope(values: list[float | None], data: st.DataObject) -> None:
    frame = _frame(values, data)
    scopes = [[], ["above"], ["region"], ["above", "region"], ["index"], ["index", "region"]]
    ranked = ranks_in_scopes(frame["score"], frame, [(keys, True) for keys in scopes])
    for keys, got in zip(scopes, ranked, strict=True):
        want = _expected(frame, keys)
        for name in ("rank", "size"):
            assert getattr(got, name).tolist() == want[name].to_list(), (keys, name)


def test_ties_share_the_better_rank_and_missing_scores_get_none() -> None:
    frame = pl.DataFrame({"score": [5.0, None, 9.0, 5.0, float("nan"), 1.0]})
    got = ScoreOrder(frame["score"]).within(ScopeCodes(frame, []).of([]), sizes=True)
    assert got.rank.tolist() == [2, -1, 1, 2, -1, 4]
    assert got.size is not None and got.size.tolist() == [4, -1, 4, 4, -1, 4]


def test_codes_are_dense_and_count_nulls_as_a_value() -> None:
    frame = pl.DataFrame({"a": ["x", None, "y", "x", None], "b": [True, True, False, True, True]})
    codes = ScopeCodes(frame, ["a", "b"]).of(["a", "b"])
    assert sorted(set(codes.tolist())) == [0, 1, 2]
    assert codes[0] == codes[3] and codes[1] == codes[4]
    assert len({codes[0], codes[1], codes[2]}) == 3


def test_no_rows() -> None:
    frame = pl.DataFrame({"score": []}, schema={"score": pl.Float64})
    got = ScoreOrder(frame["score"]).within(np.zeros(0, dtype=np.int64), sizes=True)
    assert got.rank.tolist() == []
