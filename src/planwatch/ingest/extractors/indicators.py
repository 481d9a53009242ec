"""Find every target table in a document and read its indicator rows.

A target table has a base-year column and a later target-year column, however
they are worded. Tables of past figures only (2016…2020 发展情况) and completion
tables of the previous plan (规划值 beside 实际值) are left to other extractors.
Tables whose rows are industries, places or years rather than indicators are read
as per-subject targets.
"""

from __future__ import annotations

import re

from planwatch.ingest.extractors.indicator_columns import (
    EVALUATION_LABEL,
    FIVE_YEAR_END,
    TARGET_WORDS,
    Columns,
    find_columns,
    label_year,
)
from planwatch.ingest.extractors.indicator_rows import RowReader
from planwatch.ingest.extractors.marks import apply_legend
from planwatch.ingest.extractors.subject_targets import (
    SUBJECT_CAPTION,
    SUBJECT_LABEL,
    SubjectTable,
)
from planwatch.ingest.extractors.table_context import notes_after
from planwatch.ingest.extractors.transposed import transpose, years_down
from planwatch.ingest.tables import Layout, layout
from planwatch.ingest.text import norm
from planwatch.models import Document, Heading, Indicator, Table

PLANNED = re.compile(r"(规划|目标|预期|计划)")
ACTUAL = re.compile(r"(实际|完成|实现)")
HISTORY_CAPTION = re.compile(r"(情况|回顾|完成|实绩|现状)")
PLAN_CAPTION = re.compile(r"(目标|规划|计划|指标|预期|任务)")


def plan_years(caption: str) -> tuple[int, int] | None:
    """(base year, target year) a caption implies, e.g. “十四五” → (2020, 2025)."""
    for token, end in FIVE_YEAR_END.items():
        if token in norm(caption):
            return end - 5, end
    return None


def named_tables(doc: Document) -> list[tuple[Table, str, list[str]]]:
    """Each table with its caption (or the nearest heading above it when it has
    none) and the notes under it."""
    out: list[tuple[Table, str, list[str]]] = []
    heading = ""
    for k, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            heading = f"{block.numbering}{block.text}"
        elif isinstance(block, Table):
            out.append((block, block.caption or heading, notes_after(doc.blocks, k, block)))
    return out


def is_history(lay: Layout, cols: Columns, caption: str) -> bool:
    """Past figures only: a run of consecutive years and no target wording."""
    cap = norm(caption)
    labels = norm("".join(lay.labels))
    if TARGET_WORDS.search(labels) or (
        PLAN_CAPTION.search(cap) and not HISTORY_CAPTION.search(cap)
    ):
        return False
    years = sorted(set(cols.years.values()))
    consecutive = len(years) >= 3 and years[-1] - years[0] == len(years) - 1
    return consecutive or bool(HISTORY_CAPTION.search(cap))


def is_evaluation(lay: Layout) -> bool:
    """A completion table: a verdict column, or planned and actual values of one year
    (both dated alike, or both undated)."""
    labels = [norm(lab) for lab in lay.labels]
    if any(EVALUATION_LABEL.search(lab) for lab in labels):
        return True
    planned = {label_year(lab) for lab in labels if PLANNED.search(lab)}
    actual = {label_year(lab) for lab in labels if ACTUAL.search(lab)}
    # 规划目标 beside 实际完成 with no year at all compares one (unstated) year too
    return bool(planned & actual)


def is_subject_table(lay: Layout, cols: Columns, caption: str) -> bool:
    if SUBJECT_CAPTION.search(norm(caption)):
        return True
    first = next((norm(lab) for lab in lay.labels if norm(lab) not in ("序号", "")), "")
    if cols.name is not None and "指标" in norm(lay.labels[cols.name]):
        return False
    return bool(SUBJECT_LABEL.search(first)) or len(lay.header_grid) >= 2


def table_indicators(table: Table, name: str, warnings: list[str] | None = None) -> list[Indicator]:
    """The indicator rows of one table; what could not be read goes to `warnings`."""
    lay = layout(table)
    if years_down(lay):  # indicators as columns, years as rows: read it turned round
        table = transpose(table)
        lay = layout(table)
    if not lay.header_grid or not lay.body or is_evaluation(lay):
        return []
    name = table.caption or lay.title or name
    cols = find_columns(lay, plan_years(name))
    if cols.base is None or cols.target is None:
        return []
    caption = table.caption or lay.title or ""
    if is_history(lay, cols, caption):
        return []
    if is_subject_table(lay, cols, caption):
        reader = SubjectTable(lay, caption or name, name)
        rows = reader.read()
        if warnings is not None:
            warnings.extend(reader.warnings)
        return rows
    if cols.name is None:
        return []
    return RowReader(lay, cols, name).read()


def extract_indicators(doc: Document, warnings: list[str] | None = None) -> list[Indicator]:
    out: list[Indicator] = []
    for table, name, notes in named_tables(doc):
        rows = table_indicators(table, name, warnings)
        apply_legend(rows, notes)
        out.extend(rows)
    return out
