"""Rule 2, totals against their parts: a 合计 (or 小计, 全市 …) row, a 合计 column and a
plan-level target should each equal the sum of what they total.

Three checks. A total row against the item rows it totals, column by column: a 小计
totals the items since the previous 小计 or heading (or, set at the top of its
group, those after it), a 合计 all items, taking a group's 小计 only where its items
give no figure, so nothing counts twice. A total column against the run of value
columns beside it that adds up in most rows. Per-town or per-industry targets
against the plan-level target of the same name and year, for amounts and counts
only (never rates, shares, per-mu values or indices).

Every figure is taken with its printed precision (`planwatch.audit.precision`): a
sum disagrees only when no values within half a unit of each printed digit make
it agree. Being wrong costs more than missing one, so the rule stays silent
wherever the reading is in doubt: columns of years, sequence numbers, rates,
growth or shares; cells with a qualifier (以上, 左右) or words; a 全市 row that adds
up in no column (a list of leading towns, not a breakdown); parts that add up to
far more than the total because rows overlap (parks inside towns), which give one
notice and no error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import combinations

from planwatch.audit.plan import (
    MAGNITUDE,
    TOTAL_LABEL,
    YEAR_TEXT,
    AuditedPlan,
    Number,
    TableView,
    number_of,
)
from planwatch.audit.precision import Printed, fmt, overlap, sum_of
from planwatch.audit.registry import rule
from planwatch.ingest.extractors.indicator_columns import label_year
from planwatch.ingest.extractors.row_align import BodyRow
from planwatch.ingest.text import norm
from planwatch.ingest.values import is_missing, nfkc
from planwatch.models import Indicator
from planwatch.models.audit import Finding, Location, Severity

RULE = "sums"
ERROR_SHARE = 0.01  # a difference above 1 % of the total is an error, below it a warning
PLAUSIBLE = 0.1  # parts within 10 % of a plan-level target are evidently meant to add up to it
OVERLAP_EXCESS = 0.1  # parts above a 全市 row by more than this share: rows overlap
MAX_OVERLAPPING = 3  # rows tried as the ones counted twice
# A table note that says its rows overlap on purpose (园区数据已计入所在乡镇，不重复计算).
OVERLAP_EXPLAINED = re.compile(r"已计入|已含|含在|包含在|不重复|重复计算|已包括|其中")
MAX_SEARCHED = 60  # parts beyond which no rows are tried (the search grows as n³)

_NUMBERING = re.compile(r"^(?:[（(]?[一二三四五六七八九十]+[）)]?[、.．]?|\d{1,3}[.、．])")
_BRACKET = re.compile(r"[（(][^（）()]*[）)]$")
SECTION = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+[、.．])")
SUB = re.compile(r"^(?:其中)?(?:小计|分计)$")
GRAND = re.compile(r"^.{0,8}(?:合计|总计|共计)$")
WHOLE = re.compile(r"^全(?:市|县|区|省|州|盟|旗|镇|乡)(?:域|范围|总体|整体)?$")
PART_OF = re.compile(r"^(?:其中|内含|含[:：]|包括[:：])")
# A column or indicator of these does not add up across rows.
NOT_ADDITIVE = re.compile(
    r"%|％|‰|率|增速|增长|增幅|增减|比重|占比|比例|份额|指数|均|强度|密度|系数|倍|[（(][^（）()]*/|排名|名次|"
    r"序号|编号|年份|年限|期限|单价|价格|水平|下降|降低|提高"
)
ADDITIVE_UNIT = re.compile(
    r"^(?:万亿|亿|千万|百万|十万|万|千)?(?:元|美元|家|个|项|亩|人|件|座|台|套|户|吨|辆|条|所|张|"
    r"千瓦|千瓦时|平方米|平方公里|公顷|公里|标准煤|吨标准煤|吨标煤)$"
)
ZONE = re.compile(
    r"(?:园区|开发区|新区|高新区|产业园|工业园|科技园|集聚区|功能区|小镇|平台|基地|片区|区块)$"
)
TOWN = re.compile(r"(?:镇|乡|街道)$")
RATE_CAPTION = re.compile(r"增速|增长率|比重|占比|亩均|人均|效率|密度|强度|[（(]\s*[%％]\s*[）)]")
UNKNOWN = "?"  # a cell that holds a value planwatch cannot sum (words, 以上, 左右 …)

Cell = Number | str | None


@dataclass
class Group:
    """Item rows and the 小计 (or numbered section row) that totals them."""

    items: list[BodyRow] = field(default_factory=list)
    sub: BodyRow | None = None
    weak: bool = False  # totalled by a numbered section row, which may list only some items
    # The last 合计 of a table whose 合计 rows close groups: it may total the table.
    or_all: bool = False


@dataclass
class Sum:
    """A total and the parts it should equal, in one column."""

    col: int
    stated: Number
    parts: list[tuple[BodyRow, Number]]

    @property
    def expected(self) -> Printed:
        return sum_of([n.printed for _, n in self.parts])

    @property
    def ok(self) -> bool:
        return agrees(self.stated.printed, [n.printed for _, n in self.parts])

    @property
    def difference(self) -> float:
        return self.stated.value - self.expected.value

    @property
    def exceeds(self) -> bool:
        return self.expected.value > self.stated.value


# ---------------------------------------------------------------- reading cells


def label_of(name: str) -> str:
    """A row's name for matching: no numbering in front, no unit bracket behind."""
    text = _NUMBERING.sub("", norm(name))
    return _BRACKET.sub("", text) or text


