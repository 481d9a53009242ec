"""A `Report` as an Excel workbook, for readers who want to sort, filter and re-use the
figures rather than read them.

The prose goes on a first sheet (概览) so the workbook stands alone; each table gets
its own sheet with numbers stored as numbers (Excel can add them up) and formatted by
the column's kind; the charts' numbers go on one sheet (图表数据) with a native Excel
chart beside each block, so the figures in the charts can be checked and re-plotted.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.marker import DataPoint, Marker
from openpyxl.chart.series import Series
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from planwatch.models.report import NUMBER_FORMATS, Bullets, Chart, Paragraph, Report, Table
from planwatch.report import tones

WORDS = {
    "zh": {
        "overview": "概览",
        "chart_data": "图表数据",
        "table": "表{}",
        "figure": "图{}",
        "see_sheet": "（见工作表“{}”）",
        "category": "类别",
        "marker": "标记",
    },
    "en": {
        "overview": "Overview",
        "chart_data": "Chart data",
        "table": "Table {}",
        "figure": "Figure {}",
        "see_sheet": " (see sheet '{}')",
        "category": "Category",
        "marker": "Marker",
    },
}

# Style objects are immutable in openpyxl and shared by reference: made once, not per cell.
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=16)
HEADING = {1: Font(bold=True, size=13), 2: Font(bold=True, size=12)}
LINK = Font(color="1565C0", underline="single")
HEADER_FILL = PatternFill("solid", start_color="D9D9D9")
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, horizontal="center", vertical="center")
NUMERIC = ("number", "integer", "percent")
OVERVIEW_WIDTH = 100  # column A of the overview, in characters
MAX_WIDTH = 50  # a table column wider than this wraps instead
LINE_HEIGHT = 16  # points per wrapped line of 11pt CJK text
CHART_ROWS = 17  # rows a 7.5 cm native chart covers, so the next block starts below it
ChartKind = LineChart | BarChart | PieChart
BAD_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


def write(report: Report, path: Path) -> None:
    """Write `report` as an .xlsx workbook at `path`."""
    words = WORDS[report.lang]
    wb = Workbook()
    overview = wb.active
    assert overview is not None
    overview.title = words["overview"]
    names = SheetNames([words["overview"], words["chart_data"]])
    sheets = {id(t): names.add(t.caption or t.key) for t in report.tables()}
    _overview(overview, report, sheets, words)
    for table in report.tables():
        _table_sheet(wb.create_sheet(sheets[id(table)]), table)
    if report.charts():
        _chart_sheet(wb.create_sheet(words["chart_data"]), report.charts(), words)
    wb.properties.title = report.title
    wb.properties.creator = "planwatch"
    wb.save(path)


class SheetNames:
    """Unique, valid sheet names: Excel refuses []:*?/\\, more than 31 characters, a
    leading or trailing apostrophe and two names differing only in case."""

    LIMIT = 31

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = {t.casefold() for t in taken} | {"history"}  # Excel reserves History

    def add(self, caption: str) -> str:
        base = " ".join(caption.translate(BAD_SHEET_CHARS).split()).strip("'") or "Sheet"
        name, n = base[: self.LIMIT], 1
        while name.casefold() in self.taken:
            n += 1
            suffix = f" ({n})"
            name = base[: self.LIMIT - len(suffix)].rstrip() + suffix
        self.taken.add(name.casefold())
        return name


def text_width(text: str) -> int:
    """Columns `text` takes in Excel: CJK (wide) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def safe_text(text: str) -> str | None:
    """`text` as a cell can hold it: control characters make openpyxl raise; '' is no cell."""
    return ILLEGAL_CHARACTERS_RE.sub("", text) or None


def _put_text(ws: Worksheet, row: int, col: int, text: str) -> None:
    """A string cell that stays a string: openpyxl would store '=…' as a formula."""
    cell = ws.cell(row, col, safe_text(text))
    if cell.data_type == "f":
        cell.data_type = "s"


