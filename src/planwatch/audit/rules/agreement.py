"""Rule 4, one fact given twice: the same indicator for the same subject and year
with two different values — in the prose and in a table, or in two tables — and a
count a caption or the sentence before a list states against the items listed.

Names are compared in the catalogue's normal form (规模以上 = 规上, no 全县/全市, no
unit bracket); values in one unit when both units are known and of one dimension
(800亿元 = 8000000万元), else not at all. Two values agree when their printed
precisions overlap, or when one is the other's stretch target (确保800、力争1000)
or inside the other's range. A prose target whose year was inferred, or a value
with a qualifier (以上, 左右, 力争), makes a disagreement a warning, not an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import combinations

from planwatch.audit.plan import AuditedPlan, TableView, indicator_evidence, indicator_location
from planwatch.audit.precision import Printed, fmt, overlap
from planwatch.audit.registry import rule
from planwatch.catalog.units import UnitError, convert
from planwatch.ingest.extractors.row_align import BodyRow, cell_class
from planwatch.ingest.names import normal_name
from planwatch.ingest.text import clean
from planwatch.models import Indicator, ProseTarget
from planwatch.models.audit import Finding, Location

LEVEL_KINDS = ("level", "share")
COUNTED = re.compile(r"(?:数量|个数|数)$")
GOALS = re.compile(r"目标")  # 发展目标, 主要目标, 总体目标, 具体目标
GENERIC = re.compile(
    r"(?:规上|全部|全口径)?(?:工业|制造业)?(?:企业)?"
    r"(?:总产值|产值|增加值|营业收入|主营业务收入|利润总额|利润|税收|投资|企业数|企业)"
)
# "N个/项/家" in a caption or in the sentence before a list: how many items it lists.
TABLE_NUMBER = re.compile(r"^((?:附|续)?表\s*[\d一二三四五六七八九十]+(?:[-－—.]\d+)?)")
REFERENCE = re.compile(r"(?:详见|参见|见)\s*((?:附)?表\s*[\d一二三四五六七八九十]+(?:[-－—.]\d+)?)")
STATED_COUNT = re.compile(r"(?:共|合计|总计|计|以下|如下|这)?\s*(\d{1,3})\s*(?:个|项|家|条|批)")


def _in(value: float, unit: str, to_unit: str) -> float | None:
    """`value` in `to_unit`, or None when the units are not of one known dimension."""
    if unit == to_unit:
        return value
    try:
        return convert(value, unit, to_unit)
    except UnitError:
        return None


def _agree(a: Printed, b: Printed) -> bool:
    return overlap(a.low, a.high, b.low, b.high)


def _plan_level(plan: AuditedPlan) -> list[Indicator]:
    return [i for i in plan.extract.indicators if i.subject is None and i.target_year]


def _key(name: str, year: int | None) -> tuple[str, int | None]:
    """A count is named with or without 数 (规上工业企业, 规上工业企业数)."""
    return COUNTED.sub("", normal_name(name)), year


# ---------------------------------------------------------------- prose against tables


def _generic(name: str) -> bool:
    """A whole-industry measure (规上工业总产值, 工业投资) rather than one that names its
    domain (数字经济核心产业增加值): in an industry's section it is that industry's."""
    return bool(GENERIC.fullmatch(normal_name(name)))


def _prose_candidates(plan: AuditedPlan) -> Iterator[ProseTarget]:
    """Plan-level level targets, not split over several subjects: from the goals
    sections, or elsewhere when the name says what it measures (an industry's or a
    park's section gives 规上工业总产值 of that industry or park)."""
    for t in plan.extract.prose_targets:
        plain = t.kind in LEVEL_KINDS and t.value is not None and t.year and t.subject is None
        goals = not t.section or GOALS.search(t.section) or not _generic(t.indicator)
        if plain and goals and not t.cumulative and not t.per_year and "分别" not in t.evidence:
            yield t


def _prose_fits(t: ProseTarget, ind: Indicator) -> bool | None:
    """Does the prose value fit the table's target? None when they cannot be compared."""
    value = _in(t.value, t.unit, ind.unit)  # type: ignore[arg-type]
    if value is None or ind.target is None:
        return None
    scale = value / t.value if t.value else 1.0  # type: ignore[operator]
    prose = Printed.of(value, t.value_text) if t.value_text else Printed(value, 0.0)
    prose = Printed(prose.value, prose.error * abs(scale))
    table = Printed.of(ind.target, ind.target_text)
    if _agree(prose, table):
        return True
    others = [x for x in (t.stretch, t.floor, t.value_high) if x is not None]
    if any(_in(x, t.unit, ind.unit) is not None and _near(_in(x, t.unit, ind.unit), table)
           for x in others):  # fmt: skip
        return True
    if ind.stretch_target is not None and _near(value, Printed(ind.stretch_target, table.error)):
        return True
    if t.value_high is not None:
        high = _in(t.value_high, t.unit, ind.unit)
        if high is not None and value <= ind.target <= high:
            return True
    return False


def _near(value: float | None, printed: Printed) -> bool:
    return value is not None and printed.low - 1e-9 <= value <= printed.high + 1e-9


def _prose_against_tables(plan: AuditedPlan) -> Iterator[Finding]:
    tables: dict[tuple[str, int | None], list[Indicator]] = {}
    for ind in _plan_level(plan):
        if ind.target is not None and not ind.textual_target:
            tables.setdefault(_key(ind.name, ind.target_year), []).append(ind)
    for t in _prose_candidates(plan):
        for ind in tables.get(_key(t.indicator, t.year), []):
            fits = _prose_fits(t, ind)
            if fits is False:
                yield _prose_finding(t, ind)
                break


def _prose_finding(t: ProseTarget, ind: Indicator) -> Finding:
    soft = t.year_inferred or t.qualifier or ind.target_qualifier or t.modal
    unit = ind.unit
    stated = _in(t.value, t.unit, unit)  # type: ignore[arg-type]
    return Finding(
        rule="agreement",
        severity="warning" if soft else "error",
        location=Location(
            line=t.source.line, page=t.source.page, table=ind.table or None, row=ind.name
        ),
        message_zh=(
            f"“{ind.name}”{t.year}年目标在正文中为{fmt(t.value or 0)}{t.unit}，"
            f"在{ind.table or '指标表'}中为{ind.target_text or fmt(ind.target or 0)}{unit}，"
            "两处不一致。"
        ),
        message_en=(
            f"'{ind.name}' for {t.year}: {fmt(t.value or 0)} {t.unit} in the text, "
            f"{ind.target_text or fmt(ind.target or 0)} {unit} in {ind.table or 'the table'}."
        ),
        subjects=[ind.name],
        values={"stated": stated, "expected": ind.target, "unit": unit},
        evidence=f"{t.evidence}  ⟷  {indicator_evidence(ind)}",
    )


# ---------------------------------------------------------------- table against table


def _same_fact(a: Indicator, b: Indicator, field: str) -> bool | None:
    va, vb = getattr(a, field), getattr(b, field)
    if va is None or vb is None:
        return None
    converted = _in(vb, b.unit, a.unit)
    if converted is None:
        return None
    text_a = a.target_text if field == "target" else a.baseline_text
    text_b = b.target_text if field == "target" else b.baseline_text
    pb = Printed.of(vb, text_b)
    scale = converted / vb if vb else 1.0
    return _agree(Printed.of(va, text_a), Printed(converted, pb.error * abs(scale)))


def _tables_against_tables(plan: AuditedPlan) -> Iterator[Finding]:
    groups: dict[tuple[str, int | None], list[Indicator]] = {}
    for ind in _plan_level(plan):
        groups.setdefault(_key(ind.name, ind.target_year), []).append(ind)
    for same in groups.values():
        for a, b in combinations(same, 2):
            if a.table == b.table:
                continue  # one table's own repeats are the structure rule's
            for field, year in (("target", a.target_year), ("baseline", a.baseline_year)):
                if field == "baseline" and a.baseline_year != b.baseline_year:
                    continue
                if _same_fact(a, b, field) is False:
                    yield _table_finding(a, b, field, year)


def _table_finding(a: Indicator, b: Indicator, field: str, year: int | None) -> Finding:
    what_zh = "目标值" if field == "target" else "基期值"
    text_a = a.target_text if field == "target" else a.baseline_text
    text_b = b.target_text if field == "target" else b.baseline_text
    return Finding(
        rule="agreement",
        severity="warning" if (a.target_qualifier or b.target_qualifier) else "error",
        location=indicator_location(b),
        message_zh=(
            f"“{a.name}”{year}年{what_zh}在{a.table or '一表'}中为{text_a}{a.unit}，"
            f"在{b.table or '另一表'}中为{text_b}{b.unit}，两表不一致。"
        ),
        message_en=(
            f"'{a.name}' {field} for {year}: {text_a} {a.unit} in {a.table or 'one table'}, "
            f"{text_b} {b.unit} in {b.table or 'another'}."
        ),
        subjects=[a.name],
        values={"stated": getattr(b, field), "expected": getattr(a, field), "unit": a.unit},
        evidence=f"{indicator_evidence(a)}  ⟷  {indicator_evidence(b)}",
    )


# ---------------------------------------------------------------- stated counts


def _items(view: TableView) -> list[BodyRow]:
    """The rows that are items: a sequence number, not a heading or total row."""
    seq_col = next((c for c, lab in enumerate(view.labels) if lab in ("序号", "编号")), None)
    if seq_col is None:
        return []
    out = []
    for row in view.rows:
        seq = row.value(seq_col)
        if seq and cell_class(seq) == "seq" and re.fullmatch(r"\d{1,3}", seq):
            out.append(row)
    return out


def _before(plan: AuditedPlan, view: TableView) -> str:
    """The paragraph right before the table (where "以下N个项目：" would be)."""
    blocks = plan.document.blocks
    at = next((k for k, b in enumerate(blocks) if b is view.table), None)
    for b in reversed(blocks[:at] if at else []):
        text = getattr(b, "text", "")
        if b.kind == "caption":
            continue
        return clean(text) if b.kind == "paragraph" else ""
    return ""


def _by_number(plan: AuditedPlan) -> dict[str, TableView]:
    """Tables by the number their caption gives them (表3, 附表2, 表2-1)."""
    out = {}
    for view in plan.tables:
        m = TABLE_NUMBER.match(clean(view.table.caption or ""))
        if m:
            out.setdefault(m.group(1).replace(" ", ""), view)
    return out


def _referred_counts(plan: AuditedPlan) -> Iterator[Finding]:
    """ "重点培育企业10家（见表3）": a count in the clause that points to a table."""
    tables = _by_number(plan)
    for text, _line, _page in plan.paragraphs():
        for clause in re.split(r"[。；;]", text):
            ref = REFERENCE.search(clause)
            counts = STATED_COUNT.findall(clause)
            view = tables.get(ref.group(1).replace(" ", "")) if ref else None
            if view is None or len(counts) != 1:
                continue
            items = _items(view)
            if len(items) >= 2 and int(counts[0]) != len(items):
                yield _count_finding(view, clause.strip(), int(counts[0]), len(items))


def _stated_counts(plan: AuditedPlan) -> Iterator[Finding]:
    for view in plan.tables:
        items = _items(view)
        if len(items) < 2:
            continue
        for source in (view.caption, _before(plan, view)):
            m = STATED_COUNT.search(source)
            if not m or ("以下" not in source and "如下" not in source and source != view.caption):
                continue
            stated = int(m.group(1))
            if stated != len(items):
                yield _count_finding(view, source, stated, len(items))
            break


def _count_finding(view: TableView, source: str, stated: int, listed: int) -> Finding:
    return Finding(
        rule="agreement",
        severity="warning",
        location=view.location(),
        message_zh=f"“{source}”写{stated}项，{view.caption}实际列出{listed}项。",
        message_en=f"'{source}' says {stated}, but {view.caption} lists {listed}.",
        subjects=[view.caption],
        values={"stated": stated, "expected": listed},
        evidence=source,
    )


@rule("agreement", "同一数据前后不一致", "one fact given two different values")
def agreement(plan: AuditedPlan) -> Iterator[Finding]:
    yield from _prose_against_tables(plan)
    yield from _tables_against_tables(plan)
    yield from _stated_counts(plan)
    yield from _referred_counts(plan)
