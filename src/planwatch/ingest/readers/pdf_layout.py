"""Page geometry for the PDF reader: characters into lines, ruled tables into grids.

A PDF keeps no paragraphs, cells or merges, only positioned characters and
ruling lines. This module rebuilds what the reader needs from one page: the text
lines outside tables (with their positions, for paragraph joining and page
furniture), and each ruled table as a grid of cells with row and column spans.

A cell whose text the PDF wrapped over several lines is joined back without a
space (with one between two Latin letters): a line is wrapped when the next
line's first word would not have fitted after it in the cell. Other line breaks
are the author's own (a second value line such as 力争3.5以上) and stay "\\n",
as the text and Word readers keep them; text consumers read cells with `clean`.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from operator import itemgetter
from typing import Any

from planwatch.ingest.readers.pdf_cells import CellTable
from planwatch.ingest.readers.pdf_cells import find_tables as cell_tables
from planwatch.ingest.readers.pdf_objects import PageObjects
from planwatch.models import Cell

Char = dict[str, Any]
BBox = tuple[float, float, float, float]

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# Word's default cell padding is 0.19 cm (5.4 pt) a side; 6 pt covers it.
CELL_PADDING = 6.0
_LATIN = re.compile(r"[A-Za-z]")
# What cannot be split at a line start: opening marks, then a Latin/number run or one
# character, then the closing marks that may not begin a line, and an opening quotation
# mark with the character it opens (LibreOffice breaks on neither side of “).
_OPENING = "“‘（(《〈【〔\\["
_LEAD = re.compile(
    rf"^(?:[{_OPENING}]*(?:[A-Za-z0-9.%,+\-/]+|.)[”’）)》〉】〕\]，。、；：！？,.;:!?%]*)"
    # no break on either side of a quotation mark (UAX #14, class QU): 成“居 moves as one
    r"(?:[“‘]+(?:[A-Za-z0-9.%,+\-/]+|.))?"
)
# Kangxi radicals and compatibility ideographs some PDF fonts map CJK text to.
_PAGE_REF = re.compile(r"([.．·…]{2,})?\s*(\d{1,3})$")
_ODD_CJK = re.compile(r"[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff]")
# Radicals of the supplement block that some fonts' maps give for whole simplified
# characters (增⻓ for 增长); NFKC leaves this block alone.
_SUPPLEMENT = dict(
    zip(
        "⻅⻆⻉⻋⻓⻔⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻨⻩⻬⻮⻰⻳⺠⺟⻄⻁⺩⻗",
        "见角贝车长门青韦页风飞食马骨鬼鱼鸟麦黄齐齿龙龟民母西虎王雨",
        strict=True,
    )
)
_SPACES = re.compile(r"\s+")
WIDE_GAP = 1.5  # font sizes: a gap this wide between words separates columns
_X0 = itemgetter("x0")
_TOP_X0 = itemgetter("top", "x0")


@dataclass
class Line:
    """One text line: its characters joined, with the box they cover."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    # Width of the first word (a Latin/number run, else the first character).
    lead: float = 0.0
    # A table-of-contents entry: a page number after dot leaders or a wide gap.
    toc: bool = False
    # Gaps of `WIDE_GAP` sizes or more between its characters (columns set without rules).
    wide_gaps: int = 0


@dataclass(frozen=True)
class CellLines:
    """How a cell's text sits in it, to tell whether text on the next page goes on
    from it: a line is wrapped when the next word would not have fitted after it."""

    room: float  # the width text can take (the cell less its padding)
    last_width: float  # width of the last line
    first_lead: float  # width of the first word

    def wraps_into(self, nxt: CellLines) -> bool:
        """Would `nxt`'s first word not have fitted after the last line? Only telling
        where the line holds two such words or more: in a narrow column no new value fits
        after the one above (11 over 13 in a 序号 column)."""
        roomy = self.room >= 2 * nxt.first_lead
        return roomy and self.last_width + nxt.first_lead > self.room


