"""`planwatch extract`: plan files to structured data."""

from __future__ import annotations

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


def _write_json(folder: Path, name: str, data: object) -> Path:
    import json

    from planwatch.files import write_text
    from planwatch.numbers import json_safe

    text = json.dumps(json_safe(data), ensure_ascii=False, indent=2, allow_nan=False)
    return write_text(folder / f"{name}.json", text + "\n")


def extract(
    path: Annotated[Path, typer.Argument(help="A plan (.txt/.docx/.pdf) or a folder of plans.")],
    as_json: JsonOpt = False,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write NAME.json per plan here.")
    ] = None,
    debug: DebugOpt = False,
) -> None:
    """Extract indicators, prose targets, projects, lists and metadata from plans."""
    from planwatch.console.extract_view import print_extract
    from planwatch.files import output_folder
    from planwatch.ingest import extract_plan

    with user_errors(debug):
        if out is not None:
            output_folder(out)
        if path.is_dir():
            _extract_folder(path, as_json, out)
            return
        ex = extract_plan(path)
        if out is not None:
            _write_json(out, ex.document, ex.model_dump(mode="json"))
        if as_json:
            print_json(ex.model_dump(mode="json"))
        elif out is None:
            print_extract(stdout, ex)


def _extract_folder(folder: Path, as_json: bool, out: Path | None) -> None:
    from planwatch.console.extract_view import summary_table
    from planwatch.ingest.batch import FileResult, extract_each, plan_files

    files = plan_files(folder)
    if not files:
        raise InputError(folder, "no .txt, .docx or .pdf files in this folder")
    results: list[FileResult] = []
    for path in each_with_progress(files, "提取中"):
        result = next(extract_each([path]))
        results.append(result)
        if result.extract is not None and out is not None:
            _write_json(out, result.extract.document, result.extract.model_dump(mode="json"))
    if as_json:
        print_json([r.extract.model_dump(mode="json") for r in results if r.extract])
    else:
        stdout.print(summary_table(results))
    failed = [r for r in results if r.error]
    for r in failed:
        stderr.print(labelled("error:", "bold red", f"{r.path}: {r.error}"))
    if failed:
        raise typer.Exit(EXIT_INPUT)


def register(app: typer.Typer) -> None:
    app.command()(extract)
