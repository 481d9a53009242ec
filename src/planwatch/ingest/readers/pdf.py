"""Read plans published as PDF (usually Word documents exported to PDF).

A PDF has no paragraphs, headings or table cells, only positioned text and
ruling lines, so everything here is reconstructed and the document is marked
low-confidence. `pdf_layout` gives each page's text lines and ruled tables; this
module removes page furniture (page numbers, running headers and footers),
joins wrapped lines into paragraphs, finds headings by their numbering as the
text reader does, takes a short line above a table as its caption and notes
below it as its notes, and joins a table that continues on the next page.

`SourcePos.page` and `Cell.page` are the 1-based page; `line` is an ordinal of
text lines and table rows through the document, for ordering, not a line a user
can look up.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from statistics import median

import pypdfium2 as pdfium

from planwatch.errors import InputError
from planwatch.ingest.headings import assign_levels, heading_parts, numbering_of
from planwatch.ingest.readers import register
from planwatch.ingest.readers.base import Reader
from planwatch.ingest.readers.pdf_layout import Line, PageLayout, PageTable, join_text, layout_page
from planwatch.ingest.readers.pdf_objects import read_page
from planwatch.ingest.readers.pdf_open_rows import mark_open_rows
from planwatch.ingest.readers.pdf_rules import OpenTable
from planwatch.ingest.readers.txt import UNNUMBERED_HEADINGS, attach_notes, looks_like_caption
from planwatch.ingest.readers.txt_tables import CAPTION_START, NOTE_START, PAGE_NUMBER
from planwatch.ingest.text import clean
from planwatch.models import (
    Block,
    Caption,
    Cell,
    Document,
    Heading,
    Marker,
    Note,
    Paragraph,
    SourcePos,
    Table,
)

WARNING = (
    "tables and headings were reconstructed from the PDF layout; check them against the original"
)
PAGE_LABEL = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|\d{1,4}|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d+(?:\s*of\s*\d+)?)\s*$",
    re.I,
)
FOOTNOTE_START = re.compile(r"^\s*(?:\d{1,2}\s*\D|[①-⑳]|[\[［(（]\d{1,2}[\]］)）]|[*＊]|\uf0b7)")
CONTINUED = re.compile(r"^\s*[（(]?续\s*上?\s*表")
TERMINAL = ("。", "；", "：", ";", ":", "！", "？")
# The first and last lines of a page that may be page furniture.
EDGE_LINES = 2
MAX_HEADER_CHARS = 60
# Page margins: running headers sit in the outer 12%, small print in the outer 8%.
RUNNING_BAND = 0.12
MARGIN_BAND = 0.08


@dataclass
class Para:
    """Lines joined into one paragraph, with their line ordinals."""

    lines: list[Line]
    first: int
    last: int = 0

    @property
    def text(self) -> str:
        text = ""
        for line in self.lines:
            text = join_text(text, line.text)
        return text


Item = Line | PageTable


# --- opening --------------------------------------------------------------------------


def _reason(err: BaseException) -> str:
    text = str(err)
    if "password" in text.lower():
        return "password-protected PDF; remove the password and try again"
    return f"damaged or truncated PDF ({text.removeprefix('Failed to load document ')})"


def open_pages(data: bytes, path: Path) -> list[PageLayout]:
    """Lay out every page, turning PDFium's failures into `InputError`."""
    if b"%PDF-" not in data[:1024]:
        raise InputError(path, "not a PDF (no %PDF header)")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        raise InputError(path, _reason(e)) from None
    try:
        carry = OpenTable()  # a 三线表 going on from page to page
        return [layout_page(read_page(pdf, i), carry) for i in range(len(pdf))]
    except pdfium.PdfiumError as e:
        raise InputError(path, _reason(e)) from None
    finally:
        pdf.close()


def _page_text(page: PageLayout) -> str:
    texts = [ln.text for ln in page.lines]
    texts += [c.text for t in page.tables for r in t.rows for c in r]
    return "".join(texts)


