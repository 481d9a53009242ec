"""A `Report` as a Word file (python-docx), the format evaluation reports are
handed in as.

Word's own styles carry the structure, so the reader's Word can do the rest:
headings are "Heading 1"/"Heading 2" (a table of contents picks them up),
captions are "Caption" paragraphs numbered with SEQ fields (a list of tables or
figures picks them up), a table's header row repeats on every page it runs over.
Fonts name an East Asian face explicitly (宋体 for text, 黑体 for headings): left
to the template's theme fonts, Word on a machine set up for English lays Chinese
out in a fallback font with Western line breaking.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as DocxParagraph

from planwatch.models.report import Bullets, Cell, Chart, Column, Paragraph, Report, Section, Table
from planwatch.report import tones
from planwatch.report.pictures import Drawing, Job, has_font

LATIN_FONT = "Times New Roman"
BODY_FONT = "宋体"
HEADING_FONT = "黑体"
BLACK = RGBColor(0, 0, 0)
PAGE_WIDTH_CM, PAGE_HEIGHT_CM, MARGIN_CM = 21.0, 29.7, 2.5  # A4
TEXT_WIDTH_CM = PAGE_WIDTH_CM - 2 * MARGIN_CM
CHART_WIDTH_CM = 15.0
HEADER_FILL = "D9D9D9"
BODY_PT, TABLE_PT, NOTE_PT = 12, 10.5, 9  # 小四, 五号, 小五
NUMERIC_KINDS = ("number", "integer", "percent")
WIDE_COLUMNS = 9  # tables with more columns are set on a landscape page
WIDE_TABLE_PT = 9
GRID_PANELS = 8  # small multiples per picture: four rows of two fill a page
# Elements after w:shd in a cell's properties (CT_TcPr's sequence).
SHD_SUCCESSORS = (
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
)
# Caption prefixes and the SEQ field's identifier, by report language.
CAPTIONS = {
    "zh": {"table": ("表", "表"), "figure": ("图", "图")},
    "en": {"table": ("Table ", "Table"), "figure": ("Figure ", "Figure")},
}
NO_FONT_NOTE = {
    "zh": "（此处图表未绘制：系统未安装中文字体，请安装 fonts-noto-cjk 后重新生成报告。）",
    "en": (
        "(Chart not drawn: no Chinese (CJK) font is installed; "
        "install fonts-noto-cjk and write the report again.)"
    ),
}


@dataclass
class _Counters:
    """Tables and figures are numbered separately, in order through the document."""

    counts: dict[str, int] = field(default_factory=lambda: {"table": 0, "figure": 0})

    def next(self, kind: str) -> int:
        self.counts[kind] += 1
        return self.counts[kind]


def write(report: Report, path: Path) -> None:
    """Write `report` as a .docx file at `path`."""
    doc = docx.Document()
    _page(doc)
    _styles(doc, report.lang)
    doc.core_properties.title = report.title
    doc.core_properties.language = "zh-CN" if report.lang == "zh" else "en-US"
    _front(doc, report)
    counters = _Counters()
    # every picture handed over first: a helper process, where the command started
    # one, draws them while the tables are laid out; without a font, none is drawn
    draw = Drawing(_jobs(report)) if has_font() else None
    for section in report.sections:
        _section(doc, section, report.lang, counters, draw)
    doc.save(str(path))


# Page and styles


def _page(doc: Document) -> None:
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(MARGIN_CM))


def _fonts(style: BaseStyle, east_asia: str, size: float | None = None) -> None:
    """Name the Latin and East Asian fonts outright and drop the theme's: Word lets a
    theme font attribute win over the named one, and blue headings are not the custom."""
    font = style.font  # type: ignore[attr-defined]
    font.name = LATIN_FONT
    font.color.rgb = BLACK
    if size is not None:
        font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:cs"), LATIN_FONT)


def _language(style: BaseStyle) -> None:
    """Mark East Asian text as Chinese, for its line breaking (no 。 at a line's start)
    and proofing; Latin text stays English."""
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    el = OxmlElement("w:lang")
    el.set(qn("w:val"), "en-US")
    el.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(el)


def _styles(doc: Document, lang: str) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    _fonts(normal, BODY_FONT, BODY_PT)
    _language(normal)
    fmt = normal.paragraph_format  # type: ignore[attr-defined]
    fmt.line_spacing = 1.5 if lang == "zh" else 1.15
    fmt.space_after = Pt(0 if lang == "zh" else 6)
    for name, size in (("Title", 22), ("Subtitle", 15), ("Heading 1", 16), ("Heading 2", 14)):
        _fonts(styles[name], HEADING_FONT, size)
    for name in ("Heading 1", "Heading 2"):
        styles[name].paragraph_format.space_before = Pt(12)  # type: ignore[attr-defined]
        styles[name].paragraph_format.space_after = Pt(6)  # type: ignore[attr-defined]
    title = styles["Title"]
    title.font.bold = True  # type: ignore[attr-defined]
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER  # type: ignore[attr-defined]
    for border in title.element.xpath("w:pPr/w:pBdr"):  # the template's rule under the title
        border.getparent().remove(border)
    subtitle = styles["Subtitle"]
    subtitle.font.italic = False  # type: ignore[attr-defined]
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER  # type: ignore[attr-defined]
    caption = styles["Caption"]
    _fonts(caption, HEADING_FONT, TABLE_PT)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER  # type: ignore[attr-defined]
    caption.paragraph_format.space_before = Pt(6)  # type: ignore[attr-defined]
    caption.paragraph_format.space_after = Pt(6)  # type: ignore[attr-defined]


# Content


def _front(doc: Document, report: Report) -> None:
    """Title, subtitle and the facts (plan, region, cut-off, author), centred."""
    doc.add_paragraph(report.title, style="Title")
    if report.subtitle:
        doc.add_paragraph(report.subtitle, style="Subtitle")
    for fact in report.facts:
        p = doc.add_paragraph(fact)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _wide(block: object) -> bool:
    """A table too wide for a portrait page (a completion table has 14 columns)."""
    return isinstance(block, Table) and len(block.columns) > WIDE_COLUMNS


def _orient(doc: Document, landscape: bool) -> None:
    """Start a new page in landscape (or back in portrait): wide tables get the room
    Chinese evaluation reports give them."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Cm(PAGE_HEIGHT_CM), Cm(PAGE_WIDTH_CM)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)


def _text_width(doc: Document) -> float:
    section = doc.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
    return width / 360000  # EMU → cm


def _section(
    doc: Document, section: Section, lang: str, counters: _Counters, draw: Drawing | None
) -> None:
    wide = any(_wide(b) for b in section.blocks)
    if wide:
        _orient(doc, landscape=True)
    doc.add_heading(section.heading, level=min(max(section.level, 1), 9))
    for block in _runs(section.blocks):
        if isinstance(block, list):
            for panels in _chunks(block, GRID_PANELS):
                _grid(doc, panels, lang, counters.next("figure"), draw)
        elif isinstance(block, Paragraph):
            _body(doc, block.text, lang)
        elif isinstance(block, Bullets):
            for item in block.items:
                doc.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            _table(doc, block, lang, counters.next("table"))
        elif isinstance(block, Chart):
            _chart(doc, block, lang, counters.next("figure"), draw)
    if wide:
        _orient(doc, landscape=False)


def _body(doc: Document, text: str, lang: str) -> None:
    """A body paragraph; Chinese ones are justified and indented by two characters."""
    p = doc.add_paragraph(text)
    if lang == "zh":
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _indent_chars(p, 2)


def _indent_chars(p: DocxParagraph, chars: int) -> None:
    """First-line indent in characters (w:firstLineChars, which Word keeps right when the
    font size changes) and in twips for readers that ignore it."""
    p.paragraph_format.first_line_indent = Pt(BODY_PT * chars)
    ind = p._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))


