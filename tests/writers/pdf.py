"""Render a spec as a PDF shaped like a Word plan exported to PDF.

Real plans reach users as Word documents saved as PDF: A4 pages, a running
header, "- N -" page numbers in the footer, centred chapter headings, indented
justified paragraphs, captions above ruled tables with merged cells, and notes
under them. The PDF reader is tested against these files. Text is drawn in the
CID font STSong-Light, which needs no font file and whose text PDF readers can
extract. A table can be forced across a page break at a given row, optionally
repeating its header rows on the next page, as Word does, and the row before the
break can itself be broken across the pages, as Word and LibreOffice do when a
row does not fit at the bottom of a page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table
from reportlab.platypus.doctemplate import BaseDocTemplate

from tests.writers.spec import LEFT, UP, H, P, Plan, T, spans

FONT = "STSong-Light"
BODY_SIZE = 12
CELL_SIZE = 10.5
MARGIN_X = 3.0 * cm
MARGIN_Y = 2.5 * cm
LEADING = 1.6  # line height in font sizes

pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _style(name: str, size: float, align: int, indent: float = 0, **kw: float) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=FONT,
        fontSize=size,
        leading=size * LEADING,
        alignment=align,
        firstLineIndent=indent,
        wordWrap="CJK",
        **kw,
    )


STYLES = {
    "title": _style("title", 18, TA_CENTER, spaceAfter=18),
    1: _style("h1", 16, TA_CENTER, spaceBefore=12, spaceAfter=8),
    2: _style("h2", 14, TA_LEFT, indent=2 * 14, spaceBefore=6, spaceAfter=4),
    3: _style("h3", BODY_SIZE, TA_LEFT, indent=2 * BODY_SIZE),
    "body": _style("body", BODY_SIZE, TA_JUSTIFY, indent=2 * BODY_SIZE),
    "caption": _style("caption", BODY_SIZE, TA_CENTER, spaceBefore=6, spaceAfter=4),
    "note": _style("note", CELL_SIZE, TA_LEFT, spaceBefore=4),
    "cell": ParagraphStyle(
        "cell", fontName=FONT, fontSize=CELL_SIZE, leading=14, alignment=TA_CENTER, wordWrap="CJK"
    ),
}


def _markup(text: str) -> str:
    return "<br/>".join(escape(line) for line in text.split("\n"))


def _col_widths(rows: list[list[str]], width: float) -> list[float]:
    """Share the text width by each column's longest single-column line."""
    n = max(len(r) for r in rows)
    weights = [2.0] * n
    for row in rows:
        for c, text in enumerate(row):
            if text in (LEFT, UP) or (c + 1 < len(row) and row[c + 1] == LEFT):
                continue
            longest = max(len(x) for x in text.split("\n"))
            weights[c] = max(weights[c], min(float(longest), 12.0))
    total = sum(weights)
    return [width * w / total for w in weights]


RULES: dict[str, list[tuple]] = {
    "grid": [("GRID", (0, 0), (-1, -1), 0.5, colors.black)],
    "none": [],  # columns set without any rules (tab stops, borders turned off)
    # 三线表: a rule above, one under the header row, one below; no others
    "three_line": [
        ("LINEABOVE", (0, 0), (-1, 0), 1.5, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.black),
        ("LINEBELOW", (0, -1), (-1, -1), 1.5, colors.black),
    ],
    # a box with lines between the columns but none between the rows
    "columns": [
        ("BOX", (0, 0), (-1, -1), 0.5, colors.black),
        ("LINEBEFORE", (1, 0), (-1, -1), 0.5, colors.black),
    ],
}


# A grid left open at its foot (no rule under the last row) or its head (none above the
# first): how Chromium draws a row the page break cuts.
OPEN = {
    "foot": [
        ("GRID", (0, 0), (-1, -2), 0.5, colors.black),
        ("LINEBEFORE", (0, -1), (-1, -1), 0.5, colors.black),
        ("LINEAFTER", (-1, -1), (-1, -1), 0.5, colors.black),
    ],
    "head": [
        ("GRID", (0, 1), (-1, -1), 0.5, colors.black),
        ("LINEBEFORE", (0, 0), (-1, 0), 0.5, colors.black),
        ("LINEAFTER", (-1, 0), (-1, 0), 0.5, colors.black),
    ],
}