def _check_text(pages: list[PageLayout], path: Path) -> None:
    body = "".join(_page_text(p) for p in pages)
    if not body.strip():
        raise InputError(path, "no text layer: a scanned PDF, and OCR could not read it")
    if body.count("(cid:") * 6 > len(body) / 2:
        raise InputError(path, "the PDF's fonts have no Unicode map; run OCR first")


def read_scans(pages: list[PageLayout], data: bytes, path: Path) -> list[str]:
    """Pages without any text (scanned) read by OCR in place; warnings to report.

    A PDF that is all scans needs OCR (an error says what to install); a few scanned
    pages among text pages are read where OCR is available and reported where not."""
    scanned = [i for i, p in enumerate(pages) if not _page_text(p).strip()]
    if not scanned:
        return []
    from planwatch.ingest.readers.pdf_ocr import INSTALL, ocr_available, ocr_pages  # numpy

    if len(scanned) < len(pages) and not ocr_available():
        listed = ", ".join(str(i + 1) for i in scanned[:10])
        return [f"pages {listed} have no text layer and were skipped: {INSTALL.split(': ', 1)[1]}"]
    for i, page in ocr_pages(data, path, scanned).items():
        pages[i] = page
    return [f"{len(scanned)} page(s) read by OCR (Tesseract); check the text against the scan"]


# --- page furniture -------------------------------------------------------------------


def _edges(page: PageLayout) -> list[Line]:
    lines = page.lines
    if len(lines) <= 2 * EDGE_LINES:
        return list(lines)
    return lines[:EDGE_LINES] + lines[-EDGE_LINES:]


def _furniture_key(line: Line) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))


def _running(pages: list[PageLayout]) -> set[int]:
    """ids of header/footer lines: same text (numbers aside) at the same height on most pages."""
    seen: dict[str, list[Line]] = defaultdict(list)
    for page in pages:
        band = RUNNING_BAND * page.height
        for line in _edges(page):
            outer = line.bottom < band or line.top > page.height - band
            if outer and len(line.text) <= MAX_HEADER_CHARS:
                seen[_furniture_key(line)].append(line)
    need = max(2, int(0.4 * len(pages) + 0.5))
    out: set[int] = set()
    for lines in seen.values():
        mid = median(ln.top for ln in lines)
        same = [ln for ln in lines if abs(ln.top - mid) <= 3]
        if len({ln.page for ln in same}) >= need and _one_number_varies(same):
            out.update(id(ln) for ln in same)
    return out


def _one_number_varies(lines: list[Line]) -> bool:
    """Do the lines differ in one number at most (the page number)? Table rows cut at
    the foot of two pages can match in all but their numbers (序号, amounts)."""
    numbers = [re.findall(r"\d+", ln.text) for ln in lines]
    varying = sum(1 for column in zip(*numbers, strict=False) if len(set(column)) > 1)
    return varying <= 1


def _in_margin(line: Line, page: PageLayout, body_size: float) -> bool:
    """Small print in the top or bottom margin: a header or footer even on one page."""
    band = MARGIN_BAND * page.height
    outside = line.bottom < band or line.top > page.height - band
    return outside and line.size < body_size - 1


def text_size(pages: list[PageLayout]) -> float:
    """The body text's font size: the median over the lines of every page."""
    sizes = [ln.size for p in pages for ln in p.lines]
    return median(sizes) if sizes else 0.0


def drop_furniture(pages: list[PageLayout], body_size: float) -> None:
    """Remove page numbers and running headers/footers from the pages' lines."""
    running = _running(pages)
    for page in pages:
        edges = {id(ln) for ln in _edges(page)}
        page.lines = [
            ln
            for ln in page.lines
            if id(ln) not in running
            and not (id(ln) in edges and PAGE_LABEL.match(ln.text))
            and not (id(ln) in edges and _in_margin(ln, page, body_size))
        ]


