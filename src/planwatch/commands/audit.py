"""`planwatch audit`: a plan's mistakes against itself (and, stored, its actuals)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from planwatch.commands.common import (
    DebugOpt,
    JsonOpt,
    each_with_progress,
    labelled,
    print_json,
    stderr,
    stdout,
)
from planwatch.console.errors import EXIT_INPUT, user_errors
from planwatch.errors import InputError


class Lang(StrEnum):
    ZH = "zh"
    EN = "en"


def audit(
    target: Annotated[
        str,
        typer.Argument(help="A plan file (.txt/.docx/.pdf), a folder of plans, or a stored plan."),
    ],
    as_json: JsonOpt = False,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the findings.")] = Lang.ZH,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Also write an HTML report here.")
    ] = None,
    debug: DebugOpt = False,
) -> None:
    """Check a plan for arithmetic and consistency mistakes (规划体检)."""
    from planwatch.audit.html import write_html
    from planwatch.console.audit_view import print_report

    with user_errors(debug):
        if out is not None and out.suffix.lower() not in (".html", ".htm"):
            raise InputError(out, "the report is an HTML page; name it .html")
        path = Path(target)
        if path.is_dir():
            _audit_folder(path, as_json, lang, out)
            return
        report = _audit_one(target)
        if out is not None:
            write_html([report], out, lang.value)  # type: ignore[arg-type]
        if as_json:
            print_json(report.model_dump(mode="json", exclude={"rules"}))
        else:
            print_report(stdout, report, lang.value)  # type: ignore[arg-type]


def _audit_one(target: str):  # type: ignore[no-untyped-def]
    """A file by its path; anything else names a stored plan."""
    from planwatch.audit import audit_file

    path = Path(target)
    if path.exists() or path.suffix.lower() in (".txt", ".docx", ".pdf", ".doc"):
        return audit_file(path)
    from planwatch.commands.common import store_engine
    from planwatch.operations import audit_stored_plan

    return audit_stored_plan(store_engine(), target)


def _audit_folder(folder: Path, as_json: bool, lang: Lang, out: Path | None) -> None:
    from planwatch.audit import audit_file
    from planwatch.audit.html import write_html
    from planwatch.console.audit_view import summary_table
    from planwatch.errors import PlanwatchError
    from planwatch.ingest.batch import plan_files

    files = plan_files(folder)
    if not files:
        raise InputError(folder, "no .txt, .docx or .pdf files in this folder")
    reports, failed = [], {}
    for path in each_with_progress(files, "体检中"):
        try:
            reports.append(audit_file(path))
        except PlanwatchError as exc:
            failed[path.name] = getattr(exc, "reason", str(exc))
    if out is not None:
        write_html(reports, out, lang.value)  # type: ignore[arg-type]
    if as_json:
        print_json([r.model_dump(mode="json", exclude={"rules"}) for r in reports])
    else:
        stdout.print(summary_table(reports, failed, lang.value))  # type: ignore[arg-type]
    for name, reason in failed.items():
        stderr.print(labelled("error:", "bold red", f"{folder / name}: {reason}"))
    if failed:
        raise typer.Exit(EXIT_INPUT)


def register(app: typer.Typer) -> None:
    app.command()(audit)