def _table(
    rows: list[list[str]],
    widths: list[float],
    repeat: int = 0,
    rules: str = "grid",
    open_end: str = "",
) -> Table:
    """A ruled table; "<" and "^" cells become SPAN commands on their origin; `rules`
    is a key of `RULES`, `open_end` one of `OPEN` (a grid left open there)."""
    data = [
        ["" if t in (LEFT, UP) else Paragraph(_markup(t), STYLES["cell"]) for t in row]
        for row in rows
    ]
    style: list[tuple] = [
        *(OPEN[open_end] if open_end else RULES[rules]),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for r, line in enumerate(spans(rows)):
        for c, span in enumerate(line):
            if span is not None and span != (1, 1):
                rs, cs = span
                style.append(("SPAN", (c, r), (c + cs - 1, r + rs - 1)))
    return Table(data, colWidths=widths, style=style, repeatRows=repeat)


CELL_PAD = 6  # reportlab's default left and right cell padding


def _lines(text: str, width: float) -> list[tuple[str, bool]]:
    """The lines reportlab draws `text` in, in a cell of `width`: (line, starts a
    paragraph of the cell's own, i.e. follows a line break written in the text)."""
    out: list[tuple[str, bool]] = []
    for part in text.split("\n"):
        para = Paragraph(escape(part), STYLES["cell"])
        para.wrap(width - 2 * CELL_PAD, 1e6)
        lines = ["".join(words) for _, words in para.blPara.lines] or [""]
        out += [(line, k == 0) for k, line in enumerate(lines)]
    return out


def _cut(text: str, width: float, keep: int) -> tuple[str, str]:
    """`text` as drawn above and below a page break that falls after `keep` lines."""
    if text in (LEFT, UP):
        return text, (LEFT if text == LEFT else "")
    lines = _lines(text, width)

    def joined(part: list[tuple[str, bool]]) -> str:
        return "".join(("\n" if new and i else "") + line for i, (line, new) in enumerate(part))

    return joined(lines[:keep]), joined(lines[keep:])


def _broken_row(row: list[str], widths: list[float], keep: int) -> tuple[list[str], list[str]]:
    cut = [_cut(text, widths[c], keep) for c, text in enumerate(row)]
    return [a for a, _ in cut], [b for _, b in cut]


def _continuation(rows: list[list[str]]) -> list[list[str]]:
    """Rows after a page break: a cell merged from above the break starts empty."""
    out = [list(r) for r in rows]
    if out:
        out[0] = ["" if t == UP else t for t in out[0]]
    return out


@dataclass
class Layout:
    """Page-break options: `breaks` maps a table's ordinal to the row starting a new
    page (its length: a break right after it; 0: the table starts a new page);
    `repeat_header` rows are repeated on the next page; `continued` is a line such as
    续表 written above the rest."""

    breaks: Mapping[int, int] = field(default_factory=dict)
    repeat_header: int = 0
    continued: str = ""
    rules: str = "grid"  # how tables are ruled: a key of RULES
    # Lines of the row before the break kept on the first page (0: the row stays whole);
    # that part of the table then starts a page and ends at its bottom.
    split_row: int = 0
    caption_gap: int = 0  # empty lines between a caption and its table
    # With `split_row`: the halves of the cut row drawn without the rule at the cut:
    # "foot" (under the first half), "head" (above the second), or "both".
    open_cut: str = ""


def _table_flowables(t: T, width: float, brk: int | None, opts: Layout) -> list[Flowable]:
    out: list[Flowable] = []
    if brk == 0:  # the table starts a new page
        out.append(PageBreak())
        brk = None
    if t.caption:
        out.append(Paragraph(_markup(t.caption), STYLES["caption"]))
        if opts.caption_gap:
            out.append(Spacer(1, opts.caption_gap * BODY_SIZE * LEADING))
    widths = _col_widths(t.rows, width)
    repeat = opts.repeat_header
    if brk is None:
        out.append(_table(t.rows, widths, repeat, opts.rules))
    elif opts.split_row:
        above, below = _broken_row(t.rows[brk - 1], widths, opts.split_row)
        foot = "foot" if opts.open_cut in ("foot", "both") else ""
        first = _table([*t.rows[: brk - 1], above], widths, open_end=foot)
        out[-1:] = [PageBreak(), *_at_page_bottom([*out[-1:], first], width)]
        out.append(PageBreak())
        head = "head" if opts.open_cut in ("head", "both") and not repeat else ""
        out.append(_table([*t.rows[:repeat], below, *t.rows[brk:]], widths, open_end=head))
    else:
        out.append(_table(t.rows[:brk], widths))
        out.append(PageBreak())
        if opts.continued:
            out.append(Paragraph(_markup(opts.continued), STYLES["note"]))
        if brk < len(t.rows):
            out.append(_table(t.rows[:repeat] + _continuation(t.rows[brk:]), widths))
    out.extend(Paragraph(_markup(n), STYLES["note"]) for n in t.notes)
    out.append(Spacer(1, 6))
    return out


def _at_page_bottom(flowables: list[Flowable], width: float) -> list[Flowable]:
    """`flowables` after a spacer that makes them end at the bottom of the page."""
    frame = A4[1] - 2 * MARGIN_Y - 12  # the frame's 6 pt padding above and below
    used = sum(f.wrap(width, frame)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)
    return [Spacer(1, max(frame - used - 1, 0)), *flowables]


def _flowables(plan: Plan, width: float, opts: Layout) -> list[Flowable]:
    out: list[Flowable] = []
    if plan.title:
        out.append(Paragraph(_markup(plan.title), STYLES["title"]))
    tables = 0
    for b in plan.blocks:
        if isinstance(b, H):
            out.append(Paragraph(_markup(b.text), STYLES[min(max(b.level, 1), 3)]))
        elif isinstance(b, P):
            out.append(Paragraph(_markup(b.text), STYLES["body"]))
        elif isinstance(b, T):
            out.extend(_table_flowables(b, width, opts.breaks.get(tables), opts))
            tables += 1
    return out


def _furniture(header: str, rules: bool = False):
    """Running header and page number; with `rules`, a rule under the header and one
    above the page number across the text width, as many plans have."""

    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        w, h = A4
        canvas.saveState()
        canvas.setFont(FONT, 9)
        if header:
            canvas.drawCentredString(w / 2, h - MARGIN_Y + 18, header)
        canvas.setFont(FONT, 10.5)
        canvas.drawCentredString(w / 2, MARGIN_Y - 28, f"- {doc.page} -")
        if rules:
            canvas.line(MARGIN_X, h - MARGIN_Y + 14, w - MARGIN_X, h - MARGIN_Y + 14)
            canvas.line(MARGIN_X, MARGIN_Y - 14, w - MARGIN_X, MARGIN_Y - 14)
        canvas.restoreState()

    return draw


def render(
    plan: Plan,
    path: Path,
    *,
    header: str | None = None,
    breaks: Mapping[int, int] | None = None,
    repeat_header: int = 0,
    continued: str = "",
    split_row: int = 0,
    rules: str = "grid",
    page_rules: bool = False,
    caption_gap: int = 0,
    open_cut: str = "",
) -> Path:
    """Write `plan` to `path` as a PDF and return `path`.

    `header` is the running header (the plan's title by default); `breaks`,
    `repeat_header`, `continued`, `split_row` and `rules` are the options of `Layout`;
    `caption_gap` empty lines stand between each caption and its table; `open_cut`
    leaves the row `split_row` cuts open at the cut;
    `page_rules` draws a rule under the running header and one above the page number;
    `repeat_header` also repeats header rows of tables the layout splits.
    """
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_Y,
        bottomMargin=MARGIN_Y,
        title=plan.title,
    )
    furniture = _furniture(plan.title if header is None else header, page_rules)
    opts = Layout(
        dict(breaks or {}), repeat_header, continued, rules, split_row, caption_gap, open_cut
    )
    story = _flowables(plan, doc.width, opts)
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return path
