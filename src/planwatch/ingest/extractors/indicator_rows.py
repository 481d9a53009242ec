"""Turn the body rows of a target table into `Indicator`s.

Rows from flattened text can be short: a horizontally merged cell (typically a
textual target such as 完成上级下达任务 spanning the base and target columns) is
missing. `align` puts the cells back under their columns: the label columns on
the left and the attribute column on the right keep their places, the value
cells in between share the value columns.
"""

from __future__ import annotations

import re

from planwatch.ingest.extractors.indicator_columns import Columns, attribute_word
from planwatch.ingest.extractors.marks import split_marks
from planwatch.ingest.headings import heading_parts
from planwatch.ingest.tables import Layout
from planwatch.ingest.text import clean
from planwatch.ingest.units import split_name_unit, strip_brackets
from planwatch.ingest.values import Value, is_missing, parse_value
from planwatch.models import Cell, CellRef, Indicator, YearValue

TEXTUAL_TARGET = re.compile(r"(完成|下达|任务|达到.*要求|控制在.*以内|确保|争取)")
# 一 / （一） / 一、 in a 序号 cell; at the start of a name only with its punctuation
# (十大产业链产值 is a name)
CN_SEQ = re.compile(r"^[（(]?[一二三四五六七八九十]{1,3}[)）、.．]?")
_CN = "[一二三四五六七八九十]{1,3}"
CN_NUMBERED = re.compile(rf"^(?:[（(]{_CN}[)）]|{_CN}[、.．])")
REMARK_GROWTH = re.compile(
    r"(?:年均|年平均|平均每年)(?:增长|增速|递增|提高)(?:率)?(?:为|达到)?\s*([\d.]+)\s*[%％]"
)
REMARK_STRETCH = re.compile(r"力争(?:达到|突破|实现|超过)?\s*([\d.]+)")
ATTRIBUTE_WORD = re.compile(r"(预期性|约束性|奋进性|指导性|引导性)")


def align(row: list[Cell], ncols: int, cols: Columns) -> list[Cell | None]:
    """One entry per column; merged (spanning) cells are repeated over their span."""
    if len(row) >= ncols:
        return _spread_colspans(row[:ncols])
    out: list[Cell | None] = [None] * ncols
    values = cols.value_cols
    if not values:
        for i, c in enumerate(row):
            out[i] = c
        return out
    first, last = values[0], values[-1]
    right_n = ncols - 1 - last
    left = row[:first]
    right = row[len(row) - right_n :] if right_n else []
    middle = row[len(left) : len(row) - len(right)]
    for i, c in enumerate(left):
        out[i] = c
    for i, c in enumerate(right):
        out[last + 1 + i] = c
    _place_middle(out, middle, list(range(first, last + 1)))
    return out


def _place_middle(out: list[Cell | None], middle: list[Cell], slots: list[int]) -> None:
    """Value cells into value columns; a textual cell absorbs the missing (merged) slots."""
    spare = len(slots) - len(middle)
    pos = 0
    for cell in middle:
        span = 1
        if spare > 0 and parse_value(cell.text).textual:
            span += spare
            spare = 0
        for s in slots[pos : pos + span]:
            out[s] = cell
        pos += span


def _spread_colspans(row: list[Cell]) -> list[Cell | None]:
    """Full grids (.docx, .pdf): a covered cell repeats the cell that spans it."""
    out: list[Cell | None] = list(row)
    for i, c in enumerate(row):
        for k in range(1, c.colspan):
            if i + k < len(out) and (out[i + k] is None or out[i + k].merged):  # type: ignore[union-attr]
                out[i + k] = c
    return out


def _text(cells: list[Cell | None], col: int | None) -> str:
    if col is None or col >= len(cells) or cells[col] is None:
        return ""
    return cells[col].text  # type: ignore[union-attr]


def _is_spanned(cells: list[Cell | None], a: int | None, b: int | None) -> bool:
    return a is not None and b is not None and cells[a] is not None and cells[a] is cells[b]


SECTION_NOT = re.compile(r"^(注|说明|备注|力争|其中)")


def section_title(row: list[Cell], ncols: int) -> str | None:
    """A row that is one cell across the table (一、产业规模) names the group of the
    rows below it: the category, without its numbering."""
    if ncols < 3:
        return None
    filled = [c for c in row if c.text.strip() and not c.merged]
    if len(filled) != 1:
        return None
    cell = filled[0]
    across = len(row) == 1 or (cell.colspan >= ncols - 1 and cell.col <= 1)
    text = clean(cell.text)
    if not across or SECTION_NOT.match(text) or not parse_value(text).textual:
        return None
    parts = heading_parts(text)
    return clean(parts[2]) if parts else text


