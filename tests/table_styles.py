"""Build `Table` blocks from one spec in the two shapes readers give.

Rows use the spec's markers: "<" merges a cell into its left neighbour, "^" into
the cell above. `flat` gives what the text reader makes of flattened Word text
(a horizontally covered cell is missing, a vertically covered one is empty);
`grid` gives what the .docx and PDF readers make (every cell present, covered
ones merged=True and empty, spans on the origin cell). Extractors must read both
the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from planwatch.models import Block, Cell, Document, Table
from tests.writers.spec import LEFT, UP, spans

Rows = list[list[str]]


def flat(rows: Rows, caption: str | None = None, notes: list[str] | None = None) -> Table:
    out: list[list[Cell]] = []
    line = 10
    for r, row in enumerate(rows):
        cells: list[Cell] = []
        for text in row:
            if text == LEFT:
                continue
            value = "" if text == UP else text
            cells.append(Cell(text=value, row=r, col=len(cells), line=line))
            line += 1 + value.count("\n")
        out.append(cells)
        line += 1
    return Table(caption=caption, rows=out, notes=list(notes or []))


def grid(rows: Rows, caption: str | None = None, notes: list[str] | None = None) -> Table:
    out: list[list[Cell]] = []
    sp = spans(rows)
    for r, row in enumerate(rows):
        cells: list[Cell] = []
        for c, text in enumerate(row):
            span = sp[r][c]
            if span is None:
                cells.append(Cell(text="", row=r, col=c, merged=True, page=1))
            else:
                rs, cs = span
                cells.append(Cell(text=text, row=r, col=c, rowspan=rs, colspan=cs, page=1))
        out.append(cells)
    return Table(caption=caption, rows=out, notes=list(notes or []))


STYLES: dict[str, Callable[..., Table]] = {"flat": flat, "grid": grid}


def document(*blocks: Block) -> Document:
    return Document(name="示例", path="示例.txt", format="txt", blocks=list(blocks))
