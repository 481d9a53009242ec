"""Render a spec as a real Word file with python-docx.

Headings use Word's heading styles, a table is its caption paragraph, a Word
table whose merged regions are real merges (`w:gridSpan`, `w:vMerge`), and its
notes as paragraphs after it. A cell's lines are separate paragraphs in the cell.
`render_split` cuts tables in two Word tables, as page breaks and 续表 leave them.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.table import _Cell

from tests.writers.spec import UP, H, P, Plan, T, spans

MAX_HEADING_STYLE = 9


def _set_text(cell: _Cell, text: str) -> None:
    first, *rest = text.split("\n")
    cell.paragraphs[0].text = first
    for line in rest:
        cell.add_paragraph(line)


def add_table(doc: DocxDocument, rows: list[list[str]]) -> None:
    """A Word table with the spec's merges; origin cells get the text."""
    ncols = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=ncols)
    table.style = "Table Grid"
    for r, line in enumerate(spans(rows)):
        for c, span in enumerate(line):
            if span is None:
                continue
            rs, cs = span
            origin = table.cell(r, c)
            if rs > 1 or cs > 1:
                origin = origin.merge(table.cell(r + rs - 1, c + cs - 1))
            _set_text(origin, rows[r][c])


def add_spec_table(doc: DocxDocument, t: T) -> None:
    if t.caption:
        doc.add_paragraph(t.caption)
    add_table(doc, t.rows)
    for note in t.notes:
        doc.add_paragraph(note)


def _add_block(doc: DocxDocument, block: H | P | T) -> None:
    if isinstance(block, H):
        doc.add_heading(block.text, level=min(max(block.level, 1), MAX_HEADING_STYLE))
    elif isinstance(block, P):
        doc.add_paragraph(block.text)
    else:
        add_spec_table(doc, block)


def build(plan: Plan) -> DocxDocument:
    doc = docx.Document()
    if plan.title:
        doc.add_paragraph(plan.title)
    for block in plan.blocks:
        _add_block(doc, block)
    return doc


def render(plan: Plan, path: Path) -> Path:
    build(plan).save(str(path))
    return path


def _second_part(rows: list[list[str]], at: int) -> list[list[str]]:
    """Rows from `at` on; a merge cut by the split starts afresh (empty) in the second part."""
    part = [list(r) for r in rows[at:]]
    if part:
        part[0] = ["" if x == UP else x for x in part[0]]
    return part


def render_split(
    plan: Plan, path: Path, at: int, between: str | None = None, repeat_header: bool = False
) -> Path:
    """Like `render`, but each table longer than `at` rows becomes two Word tables.

    Between them stands the paragraph `between`, or a page break when None;
    `repeat_header` repeats the first row at the top of the second table.
    """
    doc = docx.Document()
    if plan.title:
        doc.add_paragraph(plan.title)
    for block in plan.blocks:
        if not isinstance(block, T) or len(block.rows) <= at:
            _add_block(doc, block)
            continue
        if block.caption:
            doc.add_paragraph(block.caption)
        add_table(doc, block.rows[:at])
        if between is None:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:
            doc.add_paragraph(between)
        second = _second_part(block.rows, at)
        add_table(doc, [block.rows[0], *second] if repeat_header else second)
        for note in block.notes:
            doc.add_paragraph(note)
    doc.save(str(path))
    return path