class RowReader:
    """Reads one target table's rows, carrying the category down merged cells."""

    def __init__(self, layout: Layout, cols: Columns, table_name: str) -> None:
        self.layout = layout
        self.cols = cols
        self.table_name = table_name
        self.category = ""

    def read(self) -> list[Indicator]:
        out: list[Indicator] = []
        for r, row in enumerate(self.layout.body):
            section = section_title(row, self.layout.ncols)
            if section is not None:
                self.category = section
                continue
            cells = align(row, self.layout.ncols, self.cols)
            ind = self._row(cells, r + self.layout.header_rows)
            if ind is not None:  # one row per target year, earliest first
                rows = [ind, *self._more_years(cells, ind)]
                out.extend(sorted(rows, key=lambda i: i.target_year or 0))
            elif out:
                self._stretch(cells, out[-1])
        return out

    def _more_years(self, cells: list[Cell | None], ind: Indicator) -> list[Indicator]:
        """One more row per further target year the table gives (2022, 2035 …): the
        same indicator, baseline and attribute, that year's target."""
        out = []
        for col in self.cols.more_targets:
            v = parse_value(_text(cells, col))
            if v.missing or _is_spanned(cells, col, self.cols.target):
                continue
            other = ind.model_copy(deep=True)
            self._target(other, v, self.cols.years[col])
            out.append(other)
        return out

    def _row(self, cells: list[Cell | None], r: int) -> Indicator | None:
        cols = self.cols
        group = self._group_row(cells)
        if group is not None:  # 一 经济规模 with no values: a category for the rows below
            self.category = group
            return None
        cat = clean(_text(cells, cols.category))
        if cat and not _is_spanned(cells, cols.category, cols.name):
            self.category = cat
        name_text = clean(_text(cells, cols.name))
        if not name_text or _is_spanned(cells, cols.category, cols.name):
            if cat and _is_spanned(cells, cols.category, cols.name):
                self.category = cat
            return None
        name, marks = split_marks(name_text)  # 规上工业增加值*（亿元） or …（亿元）*
        name, unit_in_name = split_name_unit(name)
        name, more = split_marks(name)
        unit = strip_brackets(clean(_text(cells, cols.unit))) or unit_in_name
        ind = Indicator(
            marks=marks + more,
            table=self.table_name,
            category=self.category,
            seq=clean(_text(cells, cols.seq)),
            name=name,
            unit=unit,
            attribute=attribute_word(_text(cells, cols.attribute)),
            source=self._ref(cells, r),
        )
        self._values(cells, ind)
        self._remarks(cells, ind, r)
        return ind

    def _group_row(self, cells: list[Cell | None]) -> str | None:
        """A row numbered 一、/（一） (where items are numbered 1. 2.), or whose name starts
        so, with no value in any value column, names the category of the rows below."""
        cols = self.cols
        seq, name = clean(_text(cells, cols.seq)), clean(_text(cells, cols.name))
        numbered = bool(CN_SEQ.fullmatch(seq)) or bool(CN_NUMBERED.match(name))
        if not numbered or not name:
            return None
        values = [c for c in cols.value_cols if c != cols.name]
        if any(not is_missing(_text(cells, c)) for c in values):
            return None
        parts = heading_parts(name)
        return clean(parts[2]) if parts else CN_NUMBERED.sub("", name).strip() or name

    def _remarks(self, cells: list[Cell | None], ind: Indicator, r: int) -> None:
        """The 备注 cell kept, and read for growth, a stretch target or an attribute the
        row's own cells leave empty (年均增长9.5%, 力争达到460家, 约束性指标)."""
        col = self.cols.remarks
        text = clean(_text(cells, col))
        if col is None or is_missing(text):
            return
        c = cells[col]
        ind.remarks = text
        ind.remarks_source = CellRef(line=c.line if c else None, page=c.page if c else None,
                                     row=r, col=col)  # fmt: skip
        growth = REMARK_GROWTH.search(text)
        if ind.annual_growth is None and growth:
            ind.annual_growth = float(growth.group(1))
        stretch = REMARK_STRETCH.search(text)
        if ind.stretch_target is None and stretch:
            ind.stretch_target = float(stretch.group(1))
        attribute = ATTRIBUTE_WORD.search(text)
        if ind.attribute is None and attribute:
            ind.attribute = attribute.group(1)

    def _ref(self, cells: list[Cell | None], r: int) -> CellRef:
        c = cells[self.cols.name] if self.cols.name is not None else None
        return CellRef(
            line=c.line if c else None, page=c.page if c else None, row=r, col=self.cols.name
        )

    def _values(self, cells: list[Cell | None], ind: Indicator) -> None:
        cols = self.cols
        base_text = _text(cells, cols.base)
        target_text = _text(cells, cols.target)
        growth_text = _text(cells, cols.growth)
        if _is_spanned(cells, cols.base, cols.target):
            base_text = ""
        if is_missing(target_text) and TEXTUAL_TARGET.search(clean(growth_text)):
            target_text, growth_text = growth_text, ""
        if is_missing(target_text) and TEXTUAL_TARGET.search(clean(base_text)):
            # A textual target spanning both columns, where the span was not recorded.
            target_text, base_text = base_text, ""
        if cols.base is not None:
            self._baseline(ind, parse_value(base_text), cols.years.get(cols.base))
        if cols.target is not None:
            self._target(ind, parse_value(target_text), cols.years.get(cols.target))
        g = parse_value(growth_text)
        ind.growth_text = "" if g.missing else clean(g.text)
        if g.number is not None and not g.is_increase:
            ind.annual_growth = g.number
        for col, year in sorted(cols.years.items(), key=lambda kv: kv[1]):
            v = parse_value(_text(cells, col))
            if not v.missing:
                ind.values.append(
                    YearValue(
                        year=v.year or year,
                        value=v.number,
                        text=clean(v.text),
                        qualifier=v.qualifier,
                    )
                )

    @staticmethod
    def _baseline(ind: Indicator, v: Value, year: int | None) -> None:
        ind.baseline_text = "" if v.missing else clean(v.text)
        ind.baseline = v.number
        if v.number is not None:
            ind.baseline_year = v.year or year

    @staticmethod
    def _target(ind: Indicator, v: Value, year: int | None) -> None:
        ind.target_text = "" if v.missing else clean(v.text)
        ind.target_year = v.year or year
        ind.target = v.number
        ind.target_qualifier = v.qualifier
        ind.stretch_target = v.stretch
        ind.textual_target = v.textual

    def _stretch(self, cells: list[Cell | None], prev: Indicator) -> None:
        """A row holding only 力争… under a target is that target's stretch value."""
        for c in cells:
            if c is None:
                continue
            t = clean(c.text)
            if t.startswith("力争"):
                v = parse_value(t[2:])
                if v.number is not None:
                    prev.stretch_target = v.number
                return
