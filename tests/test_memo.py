"""The memo behind the web app's caches: one computation per key, bounded size."""

from __future__ import annotations

import threading
import time

import pytest

from planwatch.memo import Memo


def test_threads_asking_together_share_one_computation() -> None:
    memo: Memo[int] = Memo(4)
    calls: list[int] = []

    def make() -> int:
        calls.append(1)
        time.sleep(0.05)
        return 42

    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(memo.get("k", make)))
               for _ in range(8)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [42] * 8 and len(calls) == 1


def test_least_recently_used_goes_first_and_invalid_entries_are_remade() -> None:
    memo: Memo[str] = Memo(2)
    memo.get("a", lambda: "A")
    memo.get("b", lambda: "B")
    memo.get("a", lambda: "again")  # a is used: b is now the oldest
    memo.get("c", lambda: "C")
    assert memo.get("a", lambda: "new") == "A"
    assert memo.get("b", lambda: "new") == "new"
    assert memo.get("a", lambda: "remade", valid=lambda v: v != "A") == "remade"


def test_a_failed_computation_is_not_kept() -> None:
    memo: Memo[int] = Memo(2)

    def fail() -> int:
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        memo.get("k", fail)
    assert memo.get("k", lambda: 1) == 1
