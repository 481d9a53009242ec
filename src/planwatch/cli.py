"""The `planwatch` command. Each subcommand parses options and hands plain data to
the library; all printing goes through `planwatch.console`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from planwatch import __version__
from planwatch.console.errors import EXIT_INPUT, user_errors
from planwatch.console.extract_view import print_extract, summary_table
from planwatch.errors import InputError
from planwatch.ingest import extract_plan
from planwatch.ingest.batch import FileResult, extract_each, plan_files

app = typer.Typer(
    help="planwatch：让“十四五”工业规划可度量、可监测。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
stdout = Console(highlight=False)
progress_console = Console(stderr=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")]


def _version(value: bool) -> None:
    if value:
        stdout.print(f"planwatch {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """planwatch：让“十四五”工业规划可度量、可监测。"""


def _dump(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


@app.command()
def extract(
    path: Annotated[Path, typer.Argument(help="A plan (.txt/.docx/.pdf) or a folder of plans.")],
    as_json: JsonOpt = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write NAME.json per plan here."),
    ] = None,
    debug: DebugOpt = False,
) -> None:
    """Extract indicators, prose targets, projects, lists and metadata from plans."""
    with user_errors(debug):
        if path.is_dir():
            _extract_folder(path, as_json, out)
            return
        ex = extract_plan(path)
        if out is not None:
            _write_json(out, ex.document, ex.model_dump(mode="json"))
        if as_json:
            print(_dump(ex.model_dump(mode="json")))
        elif out is None:
            print_extract(stdout, ex)


def _write_json(folder: Path, name: str, data: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.json"
    target.write_text(_dump(data) + "\n", encoding="utf-8")
    return target


def _extract_folder(folder: Path, as_json: bool, out: Path | None) -> None:
    files = plan_files(folder)
    if not files:
        raise InputError(folder, "no .txt, .docx or .pdf files in this folder")
    results: list[FileResult] = []
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=progress_console, transient=True) as bar:
        task = bar.add_task("提取中", total=len(files))
        for result in extract_each(files):
            results.append(result)
            if result.extract is not None and out is not None:
                _write_json(out, result.extract.document, result.extract.model_dump(mode="json"))
            bar.update(task, advance=1, description=result.path.name)
    if as_json:
        print(_dump([r.extract.model_dump(mode="json") for r in results if r.extract]))
    else:
        stdout.print(summary_table(results))
    failed = [r for r in results if r.error]
    for r in failed:
        progress_console.print(f"[bold red]error:[/] {r.path}: {r.error}")
    if failed:
        raise typer.Exit(EXIT_INPUT)


if __name__ == "__main__":  # pragma: no cover
    app()