@dataclass
class PageTable:
    """A ruled table found on a page, as a grid of cells with spans."""

    rows: list[list[Cell]]
    bbox: BBox
    # Column boundaries (left edges and the right edge), to match continuations.
    xs: list[float]
    page: int
    # The page a table continued across pages ends on, and where it ends there.
    last_page: int = 0
    last_bottom: float = 0.0
    # The text lines of each cell with text, by id(cell).
    lines: dict[int, CellLines] = field(default_factory=dict)
    # Row boundaries (top edges and the bottom edge) on its first page.
    ys: list[float] = field(default_factory=list)
    # Text under the table / above it that may be half of a row the page break cut
    # where no rule was drawn (`pdf_open_rows`), and where that text starts / ends.
    foot: list[Cell] | None = None
    foot_top: float = 0.0
    head: list[Cell] | None = None
    head_bottom: float = 0.0

    def __post_init__(self) -> None:
        self.last_page = self.last_page or self.page
        self.last_bottom = self.last_bottom or self.bbox[3]


@dataclass
class PageLayout:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[PageTable] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Characters outside tables, under the lowest one or above the highest.
    edge_chars: list[Char] = field(default_factory=list)


def fix_cjk(text: str) -> str:
    """Map Kangxi radicals (⼯, ⾏), supplement radicals that stand for characters (⻓)
    and compatibility ideographs to the usual ones."""

    def usual(m: re.Match[str]) -> str:
        ch = m.group(0)
        return _SUPPLEMENT.get(ch) or unicodedata.normalize("NFKC", ch)

    return _ODD_CJK.sub(usual, text)


def dedupe_chars(chars: list[Char]) -> list[Char]:
    """Drop a char drawn again at (almost) the same place, as fake-bold text does.

    pdfplumber's own `dedupe_chars` does the same by clustering and took about
    half of the reading time of a 50-page plan; a key on the rounded position is
    enough for text drawn twice with the same font.
    """
    seen: set[tuple[str, str, int, int]] = set()
    out = []
    for ch in chars:
        key = (ch["text"], ch.get("fontname", ""), round(ch["x0"]), round(ch["top"]))
        if key not in seen:
            seen.add(key)
            out.append(ch)
    return out


def center_in(ch: Char, box: BBox) -> bool:
    """Is the character's centre inside `box`?"""
    x = (ch["x0"] + ch["x1"]) / 2
    y = (ch["top"] + ch["bottom"]) / 2
    return box[0] <= x < box[2] and box[1] <= y < box[3]


def _gap_space(prev: Char, ch: Char) -> str:
    """A space where the PDF leaves a gap but draws no space character: a gap wider than
    a quarter of the size next to a Latin letter, than six tenths between others."""
    gap = ch["x0"] - prev["x1"]
    if gap <= 0.25 * max(prev["size"], ch["size"], 1.0):
        return ""
    size = max(prev["size"], ch["size"], 1.0)
    latin = _LATIN.match(prev["text"]) or _LATIN.match(ch["text"])
    return " " if latin or gap > 0.6 * size else ""


def _is_toc(ink: list[Char], text: str) -> bool:
    """Dot leaders or a wide gap before a trailing page number."""
    m = _PAGE_REF.search(text)
    if not m or m.start() == 0:
        return False
    if m.group(1):
        return True
    digits = len(m.group(2))
    if len(ink) <= digits:
        return False
    before, first = ink[-digits - 1], ink[-digits]
    return first["x0"] - before["x1"] > 3 * max(first["size"], 1.0)


