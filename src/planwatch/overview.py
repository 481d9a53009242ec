"""What a signed-in user may read: their plans, a plan's statuses, the overview matrix.

A user sees a plan when its region is theirs, below theirs or above theirs (a town's
editor needs the county plan that sets the town's targets). Statuses are computed
from approved values only, so a draft changes nothing anyone else sees.
"""

from __future__ import annotations

from pydantic import BaseModel, Field
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, selectinload

from planwatch.memo import Memo
from planwatch.models.access import Actor
from planwatch.models.monitor import Assessment, Track
from planwatch.models.store import PlanInfo
from planwatch.monitor import assess_tracks
from planwatch.monitor.classes import evaluation_class
from planwatch.store.db import reading
from planwatch.store.plans import NotFound, find_plan, no_plan, plan_info, plan_years
from planwatch.store.schema import Plan, PlanIndicator
from planwatch.store.tracks import plan_tracks
from planwatch.store.users import ancestors
from planwatch.store.version import data_version


class StatusRow(BaseModel):
    """An assessment with what pages and the API show beside it."""

    assessment: Assessment
    track: Track
    category: str = ""
    attribute: str | None = None
    klass: str = "unassessed"


class PlanView(BaseModel):
    plan: PlanInfo
    year: int
    first_year: int
    last_year: int
    rows: list[StatusRow] = Field(default_factory=list)


def _sees(session: Session, actor: Actor, plan: Plan) -> bool:
    if actor.regions is None or plan.published:
        return True
    if plan.region_id is None:
        return False
    if actor.covers(plan.region_id):
        return True
    return actor.region_id is not None and plan.region_id in ancestors(session, actor.region_id)


def visible_plans(
    engine: Engine, actor: Actor, offset: int = 0, limit: int = 100
) -> tuple[list[PlanInfo], int]:
    with reading(engine) as session:
        plans = session.scalars(
            select(Plan)
            .options(selectinload(Plan.region), selectinload(Plan.indicators))
            .order_by(Plan.id)
        ).all()
        seen = [p for p in plans if _sees(session, actor, p)]
        return [plan_info(p) for p in seen[offset : offset + limit]], len(seen)


def _plan(session: Session, actor: Actor, ref: str) -> Plan:
    plan = find_plan(session, ref)
    if not _sees(session, actor, plan):
        raise no_plan(ref)  # not even its existence is shown
    return plan


CACHED_VIEWS = 32
_VIEWS: Memo[PlanView] = Memo(CACHED_VIEWS)


def plan_view(engine: Engine, actor: Actor, ref: str, year: int | None = None) -> PlanView:
    """A plan's statuses for `year` (default: the last year with approved values, else
    the year before the plan's end). Views are kept while the store's data version
    (`store.version`) stays the same, so a page read by many costs one computation."""
    with reading(engine) as session:
        plan_id = _plan(session, actor, ref).id
        # the engine too: a process may serve two stores (tests do), whose ids repeat
        key = (id(engine), str(engine.url), plan_id, year, data_version(session))
    return _VIEWS.get(key, lambda: _computed(engine, plan_id, year))


def _computed(engine: Engine, plan_id: int, year: int | None) -> PlanView:
    with reading(engine) as session:
        return _compute(session, plan_id, year)


def _compute(session: Session, plan_id: int, year: int | None) -> PlanView:
    plan = session.scalars(
        select(Plan)
        .where(Plan.id == plan_id)
        .options(
            selectinload(Plan.region),
            selectinload(Plan.indicators).selectinload(PlanIndicator.targets),
            selectinload(Plan.indicators).selectinload(PlanIndicator.lifecycle),
        )
    ).one()
    first, last = plan_years(plan)
    tracks = plan_tracks(session, plan)
    info = {i.id: i for i in plan.indicators}
    shown = year or _default_year(tracks, plan)
    header = plan_info(plan)
    assessments = assess_tracks(tracks, [shown])
    rows = []
    for t, a in zip(tracks, assessments, strict=True):
        ind = info.get(t.ref or -1)
        rows.append(StatusRow(assessment=a, track=t, category=ind.category if ind else "",
                              attribute=ind.attribute if ind else None,
                              klass=evaluation_class(a, t.target_year)))  # fmt: skip
    return PlanView(plan=header, year=shown, first_year=first, last_year=last, rows=rows)


def _default_year(tracks: list[Track], plan: Plan) -> int:
    years = [y for t in tracks for y in t.actuals]
    if years:
        return max(years)
    return (plan.period_end or 2025) - 1


def set_published(engine: Engine, actor: Actor | None, ref: str, published: bool) -> PlanInfo:
    """Publish a plan's overview (readable without signing in) or withdraw it: admins of
    the plan's region only (None: the command line, which has the store anyway)."""
    from planwatch.approval import Forbidden
    from planwatch.models.access import Role
    from planwatch.store.audit_log import log
    from planwatch.store.db import write

    def work(session: Session) -> PlanInfo:
        plan = find_plan(session, ref)
        allowed = actor is None or (actor.role == Role.ADMIN and actor.covers(plan.region_id))
        if not allowed:
            raise Forbidden("only an admin of the plan's region publishes it",
                            zh="只有规划所在地区的管理员可以发布该规划")  # fmt: skip
        old = plan.published
        plan.published = published
        log(session, actor, "plan.publish", "plan", plan.id, plan.region_id,
            {"published": old}, {"published": published})  # fmt: skip
        return plan_info(plan)

    return write(engine, work)


def public_view(engine: Engine, ref: str, year: int | None = None) -> PlanView:
    """A published plan's statuses for anyone; an unpublished plan does not exist here."""
    everyone = Actor(name="(public)", role="viewer", regions=frozenset())  # type: ignore[arg-type]
    unpublished = NotFound(f"no published plan '{ref}'", zh=f"未找到已发布的规划：{ref}")
    with reading(engine) as session:
        try:
            plan = find_plan(session, ref)
        except NotFound:
            raise unpublished from None  # the same words: an unpublished plan is not shown
        if not plan.published:
            raise unpublished
    return plan_view(engine, everyone, ref, year)


class RegionNode(BaseModel):
    id: int
    name: str
    children: list[RegionNode] = Field(default_factory=list)


def region_tree(engine: Engine, actor: Actor) -> list[RegionNode]:
    """The regions the user covers, as a tree (province → city → county → town)."""
    from planwatch.store.schema import Region

    with reading(engine) as session:
        rows = session.execute(select(Region.id, Region.name, Region.parent_id)).all()
    nodes = {rid: RegionNode(id=rid, name=name) for rid, name, _ in rows if actor.covers(rid)}
    roots = []
    for rid, _, parent in rows:
        if rid not in nodes:
            continue
        if parent in nodes:
            nodes[parent].children.append(nodes[rid])
        else:
            roots.append(nodes[rid])
    return roots
