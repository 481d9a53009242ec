"""What a signed-in user may read: their plans, a plan's statuses, the overview matrix.

A user sees a plan when its region is theirs, below theirs or above theirs (a town's
editor needs the county plan that sets the town's targets). Statuses are computed
from approved values only, so a draft changes nothing anyone else sees.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, selectinload

from planwatch.memo import Memo
from planwatch.models.access import Actor
from planwatch.models.monitor import Assessment, Track
from planwatch.models.store import PlanInfo
from planwatch.monitor import assess_tracks
from planwatch.monitor.classes import evaluation_class
from planwatch.store.db import reading
from planwatch.store.plans import NotFound, find_plan, no_plan, plan_info, plan_years
from planwatch.store.schema import Plan, PlanIndicator, Region
from planwatch.store.tracks import plan_tracks
from planwatch.store.users import ancestors
from planwatch.store.version import versioned_key


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


@dataclass(frozen=True)
class _Listed:
    """What deciding who sees a plan, and listing it, needs of it."""

    info: PlanInfo
    region_id: int | None
    published: bool


@dataclass(frozen=True)
class _Index:
    """Every plan of the store as of one data version: read once per version, since
    every page asks which plans its user sees and which plan a reference names."""

    plans: dict[int, _Listed]  # by id, in id order
    latest: dict[str, int]  # document → the id of its latest version
    regions: list[tuple[int, str, int | None]]  # (id, name, parent) of every region


_INDEXES: Memo[_Index] = Memo(16)


def _index(session: Session) -> _Index:
    return _INDEXES.get(versioned_key(session), lambda: _read_index(session))


def _read_index(session: Session) -> _Index:
    counts = dict(
        session.execute(
            select(PlanIndicator.plan_id, func.count()).group_by(PlanIndicator.plan_id)
        ).all()
    )
    regions = [tuple(r) for r in session.execute(select(Region.id, Region.name, Region.parent_id))]
    names = {rid: name for rid, name, _ in regions}
    plans: dict[int, _Listed] = {}
    latest: dict[str, tuple[int, int]] = {}
    for p in session.execute(select(Plan.id, Plan.document, Plan.version, Plan.title,
                                    Plan.region_id, Plan.period_start, Plan.period_end,
                                    Plan.format, Plan.published).order_by(Plan.id)):  # fmt: skip
        info = PlanInfo(id=p.id, document=p.document, version=p.version, title=p.title,
                        region=names.get(p.region_id, "") if p.region_id else "",
                        period_start=p.period_start, period_end=p.period_end, format=p.format,
                        indicators=counts.get(p.id, 0))  # fmt: skip
        plans[p.id] = _Listed(info, p.region_id, bool(p.published))
        if p.document not in latest or p.version > latest[p.document][0]:
            latest[p.document] = (p.version, p.id)
    return _Index(plans, {doc: pid for doc, (_, pid) in latest.items()}, regions)  # type: ignore[arg-type]


def _sees(session: Session, actor: Actor, plan: _Listed) -> bool:
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
        seen = [p.info for p in _index(session).plans.values() if _sees(session, actor, p)]
        return seen[offset : offset + limit], len(seen)


def _plan(session: Session, actor: Actor, ref: str) -> _Listed:
    """The plan `ref` names as `store.plans.find_plan` finds it (an id, else a
    document's latest version), if the actor sees it."""
    index = _index(session)
    found = index.plans.get(int(ref)) if ref.isdigit() else None
    if found is None and ref in index.latest:
        found = index.plans[index.latest[ref]]
    if found is None or not _sees(session, actor, found):
        raise no_plan(ref)  # not even its existence is shown
    return found


CACHED_VIEWS = 32
_VIEWS: Memo[PlanView] = Memo(CACHED_VIEWS)


def plan_view(engine: Engine, actor: Actor, ref: str, year: int | None = None) -> PlanView:
    """A plan's statuses for `year` (default: the last year with approved values, else
    the year before the plan's end). Views are kept while the store's data version
    (`store.version`) stays the same, so a page read by many costs one computation."""
    with reading(engine) as session:
        plan_id = _plan(session, actor, ref).info.id
        # the store too: a process may serve two stores (tests do), whose ids repeat
        key = versioned_key(session, plan_id, year)
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
    try:
        return plan_view(engine, everyone, ref, year)  # `_sees`: published ones only
    except NotFound:  # unknown and unpublished alike: an unpublished plan is not shown
        raise NotFound(f"no published plan '{ref}'", zh=f"未找到已发布的规划：{ref}") from None


class RegionNode(BaseModel):
    id: int
    name: str
    children: list[RegionNode] = Field(default_factory=list)


_TREES: Memo[list[RegionNode]] = Memo(64)


def region_tree(engine: Engine, actor: Actor) -> list[RegionNode]:
    """The regions the user covers, as a tree (province → city → county → town); made
    once per data version and set of regions covered (every page shows it)."""
    with reading(engine) as session:
        rows = _index(session).regions
        key = versioned_key(session, actor.regions)
    return _TREES.get(key, lambda: _tree(rows, actor))


def _tree(rows: list[tuple[int, str, int | None]], actor: Actor) -> list[RegionNode]:
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