def _make_line(chars: list[Char], page: int) -> Line | None:
    chars = sorted(chars, key=_X0)
    parts: list[str] = [chars[0]["text"]]
    wide = 0
    for prev, ch in pairwise(chars):
        gap = ch["x0"] - prev["x1"]
        if gap > 0.25 * prev["size"]:  # room for a space: look closer
            parts.append(_gap_space(prev, ch))
            wide += gap >= WIDE_GAP * max(prev["size"], 1.0)
        parts.append(ch["text"])
    text = fix_cjk(_SPACES.sub(" ", "".join(parts))).strip()
    if not text:
        return None
    ink = [c for c in chars if c["text"].strip()]
    m = _LEAD.match(text)
    lead_chars = len(_SPACES.sub("", m.group(0))) if m else 1
    lead = ink[min(max(lead_chars, 1), len(ink)) - 1]["x1"] - ink[0]["x0"]
    return Line(
        text=text,
        x0=ink[0]["x0"],
        x1=ink[-1]["x1"],
        top=min(c["top"] for c in ink),
        bottom=max(c["bottom"] for c in ink),
        size=max(c["size"] for c in ink),
        page=page,
        lead=lead,
        toc=_is_toc(ink, text),
        wide_gaps=wide,
    )


def group_lines(chars: Iterable[Char], page: int) -> list[Line]:
    """Characters into lines, top to bottom: a line takes chars whose middles align."""
    lines: list[Line] = []
    current: list[Char] = []
    mid = 0.0
    for ch in sorted(chars, key=_TOP_X0):
        m = (ch["top"] + ch["bottom"]) / 2
        if current and abs(m - mid) > 0.5 * max(ch["size"], 1.0):
            line = _make_line(current, page)
            if line:
                lines.append(line)
            current = []
        if not current:
            mid = m
        current.append(ch)
    if current:
        line = _make_line(current, page)
        if line:
            lines.append(line)
    return lines


def join_text(a: str, b: str) -> str:
    """Join a wrapped line to the next: no space in Chinese, one between Latin words."""
    if a and b and _LATIN.match(a[-1]) and _LATIN.match(b[0]):
        return f"{a} {b}"
    return a + b


def cell_text(lines: list[Line], width: float) -> str:
    if len(lines) > 1 and all(len(ln.text) == 1 for ln in lines):
        return "".join(ln.text for ln in lines)  # stacked: vertical text or a narrow column
    room = width - 2 * CELL_PADDING
    text = ""
    for i, line in enumerate(lines):
        if i == 0:
            text = line.text
        elif (lines[i - 1].x1 - lines[i - 1].x0) + line.lead > room:
            text = join_text(text, line.text)
        else:
            text = f"{text}\n{line.text}"
    return text


def _boundaries(values: Iterable[float], end: float) -> list[float]:
    return sorted({*values, end})


def _span(edges: list[float], lo: float, hi: float) -> int:
    """How many grid intervals [edges[i], edges[i+1]) lie within lo..hi."""
    return max(1, sum(1 for e in edges[:-1] if lo - 1 <= e < hi - 1))


Grid = list[list[BBox | None]]


def _owners(grid: Grid, xs: list[float], ys: list[float]) -> dict[tuple[int, int], tuple[int, int]]:
    """Each grid position mapped to the position of the cell whose box covers it."""
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(grid):
        for c, box in enumerate(row):
            if box is None:
                continue
            rs, cs = _span(ys, box[1], box[3]), _span(xs, box[0], box[2])
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    owner.setdefault((rr, cc), (r, c))
    return owner


def table_grid(table: CellTable, chars: list[Char], page: int) -> PageTable | None:
    """A ruled table as cells: None positions are covered by a merged cell."""
    _x0, _top, x1, bottom = table.bbox
    xs = _boundaries((c[0] for c in table.cells), x1)
    ys = _boundaries((c[1] for c in table.cells), bottom)
    if len(xs) < 2 or len(ys) < 2:
        return None
    grid: Grid = [row.cells for row in table.rows]
    owner = _owners(grid, xs, ys)
    by_cell: dict[tuple[int, int], list[Char]] = {}
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        pos = owner.get((bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1))
        if pos is not None:
            by_cell.setdefault(pos, []).append(ch)
    if not by_cell:
        return None
    found = PageTable(rows=[], bbox=table.bbox, xs=xs, page=page, ys=ys)
    found.rows = [
        [_cell(grid, r, c, xs, ys, by_cell.get((r, c), []), found) for c in range(len(xs) - 1)]
        for r in range(len(grid))
    ]
    return found


