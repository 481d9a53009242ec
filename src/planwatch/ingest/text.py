"""Text helpers shared by every reader: markers, width forms, whitespace."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from planwatch.models import Marker

_MARKER = re.compile(
    r"\[(bookmark|image|footnoteRef|endnoteRef|footnote|comment)\s*:?\s*([^\]]*)\]"
)


def strip_markers(text: str, line: int | None = None) -> tuple[str, list[Marker]]:
    """Remove conversion markers such as ``[bookmark: _Toc1]`` and return them."""
    markers = [
        Marker(kind=m.group(1), value=m.group(2).strip(), line=line) for m in _MARKER.finditer(text)
    ]
    if not markers:
        return text, []
    return _MARKER.sub("", text), markers


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Matching form: NFKC (full-width to half-width), no whitespace.

    Only used for comparisons; the original text is what planwatch reports. Cached:
    extractors and audit rules ask for the same cells' forms many times over.
    """
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text)


def clean(text: str) -> str:
    """Display form of a cell or line: trimmed, inner line breaks removed."""
    text = text.replace("\u3000", " ").replace("\xa0", " ")
    parts = [p.strip() for p in text.split("\n")]
    return "".join(p for p in parts if p)


def is_blank(text: str) -> bool:
    return not text.strip()
