"""Relative targets as levels, where the plan itself gives the base.

``规上工业增加值比2020年增长50%`` and ``工业总产值翻一番`` state a relation, not a
value; the relation is kept as written (`kind` relative, the percentage or the
`factor`, `base_year`). When the plan's own tables give the indicator's value in
the base year (the baseline column of its target table), the level the relation
means is computed into `resolved` and `resolved_unit`; otherwise it stays unknown
rather than guessed. Names are compared as the catalogue compares them (规模以上
= 规上, no 全县/全市 prefix, no unit bracket).
"""

from __future__ import annotations

from planwatch.ingest.names import normal_name
from planwatch.models import Indicator, ProseTarget


def _bases(indicators: list[Indicator]) -> dict[tuple[str, int], tuple[float, str]]:
    """(name, year) → (value, unit) of every baseline the tables give (plan level only)."""
    out: dict[tuple[str, int], tuple[float, str]] = {}
    for ind in indicators:
        if ind.subject is None and ind.baseline is not None and ind.baseline_year is not None:
            out.setdefault((normal_name(ind.name), ind.baseline_year), (ind.baseline, ind.unit))
    return out


def resolve_relative(
    targets: list[ProseTarget], indicators: list[Indicator], base_year: int | None
) -> None:
    """Fill `resolved` of relative targets whose base the tables give; `base_year` is
    the plan's (the year before its period) for relations that name none."""
    bases = _bases(indicators)
    for t in targets:
        if t.kind != "relative" or t.subject is not None:
            continue
        year = t.base_year or base_year
        base = bases.get((normal_name(t.indicator), year)) if year is not None else None
        if base is None:
            continue
        value, unit = base
        if t.factor is not None:
            t.resolved = value * t.factor
        elif t.value is not None and t.unit == "%":
            sign = -1 if t.change == "down" else 1
            t.resolved = round(value * (1 + sign * t.value / 100), 10)
        else:
            continue
        t.resolved_unit = unit
