"""Word's automatic list numbers (第一章, 一、, （一）, 1.) as the text of a paragraph.

Word draws a list number from the numbering definitions; it is not in the
paragraph's text, so python-docx and the XML walker miss it. Word's own "save
as text" writes it, and the text reader (and the heading rules shared with it)
depend on it: without it 第一章 发展基础 is just 发展基础. Here each numbered
paragraph gets its number as Word computes it: a counter per list and level,
deeper levels restarting after a higher one, the level's format (decimal,
Chinese counting, circled …) filled into its pattern (第%1章, %1.%2).

A paragraph is numbered by its own `w:numPr` or by its style's (heading styles
linked to a multilevel list). Bullets give no text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml.etree import _Element

from planwatch.ingest.readers.docx_xml import child_val, lineage

LEVELS = 9
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_CN_DIGITS = "〇一二三四五六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip


def chinese(n: int) -> str:
    """一 … 十 … 九十九, 一百, 一百零一, 一百一十: Word's chineseCounting."""
    if n <= 0 or n >= 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{_CN_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _CN_DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (_CN_DIGITS[ones] if ones else "")


def _letters(n: int) -> str:
    """A … Z, AA … ZZ: Word repeats the letter."""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in _ROMAN:
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _circled(n: int) -> str:
    return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)


FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(_FULL_WIDTH),
    "decimalHalfWidth": str,
    "chineseCounting": chinese,
    "chineseCountingThousand": chinese,
    "ideographDigital": lambda n: "".join(_CN_DIGITS[int(d)] for d in str(n)),
    "japaneseCounting": chinese,
    "taiwaneseCounting": chinese,
    "decimalEnclosedCircle": _circled,
    "decimalEnclosedCircleChinese": _circled,
    "decimalEnclosedParen": lambda n: f"({n})",
    "ideographTraditional": lambda n: _STEMS[(n - 1) % 10],
    "ideographZodiac": lambda n: _BRANCHES[(n - 1) % 12],
    "upperLetter": _letters,
    "lowerLetter": lambda n: _letters(n).lower(),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "none": lambda n: "",
}


@dataclass(frozen=True)
class Level:
    pattern: str  # w:lvlText, e.g. 第%1章 or %1.%2
    fmt: str  # w:numFmt
    start: int = 1
    space: str = " "  # after the number (w:suff: tab or space; nothing)
    legal: bool = False  # w:isLgl: every level's number written as decimal


@dataclass
class _List:
    levels: dict[int, Level]
    counters: list[int | None] = field(default_factory=lambda: [None] * LEVELS)


class ListNumbers:
    """The list number of each numbered paragraph, in reading order."""

    def __init__(
        self, definitions: dict[str, dict[int, Level]], style_lists: dict[str, tuple[str, int]]
    ) -> None:
        self.definitions = definitions  # numId → levels (overrides applied)
        self.style_lists = style_lists  # styleId → (numId, ilvl)
        self.lists: dict[str, _List] = {}

    @classmethod
    def of(cls, document: DocxDocument) -> ListNumbers:
        # python-docx makes a numbering part when asked for a missing one: look first
        rels = document.part.rels.values()
        if not any(rel.reltype == RT.NUMBERING for rel in rels):
            return cls({}, {})
        definitions = _definitions(document.part.numbering_part.element)
        if not definitions:
            return cls({}, {})
        return cls(definitions, _style_lists(document.styles.element))

    def label(self, p: _Element, style_id: str | None) -> str:
        """The number Word shows before paragraph `p` ("" when none), with the space
        after it; advances the list's counters."""
        found = self._num_pr(p, style_id)
        if found is None:
            return ""
        num_id, ilvl = found
        levels = self.definitions.get(num_id)
        if not levels or ilvl not in levels or levels[ilvl].fmt == "bullet":
            return ""
        state = self.lists.setdefault(num_id, _List(levels))
        last = state.counters[ilvl]
        state.counters[ilvl] = levels[ilvl].start if last is None else last + 1
        for deeper in range(ilvl + 1, LEVELS):
            state.counters[deeper] = None
        level = levels[ilvl]
        text = _fill(level, state)
        return text + level.space if text else ""

    def _num_pr(self, p: _Element, style_id: str | None) -> tuple[str, int] | None:
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None:
            num_id = child_val(num_pr, "w:numId")
            if num_id in (None, "", "0"):
                return None  # numbering switched off on this paragraph
            style = self.style_lists.get(style_id or "")
            default_level = style[1] if style and style[0] == num_id else 0
            return num_id, _number(child_val(num_pr, "w:ilvl"), default_level) or 0
        return self.style_lists.get(style_id or "")


