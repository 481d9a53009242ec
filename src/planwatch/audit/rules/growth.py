"""Rule 1, growth against endpoints: a stated average annual growth should follow from
the baseline and the target over the years between them.

The implied rate is compound, (target ÷ baseline)^(1 / years) − 1 (methods reference
§5); a growth in 个百分点 is linear, (target − baseline) ÷ years. The baseline and the
target are taken with the precision they were printed to (the implied rate is an
interval), and a finding needs the stated rate to miss that interval by more than
`TOLERANCE` percentage points, which also covers a rate rounded to a whole number
(`TOLERANCE_LINEAR` for a rise in points, whose numbers are a tenth as large). Qualifiers
bound one side only: growth 以上 is a floor (a target that needs more growth is
consistent), a target 以上 is a floor too (a stated rate that gives more is
consistent). Targets given as a decline, a cap (以下) or words are not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from planwatch.audit.plan import (
    AuditedPlan,
    final_targets,
    indicator_evidence,
    indicator_location,
)
from planwatch.audit.precision import Printed, fmt
from planwatch.audit.registry import rule
from planwatch.models import Indicator
from planwatch.models.audit import Finding

TOLERANCE = 0.5  # percentage points of compound growth (methods reference §5)
TOLERANCE_LINEAR = 0.1  # points a year, for growth stated in 个百分点 (ours)
ERROR_GAP = 2.0  # beyond this many points a mismatch is an error, below it a warning
DECLINE = re.compile(r"(下降|降低|减少|压减|削减)")
CAP = ("以下", "以内", "≤", "<", "不超过", "不高于", "控制在")
FLOOR = ("以上", "≥", ">", "不低于", "超过", "突破")


def _floor(text: str, qualifier: str | None) -> bool:
    return (qualifier or "") in FLOOR or any(w in text for w in FLOOR)


def _implied(ind: Indicator, linear: bool) -> tuple[float, float] | None:
    """Lowest and highest rate (%) the printed baseline and target allow."""
    b = Printed.of(ind.baseline, ind.baseline_text)  # type: ignore[arg-type]
    t = Printed.of(ind.target, ind.target_text)  # type: ignore[arg-type]
    years = ind.target_year - ind.baseline_year  # type: ignore[operator]
    if linear:
        return ((t.low - b.high) / years, (t.high - b.low) / years)
    if b.low <= 0 or t.low <= 0:
        return None
    return (
        100 * ((t.low / b.high) ** (1 / years) - 1),
        100 * ((t.high / b.low) ** (1 / years) - 1),
    )


def _checkable(ind: Indicator) -> bool:
    return (
        ind.annual_growth is not None
        and ind.baseline is not None
        and ind.target is not None
        and ind.baseline_year is not None
        and ind.target_year is not None
        and ind.target_year > ind.baseline_year
        and not ind.textual_target
        and (ind.target_qualifier or "") not in CAP
        and not any(w in ind.target_text for w in CAP)
        and not DECLINE.search(ind.name)
        and ind.baseline > 0
    )


def _finding(ind: Indicator, stated: float, low: float, high: float, linear: bool) -> Finding:
    implied = (low + high) / 2
    gap = min(abs(stated - low), abs(stated - high))
    unit_zh, unit_en = ("个百分点", " points") if linear else ("%", "%")
    years = ind.target_year - ind.baseline_year  # type: ignore[operator]
    span = f"{ind.baseline_year}—{ind.target_year}"
    return Finding(
        rule="growth",
        severity="error" if gap > ERROR_GAP else "warning",
        location=indicator_location(ind),
        message_zh=(
            f"“{ind.name}”{('（' + ind.subject + '）') if ind.subject else ''}年均增长写作"
            f"{fmt(stated)}{unit_zh}，但由{ind.baseline_year}年的{fmt(ind.baseline or 0)}到"
            f"{ind.target_year}年的{fmt(ind.target or 0)}（{years}年）推算，{span}年均应为"
            f"{fmt(implied, 1)}{unit_zh}左右（取值精度内{fmt(low, 1)}～{fmt(high, 1)}）。"
        ),
        message_en=(
            f"'{ind.name}'{(' (' + ind.subject + ')') if ind.subject else ''}: stated annual "
            f"growth {fmt(stated)}{unit_en}, but {fmt(ind.baseline or 0)} in "
            f"{ind.baseline_year} to {fmt(ind.target or 0)} in {ind.target_year} "
            f"({years} years) implies about {fmt(implied, 1)}{unit_en} "
            f"({fmt(low, 1)}–{fmt(high, 1)} within the printed precision)."
        ),
        subjects=[x for x in (ind.subject, ind.name) if x],
        values={
            "stated": stated,
            "expected": round(implied, 2),
            "baseline": ind.baseline,
            "target": ind.target,
            "years": years,
        },
        evidence=indicator_evidence(ind),
    )


@rule("growth", "年均增速与首末值不符", "growth against baseline and target")
def growth(plan: AuditedPlan) -> Iterator[Finding]:
    for ind in final_targets(plan.extract.indicators):
        if not _checkable(ind):
            continue
        linear = "百分点" in ind.growth_text
        span = _implied(ind, linear)
        if span is None:
            continue
        stated = ind.annual_growth
        assert stated is not None
        # the stated rate is taken as written: rounding it to the digits printed is what
        # the tolerance allows for (half a point covers a rate printed as a whole number)
        g = Printed(stated, 0.0)
        low, high = span
        growth_floor = _floor(ind.growth_text, None)
        target_floor = _floor(ind.target_text, ind.target_qualifier)
        tol = TOLERANCE_LINEAR if linear else TOLERANCE
        too_low = high < g.low - tol  # the target needs less growth than stated
        too_high = low > g.high + tol  # the target needs more growth than stated
        if (too_low and not target_floor) or (too_high and not growth_floor):
            yield _finding(ind, stated, low, high, linear)