def cell(view: TableView, row: BodyRow, col: int) -> Cell:
    """The number a cell adds to a sum, None for an empty cell, UNKNOWN for words,
    ranges or qualified values, which a sum cannot take."""
    text = row.value(col, repeat=False)
    if is_missing(text):
        return None
    n = view.number(row, col)
    if n is None or n.qualifier is not None or n.percent or MAGNITUDE.search(text):
        return UNKNOWN  # 1.2万 beside 8000 would add 1.2
    return n


def agrees(total: Printed, parts: list[Printed]) -> bool:
    """Whether some values within the printed precision make the parts add up."""
    s = sum_of(parts)
    eps = 1e-9 * max(1.0, abs(total.value), abs(s.value))
    return overlap(total.low - eps, total.high + eps, s.low, s.high)


def _yearlike(n: Number) -> bool:
    return bool(YEAR_TEXT.match(nfkc(n.text).strip()))


def _sequence(nums: list[Number]) -> bool:
    values = [n.value for n in nums]
    return len(values) >= 2 and values == [float(k) for k in range(1, len(values) + 1)]


def additive_columns(view: TableView) -> list[int]:
    """Number columns whose values add up across rows (not years, sequence numbers,
    rates, shares or per-unit values)."""
    unit = _caption_unit(view)
    if NOT_ADDITIVE.search(unit) or "/" in unit or RATE_CAPTION.search(norm(view.caption)):
        return []
    out = []
    for c, kind in enumerate(view.kinds):
        if kind != "number" or c == view.name_col or NOT_ADDITIVE.search(norm(view.labels[c])):
            continue
        nums = [n for r in view.rows if (n := view.number(r, c)) is not None]
        if not nums or any(n.percent for n in nums) or all(_yearlike(n) for n in nums):
            continue
        if not _sequence(nums):
            out.append(c)
    return out


def _caption_unit(view: TableView) -> str:
    """The unit a caption gives in brackets: （%）, （单位：万元/亩）."""
    m = re.search(r"[（(](?:单位[:：])?([^（）()]{1,10})[）)]\s*$", norm(view.caption))
    return m.group(1) if m else ""


def mixed_units(view: TableView, rows: list[BodyRow]) -> bool:
    """A table with a unit column whose rows differ in unit (or give a rate) is a
    list of indicators, which no total adds up."""
    col = view.layout.find(r"^(?:计量)?单位$")
    if col is None:
        return False
    units = {norm(r.text(col)) for r in rows} - {""}
    return len(units) > 1 or any(NOT_ADDITIVE.search(u) for u in units)