def _caption(doc: Document, kind: str, number: int, text: str, lang: str) -> DocxParagraph:
    """A caption "表1 text": the number is a SEQ field showing `number`, so Word can
    renumber captions and list them."""
    prefix, identifier = CAPTIONS[lang][kind]
    p = doc.add_paragraph(style="Caption")
    p.add_run(prefix)
    _field(p, f" SEQ {identifier} \\* ARABIC ", str(number))
    p.add_run(f" {text}")
    return p


def _field(p: DocxParagraph, instruction: str, shown: str) -> None:
    """A complex field (begin, instruction, separate, result, end) with its result."""

    def fld_char(kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        p.add_run()._r.append(el)

    fld_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    p.add_run()._r.append(instr)
    fld_char("separate")
    p.add_run(shown)
    fld_char("end")


# Tables


def _table(doc: Document, table: Table, lang: str, number: int) -> None:
    _caption(doc, "table", number, table.caption, lang).paragraph_format.keep_with_next = True
    if not table.columns:
        return
    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = _widths(table.columns, _text_width(doc))
    for k, width in enumerate(widths):
        grid.columns[k].width = width
    rows = grid.rows
    _header(rows[0], table.columns, widths)
    for row, cells in zip(rows[1:], table.rows, strict=True):
        _row(row, cells, table.columns, widths)
    if _wide(table):
        _smaller(grid._tbl, WIDE_TABLE_PT)
    for note in table.notes:
        p = doc.add_paragraph()
        p.add_run(note).font.size = Pt(NOTE_PT)


def _smaller(tbl: object, size: float) -> None:
    """Every run of a wide table in a smaller type (小五), so figures fit their cells."""
    half_points = str(round(size * 2))
    for sz in tbl.iter(qn("w:sz")):  # type: ignore[attr-defined]
        sz.set(qn("w:val"), half_points)


def _widths(columns: list[Column], text_width_cm: float = TEXT_WIDTH_CM) -> list[Length]:
    """Column widths in proportion to their widths in characters, filling the text width."""
    total = sum(max(c.width, 1) for c in columns) or 1
    return [Cm(text_width_cm * max(c.width, 1) / total) for c in columns]


def _header(row: _Row, columns: list[Column], widths: list[Length]) -> None:
    """Bold on grey, repeated at the top of each page the table runs over."""
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))
    for cell, column, width in zip(row.cells, columns, widths, strict=True):
        _fill_cell(cell, column.label, width, WD_ALIGN_PARAGRAPH.CENTER)
        cell.paragraphs[0].runs[0].font.bold = True
        _shade(cell, HEADER_FILL)


