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
from tests.writers.rebuild import to_plan  # noqa: E402

from planwatch.ingest import read_document  # noqa: E402


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