def region_names(region: str) -> set[str]:
    """The names a row for the plan's whole region may carry: 示例县, 示例."""
    region = norm(region)
    core = re.sub(r"(?:自治县|自治州|市|县|区|省|州|旗|盟)$", "", region)
    return {x for x in (region, core) if len(x) >= 2}


# ---------------------------------------------------------------- rows and groups


def role(view: TableView, row: BodyRow, cols: list[int], region: set[str]) -> str:
    """item, sub (小计), section (numbered group row), grand (合计), whole (全市),
    heading, skip (其中 rows, rows without a name) or garbled."""
    raw = norm(view.row_name(row))
    name = label_of(raw)
    if garbled(view, row, raw):
        return "garbled"
    if SUB.match(name):
        return "sub"
    if GRAND.match(name):
        return "grand"
    if WHOLE.match(name) or name in region:
        return "whole"
    if not name or part_of(view, row):
        return "skip"
    if all(cell(view, row, c) is None for c in cols):
        return "heading" if row.heading(view.name_col) or SECTION.match(raw) else "skip"
    return "section" if SECTION.match(raw) or _cn_seq(view, row) else "item"


def part_of(view: TableView, row: BodyRow) -> bool:
    """A 其中 row (the word leading its name, or in a cell of its own), detailing the
    row above rather than adding to the total."""
    alone = any(re.fullmatch(r"其中[:：]?", norm(c.text)) for c in row.filled())
    return alone or bool(PART_OF.match(label_of(view.row_name(row))))


def garbled(view: TableView, row: BodyRow, raw: str) -> bool:
    """A row that flattened text ran into its neighbour (小计 | 30 | 23 | 二、…): a
    number where the name belongs, or a total's word away from the name."""
    if number_of(raw) is not None and not SECTION.match(raw):
        return True
    others = [label_of(c.text) for c in row.filled() if norm(c.text) != raw]
    return any(SUB.match(t) or GRAND.match(t) for t in others)


def _cn_seq(view: TableView, row: BodyRow) -> bool:
    """A row numbered 一 / （二） in a sequence column heads a group."""
    first = row.filled()[0] if row.filled() else None
    if first is None or row.col_of(first) == view.name_col:
        return False
    return bool(re.fullmatch(r"[（(]?[一二三四五六七八九十]+[）)、]?", norm(first.text)))


@dataclass
class Structure:
    groups: list[Group]
    totals: list[tuple[BodyRow, bool]]  # (row, weak): a 合计 is strong, a 全市 weak


def structure(roles: list[tuple[BodyRow, str]]) -> Structure:
    """Split the rows into groups under their subtotals, and the grand totals."""
    roles = _inner_grands_as_subs(roles)
    groups: list[Group] = []
    totals: list[tuple[BodyRow, bool]] = []
    cur = Group()

    def close() -> Group:
        if cur.items or cur.sub is not None:
            groups.append(cur)
        return Group()

    for row, kind in roles:
        if kind == "heading":
            cur = close()
        elif kind == "section":
            cur = close()
            cur.sub, cur.weak = row, True
        elif kind in ("sub", "last") and cur.sub is None and cur.items:
            cur.sub, cur.or_all = row, kind == "last"
            cur = close()
        elif kind == "sub":
            cur = close()
            cur.sub = row
        elif kind in ("grand", "whole"):
            cur = close()
            totals.append((row, kind == "whole"))
        elif kind == "item":
            cur.items.append(row)
    close()
    return Structure(groups, totals)


def _inner_grands_as_subs(roles: list[tuple[BodyRow, str]]) -> list[tuple[BodyRow, str]]:
    """A 合计 with items both above and below it closes a group, like a 小计; the
    table's last 合计 then (kind "last") may close its group or total everything."""
    items = [k for k, (_, kind) in enumerate(roles) if kind == "item"]
    if not items:
        return roles
    inner = [k for k, (_, kind) in enumerate(roles) if kind == "grand" and items[0] < k < items[-1]]
    if not inner:
        return roles
    out = [(row, "sub" if k in inner else kind) for k, (row, kind) in enumerate(roles)]
    after = [k for k, (_, kind) in enumerate(out) if kind == "grand" and k > items[-1]]
    if after:
        out[after[0]] = (out[after[0]][0], "last")
    return out


