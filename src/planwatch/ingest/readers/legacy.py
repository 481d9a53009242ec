"""Word 97–2003 (.doc) and WPS Writer (.wps) files: the attachments county sites often
publish. LibreOffice converts them to .docx (in a temporary folder, with its own
profile and a time limit: `planwatch.office`), which the Word reader reads; the
document says it came through the conversion. Without LibreOffice the message says
what to install."""

from __future__ import annotations

import tempfile
from pathlib import Path

from planwatch.errors import InputError
from planwatch.ingest.readers import register
from planwatch.ingest.readers.base import Reader
from planwatch.models import Document

TIMEOUT = 120.0  # seconds; a 100-page plan converts in a few
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file Word 97–2003 and WPS write
MIN_OLE = 1536  # a header and two sectors: anything shorter holds no document


def kind(data: bytes) -> str:
    """What a file named .doc or .wps really is: sites publish Word files, web pages and
    RTF under that name, and only the first and the last need LibreOffice."""
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:300]:
        return "html"
    if data.startswith(OLE) and len(data) >= MIN_OLE:
        return "ole"
    return "unknown"


@register
class LegacyWordReader(Reader):
    extensions = (".doc", ".wps")
    format = "docx"

    def parse(self, data: bytes, path: Path) -> Document:
        found = kind(data)
        if found == "unknown":
            raise InputError(path, f"not a Word 97–2003 or WPS document (nor a .docx, RTF or "
                                   f"web page saved as {path.suffix.lower()})")  # fmt: skip
        if found == "docx":
            from planwatch.ingest.readers.docx import DocxReader

            doc = DocxReader().parse(data, path)
            doc.warnings.insert(0, f"a .docx file named {path.suffix.lower()}")
            return doc
        if found == "html":
            from planwatch.ingest.readers.html import HtmlReader

            doc = HtmlReader().parse(data, path)
            doc.warnings.insert(0, f"a web page named {path.suffix.lower()}")
            return doc
        return _converted(data, path)


def _converted(data: bytes, path: Path) -> Document:
    from planwatch.ingest.readers.docx import DocxReader
    from planwatch.office import INSTALL, convert, soffice

    if soffice() is None:
        raise InputError(path, f"reading {path.suffix} files needs LibreOffice: {INSTALL}")
    with tempfile.TemporaryDirectory(prefix="planwatch-doc-") as folder:
        # a copy under a plain name: LibreOffice reads the type from the content
        source = Path(folder) / f"plan{path.suffix.lower()}"
        source.write_bytes(data)
        try:
            converted = convert(source, "docx", Path(folder) / "out", TIMEOUT)
            doc = DocxReader().parse(converted.read_bytes(), converted)
        except InputError as exc:  # said of the user's file, not of the temporary copy
            raise InputError(path, exc.reason, exc.details) from None
    doc.name, doc.path = path.stem, str(path)
    doc.converted_from = path.suffix.lower().lstrip(".")
    note = f"read from {path.suffix.lower()} through LibreOffice's conversion to .docx"
    doc.warnings.insert(0, note)
    return doc