def _wrapped_height(text: str, width: int) -> float:
    """Row height for `text` wrapped in a column `width` characters wide: Excel does not
    grow rows written by a program, so a long paragraph would show one line."""
    lines = sum(max(1, math.ceil(text_width(part) / width)) for part in text.split("\n"))
    return LINE_HEIGHT * lines


# The overview sheet ----------------------------------------------------------------------


def _overview(ws: Worksheet, report: Report, sheets: dict[int, str], words: dict[str, str]) -> None:
    """Title, facts and every section's prose in order, in one wide wrapped column;
    a table's place in the text links to its sheet."""
    ws.column_dimensions["A"].width = OVERVIEW_WIDTH
    ws.cell(1, 1, safe_text(report.title)).font = TITLE
    row = 2
    for line in [report.subtitle, *report.facts]:
        if line:
            _put_text(ws, row, 1, line)
            row += 1
    tables = 0
    for section in report.sections:
        row += 1
        _put_text(ws, row, 1, section.heading)
        ws.cell(row, 1).font = HEADING.get(section.level, BOLD)
        row += 1
        for block in section.blocks:
            if isinstance(block, Paragraph):
                row = _prose(ws, row, block.text)
            elif isinstance(block, Bullets):
                for item in block.items:
                    row = _prose(ws, row, f"• {item}")
            elif isinstance(block, Table):
                tables += 1
                row = _table_link(ws, row, block, sheets[id(block)], tables, words)


def _prose(ws: Worksheet, row: int, text: str) -> int:
    _put_text(ws, row, 1, text)
    ws.cell(row, 1).alignment = WRAP
    ws.row_dimensions[row].height = _wrapped_height(text, OVERVIEW_WIDTH - 2)
    return row + 1


def _table_link(
    ws: Worksheet, row: int, table: Table, sheet: str, n: int, words: dict[str, str]
) -> int:
    label = f"{words['table'].format(n)} {table.caption}{words['see_sheet'].format(sheet)}"
    _put_text(ws, row, 1, label)
    cell = ws.cell(row, 1)
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{quote_sheetname(sheet)}!A1")
    cell.font = LINK
    return row + 1


# A table's sheet -------------------------------------------------------------------------


class ToneStyles:
    """Fill and font of each tone, made once per workbook."""

    def __init__(self) -> None:
        self._styles: dict[str, tuple[PatternFill, Font] | None] = {}

    def get(self, tone: str) -> tuple[PatternFill, Font] | None:
        if tone not in self._styles:
            fill, ink = tones.fill(tone), tones.ink(tone)
            self._styles[tone] = (
                (PatternFill("solid", start_color=_hex(fill)), Font(color=_hex(ink)))
                if fill and ink
                else None
            )
        return self._styles[tone]


