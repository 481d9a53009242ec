"""Rule 3, derived columns against their sources: a column that the table computes
from two others (亩均 = 产值 ÷ 用地, 占比 = 部分 ÷ 总量 × 100, 新增 = 目标 − 基数, 投资 =
单价 × 数量) should follow from them in every row. (A column headed 合计 that adds
others up is the sums rule's, which reads it against all the columns it totals.)

The relation is read from the data, not from the headers: a column is derived when,
in at least `MIN_ROWS` rows and in `MIN_SHARE` of the rows that give all three
values, it equals the sum, the difference, the product or the ratio of two other
columns of the same row, up to a constant power of ten (亿元 ÷ 亩 gives 万元/亩 ×
10⁴, a share in % is × 10²). A row counts for the relation only when it says
something: no input or result that is zero within its precision, an interval
narrower than `TIGHT` of the value, and inputs that do not leave the result equal
to one of them. Every figure is taken with its printed precision and the expected
value is an interval (interval arithmetic over the inputs' half-units), so a row is
flagged only when no values within the printed digits could give the stated one.
Headers only decide which of the three columns is the derived one.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations

from planwatch.audit.plan import MAGNITUDE, TOTAL_LABEL, YEAR_TEXT, AuditedPlan, Number, TableView
from planwatch.audit.precision import Printed, fmt, overlap
from planwatch.audit.registry import rule
from planwatch.ingest.extractors.row_align import BodyRow
from planwatch.ingest.text import norm
from planwatch.ingest.values import nfkc
from planwatch.models.audit import Finding

RULE = "derived"
MIN_ROWS = 3  # rows that must show the relation
MIN_SHARE = 0.75  # of the rows that give all three values
TIGHT = 0.05  # a row shows a relation only if its figures are this exact (relative)
ERROR_SHARE = 0.05  # a stated value off by more than 5 % is an error, else a warning
MAX_SCALE = 8  # powers of ten a ratio or product may carry (units)
UNIT_FACTOR = 0.01  # a factor within 1 % of one leaves the result equal to an input
# Headers that name a computed column: totals, increases, per-unit values, shares;
# a unit per something (万元/亩) hints less, as prices are per unit too.
DERIVED_HINT = re.compile(
    r"合计|总计|小计|共计|新增|增量|增加|净增|差|均|率|比重|占比|比例|密度|强度|倍|单位(?!名称)"
)
PER_UNIT = re.compile(r"[（(][^（）()]*/")
SEQ_LABEL = re.compile(r"序号|编号|排名|名次|年份|年限|期限")

Interval = tuple[float, float]


@dataclass(frozen=True)
class Relation:
    """s = p + q ("sum") or s = p × q × 10^k ("product"); `derived` is the column the
    table states as following from the other two (s, p or q)."""

    kind: str
    s: int
    p: int
    q: int
    derived: int
    k: int = 0

    @property
    def inputs(self) -> tuple[int, int]:
        a, b = (c for c in (self.s, self.p, self.q) if c != self.derived)
        return a, b

    def expected(self, v: dict[int, Printed]) -> Interval | None:
        """The interval the derived column must fall in, from the other two."""
        s, p, q = (_iv(v[c]) for c in (self.s, self.p, self.q))
        scale = 10.0**self.k
        if self.kind == "sum":
            if self.derived == self.s:
                return (p[0] + q[0], p[1] + q[1])
            other = q if self.derived == self.p else p
            return (s[0] - other[1], s[1] - other[0])
        if self.derived == self.s:
            return _scaled(_mul(p, q), scale)
        other = q if self.derived == self.p else p
        quotient = _div(s, other)
        return None if quotient is None else _scaled(quotient, 1 / scale)

    def formula(self, labels: list[str]) -> str:
        """How the derived column follows, in the table's own words."""
        a, b = (f"“{labels[c]}”" for c in self.inputs)
        if self.kind == "sum":
            op = "＋" if self.derived == self.s else "－"
            return f"{a}{op}{b}"
        op = "×" if self.derived == self.s else "÷"
        k = self.k if self.derived == self.s else -self.k
        return f"{a}{op}{b}" + (f"×{_power(k)}" if k else "")


