"""Readers by file extension. Register a new format by adding it to `READERS`."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from planwatch.errors import InputError
from planwatch.ingest.readers.base import MAX_BYTES, Reader
from planwatch.models import Document

READERS: dict[str, type[Reader]] = {}
# The built-in readers' modules by extension, imported when a file of theirs is read:
# reading a PDF need not load the Word reader's XML stack.
BUILTIN = {".txt": "txt", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html",
           ".shtml": "html", ".xhtml": "html", ".doc": "legacy", ".wps": "legacy"}  # fmt: skip


def register(cls: type[Reader]) -> type[Reader]:
    for ext in cls.extensions:
        READERS[ext] = cls
    return cls


def known_extensions() -> list[str]:
    """Extensions some registered reader handles, e.g. ['.docx', '.pdf', '.txt']."""
    return sorted(set(READERS) | set(BUILTIN))


def reader_for(path: str | Path) -> Reader:
    ext = Path(path).suffix.lower()
    if ext in BUILTIN and ext not in READERS:
        import_module(f"planwatch.ingest.readers.{BUILTIN[ext]}")  # registers itself
    cls = READERS.get(ext)
    if cls is None:
        known = ", ".join(known_extensions())
        raise InputError(path, f"unknown file type '{ext or '(none)'}'; planwatch reads {known}")
    return cls()


def read_document(path: str | Path) -> Document:
    from planwatch.files import input_file

    input_file(Path(path))  # a folder or a missing file is said so, whatever its name
    return reader_for(path).read(path)


__all__ = [
    "MAX_BYTES",
    "READERS",
    "Reader",
    "known_extensions",
    "read_document",
    "reader_for",
    "register",
]