# ---------------------------------------------------------------- parts of a total

Parts = list[tuple[BodyRow, Number]]


def _numbers(view: TableView, rows: list[BodyRow], col: int) -> Parts | None:
    """The numbers of `rows` in a column; None if one of them cannot be summed."""
    out = []
    for r in rows:
        x = cell(view, r, col)
        if x == UNKNOWN:
            return None
        if isinstance(x, Number):
            out.append((r, x))
    return out


def grand_parts(view: TableView, groups: list[Group], col: int, by_subtotals: bool) -> Parts | None:
    """What a 合计 adds up in one column: every group's items, or (`by_subtotals`)
    its 小计; either way a group's 小计 stands in where its items give no figure."""
    out: Parts = []
    for g in groups:
        items = _numbers(view, g.items, col)
        sub = _numbers(view, [g.sub], col) if g.sub is not None else []
        if items is None or sub is None:
            return None
        out.extend(sub if sub and (by_subtotals or not items) else items)
    return out


def summed(view: TableView, total: BodyRow, col: int, parts: Parts | None) -> Sum | None:
    """The total against its parts, if it states a number and has two parts or more.
    Targets printed as whole numbers are numbers the plan chose, not rounded ones: in
    a target column where every figure is whole, the parts must add up exactly."""
    stated = cell(view, total, col)
    if not isinstance(stated, Number) or parts is None or len(parts) < 2:
        return None
    if _target_column(view, col) and all(_whole(n) for n in [stated, *(n for _, n in parts)]):
        stated = _exact(stated)
        parts = [(r, _exact(n)) for r, n in parts]
    return Sum(col, stated, parts)


TARGET_LABEL = re.compile(r"目标|规划|预期|计划")


def _target_column(view: TableView, col: int) -> bool:
    """A column of targets: so labelled, or dated after the table's first year."""
    label = norm(view.labels[col]) if col < len(view.labels) else ""
    if TARGET_LABEL.search(label):
        return True
    years = [y for lab in view.labels if (y := label_year(lab))]
    year = label_year(view.labels[col]) if col < len(view.labels) else None
    return bool(year and years and year > min(years))


def _whole(n: Number) -> bool:
    return n.printed.error >= 0.5


def _exact(n: Number) -> Number:
    return replace(n, printed=Printed(n.value, 0.0))


def grand_sum(view: TableView, row: BodyRow, groups: list[Group], col: int) -> Sum | None:
    """Against the items, or else against the subtotals (both layouts are usual)."""
    tries = [summed(view, row, col, grand_parts(view, groups, col, by)) for by in (False, True)]
    found = [s for s in tries if s is not None]
    return next((s for s in found if s.ok), found[0] if found else None)


def sub_sum(view: TableView, g: Group, groups: list[Group], col: int) -> Sum | None:
    """A subtotal against its items; a last 合计 (`Group.or_all`) may instead total
    the whole table, and is right if either way adds up."""
    assert g.sub is not None
    own = summed(view, g.sub, col, _numbers(view, g.items, col))
    if not g.or_all or (own is not None and own.ok):
        return own
    rest = [x if x is not g else Group(items=g.items) for x in groups]
    every = grand_sum(view, g.sub, rest, col)
    return every if every is not None and every.ok else own


# ---------------------------------------------------------------- overlapping rows


def overlapping(sums_: list[Sum]) -> list[BodyRow] | None:
    """The fewest rows (up to `MAX_OVERLAPPING`, in tables of up to `MAX_SEARCHED`
    parts) whose removal makes every column add up, those that already do included."""
    misses = [s for s in sums_ if not s.ok]
    rows = _distinct([r for s in misses for r, _ in s.parts])
    if len(rows) > MAX_SEARCHED:
        return None
    columns = [_Column(s) for s in sums_]
    for size in range(1, MAX_OVERLAPPING + 1):
        for drop in combinations(rows, size):
            if all(c.agrees_without(drop) for c in columns):
                return list(drop)
    return None