def _footnote_run(page: PageLayout, body_size: float) -> list[Line]:
    """Small print at the foot of the page, below body text and tables, starting
    with a footnote number."""
    lines = page.lines
    k = len(lines)
    while k > 0 and lines[k - 1].size <= body_size - 1.5:
        k -= 1
    if k == 0 or k == len(lines) or not FOOTNOTE_START.match(lines[k].text):
        return []
    above = lines[k - 1]
    if any(t.bbox[3] > above.top for t in page.tables):
        return []  # a table sits right above: these are its notes
    return lines[k:]


def take_footnotes(pages: list[PageLayout], body_size: float) -> list[Marker]:
    """Move footnotes out of the text flow into markers, as the text reader does."""
    markers: list[Marker] = []
    for page in pages:
        run = _footnote_run(page, body_size)
        if not run:
            continue
        page.lines = page.lines[: len(page.lines) - len(run)]
        texts: list[str] = []
        for ln in run:
            if texts and not FOOTNOTE_START.match(ln.text):
                texts[-1] = join_text(texts[-1], ln.text)
            else:
                texts.append(ln.text)
        markers.extend(Marker(kind="footnote", value=t) for t in texts)
    return markers


# --- continued tables -----------------------------------------------------------------


def _page_items(pages: list[PageLayout]) -> list[Item]:
    items: list[Item] = []
    for page in pages:
        found: list[Item] = [*page.lines, *page.tables]
        items.extend(sorted(found, key=lambda it: it.top if isinstance(it, Line) else it.bbox[1]))
    return items


def _index_in(xs: list[float], grid: list[float]) -> list[int] | None:
    """Positions of boundaries `xs` among `grid` (3 pt apart at most), if all are there."""
    out = []
    for x in xs:
        j = min(range(len(grid)), key=lambda k: abs(grid[k] - x))
        if abs(grid[j] - x) > 3:
            return None
        out.append(j)
    return out if out[0] == 0 and out[-1] == len(grid) - 1 else None


def _regrid(t: PageTable, grid: list[float]) -> bool:
    """Lay t's cells out on a finer column grid (a part whose rows merge columns)."""
    idx = _index_in(t.xs, grid)
    if idx is None:
        return False
    if len(idx) == len(grid):
        return True
    rows: list[list[Cell]] = []
    for row in t.rows:
        out: list[Cell] = []
        for cell in row:
            start, end = idx[cell.col], idx[cell.col + 1]
            span = idx[min(cell.col + cell.colspan, len(idx) - 1)] - start
            first = cell.model_copy(update={"col": start, "colspan": 1 if cell.merged else span})
            out.append(first)
            out.extend(
                Cell(text="", row=cell.row, col=k, merged=True, page=cell.page, line=cell.line)
                for k in range(start + 1, end)
            )
        rows.append(out)
    t.rows, t.xs = rows, list(grid)
    return True


def _same_columns(a: PageTable, b: PageTable) -> bool:
    """Do a and b share their columns? A part with fewer columns is regridded."""
    if len(a.xs) >= len(b.xs):
        return _regrid(b, a.xs)
    return _regrid(a, b.xs)


def _row_key(row: list[Cell]) -> list[tuple[str, bool]]:
    return [(clean(c.text), c.merged) for c in row]


def _repeated_header(a: PageTable, b: PageTable) -> int:
    """How many of b's first rows repeat a's header rows (Word's repeated header)."""
    for k in (3, 2, 1):
        fits = len(b.rows) > k and len(a.rows) > k
        if fits and all(_row_key(a.rows[i]) == _row_key(b.rows[i]) for i in range(k)):
            return k
    return 0


def _owner(rows: list[list[Cell]], r: int, c: int) -> Cell | None:
    """The origin cell covering position (r, c)."""
    for row in rows[: r + 1]:
        for cell in row:
            if cell.merged:
                continue
            if cell.row <= r < cell.row + cell.rowspan and cell.col <= c < cell.col + cell.colspan:
                return cell
    return None


