"""Both PDF readers on one file: PDFium (the reader) and pdfplumber (the one before
it), which must give the same document while both exist.

The one difference allowed is a character pdfminer cannot decode and drops (a
middle dot or a symbol in the test writer's CID font, written in the source) that
PDFium reads: PDFium's text may hold extra characters, nothing else."""

from __future__ import annotations

import difflib
from pathlib import Path

from planwatch.ingest.readers.pdf import PdfReader, open_pages, plumber_pages
from planwatch.models import Document


def documents(path: Path) -> tuple[Document, Document]:
    """(PDFium's document, pdfplumber's document) of the PDF at `path`."""
    data, reader = path.read_bytes(), PdfReader()
    return (
        reader.document(open_pages(data, path), data, path),
        reader.document(plumber_pages(data), data, path),
    )


def _only_added(old: str, new: str) -> bool:
    """Is `new` `old` with characters added (each addition holding a visible one)?"""
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    return all(
        tag == "equal" or (tag == "insert" and new[j0:j1].strip()) for tag, _, _, j0, j1 in ops
    )


def _texts(value: object) -> list[str]:
    """Every string in a dumped block, in order."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def _skeleton(value: object) -> object:
    """A dumped block with its strings blanked: positions, spans and kinds only."""
    if isinstance(value, str):
        return ""
    if isinstance(value, dict):
        return {k: _skeleton(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_skeleton(v) for v in value]
    return value


def differences(path: Path) -> list[str]:
    """How the two readers' documents differ, beyond characters pdfminer drops."""
    new, old = documents(path)
    out = []
    if len(new.blocks) != len(old.blocks):
        out.append(f"{len(new.blocks)} blocks from PDFium, {len(old.blocks)} from pdfplumber")
    for k, (a, b) in enumerate(zip(new.blocks, old.blocks, strict=False)):
        da, db = a.model_dump(mode="json"), b.model_dump(mode="json")
        if da == db:
            continue
        if _skeleton(da) != _skeleton(db):
            out.append(f"block {k}: {str(db)[:200]} became {str(da)[:200]}")
            continue
        for ta, tb in zip(_texts(da), _texts(db), strict=True):
            if ta != tb and not _only_added(tb, ta):
                out.append(f"block {k}: {tb[:120]!r} became {ta[:120]!r}")
    if new.markers != old.markers:
        out.append("markers differ")
    return out