class _Column:
    """A total and its parts, ready to take rows out of the sum quickly."""

    def __init__(self, s: Sum) -> None:
        self.stated = s.stated.printed
        self.total = s.expected
        self.parts = {id(r): n.printed for r, n in s.parts}

    def agrees_without(self, drop: tuple[BodyRow, ...]) -> bool:
        out = [self.parts[id(r)] for r in drop if id(r) in self.parts]
        value = self.total.value - sum(p.value for p in out)
        error = self.total.error - sum(p.error for p in out)
        return agrees(self.stated, [Printed(value, max(error, 0.0))])


def _distinct(rows: list[BodyRow]) -> list[BodyRow]:
    """Rows once each, in order (rows compare by content, so by identity here)."""
    seen: dict[int, BodyRow] = {}
    for r in rows:
        seen.setdefault(id(r), r)
    return list(seen.values())


def mixed_places(view: TableView, rows: list[BodyRow]) -> bool:
    """Parks or zones listed beside the towns they lie in."""
    names = [label_of(view.row_name(r)) for r in rows]
    return any(ZONE.search(n) for n in names) and any(TOWN.search(n) for n in names)


def overlap_suspected(view: TableView, sums_: list[Sum], weak: bool) -> tuple[bool, list[BodyRow]]:
    """Whether parts that exceed their total are rows counted twice, and which rows
    (when removing a few of them makes every column add up)."""
    misses = [s for s in sums_ if not s.ok]
    if not all(s.exceeds for s in misses):
        return False, []
    drop = overlapping(sums_)
    if drop is not None and (len(misses) >= 2 or mixed_places(view, drop)):
        return True, drop
    rows = _distinct([r for s in misses for r, _ in s.parts])
    far = all(-s.difference > OVERLAP_EXCESS * abs(s.stated.value) for s in misses)
    return mixed_places(view, rows) or (weak and far), []


# ---------------------------------------------------------------- findings


def severity(difference: float, total: float) -> Severity:
    return "error" if abs(difference) > ERROR_SHARE * abs(total) else "warning"


def miss_finding(view: TableView, row: BodyRow, s: Sum, what_zh: str, what_en: str) -> Finding:
    name, label = view.row_name(row), view.labels[s.col]
    tol = s.stated.printed.error + s.expected.error
    expected, diff = fmt(s.expected.value, 4), fmt(s.difference, 4)
    return Finding(
        rule=RULE,
        severity=severity(s.difference, s.stated.value),
        location=view.location(row, s.col),
        message_zh=(
            f"{view.caption}中“{name}”的“{label}”写作{s.stated.text}，而{what_zh}"
            f"（{len(s.parts)}项）相加为{expected}，相差{diff}；"
            f"按各数印刷的位数，舍入至多能解释{fmt(tol, 4)}。"
        ),
        message_en=(
            f"{view.caption}: '{name}' gives {s.stated.text} under '{label}', but {what_en} "
            f"({len(s.parts)}) add up to {expected}, a difference of {diff}; rounding of "
            f"the printed figures explains at most {fmt(tol, 4)}."
        ),
        subjects=[name, label],
        values={
            "stated": s.stated.value,
            "expected": round(s.expected.value, 6),
            "difference": round(s.difference, 6),
        },
        evidence=view.evidence(row),
    )


