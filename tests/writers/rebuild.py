"""A plan read from text, rebuilt as a writer spec: headings, paragraphs, and tables
with their merged header cells, so that a real plan can be written as .docx and PDF
(the bench's documents of real size, and the LibreOffice checks of the tests)."""

from __future__ import annotations

from planwatch.ingest.tables import layout
from planwatch.models import Document, Heading, Note, Paragraph, Table
from tests.writers.spec import LEFT, UP, H, P, Plan, T

MAX_CELL = 150


def _header_rows(lay) -> list[list[str]]:  # type: ignore[no-untyped-def]
    rows = []
    for depth, row in enumerate(lay.header_grid):
        out = []
        for c, text in enumerate(row):
            if depth and not text.strip() and lay.header_grid[depth - 1][c].strip():
                out.append(UP)
            elif c and text.strip() and text == row[c - 1]:
                out.append(LEFT)
            else:
                out.append(text)
        rows.append(out)
    return rows


def grid_rows(table: Table) -> list[list[str]]:
    lay = layout(table)
    n = lay.ncols
    rows = [[lay.title] + [LEFT] * (n - 1)] if lay.title else []
    rows += _header_rows(lay)
    for r in lay.body:
        texts = [c.text[:MAX_CELL] for c in r]
        if len(texts) < n:
            texts = texts[:1] + [LEFT] * (n - len(texts)) + texts[1:]
        rows.append(texts)
    for r in range(1, len(rows)):  # an UP must sit under an origin, not a covered cell
        for c in range(n):
            if rows[r][c] == UP and rows[r - 1][c] == LEFT:
                rows[r][c] = ""
    return rows


def to_plan(doc: Document) -> Plan:
    blocks: list[H | P | T] = []
    for b in doc.blocks:
        if isinstance(b, Heading):
            blocks.append(H(f"{b.numbering}{b.text}", b.level))
        elif isinstance(b, Paragraph | Note):
            blocks.append(P(b.text))
        elif isinstance(b, Table):
            blocks.append(T(rows=grid_rows(b), caption=b.caption))
    return Plan(blocks)
