"""Tables drawn with no rules at all: text set in columns.

Some plans lay a table out with tab stops, or with a table whose borders were all
turned off; the PDF then holds only text. Such a table shows as a run of lines
whose words leave wide gaps (`WIDE` font sizes or more) at the same places on
every line: the gaps no word crosses on any line of the run are the column
boundaries. A run becomes a table when it has `MIN_ROWS` lines of `MIN_COLUMNS`
columns or more and digits in several of them; its cells are then built as a
三线表's are (`pdf_rules._grid`: wrapped lines joined, rows by overlapping cells).
Running text never leaves such gaps, so paragraphs are left alone; where the
columns do not line up, nothing is changed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import pairwise

from planwatch.ingest.readers.pdf_layout import WIDE_GAP, BBox, Char, PageTable, center_in
from planwatch.ingest.readers.pdf_rules import _grid, _rows_with_cells
from planwatch.ingest.readers.txt import looks_like_caption

WIDE = WIDE_GAP  # a gap this many font sizes wide separates columns
MIN_ROWS = 3
MIN_COLUMNS = 3
NEXT_LINE = 2.5  # lines further apart than this many sizes end a run
MAX_HEADER_LINES = 3  # lines above a run's first full line taken as its header
_DIGIT = re.compile(r"\d")

Segment = tuple[float, float]  # x0, x1 of a run of characters without a wide gap


class _Row:
    """One text line's characters and the segments the wide gaps cut it into."""

    def __init__(self, chars: list[Char]) -> None:
        self.chars = sorted(chars, key=lambda c: c["x0"])
        self.top = min(c["top"] for c in chars)
        self.bottom = max(c["bottom"] for c in chars)
        self.size = max(max(c["size"] for c in chars), 1.0)
        self.segments: list[Segment] = []
        for ch in self.chars:
            if ch["text"].isspace():
                continue
            if self.segments and ch["x0"] - self.segments[-1][1] < WIDE * self.size:
                self.segments[-1] = (self.segments[-1][0], max(self.segments[-1][1], ch["x1"]))
            else:
                self.segments.append((ch["x0"], ch["x1"]))
        self.text = "".join(c["text"] for c in self.chars)


def _rows(chars: list[Char]) -> list[_Row]:
    """Upright characters into lines, top to bottom (middles within half a size)."""
    rows: list[list[Char]] = []
    mid = 0.0
    for ch in sorted((c for c in chars if c.get("upright", True)), key=lambda c: c["top"]):
        m = (ch["top"] + ch["bottom"]) / 2
        if rows and abs(m - mid) <= 0.5 * max(ch["size"], 1.0):
            rows[-1].append(ch)
        else:
            rows.append([ch])
            mid = m
    return [_Row(r) for r in rows if any(not c["text"].isspace() for c in r)]


def _crosses(row: _Row, x: float) -> bool:
    return any(x0 < x < x1 for x0, x1 in row.segments)


def _full(rows: list[_Row]) -> list[_Row]:
    return [r for r in rows if len(r.segments) >= MIN_COLUMNS]


def _rivers(rows: list[_Row]) -> list[float]:
    """Column boundaries: gaps between segments that recur at one place and that at most
    a quarter of the run's full rows cross (a merged cell may)."""
    full = _full(rows)
    size = max((r.size for r in full), default=1.0)
    gaps = sorted((a[1] + b[0]) / 2 for r in full for a, b in pairwise(r.segments))
    clusters: list[list[float]] = []
    for x in gaps:
        if clusters and x - clusters[-1][-1] <= size:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    kept = []
    for cluster in clusters:
        x = cluster[len(cluster) // 2]
        crossed = sum(_crosses(r, x) for r in full)
        if crossed <= len(full) // 4:
            kept.append((x, crossed))
    return _without_empty_columns(kept, rows)


def _without_empty_columns(rivers: list[tuple[float, int]], rows: list[_Row]) -> list[float]:
    """Of two boundaries with no text starting between them (short names end well before
    a long one does), the one fewer rows cross."""
    starts = sorted(s[0] for r in rows for s in r.segments)
    out: list[tuple[float, int]] = []
    for x, crossed in rivers:
        if out and not any(out[-1][0] < a < x for a in starts):
            if crossed < out[-1][1]:
                out[-1] = (x, crossed)
            continue
        out.append((x, crossed))
    return [x for x, _ in out]


def _fits(row: _Row, rivers: list[float]) -> bool:
    """Does `row` belong with a run of these columns: across one boundary at most?"""
    return sum(_crosses(row, x) for x in rivers) <= 1


def _runs(rows: list[_Row]) -> list[list[_Row]]:
    """Runs of lines close together with `MIN_COLUMNS` parts or more, with the lines
    between and just above them that fit their columns (a wrapped name, a header)."""
    runs: list[list[_Row]] = []
    current: list[_Row] = []
    before: list[_Row] = []  # close lines above a run's first full line

    def flush() -> None:
        if _tabular(current):
            rivers = _rivers(current)
            above = []
            for row in reversed(before[-MAX_HEADER_LINES:]):
                if looks_like_caption(row.text) or not _fits(row, rivers):
                    break  # the caption, or running text, above the table
                above.insert(0, row)
            runs.append([*above, *current])

    for row in rows:
        last = current[-1] if current else (before[-1] if before else None)
        if last is None or row.top - last.bottom >= NEXT_LINE * row.size:
            flush()
            current, before = [], []
        if (len(row.segments) >= MIN_COLUMNS and (not current or _fits(row, _rivers(current)))) or (
            current and _fits(row, _rivers(current))
        ):
            current.append(row)
        else:
            flush()
            current, before = [], [*before, row] if not current else [row]
    flush()
    return runs


def _tabular(run: list[_Row]) -> bool:
    """Enough full lines with digits, columns, and no more part lines than full ones:
    where cells are centred over several lines (merged rows), lines without rules do not
    show where a row ends, and the run is left as text rather than guessed."""
    full = _full(run)
    numeric = sum(1 for r in full if _DIGIT.search(r.text))
    return (
        len(full) >= MIN_ROWS
        and numeric >= 2
        and len(run) - len(full) <= len(full)
        and len(_rivers(run)) >= MIN_COLUMNS - 1
    )


def _placed(run: list[_Row], xs: list[float]) -> dict[int, int]:
    """The characters of segments that cross a column boundary (a merged cell, a header
    over two columns), all put in the column where their segment starts."""
    out: dict[int, int] = {}
    inner = xs[1:-1]
    for row in run:
        for x0, x1 in row.segments:
            if any(x0 < x < x1 for x in inner):
                col = bisect_right(xs, x0) - 1
                for ch in row.chars:
                    if x0 <= ch["x0"] and ch["x1"] <= x1:
                        out[id(ch)] = min(max(col, 0), len(xs) - 2)
    return out


def aligned_tables(chars: list[Char], number: int) -> list[PageTable]:
    """The tables `chars` (a page's characters outside its ruled tables) set in columns."""
    out = []
    for run in _runs(_rows(chars)):
        left = min(s[0] for r in run for s in r.segments)
        right = max(s[1] for r in run for s in r.segments)
        bbox: BBox = (left - 1, run[0].top - 1, right + 1, run[-1].bottom + 1)
        xs = [bbox[0], *_rivers(run), bbox[2]]
        inside = [c for c in chars if center_in(c, bbox)]
        table = _grid(inside, xs, bbox, number, _placed(run, xs))
        if table is not None and _rows_with_cells(table) >= MIN_ROWS:
            out.append(table)
    return out
