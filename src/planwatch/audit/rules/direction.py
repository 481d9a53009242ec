"""Rule 6, direction and plausibility: a target on the wrong side of its baseline, a
sentence that "raises" a value to a smaller number, an increase in brackets that
does not join the baseline to the target.

Which way is better comes from the catalogue when the indicator is known (能耗 and
排放 intensities, 亏损面 … are lower-is-better); otherwise only amounts and counts of
growth (产值, 增加值, 收入, 税收, 投资, 企业数) are taken as higher-is-better, and a name
saying the value itself is a reduction (下降, 减少, 压减, 淘汰) is never checked.
Targets that are caps (以下) or words are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from planwatch.audit.plan import (
    AuditedPlan,
    TableView,
    final_targets,
    indicator_evidence,
    indicator_location,
)
from planwatch.audit.precision import Printed, fmt
from planwatch.audit.registry import rule
from planwatch.catalog import named
from planwatch.catalog.units import convertible, dimension
from planwatch.ingest.extractors.indicator_columns import label_year
from planwatch.ingest.extractors.row_align import BodyRow
from planwatch.models import Indicator
from planwatch.models.audit import Finding, Location
from planwatch.models.monitor import Direction

REDUCTION = re.compile(r"(下降|降低|减少|压减|削减|淘汰|退出|腾退|整治|关停|化解)")
GROWTH_NAME = re.compile(r"(产值|增加值|收入|税收|投资|利润|企业数|企业\(家\)|市场主体|出口)")
GROWTH_DIMENSIONS = ("money", "money_usd", "count")
CAPS = ("以下", "以内", "≤", "<", "不超过", "不高于", "控制在")
# 由X提高到Y / 从“十二五”末的X提升至Y: Y must be the larger; 降低到 the smaller.
RAISE = re.compile(
    r"(?:由|从)[^，。；、\d]{0,12}?(?P<a>\d+(?:\.\d+)?)\s*(?P<ua>%|[^\d\s，。；、]{0,6}?)\s*"
    r"(?P<verb>提高|提升|增加|增长|上升|扩大|下降|降低|减少|压减|缩小)(?:到|至)\s*"
    r"(?P<b>\d+(?:\.\d+)?)\s*(?P<ub>%|[^\d\s，。；、]{0,6}?)(?=[，。；、\s以左]|$)"
)
UP_VERBS = ("提高", "提升", "增加", "增长", "上升", "扩大")


def _direction(ind: Indicator) -> tuple[Direction, bool] | None:
    """Which way is better, and whether the catalogue says so (or a name pattern).
    Only a catalogue entry the name is (not one it resembles) counts, and only when
    the units can be converted."""
    if REDUCTION.search(ind.name):
        return None
    entry = named(ind.name)
    if entry is not None and (not ind.unit or convertible(ind.unit, entry.unit)):
        return entry.direction, True
    if GROWTH_NAME.search(ind.name) and dimension(ind.unit) in GROWTH_DIMENSIONS:
        return Direction.HIGHER, False
    return None


def _comparable(ind: Indicator) -> bool:
    return (
        ind.baseline is not None
        and ind.target is not None
        and not ind.textual_target
        and (ind.target_qualifier or "") not in CAPS
        and not any(w in ind.target_text for w in CAPS)
        and (ind.baseline_year is None or ind.target_year is None
             or ind.target_year > ind.baseline_year)
    )  # fmt: skip


def _wrong_way(plan: AuditedPlan) -> Iterator[Finding]:
    for ind in final_targets(plan.extract.indicators):
        if not _comparable(ind):
            continue
        known = _direction(ind)
        if known is None:
            continue
        direction, from_catalogue = known
        # the baseline was measured and rounded; the target is a number the plan chose
        base = Printed.of(ind.baseline, ind.baseline_text)  # type: ignore[arg-type]
        target = ind.target
        assert target is not None
        higher = direction == Direction.HIGHER
        if (higher and target < base.low) or (not higher and target > base.high):
            yield _wrong_way_finding(ind, higher, from_catalogue)


def _wrong_way_finding(ind: Indicator, higher: bool, from_catalogue: bool) -> Finding:
    way_zh, way_en = ("低于", "below") if higher else ("高于", "above")
    better_zh = "越高越好" if higher else "越低越好"
    who = f"“{ind.name}”{('（' + ind.subject + '）') if ind.subject else ''}"
    target = ind.target_text or fmt(ind.target or 0)
    base = ind.baseline_text or fmt(ind.baseline or 0)
    # a town's or an industry's target below its base may be a move or a closure
    sure = from_catalogue and ind.subject is None
    return Finding(
        rule="direction",
        severity="error" if sure else "warning",
        location=indicator_location(ind),
        message_zh=(
            f"{who}为{better_zh}的指标，{ind.target_year or ''}年目标{target}"
            f"{way_zh}{ind.baseline_year or ''}年基期值{base}。"
        ),
        message_en=(
            f"'{ind.name}' is {'higher' if higher else 'lower'}-is-better, but its target "
            f"{ind.target_text} is {way_en} the baseline {ind.baseline_text}."
        ),
        subjects=[x for x in (ind.subject, ind.name) if x],
        values={
            "stated": ind.target,
            "expected": f"{'≥' if higher else '≤'}{fmt(ind.baseline or 0)}",
        },
        evidence=indicator_evidence(ind),
    )


def _raised_to_less(plan: AuditedPlan) -> Iterator[Finding]:
    for text, line, page in plan.paragraphs():
        for m in RAISE.finditer(text):
            a, b = float(m.group("a")), float(m.group("b"))
            if m.group("ua") and m.group("ub") and m.group("ua") != m.group("ub"):
                continue  # 由3000万元提高到1亿元: different units, no comparison
            up = m.group("verb") in UP_VERBS
            if (up and b < a) or (not up and b > a):
                yield _sentence_finding(m.group(0), text, line, page, a, b, up)


def _sentence_finding(
    phrase: str, text: str, line: int | None, page: int | None, a: float, b: float, up: bool
) -> Finding:
    verb_zh, verb_en = ("提高", "raised") if up else ("降低", "lowered")
    return Finding(
        rule="direction",
        severity="error",
        location=Location(line=line, page=page),
        message_zh=f"“{phrase}”：由{fmt(a)}{verb_zh}到{fmt(b)}，方向与数值相反。",
        message_en=f"'{phrase}': {verb_en} from {fmt(a)} to {fmt(b)}, the wrong way.",
        values={"stated": b, "expected": f"{'>' if up else '<'}{fmt(a)}"},
        evidence=text,
    )


def _year_columns(view: TableView) -> tuple[int, int] | None:
    """The base-year and target-year columns: the first and last labelled with a year."""
    years = {c: label_year(lab) for c, lab in enumerate(view.labels)}
    dated = sorted((y, c) for c, y in years.items() if y and view.kinds[c] == "number")
    if len(dated) < 2 or dated[0][0] == dated[-1][0]:
        return None
    return dated[0][1], dated[-1][1]


def _bracketed_increase(plan: AuditedPlan) -> Iterator[Finding]:
    """[n] beside a baseline and a target (in a column of its own, not in theirs): the
    target less the baseline."""
    for view in plan.tables:
        ends = _year_columns(view)
        if ends is None:
            continue
        others = [c for c in range(len(view.labels)) if c not in ends]
        for row in view.rows:
            base, target = view.number(row, ends[0]), view.number(row, ends[1])
            if base is None or target is None or base.is_increase or target.is_increase:
                continue
            for c in others:
                stated = view.number(row, c)
                if stated is None or not stated.is_increase:
                    continue
                change = Printed(
                    target.value - base.value, target.printed.error + base.printed.error
                )
                if stated.printed.high < change.low or stated.printed.low > change.high:
                    yield _increase_finding(view, row, c, stated.value, change.value)


def _increase_finding(
    view: TableView, row: BodyRow, col: int, stated: float, change: float
) -> Finding:
    name = view.row_name(row)
    return Finding(
        rule="direction",
        severity="warning",
        location=view.location(row, col),
        message_zh=(f"“{name}”括号内增量写作[{fmt(stated)}]，但目标减基期为{fmt(change)}。"),
        message_en=(
            f"'{name}': the increase [{fmt(stated)}] does not join the baseline to the "
            f"target ({fmt(change)})."
        ),
        subjects=[name],
        values={"stated": stated, "expected": round(change, 4)},
        evidence=view.evidence(row),
    )


@rule("direction", "方向与合理性", "direction and plausibility")
def direction(plan: AuditedPlan) -> Iterator[Finding]:
    yield from _wrong_way(plan)
    yield from _raised_to_less(plan)
    yield from _bracketed_increase(plan)
