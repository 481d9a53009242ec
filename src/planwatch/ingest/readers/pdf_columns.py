"""Column boundaries of a table with no rules between its columns (a 三线表), from the
room its text leaves.

Inside such a table each text line crosses the row's cells; one cell's text is a run
of characters no further apart than a space (`RUN_GAP`), and the cells of a line
stand apart by their padding at least. Laid over each other, the lines leave free
the gaps between columns: x positions that no run of any line covers. A cell merged
over two columns, or a header over a 2020 and a 2025 column, covers a gap in a few
lines (`_allowed`); where no x is free, the one the fewest lines cover is the gap.
Each free stretch between text is one boundary, at its middle, so that a
character's middle falls in its own column.

This replaces pdfplumber's text strategy, which lines columns up on words that
share a left edge, right edge or centre: a merged cell then hides the column it
reaches over, and wrapped lines of like text line up inside one column.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import groupby, pairwise

from planwatch.ingest.readers.pdf_layout import BBox, Char

RUN_GAP = 0.7  # font sizes: characters closer than this are one run (a space is 0.6 at most)

Run = tuple[float, float]
Piece = tuple[float, float, int]  # a stretch of x and how many lines cover it


def _lines(chars: list[Char]) -> list[list[Char]]:
    """Upright characters into lines (middles within half a size), left to right."""
    lines: list[list[Char]] = []
    mid = 0.0
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if ch["text"].isspace() or not ch.get("upright", True):
            continue
        m = (ch["top"] + ch["bottom"]) / 2
        if lines and abs(m - mid) <= 0.5 * max(ch["size"], 1.0):
            lines[-1].append(ch)
        else:
            lines.append([ch])
            mid = m
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def _runs(line: list[Char]) -> list[list[Char]]:
    """A line's characters cut where they stand wider apart than a space."""
    runs: list[list[Char]] = []
    for ch in line:
        if runs and ch["x0"] - max(c["x1"] for c in runs[-1]) < RUN_GAP * max(ch["size"], 1.0):
            runs[-1].append(ch)
        else:
            runs.append([ch])
    return runs


def _extent(run: list[Char]) -> Run:
    return run[0]["x0"], max(c["x1"] for c in run)


def _line_runs(chars: list[Char]) -> list[list[Run]]:
    """Each line's runs as their extents."""
    return [[_extent(run) for run in _runs(line)] for line in _lines(chars)]


def placed(chars: list[Char], xs: list[float]) -> dict[int, int]:
    """The characters of runs that reach over a column boundary (a cell merged across
    columns, a header over two), all put in the column the run starts in (by id)."""
    out: dict[int, int] = {}
    inner = xs[1:-1]
    for line in _lines(chars):
        for run in _runs(line):
            x0, x1 = _extent(run)
            if any(x0 < x < x1 for x in inner):
                col = min(max(bisect_right(xs, x0) - 1, 0), len(xs) - 2)
                out.update((id(ch), col) for ch in run)
    return out


def _allowed(lines: int) -> int:
    """Lines that may cover a gap between columns (merged cells): a quarter, one at least."""
    return max(1, lines // 4)


def _coverage(lines: list[list[Run]]) -> list[Piece]:
    """The x axis cut at every run's ends: (x0, x1, lines whose runs cover it)."""
    cuts = sorted({x for runs in lines for run in runs for x in run})
    out = []
    for a, b in pairwise(cuts):
        if b - a <= 0:
            continue
        covered = sum(1 for runs in lines if any(x0 <= a and b <= x1 for x0, x1 in runs))
        out.append((a, b, covered))
    return out


def _middle(part: list[Piece]) -> float:
    return (part[0][0] + part[-1][1]) / 2


def column_bounds(chars: list[Char], bbox: BBox) -> list[float] | None:
    """Column boundaries of the table in `bbox` (its outer edges included), if its
    text makes two columns or more."""
    lines = _line_runs(chars)
    if not lines:
        return None
    allowed = _allowed(len(lines))
    pieces = _coverage(lines)
    bounds: list[float] = []
    # every free stretch is a gap: the pieces run from the first text to the last
    for free, part in groupby(pieces, key=lambda p: p[2] == 0):
        if free:
            bounds.append(_middle(list(part)))
    # a stretch that only merged cells cover, between text on both sides: the least
    # covered part of it
    groups = [(low, list(part)) for low, part in groupby(pieces, key=lambda p: p[2] <= allowed)]
    for k, (low, part) in enumerate(groups):
        inner = 0 < k < len(groups) - 1
        if low and inner and all(p[2] > 0 for p in part):
            least = min(p[2] for p in part)
            bounds.append(_middle([next(p for p in part if p[2] == least)]))
    xs = [bbox[0], *sorted(x for x in bounds if bbox[0] < x < bbox[2]), bbox[2]]
    return xs if len(xs) >= 3 else None
