"""A stored plan as monitoring `Track`s: one per indicator and region, with actuals."""

from __future__ import annotations

from sqlalchemy.orm import Session

from planwatch.catalog.traits import bound_of
from planwatch.models.monitor import Direction, Path, Track
from planwatch.store.lifecycle import state_changes
from planwatch.store.observations import latest_values
from planwatch.store.schema import Plan, PlanIndicator, Region, Target

NOT_EVALUATED_ATTRIBUTES = ("奋进性",)


def _groups(ind: PlanIndicator, plan_region: Region | None) -> dict[int | None, list[Target]]:
    """Targets by the region they are for (None: the plan's own region)."""
    out: dict[int | None, list[Target]] = {}
    for t in ind.targets:
        out.setdefault(t.region_id, []).append(t)
    if not out:
        out[None] = []
    return out


def _main_target(targets: list[Target], year: int | None) -> Target | None:
    mains = [t for t in targets if t.kind != "stretch"]
    exact = [t for t in mains if t.year == year]
    return (exact or sorted(mains, key=lambda t: t.year, reverse=True) or [None])[0]


def _track(ind: PlanIndicator, targets: list[Target], region: Region | None, plan: Plan) -> Track:
    main = _main_target(targets, plan.period_end)
    stretch = next(
        (t for t in targets if t.kind == "stretch" and main and t.year == main.year), None
    )
    first = ind.baseline_year
    path = {
        t.year: t.value
        for t in targets
        if t.kind != "stretch" and t.value is not None and main is not None
        and (first is None or t.year > first) and t.year < main.year
    }  # fmt: skip
    evaluated = (ind.attribute or "") not in NOT_EVALUATED_ATTRIBUTES
    label = f"{ind.subject}：{ind.name}" if ind.subject and region is None else ind.name
    return Track(
        ref=ind.id,
        indicator=label,
        region=region.name if region else "",
        unit=ind.unit,
        baseline=ind.baseline,
        baseline_year=ind.baseline_year,
        target=main.value if main else None,
        target_year=main.year if main else plan.period_end,
        bound=bound_of(main.qualifier if main else None),
        stretch_target=stretch.value if stretch else None,
        path_targets=path,
        direction=Direction(ind.direction),
        path=Path(ind.path),
        cumulative=ind.cumulative,
        evaluated=evaluated,
        states=state_changes(ind),
        textual_target=ind.textual_target,
    )


def plan_tracks(session: Session, plan: Plan) -> list[Track]:
    tracks: list[tuple[Track, int | None, str]] = []
    regions = {r.id: r for r in session.query(Region)}
    for ind in plan.indicators:
        for region_id, targets in _groups(ind, plan.region).items():
            region = regions.get(region_id) if region_id is not None else plan.region
            rid = region.id if region is not None else None
            tracks.append((_track(ind, targets, region, plan), rid, ind.indicator_key))
    pairs = {(rid, key) for _, rid, key in tracks if rid is not None}
    values = latest_values(session, pairs)
    for track, rid, key in tracks:
        if rid is not None:
            track.actuals = values.get((rid, key), {})
    return [t for t, _, _ in tracks]
