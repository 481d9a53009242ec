"""Levels month by month with hysteresis, so a list does not flicker.

An enterprise's level rises at once to what its rules give; it falls only after
`hysteresis` months in a row below its level, and then to what the rules give that
month. A month it did not report changes nothing (no news is not good news): its
level is kept, and its status that month is 'missing'. Everything is whole-column
numpy, one step per month of the history (12 by default), whatever the number of
enterprises.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Levels:
    level: np.ndarray  # (enterprises, months): 0 green … 3 red, as held
    since: np.ndarray  # (enterprises, months): the month index (in the history) it began
    below: np.ndarray  # (enterprises,): months in a row below the level, at the last month


def held(raw: np.ndarray, reported: np.ndarray, hysteresis: int) -> Levels:
    """`raw`: the level the rules give each enterprise each month (0–3), `reported`:
    whether it reported that month; both (enterprises, months)."""
    n, months = raw.shape
    level = np.zeros((n, months), dtype=np.int8)
    since = np.zeros((n, months), dtype=np.int32)
    current = np.zeros(n, dtype=np.int8)
    start = np.zeros(n, dtype=np.int32)
    below = np.zeros(n, dtype=np.int32)
    for t in range(months):
        r, seen = raw[:, t], reported[:, t]
        up = seen & (r >= current)
        down = seen & (r < current)
        below = np.where(down, below + 1, np.where(up, 0, below))
        fall = down & (below >= hysteresis)
        new = np.where(up | fall, r, current).astype(np.int8)
        start = np.where(new != current, t, start)
        below = np.where(fall, 0, below)
        current = new
        level[:, t] = current
        since[:, t] = start
    return Levels(level=level, since=since, below=below)


def missing_since(reported: np.ndarray) -> np.ndarray:
    """Per enterprise, the first month of the run of unreported months that ends the
    history (the history's length where the last month was reported)."""
    months = reported.shape[1]
    last_seen = np.where(reported.any(axis=1),
                         months - 1 - np.argmax(reported[:, ::-1], axis=1), -1)  # fmt: skip
    return last_seen + 1
