"""A table row cut by a page break where the producer draws no rule at the cut.

Chromium lets a row run over the page break without closing its cells at the foot of
the first page (and closes the rest on the next); a producer may equally leave the
rest open at the head of the next page. The open halves of the row are then text
outside any ruled table, under the table's last row or above the next page's first.
Such text may be the row's when it lies in the table's columns (every run of
characters inside one column, as cell text does; a paragraph runs across them) and
nothing but page furniture lies beyond it on its side of the table. Layout keeps the
characters next to the tables (`PageLayout.edge_chars`); once the running header,
page number and footnotes are gone, `mark_open_rows` notes the candidate row on the
table, and the join of a table with its continuation on the next page
(`pdf.join_continued`) takes it as the row the break cut and drops its lines."""

from __future__ import annotations

from bisect import bisect_right
from itertools import pairwise
from operator import itemgetter

from planwatch.ingest.readers.pdf_layout import (
    CELL_PADDING,
    CellLines,
    Char,
    PageLayout,
    PageTable,
    cell_text,
    group_lines,
)
from planwatch.ingest.readers.txt_tables import CAPTION_START, NOTE_START, UNIT_LINE
from planwatch.models import Cell

GAP = 0.6  # font sizes between two characters that are two runs, not one word
SLACK = 2.0  # points a character may overhang the table's outer edges


def _column(xs: list[float], x: float) -> int:
    return bisect_right(xs, x) - 1


def _in_columns(chars: list[Char], xs: list[float]) -> bool:
    """Does every run of characters (no gap wider than `GAP` sizes) stay in one column?"""
    rows: dict[int, list[Char]] = {}
    for ch in chars:
        rows.setdefault(round((ch["top"] + ch["bottom"]) / 2), []).append(ch)
    for row in rows.values():
        row.sort(key=itemgetter("x0"))
        start = row[0]
        for prev, ch in pairwise(row):
            if ch["x0"] - prev["x1"] > GAP * max(ch["size"], 1.0):
                start = ch
            elif _column(xs, (start["x0"] + start["x1"]) / 2) != _column(
                xs, (ch["x0"] + ch["x1"]) / 2
            ):
                return False  # one run across a column edge: a paragraph, not cells
    return True


def _row(table: PageTable, chars: list[Char], row: int) -> list[Cell]:
    """The characters as one row of `table`: each column's text, a cell per column."""
    xs = table.xs
    by_col: dict[int, list[Char]] = {}
    for ch in chars:
        col = min(max(_column(xs, (ch["x0"] + ch["x1"]) / 2), 0), len(xs) - 2)
        by_col.setdefault(col, []).append(ch)
    cells = []
    for c in range(len(xs) - 1):
        width = xs[c + 1] - xs[c]
        lines = group_lines(by_col.get(c, []), table.page)
        cell = Cell(text=cell_text(lines, width), row=row, col=c, page=table.page)
        if lines:
            last = lines[-1]
            room = width - 2 * CELL_PADDING
            table.lines[id(cell)] = CellLines(room, last.x1 - last.x0, lines[0].lead)
        cells.append(cell)
    return cells


def _fits(table: PageTable, ch: Char) -> bool:
    return table.xs[0] - SLACK <= ch["x0"] and ch["x1"] <= table.xs[-1] + SLACK


def _kept(page: PageLayout) -> list[Char]:
    """The page's edge characters that belong to lines still on the page, the running
    header, page number and footnotes gone."""
    out = []
    for ch in page.edge_chars:
        mid = (ch["top"] + ch["bottom"]) / 2
        if any(
            ln.top <= mid <= ln.bottom and ln.x0 - 1 <= ch["x0"] and ch["x1"] <= ln.x1 + 1
            for ln in page.lines
        ):
            out.append(ch)
    return out


def _worded_as_other(chars: list[Char], page: int) -> bool:
    """Does the text start as a caption, 续表, unit line or note does? Then it is not
    half a row, however well it fits the columns."""
    lines = group_lines(chars, page)
    text = lines[0].text if lines else ""
    return bool(CAPTION_START.match(text) or NOTE_START.match(text) or UNIT_LINE.match(text))


def _could_be_row(table: PageTable, chars: list[Char]) -> bool:
    return (
        bool(chars)
        and all(_fits(table, c) for c in chars)
        and _in_columns(chars, table.xs)
        and not _worded_as_other(chars, table.page)
    )


def mark_open_rows(page: PageLayout) -> None:
    """Note on the lowest table the text under it, and on the highest the text above
    it, when that text could be the half of a row cut by the page (`PageTable.foot`,
    `.head`). Whether it is one is decided when the tables of two pages are joined.
    Run after page furniture is dropped from the page's lines."""
    if not page.tables or not page.edge_chars:
        return
    chars = _kept(page)
    last = max(page.tables, key=lambda t: t.bbox[3])
    below = [c for c in chars if c["top"] >= last.bbox[3] - 1]
    if _could_be_row(last, below):
        last.foot = _row(last, below, len(last.rows))
        last.foot_top = min(c["top"] for c in below) - 1
    first = min(page.tables, key=lambda t: t.bbox[1])
    above = [c for c in chars if c["bottom"] <= first.bbox[1] + 1]
    if _could_be_row(first, above):
        first.head = _row(first, above, 0)
        first.head_bottom = max(c["bottom"] for c in above) + 1
