"""Readers by file extension. Register a new format by adding it to `READERS`."""

from __future__ import annotations

from pathlib import Path

from planwatch.errors import InputError
from planwatch.ingest.readers.base import MAX_BYTES, Reader
from planwatch.models import Document

READERS: dict[str, type[Reader]] = {}


def register(cls: type[Reader]) -> type[Reader]:
    for ext in cls.extensions:
        READERS[ext] = cls
    return cls


def _load_builtin() -> None:
    from planwatch.ingest.readers import docx, pdf, txt  # noqa: F401  (registers)


def known_extensions() -> list[str]:
    """Extensions some registered reader handles, e.g. ['.docx', '.pdf', '.txt']."""
    _load_builtin()  # idempotent: the modules register once, on first import
    return sorted(READERS)


def reader_for(path: str | Path) -> Reader:
    ext = Path(path).suffix.lower()
    cls = READERS.get(ext) if ext in known_extensions() else None
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
