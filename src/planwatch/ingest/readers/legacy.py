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


@register
class LegacyWordReader(Reader):
    extensions = (".doc", ".wps")
    format = "docx"

    def parse(self, data: bytes, path: Path) -> Document:
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
            except InputError as exc:
                raise InputError(path, exc.reason) from None
            doc = DocxReader().parse(converted.read_bytes(), converted)
        doc.name, doc.path = path.stem, str(path)
        doc.converted_from = path.suffix.lower().lstrip(".")
        doc.warnings.insert(
            0, f"read from {path.suffix.lower()} through LibreOffice's conversion to .docx"
        )
        return doc