def _groups(rows: list[list[Cell]], col: int) -> bool:
    """Does the column merge cells vertically somewhere (a category column)?"""
    return any(r[col].rowspan > 1 for r in rows if col < len(r) and not r[col].merged)


def _above(a: PageTable, cell: Cell) -> Cell | None:
    """The cell of a's last row that `cell` (on the next page) sits under: same column
    and width, and reaching down to the last row."""
    last = len(a.rows) - 1
    origin = _owner(a.rows, last, cell.col)
    if origin is None or (origin.col, origin.colspan) != (cell.col, cell.colspan):
        return None
    return origin if origin.row + origin.rowspan - 1 == last else None


def _carry_merges(a: PageTable, top: list[Cell]) -> None:
    """An empty cell under a vertical merge cut by the page break continues it.

    Word leaves the part of a merged cell on the next page empty. An empty cell
    there continues the cell above when the merge is visible: that cell or the
    empty one spans rows, or its column merges cells elsewhere.
    """
    for cell in top:
        if cell.merged or cell.text.strip():
            continue
        origin = _above(a, cell)
        if origin is None:
            continue
        merging = origin.rowspan > 1 or cell.rowspan > 1 or _groups(a.rows, cell.col)
        if origin.text.strip() and merging:
            origin.rowspan += cell.rowspan
            cell.merged = True
            cell.rowspan = cell.colspan = 1


def _split_row(a: PageTable, b: PageTable, top: list[Cell]) -> list[tuple[Cell, Cell]] | None:
    """The cells of `top` (b's first row) paired with the cells of a's last row they
    continue, if `top` is the rest of that row: Word and LibreOffice let a row break
    across pages, and the cells that ended on the first page are empty on the next.

    Each cell of `top` with text must sit under a cell with text that reaches the
    last row, and some cell of the last row must have ended there (a new row fills
    its short cells: 序号, unit, values). Then `top` is the rest of the row when
    at most half the row's cells go on, or when its cells go on mid-line (the last
    line above would not have held the first word; a new row's 预期性 under 预期性
    would have fitted) or continue a category merged down the page (创新 / 能力).
    """
    last = len(a.rows) - 1
    pairs: list[tuple[Cell, Cell]] = []
    for cell in (c for c in top if not c.merged):
        origin = _above(a, cell)
        if origin is None:
            if cell.text.strip():
                return None
            continue
        if cell.text.strip() and not origin.text.strip():
            return None
        pairs.append((origin, cell))
    going_on = [(o, c) for o, c in pairs if c.text.strip()]
    ended = any(o.row == last and o.text.strip() and not c.text.strip() for o, c in pairs)
    if not going_on or not ended:
        return None
    if len(going_on) <= sum(1 for o, _ in pairs if o.text.strip()) / 2:
        return pairs
    wrapped = [_wraps(a, b, o, c) for o, c in going_on]
    carried = all(
        w or _category(a.rows, c.col) for w, (_, c) in zip(wrapped, going_on, strict=True)
    )
    return pairs if any(wrapped) and carried else None


def _wraps(a: PageTable, b: PageTable, origin: Cell, cell: Cell) -> bool:
    before, after = a.lines.get(id(origin)), b.lines.get(id(cell))
    return before is not None and after is not None and before.wraps_into(after)


def _category(rows: list[list[Cell]], col: int) -> bool:
    """Does the column hold categories merged down over rows (shown as cells spanning
    rows, or as a cell with text over empty ones)?"""
    if _groups(rows, col):
        return True
    texts = [r[col].text.strip() if col < len(r) else "" for r in rows]
    return any(t and not below for t, below in pairwise(texts))


def _join_split_row(a: PageTable, b: PageTable, pairs: list[tuple[Cell, Cell]]) -> None:
    """Each cell's text onto the cell it continues (a wrapped line without a break);
    a cell spanning rows below the break makes the cell it continues span them too."""
    for origin, cell in pairs:
        if cell.text.strip():
            wrapped = _wraps(a, b, origin, cell)
            glue = join_text(origin.text, cell.text) if wrapped else f"{origin.text}\n{cell.text}"
            origin.text = glue
            before, after = a.lines.get(id(origin)), b.lines.get(id(cell))
            if before is not None and after is not None:
                a.lines[id(origin)] = replace(before, last_width=after.last_width)
        origin.rowspan += cell.rowspan - 1


