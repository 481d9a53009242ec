"""Render a spec as a real Word file with python-docx.

Headings use Word's heading styles, a table is its caption paragraph, a Word
table whose merged regions are real merges (`w:gridSpan`, `w:vMerge`), and its
notes as paragraphs after it. A cell's lines are separate paragraphs in the cell.
`render_split` cuts tables in two Word tables, as page breaks and 续表 leave them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table, _Cell

from tests.writers.spec import UP, H, P, Plan, T, header_rows, spans

MAX_HEADING_STYLE = 9


def _set_text(cell: _Cell, text: str) -> None:
    first, *rest = text.split("\n")
    cell.paragraphs[0].text = first
    for line in rest:
        cell.add_paragraph(line)


def _border(parent: OxmlElement, side: str, eighths: int) -> None:
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(eighths))  # in eighths of a point
    el.set(qn("w:color"), "000000")
    parent.append(el)


def _three_line(table: Table, header_rows: int) -> None:
    """三线表: a heavy rule above and below the table, a light one under the header."""
    borders = OxmlElement("w:tblBorders")
    _border(borders, "top", 12)
    _border(borders, "bottom", 12)
    table._tbl.tblPr.append(borders)
    for cell in table.rows[header_rows - 1].cells:
        tc_borders = OxmlElement("w:tcBorders")
        _border(tc_borders, "bottom", 6)
        cell._tc.get_or_add_tcPr().append(tc_borders)


def _repeat_header(table: Table, header_rows: int) -> None:
    """Mark the header rows to be repeated on each page the table runs over."""
    for row in table.rows[:header_rows]:
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def add_table(
    doc: DocxDocument,
    rows: list[list[str]],
    *,
    rules: str = "grid",
    repeat_header: int = 0,
) -> None:
    """A Word table with the spec's merges; origin cells get the text. `rules` is
    "grid" (Word's Table Grid) or "three_line"; `repeat_header` header rows are
    repeated on each page."""
    ncols = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=ncols)
    if rules == "grid":
        table.style = "Table Grid"
    else:
        _three_line(table, header_rows(rows, max(repeat_header, 1)))
    if repeat_header:
        _repeat_header(table, repeat_header)
    for r, line in enumerate(spans(rows)):
        for c, span in enumerate(line):
            if span is None:
                continue
            rs, cs = span
            origin = table.cell(r, c)
            if rs > 1 or cs > 1:
                origin = origin.merge(table.cell(r + rs - 1, c + cs - 1))
            _set_text(origin, rows[r][c])


@dataclass
class Options:
    """How tables are written: `rules` ("grid" or "three_line"), `repeat_header` rows
    repeated on each page, `caption_gap` empty paragraphs between caption and table."""

    rules: str = "grid"
    repeat_header: int = 0
    caption_gap: int = 0


def add_spec_table(doc: DocxDocument, t: T, opts: Options | None = None) -> None:
    opts = opts or Options()
    if t.caption:
        doc.add_paragraph(t.caption)
        for _ in range(opts.caption_gap):
            doc.add_paragraph()
    add_table(doc, t.rows, rules=opts.rules, repeat_header=opts.repeat_header)
    for note in t.notes:
        doc.add_paragraph(note)


def _add_block(doc: DocxDocument, block: H | P | T, opts: Options | None = None) -> None:
    if isinstance(block, H):
        doc.add_heading(block.text, level=min(max(block.level, 1), MAX_HEADING_STYLE))
    elif isinstance(block, P):
        doc.add_paragraph(block.text)
    else:
        add_spec_table(doc, block, opts)


def build(plan: Plan, opts: Options | None = None) -> DocxDocument:
    doc = docx.Document()
    if plan.title:
        doc.add_paragraph(plan.title)
    for block in plan.blocks:
        _add_block(doc, block, opts)
    return doc


def render(plan: Plan, path: Path, **options: Any) -> Path:
    """Write `plan` as a Word file at `path`; `options` are those of `Options`."""
    build(plan, Options(**options)).save(str(path))
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