def _fill(level: Level, state: _List) -> str:
    out = level.pattern
    for k in range(LEVELS):
        mark = f"%{k + 1}"
        if mark not in out:
            continue
        n = state.counters[k]
        shown = state.levels.get(k)
        if n is None:
            n = shown.start if shown else 1
        fmt = "decimal" if level.legal or shown is None else shown.fmt
        out = out.replace(mark, FORMATS.get(fmt, str)(n))
    return out


def _level(lvl: _Element) -> Level:
    start = child_val(lvl, "w:start")
    suff = child_val(lvl, "w:suff")
    return Level(
        pattern=child_val(lvl, "w:lvlText") or "",
        fmt=child_val(lvl, "w:numFmt") or "decimal",
        start=int(start) if start and start.lstrip("-").isdigit() else 1,
        space="" if suff == "nothing" else " ",
        legal=child_val(lvl, "w:isLgl") not in (None, "0", "false", "off"),
    )


def _levels(el: _Element) -> dict[int, Level]:
    out = {}
    for lvl in el.findall(qn("w:lvl")):
        ilvl = lvl.get(qn("w:ilvl"), "0")
        if ilvl.isdigit():
            out[int(ilvl)] = _level(lvl)
    return out


def _definitions(numbering: _Element) -> dict[str, dict[int, Level]]:
    abstract = {
        a.get(qn("w:abstractNumId"), ""): _levels(a) for a in numbering.findall(qn("w:abstractNum"))
    }
    out: dict[str, dict[int, Level]] = {}
    for num in numbering.findall(qn("w:num")):
        levels = dict(abstract.get(child_val(num, "w:abstractNumId") or "", {}))
        for override in num.findall(qn("w:lvlOverride")):
            ilvl = int(override.get(qn("w:ilvl"), "0"))
            lvl = override.find(qn("w:lvl"))
            if lvl is not None:
                levels[ilvl] = _level(lvl)
            start = child_val(override, "w:startOverride")
            if start is not None and start.isdigit() and ilvl in levels:
                levels[ilvl] = replace(levels[ilvl], start=int(start))
        out[num.get(qn("w:numId"), "")] = levels
    return out


def _style_lists(styles: _Element) -> dict[str, tuple[str, int]]:
    """Paragraph styles linked to a list (heading styles of a multilevel list)."""
    by_id = {s.get(qn("w:styleId"), ""): s for s in styles.findall(qn("w:style"))}
    out: dict[str, tuple[str, int]] = {}
    for sid in by_id:
        num_id, ilvl = None, None
        for s in lineage(sid, by_id, lambda style: child_val(style, "w:basedOn")):
            num_pr = s.find(f"{qn('w:pPr')}/{qn('w:numPr')}")  # the nearest style's wins
            if num_pr is not None:
                num_id = num_id or child_val(num_pr, "w:numId")
                ilvl = ilvl if ilvl is not None else _number(child_val(num_pr, "w:ilvl"))
        if num_id and num_id != "0":
            out[sid] = (num_id, ilvl or 0)
    return out


def _number(text: str | None, default: int | None = None) -> int | None:
    return int(text) if text and text.isdigit() else default
