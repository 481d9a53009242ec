"""Tables drawn with horizontal rules only (三线表): a rule above, one under the
header, one below, and no lines between columns or rows.

A ruled-table finder finds no cells in them, so their rows would be read as
paragraphs (and a 序号 such as "2" as a heading number). Here a run of long
horizontal rules of the same width, with no paragraph text between them, is
taken as a table: columns come from the gaps its text leaves (`pdf_columns`); in
each column, lines make one cell while each goes on from a full
line above (wrapped); cells whose heights overlap make a row, whether the table
aligns its cells to the top or centres them; a row with text in only a few
columns, all filled above, is the rest of the row above (a line break the author
wrote). Word draws a 三线表's rules at its top and bottom only, so a table that
goes on to the next page is carried there (`OpenTable`) until its bottom rule.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from planwatch.ingest.readers.pdf_columns import column_bounds, placed
from planwatch.ingest.readers.pdf_layout import (
    CELL_PADDING,
    BBox,
    CellLines,
    Char,
    Line,
    PageTable,
    cell_text,
    center_in,
    group_lines,
)
from planwatch.ingest.readers.pdf_objects import PageObjects
from planwatch.models import Cell

MIN_RULE_SHARE = 0.35  # of the page width: shorter rules underline or separate footnotes
SAME_Y = 2.0  # rules this close are one (a double or thick rule)
SAME_X = 6.0  # rules of one table start and end together
NARROW = 3  # in tables this narrow every row counts, however few its cells
MARGIN = 0.08  # of the page height at the top and foot: running headers, page numbers


def _rules(page: PageObjects, taken: list[BBox]) -> list[tuple[float, float, float]]:
    """Long horizontal rules (x0, x1, y) outside the ruled tables, top to bottom: lines,
    and rectangles thin enough to be lines (as Word draws borders), joined where they
    meet end to end on one height (as a browser draws each cell's border)."""
    found = []
    for e in [*page.lines, *page.rects]:
        if e["bottom"] - e["top"] > SAME_Y:
            continue
        y = float(e["top"] + e["bottom"]) / 2
        if any(_covers(b, e["x0"], e["x1"], y) for b in taken):
            continue
        found.append((float(e["x0"]), float(e["x1"]), y))
    heights: list[list[tuple[float, float, float]]] = []  # pieces on one height
    for piece in sorted(found, key=lambda r: r[2]):
        if heights and piece[2] - heights[-1][-1][2] <= SAME_Y:
            heights[-1].append(piece)
        else:
            heights.append([piece])
    merged: list[tuple[float, float, float]] = []
    for pieces in heights:
        start = len(merged)
        for x0, x1, y in sorted(pieces):
            m = merged[-1] if len(merged) > start else None
            if m is not None and x0 <= m[1] + SAME_Y:
                merged[-1] = (m[0], max(m[1], x1), m[2])
            else:
                merged.append((x0, x1, y))
    return [r for r in merged if r[1] - r[0] >= MIN_RULE_SHARE * page.width]


def _covers(box: BBox, x0: float, x1: float, y: float) -> bool:
    return box[0] - 1 <= x0 <= x1 <= box[2] + 1 and box[1] - 1 <= y <= box[3] + 1


def _is_paragraph(line: Line, width: float) -> bool:
    """A line of running text: long, with no gap between words (table rows have them)."""
    return " " not in line.text and line.x1 - line.x0 >= 0.6 * width


def _chains(rules: list[tuple[float, float, float]], lines: list[Line]) -> list[list[tuple]]:
    """Runs of rules of one width with no paragraph text between two of them."""
    chains: list[list[tuple]] = []
    for rule in rules:
        last = chains[-1][-1] if chains else None
        joins = (
            last is not None
            and abs(rule[0] - last[0]) <= SAME_X
            and abs(rule[1] - last[1]) <= SAME_X
            and not any(
                last[2] < ln.top and ln.bottom < rule[2] and _is_paragraph(ln, rule[1] - rule[0])
                for ln in lines
            )
        )
        if joins:
            chains[-1].append(rule)
        else:
            chains.append([rule])
    return chains


@dataclass
class OpenTable:
    """A 三线表 still open at the end of a page: Word draws its rules at the table's top
    and bottom only, so the pages in between have none. Carried from page to page."""

    xs: list[float] | None = None

    def left_open(self, xs: list[float] | None) -> None:
        self.xs = list(xs) if xs is not None else None


def rule_tables(
    page: PageObjects,
    chars: list[Char],
    taken: list[BBox],
    number: int,
    carry: OpenTable | None = None,
    lines: list[Line] | None = None,
) -> list[PageTable]:
    """The 三线表 of a page, from the characters outside its ruled tables (and their
    upright `lines`, when the caller has them); `carry` holds a table left open by the
    page before, and gets the one this page leaves open."""
    carry = carry if carry is not None else OpenTable()
    rules = _rules(page, taken)
    if not rules and carry.xs is None:
        return []
    low, high = MARGIN * page.height, (1 - MARGIN) * page.height  # outside: page furniture
    if lines is None:
        lines = group_lines([c for c in chars if c.get("upright", True)], number)
    body = [
        ln
        for ln in lines
        if ln.top >= low and ln.bottom <= high and not any(_inside_box(ln, b) for b in taken)
    ]
    out = []
    if carry.xs is not None:
        part, rules = _rest(page, chars, body, rules, carry, number)
        if part is not None:
            out.append(part)
    chains = _chains(rules, body)
    for i, chain in enumerate(chains):
        if len(chain) < 2:
            continue  # one rule is no table; an open one has its top and header rules
        tail = _tail(body, chain[-1], page) if i == len(chains) - 1 else []
        bottom = max(ln.bottom for ln in tail) + 1 if tail else chain[-1][2] + 1
        x0, x1 = min(r[0] for r in chain) - 1, max(r[1] for r in chain) + 1
        bbox = (x0, chain[0][2] - 1, x1, bottom)
        if any(_overlaps(bbox, b) for b in taken):
            continue  # rules around a ruled table (a running header's and footer's)
        table, xs = _table_in(page, chars, bbox, number)
        if table is not None:
            if len(chain) >= 3:  # the rule under the header rows
                _span_empty_headers(table, sum(1 for y in table.ys[:-1] if y < chain[1][2]))
            out.append(table)
            carry.left_open(xs if tail else None)
    return out


def _table_in(
    page: PageObjects,
    chars: list[Char],
    bbox: BBox,
    number: int,
    xs: list[float] | None = None,
    min_rows: int = 2,
) -> tuple[PageTable | None, list[float] | None]:
    """The table in `bbox`, on the columns `xs` (found from the text if not given); it
    needs `min_rows` rows with two cells or more."""
    inside = [c for c in chars if center_in(c, bbox)]
    xs = xs if xs is not None else (column_bounds(inside, bbox) if inside else None)
    if xs is None:
        return None, None
    xs[0], xs[-1] = bbox[0], bbox[2]
    table = _grid(inside, xs, bbox, number, placed(inside, xs), bridges=True)
    if table is None or _rows_with_cells(table) < min_rows:
        return None, None
    return table, xs


def _tail(body: list[Line], rule: tuple[float, float, float], page: PageObjects) -> list[Line]:
    """The lines under a table's last rule when they are the table going on to the next
    page: right under the rule, down to the foot of the page, no running text."""
    width = rule[1] - rule[0]
    below = sorted((ln for ln in body if ln.top > rule[2]), key=lambda ln: ln.top)
    if not below or below[0].top - rule[2] > 2 * below[0].size:
        return []
    if any(_is_paragraph(ln, width) for ln in below):
        return []
    if below[-1].bottom < (1 - 2 * MARGIN) * page.height:
        return []  # the page goes on below: the table ended without a bottom rule
    return below


def _rest(
    page: PageObjects,
    chars: list[Char],
    body: list[Line],
    rules: list[tuple[float, float, float]],
    carry: OpenTable,
    number: int,
) -> tuple[PageTable | None, list[tuple[float, float, float]]]:
    """The part of an open table at the top of this page: down to its bottom rule (which
    closes it), else down to running text, else to the foot of the page (it stays open)."""
    xs = carry.xs or []
    top = min((ln.top for ln in body), default=None)
    carry.left_open(None)
    if top is None:
        return None, rules
    closing = rules[0] if rules and abs(rules[0][0] - xs[0]) <= SAME_X + 1 else None
    end = closing[2] if closing else max(ln.bottom for ln in body) + 1
    width = xs[-1] - xs[0]
    text = [ln for ln in body if ln.top < end and not _is_paragraph(ln, width)]
    stop = min((ln.top for ln in body if ln.top < end and _is_paragraph(ln, width)), default=None)
    if stop is not None:  # the table ended above running text, without a bottom rule
        text = [ln for ln in text if ln.bottom <= stop]
        closing = None
    if not text:
        return None, rules
    bbox = (xs[0], top - 1, xs[-1], (closing[2] if closing else max(ln.bottom for ln in text)) + 1)
    table, _ = _table_in(page, chars, bbox, number, list(xs), min_rows=1)
    if table is None:
        return None, rules
    if closing is None and stop is None:
        carry.left_open(xs)
    return table, [r for r in rules if r is not closing]


def _span_empty_headers(table: PageTable, header_rows: int) -> None:
    """A column with data but no header text in any header row sits under the header
    to its left, merged over it: without rules between the columns, a header set left
    in its merged cell shows nothing else of the merge (指标名称 over 类别 and 指标)."""
    rows = table.rows
    if not 0 < header_rows < len(rows):
        return
    for c in range(1, len(table.xs) - 1):
        if any(rows[r][c].text or rows[r][c].merged for r in range(header_rows)):
            continue
        if not any(row[c].text for row in rows[header_rows:]):
            continue
        for r in range(header_rows):
            origin = next((k for k in range(c - 1, -1, -1) if not rows[r][k].merged), None)
            cell = rows[r][origin] if origin is not None else None
            if cell is not None and cell.text and origin + cell.colspan == c:
                cell.colspan += 1
                rows[r][c].merged = True
                break


def _inside_box(line: Line, box: BBox) -> bool:
    return box[0] - 1 <= line.x0 and line.x1 <= box[2] + 1 and box[1] - 1 <= line.top < box[3]


def _overlaps(a: BBox, b: BBox) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _rows_with_cells(table: PageTable) -> int:
    """Rows with text in two cells or more: a table has several."""
    return sum(1 for row in table.rows if sum(1 for c in row if c.text) >= 2)


def _column_lines(
    chars: list[Char], xs: list[float], number: int, placed: dict[int, int] | None = None
) -> dict[int, list[Line]]:
    """Each column's text lines; `placed` puts characters (by id) in a given column (the
    first of a cell that spans several)."""
    by_col: dict[int, list[Char]] = {}
    for ch in chars:
        col = placed.get(id(ch)) if placed else None
        if col is None:
            col = min(max(bisect_right(xs, (ch["x0"] + ch["x1"]) / 2) - 1, 0), len(xs) - 2)
        by_col.setdefault(col, []).append(ch)
    return {col: group_lines(cs, number) for col, cs in by_col.items()}


def _cell_blocks(lines: list[Line], width: float) -> list[list[Line]]:
    """A column's lines grouped into cells: a line goes on from the one above when that
    one was full (wrapped) or both are single characters (stacked), and it is close."""
    room = width - 2 * CELL_PADDING
    blocks: list[list[Line]] = []
    for ln in sorted(lines, key=lambda x: x.top):
        prev = blocks[-1][-1] if blocks else None
        goes_on = prev is not None and ln.top - prev.bottom < 0.8 * prev.size
        # a line wider than the column is a cell spanning columns, not one that wrapped
        wrapped = prev is not None and ln.lead > room - (prev.x1 - prev.x0) >= -CELL_PADDING
        stacked = prev is not None and len(prev.text) == 1 and len(ln.text) == 1
        if goes_on and (wrapped or stacked):
            blocks[-1].append(ln)
        else:
            blocks.append([ln])
    return blocks


Block = tuple[int, list[Line]]  # a column and the lines of one cell's text in it


def _bands(blocks: list[Block], bridges: bool = False) -> list[list[Block]]:
    """Blocks whose heights overlap are one row: a cell of one line sits beside the
    first line of a cell of three (top-aligned) or beside its middle (centred). A
    block centred over two rows (a cell merged down them) joins the upper one."""
    bridging = _bridging(blocks) if bridges else set()
    bands: list[list[Block]] = []
    bottom = 0.0
    for k, block in sorted(enumerate(blocks), key=lambda kb: kb[1][1][0].top):
        if k in bridging:
            continue
        top, end = block[1][0].top, block[1][-1].bottom
        if bands and top < bottom - 1.0:
            bands[-1].append(block)
            bottom = max(bottom, end)
        else:
            bands.append([block])
            bottom = end
    for k in sorted(bridging, key=lambda k: blocks[k][1][0].top):
        top, end = blocks[k][1][0].top, blocks[k][1][-1].bottom
        home = next((b for b in bands if _spread(b)[1] > top + 1.0 and _spread(b)[0] < end), None)
        if home is None:
            bands.append([blocks[k]])
        else:
            home.append(blocks[k])
    return sorted(bands, key=lambda b: _spread(b)[0])


def _spread(band: list[Block]) -> tuple[float, float]:
    return min(b[1][0].top for b in band), max(b[1][-1].bottom for b in band)


def _bridging(blocks: list[Block]) -> set[int]:
    """Blocks centred over two rows (a cell merged down them): among the blocks they
    touch, two or more end above some height and two or more start below it."""
    spans = [(b[1][0].top, b[1][-1].bottom) for b in blocks]
    out = set()
    for i, (top, end) in enumerate(spans):
        touch = [s for j, s in enumerate(spans) if j != i and s[0] < end and top < s[1]]
        for cut in {e for _, e in touch}:
            above = sum(1 for _, e in touch if e <= cut)
            below = sum(1 for t, _ in touch if t >= cut - 1.0)
            if above >= 2 and below >= 2:
                out.add(i)
                break
    return out


def _half(ncols: int) -> int:
    """Cells a line needs to count as a row of its own: half the columns, two at least."""
    return max(2, (ncols + 1) // 2)


def _rows(bands: list[list[Block]], ncols: int) -> list[list[Block]]:
    """A band with text in few columns, all filled in the row above, is the rest of
    that row (a line the author broke, such as a second 力争 target)."""
    rows: list[list[Block]] = []
    for band in bands:
        cols = {c for c, _ in band}
        above = {c for c, _ in rows[-1]} if rows else set()
        sparse = ncols > NARROW and len(cols) < _half(ncols)
        if rows and sparse and cols <= above:
            rows[-1].extend(band)
        else:
            rows.append(list(band))
    return rows


def _grid(
    chars: list[Char],
    xs: list[float],
    bbox: BBox,
    number: int,
    placed: dict[int, int] | None = None,
    bridges: bool = False,
) -> PageTable | None:
    """The table of `chars` on the columns `xs`; with `placed` (see `_column_lines`) a
    cell whose text reaches over later columns spans them. With `bridges`, a cell
    centred over two rows goes with the upper one instead of joining the rows: only
    where rules bound the table, as in a 三线表; in text set in columns without any
    rules such a layout is too ambiguous to be cut into rows."""
    ncols = len(xs) - 1
    widths = [xs[c + 1] - xs[c] for c in range(ncols)]
    blocks = [
        (col, block)
        for col, lines in _column_lines(chars, xs, number, placed).items()
        for block in _cell_blocks(lines, widths[col])
    ]
    rows = _rows(_bands(blocks, bridges), ncols)
    if len(rows) < 2:
        return None
    table = PageTable(rows=[], bbox=bbox, xs=xs, page=number)
    for r, row in enumerate(rows):
        cells = []
        for c in range(ncols):
            mine = sorted((b for col, b in row if col == c), key=lambda b: b[0].top)
            text = "\n".join(cell_text(b, widths[c]) for b in mine)
            cell = Cell(text=text, row=r, col=c, page=number)
            if mine:
                first, last = mine[0][0], mine[-1][-1]
                table.lines[id(cell)] = CellLines(widths[c], last.x1 - last.x0, first.lead)
            cells.append(cell)
        table.rows.append(cells)
    table.ys = [min(b[0].top for _, b in row) for row in rows] + [bbox[3]]
    if placed:
        _spans(table, rows, xs)
    return table


def _spans(table: PageTable, rows: list[list[Block]], xs: list[float]) -> None:
    """A cell whose lines reach past its column into empty ones spans them."""
    for r, row in enumerate(rows):
        for col, block in row:
            reach = max(ln.x1 for ln in block)
            span = 1
            while col + span < len(xs) - 1 and reach > xs[col + span] + CELL_PADDING:
                span += 1
            cells = table.rows[r]
            if span > 1 and not any(c.text for c in cells[col + 1 : col + span]):
                cells[col].colspan = span
                for covered in cells[col + 1 : col + span]:
                    covered.merged = True


def unstack_rows(table: PageTable, chars: list[Char]) -> None:
    """A ruled table with lines between its columns but not between its rows comes
    out as one tall row whose cells hold every row's text, line under line. Such a
    row (no merged cells, several columns holding lines that do not wrap into each
    other) is split into the rows its text makes, as in a 三线表."""
    ncols, out = len(table.xs) - 1, []
    for r, row in enumerate(table.rows):
        split = None
        stacked = sum(1 for c in row if "\n" in c.text)
        plain = all(not c.merged and c.rowspan == c.colspan == 1 for c in row)
        if plain and stacked >= _half(ncols) and r + 1 < len(table.ys):
            box = (table.xs[0], table.ys[r], table.xs[-1], table.ys[r + 1])
            split = _grid([ch for ch in chars if center_in(ch, box)], table.xs, box, table.page)
        filled = [sum(1 for c in row if c.text) for row in split.rows] if split else []
        if split is not None and sum(n >= _half(ncols) for n in filled) >= 2:
            out.extend(split.rows)
            table.lines.update(split.lines)
        else:
            out.append(row)
    for r, row in enumerate(out):
        for cell in row:
            cell.row = r
    table.rows = out