@dataclass
class Tally:
    """How the rows of a table stand to one relation."""

    support: list[BodyRow] = field(default_factory=list)
    trivial: list[BodyRow] = field(default_factory=list)
    broken: list[tuple[BodyRow, Interval]] = field(default_factory=list)

    @property
    def complete(self) -> int:
        return len(self.support) + len(self.trivial) + len(self.broken)

    def holds(self) -> bool:
        agreeing = len(self.support) + len(self.trivial)
        return len(self.support) >= MIN_ROWS and agreeing >= MIN_SHARE * self.complete


# ---------------------------------------------------------------- interval arithmetic


def _power(k: int) -> str:
    """10^k written out: 10000, 0.01."""
    return str(10**k) if k >= 0 else f"{10.0**k:.{-k}f}"


def _iv(x: Printed) -> Interval:
    return (x.low, x.high)


def _mul(a: Interval, b: Interval) -> Interval:
    corners = [x * y for x in a for y in b]
    return (min(corners), max(corners))


def _div(a: Interval, b: Interval) -> Interval | None:
    if b[0] <= 0 <= b[1]:
        return None
    return _mul(a, (1 / b[1], 1 / b[0]))


def _scaled(a: Interval, f: float) -> Interval:
    return (a[0] * f, a[1] * f)


def _zero(x: Printed) -> bool:
    return x.low <= 0 <= x.high


# ---------------------------------------------------------------- columns and values


def value_columns(view: TableView) -> list[int]:
    """Number columns that are not sequence numbers or years."""
    out = []
    for c, kind in enumerate(view.kinds):
        if kind != "number" or c == view.name_col:
            continue
        nums = [n for r in view.rows if (n := view.number(r, c)) is not None]
        values = [n.value for n in nums]
        if len(nums) < MIN_ROWS or SEQ_LABEL.search(norm(view.labels[c])):
            continue
        if values[0] == 1 and all(x == int(x) and 1 <= x <= len(values) for x in values):
            continue  # sequence numbers, restarting in each group or not
        if not all(YEAR_TEXT.match(nfkc(n.text).strip()) for n in nums):
            out.append(c)
    return out


def row_values(view: TableView, row: BodyRow, cols: list[int]) -> dict[int, Printed]:
    """The plain numbers of a row (a qualified value, 以上 or 左右, is no exact figure,
    and 1.2万 is in another magnitude than its column)."""
    out = {}
    for c in cols:
        n: Number | None = view.number(row, c)
        if n is not None and n.qualifier is None and not MAGNITUDE.search(n.text):
            out[c] = n.printed
    return out


def mixed_units(view: TableView) -> bool:
    """Rows in different units (a unit column): a power of ten may differ by row."""
    col = view.layout.find(r"^(?:计量)?单位$")
    if col is None:
        return False
    return len({norm(r.text(col)) for r in view.rows} - {""}) > 1


# ---------------------------------------------------------------- finding relations


def _scale(rows: list[dict[int, Printed]], s: int, p: int, q: int) -> int | None:
    """The power of ten k that most rows give for s = p × q × 10^k."""
    ks = []
    for v in rows:
        if all(c in v and v[c].value != 0 for c in (s, p, q)):
            x = math.log10(abs(v[s].value / (v[p].value * v[q].value)))
            if abs(x - round(x)) < 0.02 and abs(round(x)) <= MAX_SCALE:
                ks.append(round(x))
    return Counter(ks).most_common(1)[0][0] if ks else None


def _trivial(rel: Relation, v: dict[int, Printed], got: Interval) -> bool:
    """A row that says nothing about the relation: a zero, a loose figure, or inputs
    that leave the result equal to one of them."""
    if any(_zero(v[c]) for c in (rel.s, rel.p, rel.q)):
        return True
    d = v[rel.derived]
    if (got[1] - got[0]) + (d.high - d.low) > TIGHT * abs(d.value):
        return True
    if rel.kind == "sum":
        return False
    return any(_power_of_ten(d.value / v[c].value) for c in rel.inputs)


def _power_of_ten(x: float) -> bool:
    """Within `UNIT_FACTOR` of 1, 10, 0.01 …: the result is an input in other units."""
    e = math.log10(abs(x))
    return abs(10.0 ** (e - round(e)) - 1) < UNIT_FACTOR


