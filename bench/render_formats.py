"""Render text plans as .docx and .pdf (through the test suite's writers), so the
Word and PDF readers can be timed on documents of real size.

    .venv/bin/python bench/render_formats.py OUT_DIR [plan.txt ...]

Default input: the shipped sample and ../shared/seeds/*.txt. Each plan is read
with the text reader and rebuilt as a spec (headings, paragraphs, tables with
their merged header cells), then written as NAME.docx and NAME.pdf.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.writers import docx, pdf  # noqa: E402
from tests.writers.spec import LEFT, UP, H, P, Plan, T  # noqa: E402

from planwatch.ingest import read_document  # noqa: E402
from planwatch.ingest.tables import layout  # noqa: E402
from planwatch.models import Document, Heading, Note, Paragraph, Table  # noqa: E402

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


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    inputs = [Path(a) for a in sys.argv[2:]] or [
        ROOT / "src/planwatch/samples/sample_plan.txt",
        *sorted((ROOT.parent / "shared/seeds").glob("*.txt")),
    ]
    for path in inputs:
        plan = to_plan(read_document(path))
        docx.render(plan, out / f"{path.stem}.docx")
        pdf.render(plan, out / f"{path.stem}.pdf")
        print(f"{path.stem}: .docx and .pdf written to {out}")


if __name__ == "__main__":
    main()
