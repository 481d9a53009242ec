"""Recognise headings by their numbering (第一章, 一、, （一）, 1., （1）).

Chinese plans number their outline in a fixed order of styles. A line is a
heading when it starts with one of those numberings and is short and
sentence-free; a numbered line that runs on into a paragraph is a paragraph with
a run-in title, not a heading.
"""

from __future__ import annotations

import re

_CN_NUM = "一二三四五六七八九十百零〇"

# (style, pattern) in outline order: earlier styles sit higher in the outline.
STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(rf"^(第[{_CN_NUM}\d]+[篇部](?:分)?)\s*")),
    ("chapter", re.compile(rf"^(第[{_CN_NUM}\d]+章)\s*")),
    ("section", re.compile(rf"^(第[{_CN_NUM}\d]+节)\s*")),
    ("cn", re.compile(rf"^([{_CN_NUM}]+[、．.])\s*")),
    ("cn_paren", re.compile(rf"^([（(][{_CN_NUM}]+[）)])\s*")),
    ("num", re.compile(r"^(\d{1,2}(?:[、．.](?!\d)|\s))\s*")),
    ("num_paren", re.compile(r"^([（(]\d{1,2}[）)])\s*")),
]
STYLE_ORDER = [s for s, _ in STYLES]

MAX_HEADING_CHARS = 40


def numbering_of(text: str) -> tuple[str, str, str] | None:
    """Return (style, numbering, title) when `text` starts with an outline number."""
    stripped = text.strip()
    for style, pat in STYLES:
        m = pat.match(stripped)
        if m:
            title = stripped[m.end() :].strip()
            if not title:
                return None
            return style, m.group(1).strip(), title
    return None


def looks_like_heading(text: str) -> bool:
    """Short, no sentence-final punctuation inside, not a number or a value."""
    t = text.strip()
    if not t or len(t) > MAX_HEADING_CHARS:
        return False
    if re.search(r"[。；;：:，,]", t.rstrip("。")):
        return False
    return not t.endswith("。")


def heading_parts(text: str) -> tuple[str, str, str] | None:
    """(style, numbering, title) when `text` is a numbered heading, else None."""
    found = numbering_of(text)
    if found is None:
        return None
    style, _numbering, title = found
    if not looks_like_heading(title):
        return None
    if style == "num" and re.match(r"^\d+\s*[%％年月日万亿元个家项]", text.strip()):
        return None
    return found


def assign_levels(styles: list[str]) -> dict[str, int]:
    """Map the numbering styles a document uses to outline levels 1, 2, 3…"""
    present = [s for s in STYLE_ORDER if s in set(styles)]
    return {s: i + 1 for i, s in enumerate(present)}