def tally(rel: Relation, rows: list[tuple[BodyRow, dict[int, Printed]]]) -> Tally:
    t = Tally()
    for row, v in rows:
        if not all(c in v for c in (rel.s, rel.p, rel.q)):
            continue
        got = rel.expected(v)
        if got is None:
            continue
        d = v[rel.derived]
        eps = 1e-9 * max(1.0, abs(d.value))
        if not overlap(got[0] - eps, got[1] + eps, d.low, d.high):
            t.broken.append((row, got))
        elif _trivial(rel, v, got):
            t.trivial.append(row)
        else:
            t.support.append(row)
    return t


def _derived_col(view: TableView, cols: tuple[int, int, int]) -> int:
    """Which of three related columns is the computed one: a header that says so
    (a per-unit one weighs as much as being rightmost), else the rightmost."""

    def score(c: int) -> tuple[int, int]:
        label = norm(view.labels[c])
        hint = 2 * bool(DERIVED_HINT.search(label)) + bool(PER_UNIT.search(label))
        return hint + (c == max(cols)), c

    return max(cols, key=score)


def candidates(
    view: TableView, trio: tuple[int, int, int], rows: list[dict[int, Printed]], scaled: bool
) -> Iterator[Relation]:
    """The relations three columns may stand in: each one as the sum of the other
    two, or (when the rows share their units, `scaled`) as their product up to the
    power of ten most rows give."""
    derived = _derived_col(view, trio)
    for s in trio:
        p, q = (c for c in trio if c != s)
        if not (derived == s and TOTAL_LABEL.search(norm(view.labels[s]))):
            yield Relation("sum", s, p, q, derived)  # a 合计 column is the sums rule's
        k = _scale(rows, s, p, q) if scaled else None
        if k is not None:
            yield Relation("product", s, p, q, derived, k)


def relations(view: TableView) -> list[tuple[Relation, Tally]]:
    """The relations that hold in the table, the best one for each three columns."""
    cols = value_columns(view)
    if len(cols) < 3:
        return []
    rows = [(r, row_values(view, r, cols)) for r in view.rows]
    values, scaled = [v for _, v in rows], not mixed_units(view)
    found = []
    for trio in combinations(cols, 3):
        tried = [(rel, tally(rel, rows)) for rel in candidates(view, trio, values, scaled)]
        held = [(rel, t) for rel, t in tried if t.holds()]
        if held:
            found.append(max(held, key=lambda x: len(x[1].support)))
    return found


# ---------------------------------------------------------------- findings


def finding(view: TableView, rel: Relation, t: Tally, row: BodyRow, got: Interval) -> Finding:
    v = row_values(view, row, [rel.derived])
    stated = v[rel.derived]
    text = view.number(row, rel.derived)
    shown = text.text if text is not None else fmt(stated.value)
    mid = (got[0] + got[1]) / 2
    off = abs(stated.value - mid) / abs(mid) if mid else math.inf
    name, label = view.row_name(row), view.labels[rel.derived]
    formula = rel.formula(view.labels)
    rows_held = f"{len(t.support) + len(t.trivial)}/{t.complete}"
    places = 4 if abs(mid) < 100 else 2
    return Finding(
        rule=RULE,
        severity="error" if off > ERROR_SHARE else "warning",
        location=view.location(row, rel.derived),
        message_zh=(
            f"{view.caption}中“{label}”一列在{rows_held}行等于{formula}，但“{name}”一行写作"
            f"{shown}，按同一算法应为{fmt(mid, places)}（取值精度内{fmt(got[0], places)}～"
            f"{fmt(got[1], places)}）。"
        ),
        message_en=(
            f"{view.caption}: '{label}' equals {formula} in {rows_held} rows, but row "
            f"'{name}' gives {shown} where the same computation gives {fmt(mid, places)} "
            f"({fmt(got[0], places)}–{fmt(got[1], places)} within the printed precision)."
        ),
        subjects=[name, label],
        values={"stated": stated.value, "expected": round(mid, 6), "relation": formula},
        evidence=view.evidence(row),
    )


@rule(RULE, "推算列与其来源不符", "derived column against its sources")
def derived(plan: AuditedPlan) -> Iterator[Finding]:
    for view in plan.tables:
        seen: set[tuple[int, int]] = set()
        for rel, t in relations(view):
            for row, got in t.broken:
                if (row.index, rel.derived) not in seen:
                    seen.add((row.index, rel.derived))
                    yield finding(view, rel, t, row, got)