def merge_tables(a: PageTable, b: PageTable, ran_to_bottom: bool = False) -> None:
    """Append b (the part of a table on the next page) to a. When a ran to the bottom
    of its page, b's first row may be the rest of a's last row, broken by the page."""
    rows = b.rows[_repeated_header(a, b) :]
    if not rows:
        return
    pairs = _split_row(a, b, rows[0]) if ran_to_bottom else None
    if pairs is not None:
        _join_split_row(a, b, pairs)
        rows = rows[1:]
    a.lines.update(b.lines)
    if not rows:
        return
    _carry_merges(a, rows[0])
    base = len(a.rows)
    for r, row in enumerate(rows):
        for cell in row:
            cell.row = base + r
    a.rows.extend(rows)


def _continued_mark(item: Item | None, page: int) -> bool:
    if not isinstance(item, Line) or item.page != page or len(item.text) > MAX_HEADER_CHARS:
        return False
    return bool(CONTINUED.match(item.text))


class PageBottoms:
    """Where the text area ends on pages of each size (the lowest line or table on any
    page of that size), to tell a table that ran to the bottom of its page."""

    def __init__(self, pages: list[PageLayout], body_size: float) -> None:
        self.height = {p.number: round(p.height) for p in pages}
        self.bottom: dict[int, float] = {}
        for p in pages:
            ends = [ln.bottom for ln in p.lines] + [t.bbox[3] for t in p.tables]
            h = self.height[p.number]
            self.bottom[h] = max([self.bottom.get(h, 0.0), *ends])
        self.near = 1.5 * (body_size or 12.0)  # within a line of the bottom

    def reached(self, table: PageTable) -> bool:
        end = self.bottom.get(self.height.get(table.last_page, 0), 0.0)
        return end - table.last_bottom <= self.near


def join_continued(items: list[Item], bottoms: PageBottoms) -> list[Item]:
    """Join a table at the top of a page to the table that ends the previous page.

    Only a 续表 line may stand between them, or the two halves of a row the page cut
    where no rule closes it (`pdf_open_rows`): those lines become that row.
    """
    out: list[Item] = []
    for item in items:
        if isinstance(item, PageTable) and out and _join(out, item, bottoms):
            continue
        out.append(item)
    return out


def _join(out: list[Item], item: PageTable, bottoms: PageBottoms) -> bool:
    """Merge `item` into the table it continues at the end of `out`, if any."""
    k = len(out) - 1
    if _continued_mark(out[k], item.page):
        k -= 1
    cut = _cut_row_lines(out, k, item)
    k -= len(cut)
    prev = out[k] if k >= 0 else None
    if not (
        isinstance(prev, PageTable)
        and prev.last_page == item.page - 1
        and _same_columns(prev, item)
    ):
        return False
    if cut and prev.foot is None:
        _open_head(item)  # the rest of prev's last row, which the page closed: maybe
        ran_to_bottom = True
    elif cut:
        _add_cut_row(prev, item)
        # the row's first half was open text; item's first row may still be the rest of
        # it (Chromium closes the rest with rules on the next page)
        ran_to_bottom = item.head is None
    else:
        ran_to_bottom = bottoms.reached(prev)
    merge_tables(prev, item, ran_to_bottom=ran_to_bottom)
    prev.last_page, prev.last_bottom = item.page, item.last_bottom
    prev.foot, prev.foot_top = item.foot, item.foot_top  # the joined table ends where item does
    del out[k + 1 :]
    return True


