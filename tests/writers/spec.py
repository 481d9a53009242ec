"""A plan described as data: headings, paragraphs, tables with merged cells.

In a table row, the string "<" marks a cell merged into its left neighbour and
"^" a cell merged into the cell above; every row has one entry per grid column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LEFT = "<"
UP = "^"


@dataclass
class H:
    text: str
    level: int = 1


@dataclass
class P:
    text: str


@dataclass
class T:
    rows: list[list[str]]
    caption: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Plan:
    blocks: list[H | P | T]
    title: str = ""


def spans(rows: list[list[str]]) -> list[list[tuple[int, int] | None]]:
    """(rowspan, colspan) of each origin cell; None for covered cells."""
    n = len(rows)
    out: list[list[tuple[int, int] | None]] = []
    for r, row in enumerate(rows):
        line: list[tuple[int, int] | None] = []
        for c, text in enumerate(row):
            if text in (LEFT, UP):
                line.append(None)
                continue
            cs = 1
            while c + cs < len(row) and row[c + cs] == LEFT:
                cs += 1
            rs = 1
            while r + rs < n and rows[r + rs][c] == UP:
                rs += 1
            line.append((rs, cs))
        out.append(line)
    return out


def header_rows(rows: list[list[str]], wanted: int = 1) -> int:
    """`wanted` header rows and the rows their cells span into (序号 over two rows)."""
    end = wanted
    for r, line in enumerate(spans(rows)[:wanted]):
        end = max([end, *(r + span[0] for span in line if span is not None)])
    return end
