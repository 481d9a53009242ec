"""`planwatch report`: a plan's evaluation report (中期评估 / 总结评估) as a file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from planwatch.commands.common import DebugOpt, PlanArg, stderr, stdout, store_engine
from planwatch.console.errors import user_errors


class Kind(StrEnum):
    MIDTERM = "midterm"
    FINAL = "final"


class Format(StrEnum):
    DOCX = "docx"
    XLSX = "xlsx"
    HTML = "html"
    PDF = "pdf"


class Lang(StrEnum):
    ZH = "zh"
    EN = "en"


FormatOpt = Annotated[
    Format | None,
    typer.Option("--format", "-f", help="docx, xlsx, html or pdf (default: from -o, else docx)."),
]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="Where to write the report.")]


@contextmanager
def word_pictures(fmt: str | None, out: Path | None) -> Iterator[None]:
    """For a Word or PDF report: a helper process draws the charts alongside the
    command (`report.pictures`), and afterwards a note says so when they could not be
    drawn (no Chinese font installed)."""
    if (fmt or (out.suffix.lstrip(".") if out else "docx")) not in ("docx", "pdf"):
        yield
        return
    from planwatch.report.pictures import drawing_ahead, has_font

    with drawing_ahead():
        yield
        if not has_font():
            stderr.print(
                "note: no Chinese font found, so the Word/PDF charts are left out; "
                "install fonts-noto-cjk (or set PLANWATCH_CJK_FONT to a font file)"
            )


def report(
    plan: PlanArg,
    year: Annotated[int, typer.Option("--year", "-y", help="Evaluation year, e.g. 2023.")],
    kind: Annotated[
        Kind | None,
        typer.Option(help="midterm or final (default: final from the plan's end year)."),
    ] = None,
    fmt: FormatOpt = None,
    out: OutOpt = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the report.")] = Lang.ZH,
    debug: DebugOpt = False,
) -> None:
    """Write a plan's evaluation report: completion table, summary, narrative, charts."""
    from planwatch.operations import plan_report_file

    with user_errors(debug), word_pictures(fmt.value if fmt else None, out):
        path = plan_report_file(
            store_engine(),
            plan,
            year,
            out,
            fmt.value if fmt else None,
            kind.value if kind else None,
            lang.value,
        )
    stdout.print(f"报告已写出：{path}" if lang == Lang.ZH else f"report written: {path}")


def register(app: typer.Typer) -> None:
    app.command("report")(report)
