"""Decode plan text files whatever encoding Chinese Windows or a converter used.

Order matters: a BOM is authoritative; strict UTF-8 rarely succeeds by accident
on GB text; UTF-16 without a BOM shows as NUL bytes in every other position;
GB18030 is a superset of GBK and GB2312. Text that still looks like control
characters after decoding is binary, not a plan.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from planwatch.errors import InputError

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 shows its line breaks as 0A 00 (LE) or 00 0A (BE) on even offsets."""
    if len(data) % 2:
        return None
    sample = data[:20000]
    le = sum(1 for i in range(0, len(sample) - 1, 2) if sample[i] == 10 and sample[i + 1] == 0)
    be = sum(1 for i in range(0, len(sample) - 1, 2) if sample[i] == 0 and sample[i + 1] == 10)
    if le and not be:
        return "utf-16-le"
    if be and not le:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    return bad / len(sample) > 0.02


def decode_bytes(data: bytes, path: str | Path) -> tuple[str, str]:
    """Return (text, encoding) or raise InputError naming the file."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(enc), path), enc
            except UnicodeDecodeError as e:
                raise InputError(path, f"starts with a {enc} mark but does not decode: {e}") from e
    utf16 = _utf16_without_bom(data)
    candidates = [utf16] if utf16 else []
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            return _checked(data.decode(enc), path), enc
        except UnicodeDecodeError:
            continue
    raise InputError(path, "not text in UTF-8, UTF-16 or GB18030/GBK (binary file?)")


def _checked(text: str, path: str | Path) -> str:
    if "\x00" in text or _looks_binary(text):
        raise InputError(path, "binary content, not a text document")
    if not text.strip():
        raise InputError(path, "the file has no text")
    return text
