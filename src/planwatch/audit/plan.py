"""The plan as the rules see it: the document's tables as labelled grids of printed
numbers, the extraction's indicators, prose targets, projects and lists, and
helpers that say where something is."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from planwatch.audit.precision import Printed
from planwatch.ingest.extractors.row_align import BodyRow, body_rows, column_kinds
from planwatch.ingest.tables import Layout, layout
from planwatch.ingest.text import clean, norm
from planwatch.ingest.values import parse_value
from planwatch.models import Cell, Document, Indicator, PlanExtract, Table
from planwatch.models.audit import Location

# Shared by the rules: a cell that is a year (2020), a number with a magnitude word (1.2万)
# in a column of plain figures, a label naming a total.
YEAR_TEXT = re.compile(r"^(?:19|20)\d{2}$")
MAGNITUDE = re.compile(r"[万亿千百]")
TOTAL_LABEL = re.compile(r"合计|总计|小计|共计")

NAME_LABEL = re.compile(
    r"(名称|指标|项目|地区|区域|乡镇|镇|街道|园区|平台|行业|产业|领域|类别|企业)"
)


@dataclass(frozen=True)
class Number:
    """A number printed in a cell, with the precision it was printed to."""

    printed: Printed
    text: str
    qualifier: str | None = None
    percent: bool = False
    is_increase: bool = False  # [16]: an increase over the period

    @property
    def value(self) -> float:
        return self.printed.value


@lru_cache(maxsize=65536)
def number_of(text: str) -> Number | None:
    """The number a cell states, if it states one plainly (not 待定, not a range).
    Cached by text: the rules ask for the same cells many times."""
    v = parse_value(text)
    if v.number is None or v.textual or v.missing:
        return None
    return Number(Printed.of(v.number, text), clean(text), v.qualifier, v.percent, v.is_increase)


@dataclass
class TableView:
    """One table: its layout, its body rows aligned to columns, and its numbers."""

    table: Table
    index: int  # 1-based position among the document's tables

    @cached_property
    def layout(self) -> Layout:
        return layout(self.table)

    @cached_property
    def kinds(self) -> list[str]:
        return column_kinds(self.layout, {})

    @cached_property
    def rows(self) -> list[BodyRow]:
        return body_rows(self.layout, self.kinds)

    @property
    def caption(self) -> str:
        return clean(self.table.caption or "") or f"第{self.index}个表格"

    @property
    def labels(self) -> list[str]:
        return [clean(x) for x in self.layout.labels]

    @cached_property
    def name_col(self) -> int | None:
        """The column that names each row (指标名称, 地区, 项目名称 …)."""
        words = [c for c, k in enumerate(self.kinds) if k in ("word", "long", "text")]
        for c in words:
            if NAME_LABEL.search(norm(self.labels[c])):
                return c
        return words[0] if words else None

    def number(self, row: BodyRow, col: int) -> Number | None:
        return number_of(row.value(col, repeat=False))

    def row_name(self, row: BodyRow) -> str:
        name = row.text(self.name_col)
        if name:
            return name
        return next((clean(c.text) for c in row.filled() if not number_of(c.text)), "")

    def location(self, row: BodyRow | None = None, col: int | None = None) -> Location:
        cell = _first_cell(row, col)
        return Location(
            table=self.caption,
            row=self.row_name(row) if row is not None else None,
            column=self.labels[col] if col is not None and col < len(self.labels) else None,
            line=cell.line if cell is not None else self.table.source.line,
            page=cell.page if cell is not None else self.table.source.page,
        )

    def evidence(self, row: BodyRow) -> str:
        return " | ".join(clean(c.text) for c in row.filled())


def _first_cell(row: BodyRow | None, col: int | None) -> Cell | None:
    if row is None:
        return None
    if col is not None and row.cell(col) is not None:
        return row.cell(col)
    filled = row.filled()
    return filled[0] if filled else None


@dataclass
class AuditedPlan:
    """What every rule reads. `actuals` (indicator name → year → (value, unit), the
    region's recorded figures) only for a stored plan."""

    document: Document
    extract: PlanExtract
    actuals: dict[str, dict[int, tuple[float, str]]] | None = None
    tables: list[TableView] = field(init=False)

    def __post_init__(self) -> None:
        found = [b for b in self.document.blocks if isinstance(b, Table)]
        self.tables = [TableView(t, k + 1) for k, t in enumerate(found)]

    @property
    def base_year(self) -> int | None:
        start = self.extract.metadata.period_start
        return start - 1 if start else None

    def paragraphs(self) -> list[tuple[str, int | None, int | None]]:
        """(text, line, page) of every paragraph and heading, in order."""
        out = []
        for b in self.document.blocks:
            text = getattr(b, "text", None)
            if isinstance(text, str) and text.strip():
                out.append((text, b.source.line, b.source.page))
        return out


def final_targets(indicators: list[Indicator]) -> list[Indicator]:
    """Each indicator's row for its last target year. A table with yearly targets gives
    one row per year, each carrying the table's growth column (a rate over the whole
    period) and any dip a year in between may take."""
    last: dict[tuple[str, str, str | None], Indicator] = {}
    for ind in indicators:
        key = (ind.table, ind.name, ind.subject)
        if key not in last or (ind.target_year or 0) > (last[key].target_year or 0):
            last[key] = ind
    return list(last.values())


def indicator_location(ind: Indicator) -> Location:
    row = f"{ind.subject}·{ind.name}" if ind.subject else ind.name
    return Location(table=ind.table or None, row=row, line=ind.source.line, page=ind.source.page)


def indicator_evidence(ind: Indicator) -> str:
    parts = [ind.name, ind.unit, ind.baseline_text, ind.target_text, ind.growth_text]
    return " | ".join(p for p in parts if p)
