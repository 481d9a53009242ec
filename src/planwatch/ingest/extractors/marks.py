"""Footnote marks on indicator names, and the notes under a table that explain them.

Plans flag rows with a mark on the name (``规上工业增加值*``, ``能耗下降▲``,
``技改投资①``, ``注1``) and say what it means in a note under the table
(``注：带*为约束性指标，其余为预期性指标；▲为新增指标；①含技术改造投资``). The
mark is not part of the name: it is taken off and kept. A note that gives a mark
an attribute (约束性 …) fills the attribute of the marked rows (and 其余 of the
others) where the table has no attribute column; any other meaning is kept with
the marked rows as their note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planwatch.models import Indicator

_SYMBOLS = "*＊※▲△★☆◆◇●○#＃§†‡"
_CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474))  # ①…⑳
_SUPERSCRIPT = "¹²³⁴⁵⁶⁷⁸⁹⁰"
MARK = (
    rf"(?:[{re.escape(_SYMBOLS)}]|[{_CIRCLED}]|[{_SUPERSCRIPT}]+"
    r"|[（(]?注\s*[0-9０-９" + _CIRCLED + r"]{0,2}[)）]?)"
)
TRAILING = re.compile(rf"(?:\s*{MARK})+\s*$")
LEADING = re.compile(rf"^\s*(?:{MARK}\s*)+")
ONE = re.compile(MARK)
ATTRIBUTE = re.compile(r"(约束性|预期性|奋进性|指导性|引导性|激励性)")
OTHERS = re.compile(r"(其余|其他|其它|未标注|未加)")
_NOTE_HEAD = re.compile(r"^\s*[（(]?\s*(?:注|备注|说明)\s*[0-9０-９]?\s*[:：.．、）)]\s*")
_ITEM = re.compile(r"[；;。]|(?<![0-9])[0-9０-９]{1,2}\s*[.．、](?![0-9])")


_SAME = str.maketrans("＊＃０１２３４５６７８９", "*#0123456789")


def _key(mark: str) -> str:
    """One spelling per mark: ＊ and * alike, 注1 and （注１） alike; ① stays ①."""
    return mark.translate(_SAME).strip().strip("（）()").replace(" ", "")


def split_marks(name: str) -> tuple[str, list[str]]:
    """(name without its marks, the marks) for ``规上工业增加值*`` → (…, ["*"])."""
    marks: list[str] = []
    for rx in (TRAILING, LEADING):
        m = rx.search(name)
        if m and m.group(0).strip() and len(name) - len(m.group(0)) >= 2:
            marks += [_key(x.group(0)) for x in ONE.finditer(m.group(0))]
            name = name[: m.start()] + name[m.end() :]
    return name.strip(), marks


@dataclass
class Legend:
    """What the notes under a table say the marks mean."""

    attribute: dict[str, str] = field(default_factory=dict)  # mark → 约束性 …
    meaning: dict[str, str] = field(default_factory=dict)  # mark → the clause, as written
    others: str | None = None  # the attribute of the rows without a mark (其余为预期性指标)


def _clauses(note: str) -> list[str]:
    """A note's statements: split at ；。 and item numbers, and at commas where the
    next part names a mark of its own (带*为约束性指标，▲为新增指标)."""
    out: list[str] = []
    for item in _ITEM.split(_NOTE_HEAD.sub("", note)):
        for part in re.split(r"[，,]", item):
            part = part.strip()
            if not part:
                continue
            if out and not ONE.search(part) and not OTHERS.search(part):
                out[-1] = f"{out[-1]}，{part}"  # 其中…: more about the mark before
            else:
                out.append(part)
    return out


def read_legend(notes: list[str]) -> Legend:
    legend = Legend()
    for note in notes:
        for clause in _clauses(note):
            marks = [_key(m.group(0)) for m in ONE.finditer(clause)]
            attribute = ATTRIBUTE.search(clause)
            if not marks and OTHERS.search(clause) and attribute:
                legend.others = attribute.group(1)
            for mark in marks:
                if attribute and len(marks) == 1:
                    legend.attribute[mark] = attribute.group(1)
                legend.meaning.setdefault(mark, clause)
    return legend


def apply_legend(rows: list[Indicator], notes: list[str]) -> None:
    """Fill attributes and notes of marked rows from the table's notes."""
    if not notes or not any(r.marks for r in rows):
        return
    legend = read_legend(notes)
    for row in rows:
        for mark in row.marks:
            if mark in legend.meaning and legend.meaning[mark] not in row.notes:
                row.notes.append(legend.meaning[mark])
            if row.attribute is None and mark in legend.attribute:
                row.attribute = legend.attribute[mark]
        if (
            row.attribute is None
            and legend.others
            and not any(m in legend.attribute for m in row.marks)
        ):
            row.attribute = legend.others
