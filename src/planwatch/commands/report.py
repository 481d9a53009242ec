"""`planwatch report`: a plan's evaluation report (中期评估 / 总结评估) as a file."""

from __future__ import annotations

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


def chart_note() -> None:
    """Say so when charts cannot be drawn for Word/PDF (no Chinese font installed)."""
    from planwatch.report.charts import cjk_font

    if cjk_font() is None:
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

    with user_errors(debug):
        if (fmt or (out.suffix.lstrip(".") if out else "docx")) in ("docx", "pdf"):
            chart_note()
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