def overlap_notice(view: TableView, row: BodyRow, s: Sum, drop: list[BodyRow]) -> Finding:
    name, label = view.row_name(row), view.labels[s.col]
    dropped = [view.row_name(r) for r in drop]
    which = "、".join(f"“{d}”" for d in dropped)
    expected = fmt(s.expected.value, 4)
    return Finding(
        rule=RULE,
        severity="notice",
        location=view.location(row, s.col),
        message_zh=(
            f"{view.caption}中各行相加多于“{name}”（“{label}”：各行之和{expected}，"
            f"“{name}”为{s.stated.text}），各行可能相互包含（如园区又计入所在乡镇）"
            + (f"，不计{which}则在舍入范围内相符" if dropped else "")
            + "；宜在表注中说明统计口径。"
        ),
        message_en=(
            f"{view.caption}: the rows add up to more than '{name}' (under '{label}': "
            f"{expected} against {s.stated.text}); rows may be counted twice (parks inside "
            "their towns)"
            + (f"; without {', '.join(dropped)} they add up within rounding" if dropped else "")
            + ". A note on what the total covers would help."
        ),
        subjects=[name, label, *dropped],
        values={
            "stated": s.stated.value,
            "expected": round(s.expected.value, 6),
            "difference": round(s.difference, 6),
            "overlapping": "、".join(dropped) or None,
        },
        evidence=view.evidence(row),
    )


# ---------------------------------------------------------------- (a) total rows


def total_rows(view: TableView, region: set[str]) -> Iterator[Finding]:
    """Each 小计 against its group, each 合计 or 全市 row against the whole table."""
    cols = additive_columns(view)
    if not cols:
        return
    roles = [(r, role(view, r, cols, region)) for r in view.rows]
    items = [r for r, k in roles if k in ("item", "section")]
    if mixed_units(view, items) or any(k == "garbled" for _, k in roles):
        return  # a list of indicators, or rows the reader could not keep apart
    s = structure(roles)
    for g in s.groups:
        if g.sub is not None:
            sums_ = [sub_sum(view, g, s.groups, c) for c in cols]
            yield from judge(view, g.sub, sums_, g.weak, ("其下各分项", "the rows it totals"))
    for row, weak in s.totals:
        sums_ = [grand_sum(view, row, s.groups, c) for c in cols]
        yield from judge(view, row, sums_, weak, ("表中各分项", "the rows of the table"))


def judge(
    view: TableView, row: BodyRow, found: list[Sum | None], weak: bool, what: tuple[str, str]
) -> Iterator[Finding]:
    """Findings for one total row: none when a weak total (全市, a numbered section)
    adds up in no column, or when parts exceed it in a table with 其中 rows (whose
    sub-items need not all say so); one notice when its rows evidently overlap;
    else one per column that misses."""
    sums_ = [s for s in found if s is not None]
    misses = [s for s in sums_ if not s.ok]
    if not misses or (weak and len(misses) == len(sums_)):
        return
    if all(s.exceeds for s in misses) and any(part_of(view, r) for r in view.rows):
        return
    suspected, drop = overlap_suspected(view, sums_, weak)
    if suspected:
        if not OVERLAP_EXPLAINED.search(" ".join(view.table.notes)):
            yield overlap_notice(view, row, misses[0], drop)
        return
    for s in misses:
        yield miss_finding(view, row, s, *what)


# ---------------------------------------------------------------- (b) total columns


def total_columns(view: TableView) -> Iterator[Finding]:
    """A 合计 column against the run of value columns beside it that adds up in
    most rows (none is chosen when no run adds up at least as often as not)."""
    cols = additive_columns(view)
    for t in cols:
        if not TOTAL_LABEL.search(_last_label(view, t)):
            continue
        tries = [
            [s for r in view.rows if (s := row_sum(view, r, t, run))] for run in runs(view, t, cols)
        ]
        best = max(tries, key=_agreeing, default=[])
        if _agreeing(best) < max(1, len(best) - _agreeing(best)):
            continue
        for s in best:
            if not s.ok:
                yield miss_finding(view, s.parts[0][0], s, "同一行各分列", "the columns it totals")


def _agreeing(found: list[Sum]) -> int:
    return sum(1 for s in found if s.ok)


def _last_label(view: TableView, col: int) -> str:
    return norm(view.labels[col]).split("/")[-1]


def _upper(view: TableView, col: int) -> str | None:
    parts = norm(view.labels[col]).split("/")
    return parts[0] if len(parts) > 1 else None


