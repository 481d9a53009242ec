"""Put the cells of a body row under their columns, whatever the file format.

Full grids (.docx, .pdf) give every column a cell: a cell spanning columns covers
its neighbours (merged=True), which take its place here; a cell covered from
above is empty, as flattened text shows it. Flattened text drops horizontally
covered cells, so a short row is aligned by content: each cell starts under one
column and covers the missing ones after it, and the placement kept is the one
that puts numbers in number columns, periods in the period column and words in
text columns. Both formats so give the same rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from planwatch.ingest.tables import Layout, is_numeric, is_seq
from planwatch.ingest.text import clean, norm
from planwatch.ingest.units import strip_brackets
from planwatch.ingest.values import is_missing, parse_range, parse_value
from planwatch.models import Cell

PERIOD = re.compile(
    r"(?:19|20)\d{2}(?:年(?:\d{1,2}月)?|\.\d{1,2})?"
    r"(?:(?:-|—|–|－|~|～|至|到)+(?:(?:19|20)\d{2}|\d{2})(?:年(?:\d{1,2}月)?(?:底|末)?|\.\d{1,2})?"
    r"|年(?:底|末|前|内)?)"
)
# "pending": 待定-like words and worded targets, which stand for a value.
PENDING = re.compile(r"(待定|暂定|另定|待核定|待确定|未定|在谋划|谋划中|待测算)")
# A target given in words (完成省下达任务): plans merge it across value columns.
WORDED_TARGET = re.compile(r"(下达|任务|达到.*要求|控制在|确保|争取|完成.{2,})")
TOTAL = re.compile(r"(合计|总计|小计|共计)")
CN_NUMBER = re.compile(r"[(（]?[一二三四五六七八九十]+[)）]?[、.．]?")
TYPE_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}类(?:项目)?")
UNIT_CELL = re.compile(
    r"%|‰|[万亿千百]?(?:元|美元|人|家|个|件|项|吨|亩|台|套|座|所|户|辆|次|年|天|条|张|倍|点|度)"
    r"|百分点|平方米|平方公里|立方米|千瓦时|万千瓦|吨?标准?煤|公里|公顷|千克|小时|[^/]{1,6}/[^/]{1,6}"
)
VERDICT_WORD = re.compile(
    r"(超额|提前|基本|已|未|全面|如期)?(完成|实现|达到|达标)|未达到|未达标|滞后|严重滞后|超额|取消"
)
LONG_TEXT = 12
TEXT_KINDS = ("text", "word", "long")
COVER_WEIGHT = 0.5
# Classes that plans merge across value columns on purpose (待定 over two years).
SPANNING = ("pending", "verdict")
SPAN_BONUS = 0.1
WIDE_SPAN_COST = 0.01

# How well a cell of one class fits a column of one kind (a cell is scored at its
# first column in full and, at COVER_WEIGHT, for misfits in the columns it covers).
# Text columns come as "text" (any), "word" (short: places, units) and "long"
# (descriptions); a word fits a long column, and a long text a word column, less well.
_FIT: dict[str, dict[str, float]] = {
    "seq": {"seq": 2, "number": 1.5, "period": -1, "type": -1, "unit": -1, "text": -1,
            "verdict": -1},
    "number": {"seq": 0.5, "number": 2, "period": -1, "type": -1, "unit": -1, "text": -1,
               "verdict": 0},
    "period": {"seq": -1, "number": -1, "period": 2, "type": 0, "unit": -1, "text": -0.5,
               "verdict": -1},
    "pending": {"seq": -1, "number": 0.5, "period": 0.5, "type": 0, "unit": 0, "text": 0,
                "verdict": 0},
    "verdict": {"seq": -1, "number": 0.5, "period": -1, "type": -1, "unit": -1, "text": 0.5,
                "verdict": 2},
    "type": {"seq": -1, "number": -1, "period": 0, "type": 2, "unit": -1, "text": 0,
             "verdict": -1},
    "total": {"seq": 0.5, "number": -2, "period": -1, "type": -1, "unit": -1, "text": 1,
              "verdict": -1},
    "unit": {"seq": -1, "number": -1, "period": -1, "type": -1, "unit": 2, "text": 0,
             "verdict": -1},
    "text": {"seq": -1, "number": -2, "period": -1, "type": 0, "unit": -1, "text": 1,
             "verdict": 0},
    "blank": {},
}  # fmt: skip


def cell_class(text: str) -> str:
    """blank, pending, total, period, seq, number, type, unit or text."""
    t = norm(clean(text))
    if is_missing(t):
        return "blank"
    if PENDING.fullmatch(t) or (len(t) <= LONG_TEXT * 2 and WORDED_TARGET.search(t)):
        return "pending"
    if TOTAL.search(t) and len(t) <= 12:
        return "total"
    if PERIOD.fullmatch(t):
        return "period"
    if VERDICT_WORD.fullmatch(t):
        return "verdict"
    if is_seq(t):
        return "seq"
    if is_numeric(t) or parse_range(t)[0] is not None:
        return "number"
    v = parse_value(t)
    if v.number is not None and not v.textual:
        return "number"
    if TYPE_WORD.fullmatch(t):
        return "type"
    if UNIT_CELL.fullmatch(strip_brackets(t)):
        return "unit"
    return "text" if len(t) > LONG_TEXT else "word"


def has_text(text: str) -> bool:
    """Anything but a dash or nothing; 一 counts, as the Chinese numeral it may be."""
    return norm(text) == "一" or not is_missing(text)


def fit(text_class: str, kind: str) -> float:
    base = _FIT["text" if text_class == "word" else text_class].get(
        "text" if kind in TEXT_KINDS else kind, 0.0
    )
    if (text_class, kind) in (("word", "long"), ("text", "word")):
        return base - 0.5
    return base


def column_kinds(layout: Layout, fixed: dict[int, str]) -> list[str]:
    """Each column's kind: given for known roles, else what most of its cells hold."""
    kinds: list[str] = []
    full = [r for r in layout.body if len(r) >= layout.ncols]
    for c in range(layout.ncols):
        if c in fixed:
            kinds.append(fixed[c])
            continue
        texts = [clean(r[c].text) for r in full if not r[c].merged]
        classes = [cell_class(t) for t in texts]
        filled = [k for k in classes if k not in ("blank", "pending")]
        numbers = sum(k in ("number", "seq") for k in filled)
        if filled and numbers / len(filled) >= 0.6:
            kinds.append("number")
        elif filled:
            lengths = sorted(
                len(t) for t, k in zip(texts, classes, strict=True) if k not in ("blank", "pending")
            )
            kinds.append("long" if lengths[len(lengths) // 2] > LONG_TEXT else "word")
        else:
            kinds.append("text")
    return kinds


def expand(row: list[Cell], ncols: int) -> list[Cell | None]:
    """A full-grid row: a cell spanning columns stands in the columns it covers."""
    out: list[Cell | None] = [None if c.merged else c for c in row[:ncols]]
    out += [None] * (ncols - len(out))
    for i, c in enumerate(row[:ncols]):
        if c.merged:
            continue
        for k in range(1, c.colspan):
            if i + k < ncols and row[i + k].merged:
                out[i + k] = c
    return out


def place(row: list[Cell], kinds: list[str]) -> list[Cell | None]:
    """A short flattened row: choose where each cell starts by how well it fits."""
    n, m = len(row), len(kinds)
    if n == 0:
        return [None] * m
    classes = [cell_class(c.text) for c in row]

    def cover(i: int, start: int, end: int) -> float:
        score = fit(classes[i], kinds[start])
        for k in range(start + 1, end):
            f = fit(classes[i], kinds[k])
            if f < 0:
                score += COVER_WEIGHT * f
            elif f > 0 and classes[i] in SPANNING and k == start + 1:
                score += SPAN_BONUS
            if k > start + 1:
                # Merges over two columns are common, wider ones less so.
                score -= WIDE_SPAN_COST
        return score

    @cache
    def best(i: int, start: int) -> tuple[float, tuple[int, ...]]:
        if i == n - 1:
            return cover(i, start, m), ()
        options = []
        for nxt in range(start + 1, m - (n - 1 - i) + 1):
            score, rest = best(i + 1, nxt)
            options.append((cover(i, start, nxt) + score, (nxt, *rest)))
        return max(options, key=lambda o: o[0])

    starts = (0, *best(0, 0)[1])
    out: list[Cell | None] = [None] * m
    for i, s in enumerate(starts):
        end = starts[i + 1] if i + 1 < n else m
        for k in range(s, end):
            out[k] = row[i]
    return out


def align(row: list[Cell], kinds: list[str]) -> list[Cell | None]:
    if len(row) >= len(kinds):
        return expand(row, len(kinds))
    return place(row, kinds)


@dataclass
class BodyRow:
    """One body row with a cell (or None) under every column."""

    index: int
    cells: list[Cell | None]

    def cell(self, col: int | None) -> Cell | None:
        if col is None or col >= len(self.cells):
            return None
        return self.cells[col]

    def text(self, col: int | None) -> str:
        c = self.cell(col)
        return clean(c.text) if c is not None else ""

    def value(self, col: int | None, repeat: bool = True) -> str:
        """The text a column holds in its own right: a cell merged across columns
        counts in its first column only, except (with `repeat`) 待定-like words
        that plans merge over several value columns on purpose."""
        c = self.cell(col)
        if c is None or col is None:
            return ""
        covered = col > 0 and self.cells[col - 1] is c
        if covered and (not repeat or cell_class(c.text) not in SPANNING):
            return ""
        return clean(c.text)

    def filled(self) -> list[Cell]:
        """The distinct cells with text, left to right."""
        seen: list[Cell] = []
        for c in self.cells:
            if c is not None and has_text(c.text) and all(c is not s for s in seen):
                seen.append(c)
        return seen

    def span(self, cell: Cell) -> int:
        return sum(c is cell for c in self.cells)

    def is_blank(self) -> bool:
        return not self.filled()

    def col_of(self, cell: Cell) -> int:
        return next(i for i, c in enumerate(self.cells) if c is cell)

    def heading(self, name_col: int | None) -> str | None:
        """The text of a row that only names a group (一、先进制造业项目, 百亿级企业…).

        Either one cell across several columns, one cell left of the name column,
        or a Chinese numeral (一 / （一）) followed by the group's name and nothing else.
        """
        filled = self.filled()
        if len(filled) == 2 and CN_NUMBER.fullmatch(norm(filled[0].text)):
            number, text = clean(filled[0].text), clean(filled[1].text)
            if self.col_of(filled[1]) == name_col or self.span(filled[1]) >= 2:
                sep = "" if number.endswith(("、", "）", ")", ".", "．")) else "、"
                return f"{number}{sep}{text}"
        if len(filled) != 1:
            return None
        cell = filled[0]
        col = self.col_of(cell)
        left_of_name = name_col is not None and col < name_col and not is_seq(cell.text)
        if self.span(cell) >= 2 or left_of_name:
            return clean(cell.text)
        return None


def body_rows(layout: Layout, kinds: list[str]) -> list[BodyRow]:
    return [
        BodyRow(index=layout.header_rows + k, cells=align(row, kinds))
        for k, row in enumerate(layout.body)
    ]


def last_of_run(labels: list[str], col: int) -> int:
    """A header merged over a group column and the name column (指标名称 over both):
    the last column under it holds the names."""
    while col + 1 < len(labels) and labels[col + 1] and labels[col + 1] == labels[col]:
        col += 1
    return col