def _cut_row_lines(out: list[Item], k: int, item: PageTable) -> list[Line]:
    """The lines just before `item` that are the halves of a row cut by the page: under
    the previous table on its page (its `foot`) and above `item` on this one (its
    `head`), and nothing else between the two tables."""
    lines: list[Line] = []
    while k >= 0 and isinstance(out[k], Line):
        lines.append(out[k])  # type: ignore[arg-type]
        k -= 1
    prev = out[k] if k >= 0 else None
    if not lines or not isinstance(prev, PageTable) or (prev.foot is None and item.head is None):
        return []
    for ln in lines:
        on_foot = prev.foot is not None and ln.page == prev.last_page and ln.top >= prev.foot_top
        on_head = item.head is not None and ln.page == item.page and ln.bottom <= item.head_bottom
        if not (on_foot or on_head):
            return []
    return lines


def _open_head(item: PageTable) -> None:
    """The open text above `item` as its first row."""
    assert item.head is not None
    item.rows.insert(0, item.head)
    for r, row in enumerate(item.rows):
        for cell in row:
            cell.row = r


def _add_cut_row(prev: PageTable, item: PageTable) -> None:
    """The row the page cut, from its halves: each column's text, the foot's first."""
    row = prev.foot if prev.foot is not None else item.head
    assert row is not None
    if prev.foot is not None and item.head is not None:
        for cell, more in zip(row, item.head, strict=False):
            if not more.text:
                continue
            before, after = prev.lines.get(id(cell)), item.lines.get(id(more))
            wrapped = before is not None and after is not None and before.wraps_into(after)
            glue = join_text(cell.text, more.text) if wrapped else f"{cell.text}\n{more.text}"
            cell.text = glue if cell.text else more.text
    for cell in row:
        cell.row = len(prev.rows)
    prev.rows.append(row)


# --- paragraphs and blocks ------------------------------------------------------------


@dataclass
class Margins:
    left: float
    right: float


def margins(pages: list[PageLayout]) -> Margins:
    """The text block's left edge and right edge, where full lines end."""
    lines = [ln for p in pages for ln in p.lines]
    if not lines:
        return Margins(0, 0)
    left = min(ln.x0 for ln in lines)
    widest = max(ln.x1 for ln in lines)
    # Full lines end together (a line may overhang by a punctuation mark).
    full = [ln.x1 for ln in lines if ln.x1 >= widest - 2 * ln.size]
    if len(full) >= 3:
        return Margins(left, median(full))
    return Margins(left, max(widest, max(p.width for p in pages) - left))


def _indent_breaks(lines: list[Line], b: Line, m: Margins) -> bool:
    """Does b's indentation start a new paragraph?

    Continuation lines share one left edge: the margin after an indented first
    line. b indented past that edge starts a paragraph, and so does b indented
    like a lone first line that is itself indented (two first lines).
    """
    a = lines[-1]
    tol = 0.5 * b.size
    if b.x0 > a.x0 + tol and b.x0 > m.left + tol:
        return True
    return len(lines) == 1 and a.x0 > m.left + b.size and abs(b.x0 - a.x0) <= tol


def continues(lines: list[Line], b: Line, m: Margins) -> bool:
    """Does line b carry on the paragraph made of `lines` so far?"""
    a = lines[-1]
    if b.page == a.page and b.top - a.bottom > 1.5 * a.size:
        return False
    if b.page not in (a.page, a.page + 1) or abs(a.size - b.size) > 1.0:
        return False
    if a.x1 + b.lead < m.right - 0.5 * a.size:  # b's first word would have fitted on a
        return False
    if _indent_breaks(lines, b, m):
        return False
    # a numbered line, a note, or a table's caption (表2-1 …) after a finished sentence
    starts_new = numbering_of(b.text) or NOTE_START.match(b.text) or CAPTION_START.match(b.text)
    return not (a.text.endswith(TERMINAL) and starts_new)


# How far above its table a caption may end, in body-text sizes: two empty lines at
# one and a half line spacing, with the paragraph spacing producers add.
CAPTION_REACH = 6.0