def runs(view: TableView, t: int, cols: list[int]) -> list[list[int]]:
    """The value columns right before and right after a total column (under the
    same upper header, if it has one): the parts it may total."""
    out = []
    for step in (-1, 1):
        run, c = [], t + step
        while c in cols and not TOTAL_LABEL.search(_last_label(view, c)):
            if _upper(view, t) is not None and _upper(view, c) != _upper(view, t):
                break
            run.append(c)
            c += step
        if len(run) >= 2:
            out.append(run)
    return out


def row_sum(view: TableView, row: BodyRow, t: int, run: list[int]) -> Sum | None:
    """One row's total column against its parts (`Sum.parts` hold the row itself)."""
    parts: Parts = []
    for c in run:
        x = cell(view, row, c)
        if x == UNKNOWN:
            return None
        if isinstance(x, Number):
            parts.append((row, x))
    return summed(view, row, t, parts)


# ---------------------------------------------------------------- (c) targets by subject


def additive(ind: Indicator) -> bool:
    """An amount or a count (亿元, 家, 亩), never a rate, a share or a per-unit value."""
    unit = norm(ind.unit).strip("（）()")
    return bool(ADDITIVE_UNIT.match(unit)) and not NOT_ADDITIVE.search(norm(ind.name))


def name_key(name: str) -> str:
    """规模以上工业企业数（家） and 规上工业企业 are one indicator."""
    key = _BRACKET.sub("", norm(name)).replace("规模以上", "规上")
    return re.sub(r"(?:总数|数量|数)$", "", key)


@dataclass(frozen=True)
class Target:
    """One dated value of an indicator, as printed."""

    ind: Indicator
    year: int
    printed: Printed
    text: str

    @property
    def subject(self) -> str:
        return self.ind.subject or ""


def targets(ind: Indicator) -> list[Target]:
    """The plain values of an indicator by year (qualified ones cannot be summed)."""
    out = []
    for yv in ind.values:
        if yv.value is not None and not yv.qualifier and not is_missing(yv.text):
            out.append(Target(ind, yv.year, Printed.of(yv.value, yv.text), yv.text))
    return out


Check = tuple[Target, Target | None, list[Target]]  # plan-level, table total, rows


def collect(
    plan: AuditedPlan,
) -> tuple[dict[tuple[str, int], list[Target]], dict[tuple[str, str], dict[int, list[Target]]]]:
    """Additive targets: plan-level ones by (name, year), per-subject ones by (table,
    name) and year."""
    whole: dict[tuple[str, int], list[Target]] = {}
    tables: dict[tuple[str, str], dict[int, list[Target]]] = {}
    for ind in plan.extract.indicators:
        if not additive(ind) or ind.textual_target:
            continue
        for t in targets(ind):
            if ind.subject is None:
                whole.setdefault((name_key(ind.name), t.year), []).append(t)
            else:
                years = tables.setdefault((ind.table, name_key(ind.name)), {})
                years.setdefault(t.year, []).append(t)
    return whole, tables


def by_subject(plan: AuditedPlan, examined: set[str]) -> Iterator[Finding]:
    """Per-subject targets against a total row the table check did not already
    read (`examined`: the names of the total rows it read in any table, as the
    extraction may name a table otherwise), and against the plan-level target."""
    region = region_names(plan.extract.metadata.region)
    whole, tables = collect(plan)
    for (_, key), years in tables.items():
        checks: list[Check] = []
        for year, group in sorted(years.items()):
            totals = [t for t in group if _total_subject(t.subject, region)]
            parts = [t for t in group if t not in totals and not PART_OF.match(label_of(t.subject))]
            if len(parts) < 2:
                continue
            for t in totals:
                if t.subject not in examined and GRAND.match(label_of(t.subject)):
                    yield from _subject_total(t, parts)
            tops = whole.get((key, year), [])
            if len({t.printed.value for t in tops}) == 1:
                checks.append((tops[0], totals[0] if totals else None, parts))
        yield from against_plan(checks)