def cell_value(value: float | int | str | None, text: str) -> float | int | str | None:
    """What Excel stores: a finite number as a number, anything else as its shown text
    (a text value when nothing is shown)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return value
    return text or (value if isinstance(value, str) else None) or None


def _table_sheet(ws: Worksheet, table: Table) -> None:
    """Caption, bold grey headers, the rows as data, notes under them; the headers stay
    in view (frozen) and carry a filter. The caption is unnumbered: a sheet stands on
    its own, and the overview's link gives the table's number in the document."""
    ncols = max(len(table.columns), 1)
    ws.cell(1, 1, safe_text(table.caption)).font = BOLD
    for c, column in enumerate(table.columns, 1):
        cell = ws.cell(2, c, safe_text(column.label))
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, HEADER_ALIGN
    _table_rows(ws, table)
    last_row = 2 + len(table.rows)
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{get_column_letter(ncols)}{last_row}"
    for i, note in enumerate(table.notes):
        _put_text(ws, last_row + 2 + i, 1, note)
    _column_widths(ws, table)
    _print_setup(ws, ncols)


def _table_rows(ws: Worksheet, table: Table) -> None:
    styles = ToneStyles()
    kinds = [c.kind for c in table.columns]
    for r, row in enumerate(table.rows, 3):
        for c, (data, kind) in enumerate(zip(row, kinds, strict=False), 1):
            value = cell_value(data.value, data.text)
            if value is None:
                continue
            if isinstance(value, str):
                _put_text(ws, r, c, value)
                cell = ws.cell(r, c)
            else:
                cell = ws.cell(r, c, value)
                if kind in NUMERIC:
                    cell.number_format = NUMBER_FORMATS[kind]
            style = styles.get(data.tone) if data.tone else None
            if style:
                cell.fill, cell.font = style


def _column_widths(ws: Worksheet, table: Table) -> None:
    """Each column as wide as its model width or its longest shown text, whichever is
    more (CJK counting double), up to MAX_WIDTH; text longer than that wraps."""
    for c, column in enumerate(table.columns):
        texts = [row[c].text for row in table.rows if c < len(row)]
        longest = max((text_width(t) for t in texts), default=0)
        header = max((text_width(w) for w in column.label.split()), default=0)
        width = min(max(column.width, longest + 2, header + 2), MAX_WIDTH)
        ws.column_dimensions[get_column_letter(c + 1)].width = width
        if longest + 2 > MAX_WIDTH:
            for r in range(3, 3 + len(table.rows)):
                ws.cell(r, c + 1).alignment = WRAP


def _print_setup(ws: Worksheet, ncols: int) -> None:
    """Printed: landscape when wide, one page wide, the header row on every page."""
    if ncols > 8:
        ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "2:2"


# The chart data sheet --------------------------------------------------------------------


def _chart_sheet(ws: Worksheet, charts: list[Chart], words: dict[str, str]) -> None:
    """Each chart's numbers as a small table (categories down, series across) with a
    native chart drawn from those cells beside it."""
    ws.column_dimensions["A"].width = 16
    row = 1
    for n, chart in enumerate(charts, 1):
        caption = f"{words['figure'].format(n)} {chart.caption}".strip()
        end = _chart_block(ws, row, chart, caption, words)
        native = native_chart(ws, chart, row + 1, caption)
        if native is not None:
            ws.add_chart(native, f"{get_column_letter(len(chart.series) + 3)}{row}")
        row = max(end, row + CHART_ROWS) + 1


def _chart_block(ws: Worksheet, row: int, chart: Chart, caption: str, words: dict[str, str]) -> int:
    """Caption, a header of series names, a row per category; returns the next free row."""
    ws.cell(row, 1, safe_text(caption)).font = BOLD
    head = [words["category"] + (f" ({chart.unit})" if chart.unit else "")]
    for c, name in enumerate([*head, *(s.name for s in chart.series)], 1):
        cell = ws.cell(row + 1, c, safe_text(name))
        cell.font, cell.fill = BOLD, HEADER_FILL
    fmt = NUMBER_FORMATS["percent"] if chart.percent else "General"
    for i, category in enumerate(chart.categories):
        r = row + 2 + i
        _put_text(ws, r, 1, category)
        for c, series in enumerate(chart.series, 2):
            value = series.values[i] if i < len(series.values) else None
            if value is not None and math.isfinite(value):
                ws.cell(r, c, value).number_format = fmt
    end = row + 2 + len(chart.categories)
    if chart.marker is not None:
        _put_text(ws, end, 1, chart.marker_label or words["marker"])
        ws.cell(end, 2, chart.marker).number_format = fmt
        end += 1
    for c in range(2, len(chart.series) + 2):
        ws.column_dimensions[get_column_letter(c)].width = max(
            12, min(30, text_width(chart.series[c - 2].name) + 2)
        )
    return end


def native_chart(ws: Worksheet, chart: Chart, header_row: int, caption: str) -> ChartKind | None:
    """An Excel chart of the block whose header is on `header_row`; None when empty."""
    if not chart.categories or not chart.series:
        return None
    first, last = header_row + 1, header_row + len(chart.categories)
    cats = Reference(ws, min_col=1, min_row=first, max_row=last)

    def data(col: int) -> Reference:
        return Reference(ws, min_col=col, min_row=header_row, max_row=last)

    if chart.kind == "pie":
        native = _pie(chart, data(2), cats)
    elif chart.kind == "lines":
        native = _lines(chart, data, cats)
    else:
        native = _bars(chart, data, cats)
    native.title = caption
    native.width, native.height = 16, 7.5
    return native


def _set_categories(native: ChartKind, cats: Reference) -> None:
    """Category labels as text (years, regions): openpyxl's `set_categories` declares
    them numbers, which some readers then show as 1, 2, 3."""
    for series in native.series:
        series.cat = AxDataSource(strRef=StrRef(f=str(cats)))


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _colour(i: int) -> str:
    """The i-th series colour, the same as the HTML chart's."""
    return _hex(tones.PALETTE[i % len(tones.PALETTE)])


