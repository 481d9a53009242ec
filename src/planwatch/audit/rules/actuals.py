"""Against the recorded actuals (a stored plan only): a baseline that differs from the
figure the region recorded for that year.

Statistics are revised, so a recorded figure may differ a little from the one the
plan was drafted on: a difference within `REVISION` of the recorded value is a
notice, a larger one a warning. Values are compared in the plan's unit.
"""

from __future__ import annotations

from collections.abc import Iterator

from planwatch.audit.plan import AuditedPlan, indicator_evidence, indicator_location
from planwatch.audit.precision import Printed, fmt
from planwatch.audit.registry import rule
from planwatch.catalog.units import UnitError, convert
from planwatch.models.audit import Finding

REVISION = 0.02  # a share of the recorded value


@rule("actuals", "基期值与实际统计不符", "baseline against the recorded actual", needs_store=True)
def actuals(plan: AuditedPlan) -> Iterator[Finding]:
    recorded = plan.actuals or {}
    for ind in plan.extract.indicators:
        if ind.subject is not None or ind.baseline is None or ind.baseline_year is None:
            continue
        found = recorded.get(ind.name, {}).get(ind.baseline_year)
        if found is None:
            continue
        value, unit = found
        try:
            actual = value if unit == ind.unit or not unit else convert(value, unit, ind.unit)
        except UnitError:
            continue
        base = Printed.of(ind.baseline, ind.baseline_text)
        if base.low <= actual <= base.high:
            continue
        off = abs(actual - ind.baseline) / abs(actual) if actual else 1.0
        yield Finding(
            rule="actuals",
            severity="notice" if off <= REVISION else "warning",
            location=indicator_location(ind),
            message_zh=(
                f"“{ind.name}”{ind.baseline_year}年基期值为{ind.baseline_text}{ind.unit}，"
                f"而库中记录的{ind.baseline_year}年实际值为{fmt(actual, 4)}{ind.unit}"
                f"（相差{off:.1%}）。"
            ),
            message_en=(
                f"'{ind.name}': baseline {ind.baseline_text} {ind.unit} for "
                f"{ind.baseline_year}, but the recorded actual is {fmt(actual, 4)} "
                f"({off:.1%} apart)."
            ),
            subjects=[ind.name],
            values={"stated": ind.baseline, "expected": actual, "unit": ind.unit},
            evidence=indicator_evidence(ind),
        )
