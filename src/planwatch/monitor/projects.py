"""Investment completion of key projects, and totals by type and responsible unit."""

from __future__ import annotations

from planwatch.catalog import UnitError, convert
from planwatch.models.projects import ProjectStanding, ProjectTotal, ProjectTrack

TOTAL_UNIT = "万元"


def _elapsed(p: ProjectTrack, year: int) -> float | None:
    if p.period_start is None or p.period_end is None or p.period_end < p.period_start:
        return None
    span = p.period_end - p.period_start + 1
    return min(1.0, max(0.0, (year - p.period_start + 1) / span))


def project_standing(p: ProjectTrack, year: int) -> ProjectStanding:
    planned = p.plan_investment if p.plan_investment is not None else p.total_investment
    invested = sum(v for y, v in p.invested.items() if y <= year)
    completion = invested / planned if planned else None
    ended = p.period_end is not None and p.period_end < year
    behind = ended and (completion is None or completion < 1.0)
    return ProjectStanding(
        ref=p.ref,
        name=p.name,
        type=p.type,
        responsible_unit=p.responsible_unit,
        money_unit=p.money_unit,
        year=year,
        planned=planned,
        invested=invested,
        completion=completion,
        expected_completion=_elapsed(p, year),
        behind_schedule=behind,
        status=p.status,
    )


def _wan(value: float | None, unit: str) -> float:
    """`value` in 万元 (projects of one plan may state 万元 or 亿元); unknown units as given."""
    if value is None:
        return 0.0
    try:
        return convert(value, unit or TOTAL_UNIT, TOTAL_UNIT)
    except UnitError:
        return value


def totals(rows: list[ProjectStanding], group: str) -> list[ProjectTotal]:
    """Sums in 万元 per value of `group` ("type" or "responsible_unit"); ratio of sums."""
    acc: dict[str, ProjectTotal] = {}
    for r in rows:
        key = getattr(r, group) or "（未填）"
        empty = ProjectTotal(group=group, key=key, projects=0, planned=0, invested=0)
        t = acc.setdefault(key, empty)
        t.projects += 1
        t.planned += _wan(r.planned, r.money_unit)
        t.invested += _wan(r.invested, r.money_unit)
        t.behind += r.behind_schedule
    for t in acc.values():
        t.completion = t.invested / t.planned if t.planned else None
    return sorted(acc.values(), key=lambda t: -t.planned)