def _total_subject(subject: str, region: set[str]) -> bool:
    name = label_of(subject)
    return bool(GRAND.match(name) or WHOLE.match(name) or name in region)


def _subject_total(total: Target, parts: list[Target]) -> Iterator[Finding]:
    if not agrees(total.printed, [p.printed for p in parts]):
        got = sum_of([p.printed for p in parts])
        yield target_finding(
            total, got, f"其下{len(parts)}个分项相加", f"its {len(parts)} rows add up to"
        )


def _got(check: Check) -> Printed:
    _, total, parts = check
    return total.printed if total is not None else sum_of([p.printed for p in parts])


def against_plan(checks: list[Check]) -> Iterator[Finding]:
    """The plan-level targets against a table's total row, or else the sum of its
    rows, year by year. The table is taken for a breakdown of the whole only when
    it adds up to the plan-level figure in some year and comes within `PLAUSIBLE`
    of it in the year it misses (a sector's industries or a list of leading towns
    are parts of the whole, not a breakdown of it)."""
    near = [
        c
        for c in checks
        if abs(_got(c).value - c[0].printed.value) <= PLAUSIBLE * abs(c[0].printed.value)
    ]
    misses = [c for c in near if not agrees(c[0].printed, [_got(c)])]
    if len(misses) == len(near):
        return
    for top, total, parts in misses:
        table = parts[0].ind.table
        if total is not None:
            zh, en = f"{table}中“{total.subject}”为", f"{table} gives '{total.subject}'"
        else:
            zh = f"{table}中{len(parts)}个分项相加为"
            en = f"the {len(parts)} rows of {table} add up to"
        yield target_finding(top, _got((top, total, parts)), zh, en)


def target_finding(stated: Target, expected: Printed, zh: str, en: str) -> Finding:
    ind = stated.ind
    diff = stated.printed.value - expected.value
    who = f"（{ind.subject}）" if ind.subject else ""
    return Finding(
        rule=RULE,
        severity=severity(diff, stated.printed.value),
        location=Location(
            table=ind.table or None,
            row=f"{ind.subject}·{ind.name}" if ind.subject else ind.name,
            column=f"{stated.year}年",
            line=ind.source.line,
            page=ind.source.page,
        ),
        message_zh=(
            f"“{ind.name}”{who}{stated.year}年写作{stated.text}{ind.unit}，而{zh}"
            f"{fmt(expected.value, 4)}{ind.unit}，相差{fmt(diff, 4)}{ind.unit}。"
        ),
        message_en=(
            f"'{ind.name}'{' (' + ind.subject + ')' if ind.subject else ''} {stated.year}: "
            f"{stated.text} {ind.unit}, but {en} {fmt(expected.value, 4)}, "
            f"a difference of {fmt(diff, 4)}."
        ),
        subjects=[x for x in (ind.subject, ind.name) if x],
        values={
            "stated": stated.printed.value,
            "expected": round(expected.value, 6),
            "difference": round(diff, 6),
        },
        evidence=" | ".join(x for x in (ind.name, ind.unit, stated.text) if x),
    )


# ---------------------------------------------------------------- the rule


def examined_totals(view: TableView, region: set[str]) -> set[str]:
    """The names of the rows the table check reads as totals."""
    cols = additive_columns(view)
    kinds = ("sub", "grand", "whole")
    return {view.row_name(r) for r in view.rows if role(view, r, cols, region) in kinds}


@rule(RULE, "合计与分项不符", "totals against their parts")
def sums(plan: AuditedPlan) -> Iterator[Finding]:
    region = region_names(plan.extract.metadata.region)
    seen: set[tuple[str | None, str | None, str | None]] = set()
    examined: set[str] = set()
    for view in plan.tables:
        examined |= examined_totals(view, region)
        for f in [*total_rows(view, region), *total_columns(view)]:
            key = (f.location.table, f.location.row, f.location.column)
            if key not in seen:  # a cell both its row and its column total
                seen.add(key)
                yield f
    yield from by_subject(plan, examined)