def _cell(
    grid: Grid,
    r: int,
    c: int,
    xs: list[float],
    ys: list[float],
    chars: list[Char],
    table: PageTable,
) -> Cell:
    box = grid[r][c] if c < len(grid[r]) else None
    if box is None:
        return Cell(text="", row=r, col=c, merged=True, page=table.page)
    lines = group_lines(chars, table.page)
    cell = Cell(
        text=cell_text(lines, box[2] - box[0]),
        row=r,
        col=c,
        rowspan=_span(ys, box[1], box[3]),
        colspan=_span(xs, box[0], box[2]),
        page=table.page,
    )
    if lines:
        room, last = box[2] - box[0] - 2 * CELL_PADDING, lines[-1]
        table.lines[id(cell)] = CellLines(room, last.x1 - last.x0, lines[0].lead)
    return cell


def find_tables(page: PageObjects) -> tuple[list[CellTable], list[str]]:
    """Ruled tables on a page; a page whose rulings confuse the table finder has none."""
    try:
        return cell_tables(page.edges), []
    except (ValueError, IndexError, ZeroDivisionError, KeyError) as e:
        return [], [f"page {page.number}: tables could not be detected ({e})"]


def _is_frame(table: CellTable, page: PageObjects) -> bool:
    """A single box around most of the page is a page border, not a table."""
    x0, top, x1, bottom = table.bbox
    return len(table.cells) == 1 and (x1 - x0) * (bottom - top) > 0.5 * page.width * page.height


def layout_page(page: PageObjects, carry: Any = None) -> PageLayout:
    """Lines outside tables and table grids of one page.

    Rotated characters count inside tables (vertical cell text) and are
    dropped elsewhere (watermarks, margin labels). `carry` (a `pdf_rules.OpenTable`)
    takes a 三线表 left open by the page before, and one this page leaves open.
    """
    number = page.number
    chars = dedupe_chars(page.chars)
    # tables without some of their rules; imported here: that module builds on this one
    from planwatch.ingest.readers.pdf_rules import rule_tables, unstack_rows

    found, warnings = find_tables(page)
    tables: list[PageTable] = []
    taken: list[BBox] = []
    rest = chars
    for t in found:
        if _is_frame(t, page):
            continue
        box = t.bbox
        inside = [c for c in chars if center_in(c, box)]
        grid = table_grid(t, inside, number)
        if grid is not None:
            unstack_rows(grid, inside)
            tables.append(grid)
            taken.append(box)
            rest = [c for c in rest if not center_in(c, box)]
    # tables ruled with horizontal lines only (三线表)
    outside = [c for c in rest if c.get("upright", True)]
    lines = group_lines(outside, number)  # the 三线表 search reads them too
    ruled_by_lines = rule_tables(page, rest, taken, number, carry, lines)
    for t in ruled_by_lines:
        tables.append(t)
        taken.append(t.bbox)
        outside = [c for c in outside if not center_in(c, t.bbox)]
    if ruled_by_lines:
        lines = group_lines(outside, number)
    if sum(1 for ln in lines if ln.wide_gaps >= 2) >= 3:  # maybe columns set without rules
        from planwatch.ingest.readers.pdf_aligned import aligned_tables

        found_aligned = aligned_tables(outside, number)
        for t in found_aligned:
            outside = [c for c in outside if not center_in(c, t.bbox)]
        if found_aligned:
            tables.extend(found_aligned)
            lines = group_lines(outside, number)
    return PageLayout(
        number=number,
        width=float(page.width),
        height=float(page.height),
        lines=lines,
        tables=tables,
        warnings=warnings,
        edge_chars=_edge_chars(tables, outside),
    )


def _edge_chars(tables: list[PageTable], chars: list[Char]) -> list[Char]:
    """The characters under the lowest table and above the highest: where the halves
    of a row cut by the page break lie when no rule closes it (`pdf_open_rows`)."""
    if not tables:
        return []
    low = max(t.bbox[3] for t in tables) - 1
    high = min(t.bbox[1] for t in tables) + 1
    return [c for c in chars if (c["top"] >= low or c["bottom"] <= high) and c["text"].strip()]