def _axes(native: LineChart | BarChart, chart: Chart) -> None:
    """Visible axes (openpyxl 3.1 hides them unless told), % labels, the unit as title."""
    native.x_axis.delete = False
    native.y_axis.delete = False
    if chart.percent:
        native.y_axis.number_format = "0%"
    if chart.unit:
        native.y_axis.title = chart.unit
    if len(chart.series) < 2:
        native.legend = None


def _lines(chart: Chart, data: Callable[[int], Reference], cats: Reference) -> ChartKind:
    """Lines with markers; dashed for a planned path, markers only for targets; bar-style
    series as bars under the lines. Empty cells stay gaps."""
    lines, bars = LineChart(), BarChart()
    for i, series in enumerate(chart.series):
        target = bars if series.style == "bar" else lines
        target.add_data(data(i + 2), titles_from_data=True)
        _style_series(target.series[-1], series.style, _colour(i))
    native: ChartKind = lines
    if bars.series:
        if lines.series:
            _set_categories(lines, cats)
            bars += lines
        native = bars
    _set_categories(native, cats)
    native.display_blanks = "gap"
    _axes(native, chart)
    return native


def _style_series(s: Series, style: str, colour: str) -> None:
    if style == "bar":
        s.graphicalProperties.solidFill = colour
        return
    s.smooth = False
    s.marker = Marker(symbol="circle", size=9 if style == "point" else 6)
    s.marker.graphicalProperties.solidFill = colour
    s.marker.graphicalProperties.line.solidFill = colour
    s.graphicalProperties.line.solidFill = colour
    if style == "dashed":
        s.graphicalProperties.line.dashStyle = "dash"
    elif style == "point":
        s.graphicalProperties.line.noFill = True


def _bars(chart: Chart, data: Callable[[int], Reference], cats: Reference) -> BarChart:
    """Columns, or horizontal bars with the first category on top as in the report."""
    native = BarChart()
    native.type = "bar" if chart.kind == "hbars" else "col"
    for i in range(len(chart.series)):
        native.add_data(data(i + 2), titles_from_data=True)
        native.series[-1].graphicalProperties.solidFill = _colour(i)
    _set_categories(native, cats)
    if chart.tones and len(chart.series) == 1:
        native.series[0].dPt = _tone_points(chart.tones)
    if chart.kind == "hbars":
        native.x_axis.scaling.orientation = "maxMin"
        native.y_axis.crosses = "max"
    _axes(native, chart)
    return native


def _pie(chart: Chart, data: Reference, cats: Reference) -> PieChart:
    native = PieChart()
    native.add_data(data, titles_from_data=True)
    _set_categories(native, cats)
    if chart.tones:
        native.series[0].dPt = _tone_points(chart.tones)
    native.dataLabels = DataLabelList()
    native.dataLabels.showPercent = True
    return native


def _tone_points(names: list[str]) -> list[DataPoint]:
    """Bars or slices coloured by their tone (a status, a grade), as in the other formats."""
    points = []
    for i, tone in enumerate(names):
        colour = tones.fill(tone)
        if colour:
            point = DataPoint(idx=i)
            point.graphicalProperties.solidFill = _hex(colour)
            points.append(point)
    return points