@dataclass
class _Builder:
    """Walks the page items once, making blocks."""

    margins: Margins
    body_size: float = 12.0
    blocks: list[Block] = field(default_factory=list)
    # The last line of each text block, to tell how close it sits to a table.
    ends: dict[int, Line] = field(default_factory=dict)
    styles: list[tuple[Heading, str]] = field(default_factory=list)
    lineno: int = 0

    def run(self, items: list[Item]) -> None:
        para: Para | None = None
        for item in items:
            if isinstance(item, PageTable):
                self.flush(para)
                para = None
                self.table(item)
                continue
            self.lineno += 1
            if para is not None and continues(para.lines, item, self.margins):
                para.lines.append(item)
                para.last = self.lineno
                continue
            self.flush(para)
            para = Para([item], self.lineno, self.lineno)
        self.flush(para)

    def flush(self, para: Para | None) -> None:
        if para is None:
            return
        text = para.text.strip()
        if not text or (PAGE_NUMBER.match(text) and not text.isdigit()):
            return
        src = SourcePos(line=para.first, end_line=para.last, page=para.lines[0].page)
        parts = heading_parts(text)
        block: Block
        if parts and not any(ln.toc for ln in para.lines):
            style, numbering, title = parts
            block = Heading(text=title, level=0, numbering=numbering, source=src)
            self.styles.append((block, style))
        elif "".join(text.split()) in UNNUMBERED_HEADINGS:
            block = Heading(text="".join(text.split()), level=1, source=src)
        elif NOTE_START.match(text):
            block = Note(text=text, source=src)
        else:
            block = Paragraph(text=text, source=src)
        self.ends[id(block)] = para.lines[-1]
        self.blocks.append(block)

    def table(self, t: PageTable) -> None:
        first = self.lineno + 1
        for row in t.rows:
            self.lineno += 1
            for cell in row:
                cell.line = self.lineno
        table = Table(rows=t.rows, source=SourcePos(line=first, end_line=self.lineno, page=t.page))
        self._caption(table, t)
        self.blocks.append(table)

    def _caption(self, table: Table, t: PageTable) -> None:
        prev = self.blocks[-1] if self.blocks else None
        if not isinstance(prev, Paragraph | Heading) or id(prev) not in self.ends:
            return
        end = self.ends[id(prev)]
        reach = CAPTION_REACH * max(self.body_size, end.size)
        near = end.page == t.page and t.bbox[1] - end.bottom <= reach
        after_break = end.page == t.page - 1
        text = f"{prev.numbering}{prev.text}" if isinstance(prev, Heading) else prev.text
        if (near or after_break) and looks_like_caption(text):
            self.blocks[-1] = Caption(text=text, source=prev.source)
            self.styles = [(h, s) for h, s in self.styles if h is not prev]
            table.caption = text


@register
class PdfReader(Reader):
    extensions = (".pdf",)
    format = "pdf"

    def parse(self, data: bytes, path: Path) -> Document:
        return self.document(open_pages(data, path), data, path)

    def document(self, pages: list[PageLayout], data: bytes, path: Path) -> Document:
        """The document the laid-out pages make."""
        ocr_notes = read_scans(pages, data, path)
        body_size = text_size(pages)  # of the pages as read: furniture is a few lines
        drop_furniture(pages, body_size)
        _check_text(pages, path)
        markers = take_footnotes(pages, body_size)
        for page in pages:
            mark_open_rows(page)
        b = _Builder(margins(pages), body_size or 12.0)
        b.run(join_continued(_page_items(pages), PageBottoms(pages, body_size)))
        levels = assign_levels([s for _, s in b.styles])
        for h, style in b.styles:
            h.level = levels.get(style, 1)
        attach_notes(b.blocks)
        warnings = [WARNING, *ocr_notes, *(w for p in pages for w in p.warnings)]
        return Document(
            name=path.stem,
            path=str(path),
            format="pdf",
            confidence="ocr" if any("by OCR" in n for n in ocr_notes) else "low",
            blocks=b.blocks,
            markers=markers,
            warnings=warnings,
        )
