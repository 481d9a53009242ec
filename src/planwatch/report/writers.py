"""One writer per file format; `write_report` picks it by the output's extension
and writes the file whole or not at all."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from planwatch.errors import InputError
from planwatch.files import output_file, output_target
from planwatch.models.report import Report

# format → module of planwatch.report with `write(report, path) -> None`
WRITERS = {
    "docx": "docx_writer",
    "xlsx": "xlsx_writer",
    "html": "html_writer",
    "pdf": "pdf_writer",
}
FORMATS = tuple(WRITERS)


def writer(fmt: str) -> Callable[[Report, Path], None]:
    if fmt not in WRITERS:
        raise InputError(f"(.{fmt})", f"unknown report format; use {', '.join(FORMATS)}")
    return import_module(f"planwatch.report.{WRITERS[fmt]}").write


def format_of(path: Path, fmt: str | None) -> str:
    """The format asked for, else the one the output's extension names."""
    if fmt:
        return fmt
    ext = path.suffix.lower().lstrip(".")
    if ext not in WRITERS:
        raise InputError(path, f"unknown report type '.{ext}'; use {', '.join(FORMATS)}")
    return ext


def write_report(report: Report, path: Path, fmt: str | None = None) -> Path:
    """`report` as a file at `path`; nothing is left there when writing fails. A writer
    that needs something outside Python (LibreOffice for PDF) says so first, naming
    the user's file rather than the temporary one."""
    output_target(path)
    chosen = format_of(path, fmt)
    write = writer(chosen)
    check = getattr(import_module(f"planwatch.report.{WRITERS[chosen]}"), "check", None)
    if check is not None:
        check(path)
    with output_file(path) as tmp:
        write(report, tmp)
    return path
