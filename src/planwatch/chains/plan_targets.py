"""A chain's output target from its plan: plans give per-industry targets in tables
(a row per industry: 现代装备 | 产值 | 2025年 300亿元) and in prose (到2025年，现代装备
产业产值达到300亿元). A target belongs to a chain when its subject (or the heading the
sentence is under) and the chain's name are the same after the generic words
(产业链, 产业集群, 产业, 集群) are taken off, or one contains the other; it is an
output target when its indicator names output (产值, 营业收入, 规模) in money."""

from __future__ import annotations

import re

from planwatch.models.chains import ChainTarget
from planwatch.models.extract import PlanExtract

_GENERIC = re.compile(r"(产业链|产业集群|产业|集群|行业|板块|领域)$")
_OUTPUT = re.compile(r"产值|营业收入|营收|规模|总收入|销售收入")
_UNITS = {"亿元": "亿元", "万元": "万元"}


def core(name: str) -> str:
    name = re.sub(r"\s+", "", name)
    previous = None
    while previous != name:
        previous, name = name, _GENERIC.sub("", name)
    return name


def _same(chain: str, subject: str | None) -> bool:
    if not subject:
        return False
    a, b = core(chain), core(subject)
    return bool(a and b) and (a == b or a in b or b in a)


def plan_targets(plan: PlanExtract, chains: list[str]) -> dict[str, ChainTarget]:
    """Chain name → the latest-year output target the plan sets for it."""
    found: dict[str, ChainTarget] = {}
    candidates: list[tuple[str | None, str, str, float | None, int | None, str]] = [
        (i.subject, i.name, i.unit, i.target, i.target_year, f"{i.table} {i.name}".strip())
        for i in plan.indicators
    ]
    candidates += [
        (p.subject or p.section, p.indicator, p.unit, p.value, p.year, p.evidence[:60])
        for p in plan.prose_targets
        if p.kind == "level"
    ]
    for subject, indicator, unit, value, year, source in candidates:
        if value is None or year is None or unit not in _UNITS or not _OUTPUT.search(indicator):
            continue
        for chain in chains:
            if _same(chain, subject) or _same(chain, indicator.split("产值")[0]):
                held = found.get(chain)
                if held is None or year > held.year:
                    found[chain] = ChainTarget(year=year, output=value, unit=_UNITS[unit],  # type: ignore[arg-type]
                                               source=source)  # fmt: skip
    return found
