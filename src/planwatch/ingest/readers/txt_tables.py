"""Rebuild tables from text flattened out of Word.

The converter writes each cell on a line that starts with a tab, further lines of
the cell without one, and a blank line after each row. Merged cells leave traces
only: a vertically merged cell is an empty cell, a horizontally merged cell is
simply missing. Word paragraphs inside a cell can also leave blank lines, so a
blank line does not always end a row: a short line that follows a blank and is
itself followed by more cells continues the last cell, and a row cut short by a
blank line is glued to the next when together they fill the table's width.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from planwatch.ingest.headings import heading_parts
from planwatch.ingest.tables import is_seq

CAPTION_START = re.compile(
    r"^\s*(续表|续|表\s*[0-9０-９一二三四五六七八九十]|附表|附件|图\s*\d|专栏)"
)
UNIT_LINE = re.compile(r"^\s*[（(]?\s*(单位|计量单位)\s*[:：]")
PAGE_NUMBER = re.compile(r"^\s*[-—–]?\s*\d{1,4}\s*[-—–]?\s*$|^\s*第\s*\d+\s*页")
NOTE_START = re.compile(r"^\s*(注|备注|说明|资料来源|数据来源)\s*[0-9０-９]?\s*[:：]")
MAX_CONTINUATION_CHARS = 24


@dataclass
class RawCell:
    lines: list[str]
    line: int

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip("\n")


@dataclass
class RawRow:
    cells: list[RawCell] = field(default_factory=list)


def is_cell_line(line: str) -> bool:
    """A line starting a cell: one leading tab, no further tab (chart data has many)."""
    return line.startswith("\t") and "\t" not in line[1:].rstrip("\t")


def is_chart_line(line: str) -> bool:
    return line.count("\t") >= 2 and bool(line.strip())


def _next_nonblank(lines: list[str], i: int) -> int | None:
    while i < len(lines):
        if lines[i].strip():
            return i
        i += 1
    return None


def _continues_cell(lines: list[str], i: int, row: RawRow) -> bool:
    """Is the text line `i`, after a blank, the rest of the row's last cell?"""
    text = lines[i].strip()
    if not row.cells or not row.cells[-1].text.strip():
        return False
    if i >= 2 and not lines[i - 2].strip():
        return False  # two blank lines: the row and then the table ended
    if len(text) > MAX_CONTINUATION_CHARS or row.cells[-1].text.rstrip().endswith("。"):
        return False
    if CAPTION_START.match(text) or UNIT_LINE.match(text) or NOTE_START.match(text):
        return False
    if PAGE_NUMBER.match(text) or heading_parts(text):
        return False
    j = _next_nonblank(lines, i + 1)
    return j is not None and is_cell_line(lines[j])


def scan_table(lines: list[str], start: int) -> tuple[list[RawRow], int]:
    """Read raw rows from `start` (a cell line); return them and the next index."""
    rows: list[RawRow] = []
    row = RawRow()
    after_blank = False
    i = start
    while i < len(lines):
        line = lines[i]
        if is_cell_line(line):
            if after_blank and row.cells:
                rows.append(row)
                row = RawRow()
            row.cells.append(RawCell([line[1:].rstrip()], i + 1))
            after_blank = False
        elif not line.strip():
            after_blank = True
        elif is_chart_line(line):
            break
        elif not after_blank and row.cells:
            row.cells[-1].lines.append(line.rstrip())
        elif after_blank and _continues_cell(lines, i, row):
            row.cells[-1].lines.append(line.strip())
            after_blank = False
        else:
            break
        i += 1
    if row.cells:
        rows.append(row)
    return rows, i


_FIGURE = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?\s*%?|[-—–/]+")


def table_width(rows: list[list[str]]) -> int:
    """The table's column count: the longest row length seen at least twice."""
    counts = Counter(len(r) for r in rows)
    repeated = [n for n, k in counts.items() if k >= 2]
    return max(repeated) if repeated else max(counts, default=0)


def _numbers_next(a: str, b: str) -> bool:
    """Does `b` number the row after `a` (3 → 4)? Then `b` starts a new row."""
    da, db = re.sub(r"\D", "", a), re.sub(r"\D", "", b)
    return is_seq(a) and is_seq(b) and bool(da) and bool(db) and int(db) == int(da) + 1


def _label_and_numbers(row: RawRow) -> bool:
    """A label over merged cells followed by figures only (小计 | 59.1 | 66): a whole row."""
    rest = [c.text.strip() for c in row.cells[1:]]
    return bool(rest) and all(_FIGURE.fullmatch(t) for t in rest)


def _group_row(row: RawRow) -> bool:
    """One cell across the table: a group's heading (二、纺织印染, 新兴产业)."""
    return len(row.cells) == 1


def glue_short_rows(rows: list[RawRow], width: int) -> list[RawRow]:
    """Join a row cut by a blank line inside a cell with the rest of its cells. A short
    row of a label and figures followed by a group's heading row is two rows (a 小计
    whose label spans columns, then the next group), not one cut in two."""
    out: list[RawRow] = []
    for row in rows:
        prev = out[-1] if out else None
        if (
            prev is not None
            and 2 <= len(prev.cells) < width
            and len(prev.cells) + len(row.cells) <= width
            and row.cells[0].text.strip()
            and not _numbers_next(prev.cells[0].text, row.cells[0].text)
            and not (_group_row(row) and _label_and_numbers(prev))
        ):
            prev.cells.extend(row.cells)
            continue
        out.append(row)
    return out


def build_rows(rows: list[RawRow]) -> list[list[RawCell]]:
    texts = [[c.text for c in r.cells] for r in rows]
    width = table_width(texts)
    glued = glue_short_rows(rows, width)
    return [r.cells for r in glued if any(c.text.strip() for c in r.cells)]


# A table written as text in columns (a PDF or spreadsheet exported as plain text):
# fields separated by runs of spaces, or by ideographic spaces.
GAP = re.compile(r"[ \u00a0]{2,}|\u3000+")
MIN_ALIGNED_ROWS = 3
MIN_FIELDS = 3


def _fields(line: str) -> list[str]:
    return [f for f in GAP.split(line.strip()) if f]


def aligned_rows(lines: list[str], start: int) -> tuple[list[list[RawCell]], int] | None:
    """A run of lines that line up as columns: at least three consecutive lines with
    the same number of fields (three or more), numbers among them. Where the
    columns do not line up (a blank cell, a field with a double space in it), the
    run ends there, and lines that do not make a run stay paragraphs."""
    width = len(_fields(lines[start]))
    if width < MIN_FIELDS or "\t" in lines[start]:
        return None
    end = start
    while end < len(lines) and "\t" not in lines[end] and len(_fields(lines[end])) == width:
        end += 1
    if end - start < MIN_ALIGNED_ROWS:
        return None
    rows = [[RawCell([f], i + 1) for f in _fields(lines[i])] for i in range(start, end)]
    values = [c.text for row in rows[1:] for c in row[1:]]
    if sum(bool(_NUMBER_CELL.match(v)) for v in values) < len(values) / 3:
        return None
    return rows, end


_NUMBER_CELL = re.compile(r"^[-+≥≤<>约]?\d[\d,.]*\s*(?:%|以上|左右|以下)?$")
