"""A `Report` as PDF: the Word file, exported by LibreOffice.

Going through the .docx keeps one layout for both formats (the same fonts,
captions, repeated table headers and charts) instead of a second renderer that
would drift from the Word report.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from planwatch import office
from planwatch.errors import InputError
from planwatch.models.report import Report
from planwatch.report import docx_writer


def check(path: Path) -> None:
    """InputError naming `path` when LibreOffice, which makes the PDF, is missing."""
    if office.soffice() is None:
        raise InputError(
            path,
            f"PDF reports need LibreOffice: {office.INSTALL}; or use --format docx",
        )


def write(report: Report, path: Path) -> None:
    """Write `report` as a PDF file at `path`; InputError naming `path` when LibreOffice
    is missing or fails."""
    check(path)
    with tempfile.TemporaryDirectory(prefix="planwatch-pdf-") as tmp:
        source = Path(tmp) / "report.docx"
        docx_writer.write(report, source)
        try:
            pdf = office.convert(source, "pdf", Path(tmp))
        except InputError as exc:  # it names the temporary .docx, unknown to the user
            raise InputError(path, exc.reason) from None
        shutil.copyfile(pdf, path)