def _row(row: _Row, cells: list[Cell], columns: list[Column], widths: list[Length]) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row stays on one page
    for cell, data, column, width in zip(row.cells, cells, columns, widths, strict=False):
        numeric = column.kind in NUMERIC_KINDS
        align = WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT
        _fill_cell(cell, data.text or _shown(data.value, column.kind), width, align)
        fill, ink = tones.fill(data.tone), tones.ink(data.tone)
        if fill:
            _shade(cell, fill.lstrip("#"))
        if ink:
            cell.paragraphs[0].runs[0].font.color.rgb = RGBColor.from_string(ink.lstrip("#"))


def _shown(value: float | int | str | None, kind: str) -> str:
    """A cell's text when the builder gave only its value."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if kind == "percent":
        return f"{value:.1%}"
    if kind == "integer":
        return f"{round(value):,}"
    return f"{value:,.2f}"


def _fill_cell(cell: _Cell, text: str, width: Length, align: WD_ALIGN_PARAGRAPH) -> None:
    """One run of `text` in table type: single spaced, no indent, smaller than the body."""
    cell.width = width
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.line_spacing = 1.0
    p.paragraph_format.space_after = Pt(0)
    p.add_run(text).font.size = Pt(TABLE_PT)


def _shade(cell: _Cell, fill: str) -> None:
    """A background colour (w:shd), placed where the schema puts it: Word refuses a
    cell property out of order as unreadable content."""
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill.upper())
    cell._tc.get_or_add_tcPr().insert_element_before(shd, *SHD_SUCCESSORS)


# Charts


def _runs(blocks: list) -> list:  # type: ignore[type-arg]
    """The blocks, with consecutive charts of one group gathered into a list: printed as
    small multiples (a page of indicator paths, not a page per indicator)."""
    out: list = []  # type: ignore[type-arg]
    for block in blocks:
        grouped = isinstance(block, Chart) and block.group
        if grouped and out and isinstance(out[-1], list) and out[-1][0].group == block.group:
            out[-1].append(block)
        else:
            out.append([block] if grouped else block)
    return [b[0] if isinstance(b, list) and len(b) == 1 else b for b in out]


def _chunks(panels: list[Chart], size: int) -> list[list[Chart]]:
    return [panels[k : k + size] for k in range(0, len(panels), size)]


def _jobs(report: Report) -> list[Job]:
    """Every picture of `report`, as `_section` will place them."""
    jobs: list[Job] = []
    for section in report.sections:
        for block in _runs(section.blocks):
            if isinstance(block, list):
                jobs += [_grid_job(panels) for panels in _chunks(block, GRID_PANELS)]
            elif isinstance(block, Chart):
                jobs.append(_chart_job(block))
    return jobs


def _grid_job(panels: list[Chart]) -> Job:
    return ("grid", tuple(panels), CHART_WIDTH_CM)


def _chart_job(chart: Chart) -> Job:
    return ("chart", (chart,), CHART_WIDTH_CM)


def _grid(doc: Document, panels: list[Chart], lang: str, number: int, draw: Drawing | None) -> None:
    """Charts of one group as one picture of panels, captioned by the group."""
    _figure(doc, _grid_job(panels), panels[0].group, lang, number, draw)


def _picture(doc: Document, png: bytes | None, lang: str) -> None:
    """A centred picture kept with its caption, or the no-font note in its place."""
    p = doc.add_paragraph()
    if png is None:
        p.add_run(NO_FONT_NOTE[lang]).italic = True
    else:
        p.add_run().add_picture(io.BytesIO(png), width=Cm(CHART_WIDTH_CM))
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.line_spacing = 1.0
    p.paragraph_format.keep_with_next = True


def _chart(doc: Document, chart: Chart, lang: str, number: int, draw: Drawing | None) -> None:
    """The chart as a picture with its caption under it."""
    _figure(doc, _chart_job(chart), chart.caption, lang, number, draw)


def _figure(
    doc: Document, job: Job, caption: str, lang: str, number: int, draw: Drawing | None
) -> None:
    """A drawn picture and its numbered caption; a note in the picture's place when
    there is no Chinese font to draw it with (a report without charts beats none)."""
    png = draw.take(job) if draw is not None else None
    _picture(doc, png, lang)
    _caption(doc, "figure", number, caption, lang)
