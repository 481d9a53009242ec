"""Word tables as full grids of `Cell`s, merges resolved.

Word stores a horizontal merge as one `w:tc` with `w:gridSpan`, a vertical one as
a column of cells marked `w:vMerge` (restart on the first, continue below), and
old files a horizontal one as `w:hMerge`. Every grid position becomes a `Cell`:
the merge's origin carries the text and its rowspan/colspan, each position it
covers an empty cell with merged=True, so every row has the table's full width.

Rows left empty (no text in any cell, as Word tables often end) are dropped, as
the text reader drops them, so both readers give the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml.etree import _Element

from planwatch.ingest.readers.docx_xml import TC, TR, Ordinals, cell_text, child_val, children
from planwatch.models import Cell


@dataclass
class _CellXml:
    text: str
    line: int | None
    span: int
    vmerge: str | None  # "restart", "continue" or None
    hmerge: str | None


@dataclass
class _Grid:
    """Cells by row, and for every position the origin cell it belongs to."""

    rows: list[list[Cell]] = field(default_factory=list)
    owner: list[list[Cell]] = field(default_factory=list)


def _int(value: str | None, default: int) -> int:
    try:
        return max(int(value), 0) if value else default
    except ValueError:
        return default


def _merge(value: str | None) -> str | None:
    # A bare <w:vMerge/> continues the merge above: the attribute defaults to continue.
    return None if value is None else (value or "continue")


def _cell_xml(tc: _Element, ordinals: Ordinals) -> _CellXml:
    tc_pr = tc.find(qn("w:tcPr"))
    text, line = cell_text(tc, ordinals)
    span = _int(child_val(tc_pr, "w:gridSpan"), 1) or 1
    vmerge = _merge(child_val(tc_pr, "w:vMerge"))
    return _CellXml(text, line, span, vmerge, _merge(child_val(tc_pr, "w:hMerge")))


def _covered(origin: Cell, r: int, c: int) -> Cell:
    return Cell(text="", row=r, col=c, merged=True, line=origin.line)


class _GridBuilder:
    """Places the cells of each row, tracking vertical merges still open per column."""

    def __init__(self) -> None:
        self.grid = _Grid()
        self.open: dict[int, Cell] = {}

    def add_row(self, tr: _Element, ordinals: Ordinals) -> None:
        r = len(self.grid.rows)
        row: list[Cell] = []
        owner: list[Cell] = []
        tr_pr = tr.find(qn("w:trPr"))
        self._blank(row, owner, r, _int(child_val(tr_pr, "w:gridBefore"), 0))
        continued: set[int] = set()
        for tc in children(tr, TC):
            x = _cell_xml(tc, ordinals)
            c = len(row)
            if x.vmerge == "continue" and c in self.open:
                origin = self.open[c]
                origin.rowspan = r - origin.row + 1
                continued.add(c)
                self._cover(row, owner, origin, r, x.span)
            elif x.hmerge == "continue" and owner and owner[-1].row == r:
                origin = owner[-1]
                origin.colspan += x.span
                self._cover(row, owner, origin, r, x.span)
            else:
                cell = Cell(text=x.text, row=r, col=c, colspan=x.span, line=x.line)
                row.append(cell)
                owner.append(cell)
                self._cover(row, owner, cell, r, x.span - 1)
                if x.vmerge == "restart":
                    self.open[c] = cell
                    continued.add(c)
        self._blank(row, owner, r, _int(child_val(tr_pr, "w:gridAfter"), 0))
        self.open = {c: o for c, o in self.open.items() if c in continued}
        self.grid.rows.append(row)
        self.grid.owner.append(owner)

    @staticmethod
    def _cover(row: list[Cell], owner: list[Cell], origin: Cell, r: int, n: int) -> None:
        for _ in range(n):
            row.append(_covered(origin, r, len(row)))
            owner.append(origin)

    @staticmethod
    def _blank(row: list[Cell], owner: list[Cell], r: int, n: int) -> None:
        for _ in range(n):
            cell = Cell(text="", row=r, col=len(row))
            row.append(cell)
            owner.append(cell)


def _pad(grid: _Grid) -> None:
    """Short rows (ragged tables) get empty cells up to the widest row."""
    width = max((len(r) for r in grid.rows), default=0)
    for r, (row, owner) in enumerate(zip(grid.rows, grid.owner, strict=True)):
        while len(row) < width:
            cell = Cell(text="", row=r, col=len(row))
            row.append(cell)
            owner.append(cell)


def _drop_row(grid: _Grid, r: int) -> None:
    """Remove an empty row; merges through it shrink, one starting in it moves down."""
    seen: set[int] = set()
    for c, origin in enumerate(grid.owner[r]):
        if id(origin) in seen:
            continue
        seen.add(id(origin))
        if origin.row < r:
            origin.rowspan -= 1
        elif origin.rowspan > 1 and r + 1 < len(grid.rows):
            _promote(grid, origin, r + 1, c)
    del grid.rows[r]
    del grid.owner[r]


def _promote(grid: _Grid, origin: Cell, r: int, c: int) -> None:
    """The covered cell below an empty origin becomes the merge's origin."""
    new = Cell(
        text=origin.text,
        row=r,
        col=c,
        rowspan=origin.rowspan - 1,
        colspan=origin.colspan,
        line=grid.rows[r][c].line,
    )
    grid.rows[r][c] = new
    for rr in range(r, min(r + new.rowspan, len(grid.rows))):
        for cc in range(c, c + new.colspan):
            if grid.owner[rr][cc] is origin:
                grid.owner[rr][cc] = new


def _renumber(rows: list[list[Cell]]) -> None:
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            cell.row, cell.col = r, c


def table_rows(tbl: _Element, ordinals: Ordinals) -> list[list[Cell]]:
    """The table's full grid, empty rows dropped."""
    builder = _GridBuilder()
    for tr in children(tbl, TR):
        builder.add_row(tr, ordinals)
    grid = builder.grid
    _pad(grid)
    for r in reversed(range(len(grid.rows))):
        if not any(c.text.strip() for c in grid.rows[r]):
            _drop_row(grid, r)
    _renumber(grid.rows)
    return grid.rows
