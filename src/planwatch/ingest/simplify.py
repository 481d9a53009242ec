"""Plans in traditional characters read like any other.

Some plans (and many quoted documents) come in traditional script. Every pattern
the extractors know is written in simplified characters, so a document's text is
converted with OpenCC (``t2s``) before extraction, cells and headings included.
Paragraphs and headings keep what they said as `original`, so a prose target's
evidence is quoted as the plan writes it. Documents without traditional
characters are left exactly as they are.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from planwatch.models import Caption, Document, Heading, Note, Paragraph, Table


@cache
def _converter() -> Any:
    try:
        import opencc
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    conv = _converter()
    return text if conv is None or not text else conv.convert(text)


def _all_text(doc: Document) -> str:
    parts: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Table):
            parts += [b.caption or "", *b.notes, *(c.text for r in b.rows for c in r)]
        else:
            parts.append(getattr(b, "text", ""))
    return "\n".join(parts)


def simplify(doc: Document) -> Document:
    """`doc` with simplified text where it had traditional characters (in place)."""
    text = _all_text(doc)
    if to_simplified(text) == text:
        return doc
    for b in doc.blocks:
        if isinstance(b, Paragraph | Heading):
            simple = to_simplified(b.text)
            if simple != b.text:
                b.original, b.text = b.text, simple
        elif isinstance(b, Caption | Note):
            b.text = to_simplified(b.text)
        elif isinstance(b, Table):
            b.caption = to_simplified(b.caption) if b.caption else b.caption
            b.notes = [to_simplified(n) for n in b.notes]
            for row in b.rows:
                for cell in row:
                    cell.text = to_simplified(cell.text)
    return doc
