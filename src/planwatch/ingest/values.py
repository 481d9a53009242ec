"""Read the values plans write in cells and sentences.

A target cell is rarely a bare number: ``35左右``, ``7000以上``, ``≥73``,
``力争3.5以上``, ``91.83（2019）``, ``100%``, ``[16]``, ``110（累计）``,
``40-50亿``, ``—``. `parse_value` separates the number from what qualifies it,
keeping the original text, so nothing the plan says is lost.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pydantic import BaseModel

MISSING = {"", "—", "-", "--", "——", "－", "/", "／", "…", "\\", "无", "暂无", "–", "一"}

# Qualifiers as plans write them, mapped to the word reported.
# Qualifiers before the number, reported as written (">=" in its usual sign).
_PREFIX_QUALIFIERS = [
    ("不低于", "不低于"),
    ("不少于", "不少于"),
    ("不高于", "不高于"),
    ("不超过", "不超过"),
    (">=", "≥"),
    ("<=", "≤"),
    ("≥", "≥"),
    ("≤", "≤"),
    (">", ">"),
    ("<", "<"),
    ("超过", "超过"),
    ("突破", "突破"),
    ("约", "约"),
]
_SUFFIX_QUALIFIERS = ["以上", "左右", "以下", "以内", "上下", "及以上"]

_NUMBER = re.compile(r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?")
_YEAR_NOTE = re.compile(r"[（(]\s*((?:19|20)\d{2})\s*年?\s*[）)]")
_BRACKET = re.compile(r"^[\[〔【]\s*([-+]?\d+(?:\.\d+)?)\s*[\]〕】]$")
_STRETCH_NOTE = re.compile(r"[（(]\s*力争\s*([^）)]*)[）)]")
_RANGE = re.compile(
    r"^([-+]?\d+(?:\.\d+)?)\s*(?:-|~|～|至|—|－|–)\s*([-+]?\d+(?:\.\d+)?)\s*(万亿|亿|万|千)?(元)?$"
)

_SCALE = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}


class Value(BaseModel):
    text: str
    number: float | None = None
    qualifier: str | None = None
    percent: bool = False
    # A year written beside the value, e.g. 91.83（2019）.
    year: int | None = None
    # [16]: an increase over the whole period, not a level or a rate.
    is_increase: bool = False
    cumulative: bool = False
    stretch: float | None = None
    missing: bool = False
    textual: bool = False


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def to_float(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


@lru_cache(maxsize=65536)
def is_missing(text: str) -> bool:
    return nfkc(text).strip().replace(" ", "") in MISSING


def parse_value(text: str) -> Value:
    """Split a cell's text into number, qualifier and notes; never raises."""
    raw = text.strip()
    t = nfkc(raw).replace(" ", "").replace("\n", "")
    t = t.replace("﹪", "%").replace("‰", "‰")
    if t in MISSING:
        return Value(text=raw, missing=True)
    v = Value(text=raw)
    lines = [nfkc(x).strip() for x in raw.split("\n") if x.strip()]
    # A second line starting with 力争 is a stretch target given in the same cell.
    if len(lines) > 1 and lines[-1].startswith("力争"):
        v.stretch = parse_value(lines[-1][2:]).number
        t = "".join(lines[:-1]).replace(" ", "")
    sm = _STRETCH_NOTE.search(t)
    if sm:
        v.stretch = parse_value(sm.group(1)).number
        t = _STRETCH_NOTE.sub("", t)
    m = _BRACKET.match(t)
    if m:
        v.number = float(m.group(1))
        v.is_increase = True
        return v
    ym = _YEAR_NOTE.search(t)
    if ym:
        v.year = int(ym.group(1))
        t = _YEAR_NOTE.sub("", t)
    if "累计" in t:
        v.cumulative = True
        t = re.sub(r"[（(]?累计[）)]?", "", t)
    if t.startswith("力争"):
        v.qualifier = "力争"
        t = t[2:]
    for word, q in _PREFIX_QUALIFIERS:
        if t.startswith(word):
            v.qualifier = v.qualifier or q
            t = t[len(word) :]
            break
    for word in _SUFFIX_QUALIFIERS:
        if t.endswith(word):
            v.qualifier = "以上" if word == "及以上" else word
            t = t[: -len(word)]
            break
    if t.endswith("%"):
        v.percent = True
        t = t[:-1]
    num = _NUMBER.fullmatch(t)
    if num:
        v.number = to_float(num.group(0))
        return v
    # A number with a trailing unit word (e.g. 40亿, 5家) still gives its number.
    m2 = re.fullmatch(r"([-+]?\d+(?:,\d{3})*(?:\.\d+)?)\s*([^\d\s]{1,6})", t)
    if m2 and not re.search(r"\d", m2.group(2)):
        v.number = to_float(m2.group(1))
        return v
    v.textual = True
    return v


def parse_range(text: str) -> tuple[float | None, float | None, str]:
    """``40-50亿`` → (40, 50, "亿"); a single value gives low == high."""
    t = nfkc(text).replace(" ", "")
    m = _RANGE.match(t)
    if m:
        unit = (m.group(3) or "") + (m.group(4) or "")
        return float(m.group(1)), float(m.group(2)), unit
    m = re.match(r"^([-+]?\d+(?:\.\d+)?)(万亿|亿|万|千)?(元)?$", t)
    if m:
        x = float(m.group(1))
        return x, x, (m.group(2) or "") + (m.group(3) or "")
    return None, None, ""


def scale_of(unit_prefix: str) -> float:
    return _SCALE.get(unit_prefix, 1.0)


def year_of(text: str) -> int | None:
    """The four-digit year a header or phrase names (2020年, 2025年目标 …)."""
    m = re.search(r"((?:19|20)\d{2})", nfkc(text))
    return int(m.group(1)) if m else None
