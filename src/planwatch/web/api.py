"""The JSON API under /api/v1: the same service functions the pages and the CLI use.

Lists answer `{"items": [...], "total": n}` with `offset`/`limit`; errors answer
`{"code", "message"}`, with `message_zh` where the message has a Chinese text (see
`errors.py`). Authentication: `Authorization: Bearer
TOKEN` (`planwatch user token NAME`), or the session cookie of a signed-in browser.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, Field

from planwatch import approval, overview
from planwatch.enterprises import ResultRow, RunInfo
from planwatch.models.access import Actor, AuditRecord, Role, State, ValueIn, ValueOut
from planwatch.models.land import LandForecast, LandInput
from planwatch.models.monitor import Assessment
from planwatch.models.projects import ProjectStanding, ProjectTotal
from planwatch.models.store import PlanInfo
from planwatch.web.auth import actor_of, check_csrf
from planwatch.web.errors import ErrorBody, Problem

MAX_ID = 2**31 - 1  # ids and offsets stay within what every database's integers hold
OffsetQ = Annotated[int, Query(ge=0, le=MAX_ID, description="Items to skip.")]
PlanId = Annotated[int, Path(ge=1, le=MAX_ID)]
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
LimitQ = Annotated[int, Query(ge=1, le=1000, description="Items to return.")]


def api_actor(request: Request) -> Actor:
    return actor_of(request, api=True)


async def api_writer(request: Request, actor: Annotated[Actor, Depends(api_actor)]) -> Actor:
    await check_csrf(request)
    return actor


Reader = Annotated[Actor, Depends(api_actor)]
Writer = Annotated[Actor, Depends(api_writer)]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Not signed in"},
    403: {"model": ErrorBody, "description": "Not allowed for this user"},
    404: {"model": ErrorBody, "description": "Not found (or not visible to this user)"},
    422: {"model": ErrorBody, "description": "Invalid input"},
}
router = APIRouter(prefix="/api/v1", responses=ERRORS)


class PlanPage(BaseModel):
    items: list[PlanInfo]
    total: int


class StatusItem(Assessment):
    category: str = ""
    attribute: str | None = None
    evaluation_class: str = Field(
        "unassessed",
        description="提前实现 … as keys: early, ahead, on_course, behind, serious, unassessed",
    )
    unit: str = ""
    target: float | None = None
    target_year: int | None = None


class StatusPage(BaseModel):
    plan: PlanInfo
    year: int
    items: list[StatusItem]
    total: int


class ValuePage(BaseModel):
    items: list[ValueOut]
    total: int


class Ids(BaseModel):
    ids: list[RowId] = Field(min_length=1, max_length=1000)
    note: str = ""


class AuditPage(BaseModel):
    items: list[AuditRecord]
    total: int


@router.get("/plans", response_model=PlanPage, summary="Plans this user may read")
def plans(request: Request, actor: Reader, offset: OffsetQ = 0, limit: LimitQ = 100) -> PlanPage:
    items, total = overview.visible_plans(request.app.state.engine, actor, offset, limit)
    return PlanPage(items=items, total=total)


@router.get("/plans/{plan_id}/status", response_model=StatusPage, summary="Statuses for a year")
def plan_status(
    request: Request,
    plan_id: PlanId,
    actor: Reader,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    offset: OffsetQ = 0,
    limit: LimitQ = 1000,
) -> StatusPage:
    view = overview.plan_view(request.app.state.engine, actor, str(plan_id), year)
    items = [
        StatusItem(
            **r.assessment.model_dump(),
            category=r.category,
            attribute=r.attribute,
            evaluation_class=r.klass,
            unit=r.track.unit,
            target=r.track.target,
            target_year=r.track.target_year,
        )
        for r in view.rows
    ]
    return StatusPage(
        plan=view.plan, year=view.year, items=items[offset : offset + limit], total=len(items)
    )


@router.get("/observations", response_model=ValuePage, summary="Values and their revisions")
def observations(
    request: Request,
    actor: Reader,
    region: str | None = None,
    indicator: str | None = None,
    state: State | None = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    offset: OffsetQ = 0,
    limit: LimitQ = 100,
) -> ValuePage:
    items, total = approval.visible_values(
        request.app.state.engine, actor, region, indicator, state, year, offset, limit
    )
    return ValuePage(items=items, total=total)


@router.post(
    "/observations", response_model=ValueOut, status_code=201, summary="Record a value as a draft"
)
def record(request: Request, value: ValueIn, actor: Writer, response: Response) -> ValueOut:
    out, made = approval.record_value(request.app.state.engine, actor, value)
    if not made:
        response.status_code = 200  # the same value as the latest revision: nothing new
    return out


@router.post("/observations/submit", response_model=ValuePage, summary="Submit drafts")
def submit(request: Request, body: Ids, actor: Writer) -> ValuePage:
    items = approval.submit(request.app.state.engine, actor, body.ids)
    return ValuePage(items=items, total=len(items))


@router.post("/observations/approve", response_model=ValuePage, summary="Approve submitted values")
def approve(request: Request, body: Ids, actor: Writer) -> ValuePage:
    items = approval.approve(request.app.state.engine, actor, body.ids, body.note)
    return ValuePage(items=items, total=len(items))


@router.post(
    "/observations/return", response_model=ValuePage, summary="Return values with a comment"
)
def return_values(request: Request, body: Ids, actor: Writer) -> ValuePage:
    if not body.note.strip():
        raise Problem(422, "note_required", "say why the values are returned (note)",
                      zh="退回时请在 note 中填写原因")  # fmt: skip
    items = approval.return_values(request.app.state.engine, actor, body.ids, body.note)
    return ValuePage(items=items, total=len(items))


@router.get("/audit", response_model=AuditPage, summary="The audit log (admins)")
def audit(
    request: Request,
    actor: Reader,
    user: str | None = None,
    action: str | None = None,
    offset: OffsetQ = 0,
    limit: LimitQ = 100,
) -> AuditPage:
    from planwatch.store.audit_log import entries
    from planwatch.store.db import reading

    if actor.role != Role.ADMIN:
        raise Problem(403, "forbidden", "the audit log is for admins", zh="操作日志仅限管理员查看")
    with reading(request.app.state.engine) as session:
        items, total = entries(session, user, action, None, actor.regions, offset, limit)
    return AuditPage(items=items, total=total)


class RunPage(BaseModel):
    items: list[RunInfo]
    total: int


class ResultPage(BaseModel):
    items: list[ResultRow]
    total: int


@router.get("/enterprise-evaluations", response_model=RunPage, summary="Per-mu evaluations")
def evaluations(request: Request, actor: Reader) -> RunPage:
    from planwatch import enterprises

    items = enterprises.runs(request.app.state.engine, actor)
    return RunPage(items=items, total=len(items))


@router.get("/enterprise-evaluations/{run_id}/results", response_model=ResultPage,
            summary="An evaluation's enterprises, filtered, sorted, paged")  # fmt: skip
def evaluation_results(
    request: Request, run_id: PlanId, actor: Reader, grade: str | None = None,
    region: str | None = None, industry: str | None = None,
    sort: Annotated[str, Query(pattern="^(rank|score|name|region|grade)$")] = "rank",
    desc: bool = False, offset: OffsetQ = 0, limit: LimitQ = 100,
) -> ResultPage:  # fmt: skip
    from planwatch import enterprises

    engine = request.app.state.engine
    items, total = enterprises.results_page(
        engine, actor, run_id, grade, region, industry, sort, desc, offset, limit
    )
    return ResultPage(items=items, total=total)


class RegionItem(BaseModel):
    id: int
    name: str
    path: str
    level: str = ""
    parent_id: int | None = None


class RegionPage(BaseModel):
    items: list[RegionItem]
    total: int


@router.get("/regions", response_model=RegionPage, summary="Regions this user covers")
def regions(request: Request, actor: Reader) -> RegionPage:
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from planwatch.store.db import reading
    from planwatch.store.regions import path_of
    from planwatch.store.schema import Region

    with reading(request.app.state.engine) as session:
        rows = session.scalars(select(Region).options(selectinload(Region.parent))).all()
        items = [RegionItem(id=r.id, name=r.name, path=path_of(r), level=r.level,
                            parent_id=r.parent_id) for r in rows if actor.covers(r.id)]  # fmt: skip
    return RegionPage(items=items, total=len(items))


class IndicatorItem(BaseModel):
    ref: int | None
    indicator: str
    region: str
    unit: str
    category: str = ""
    attribute: str | None = None
    baseline: float | None = None
    baseline_year: int | None = None
    target: float | None = None
    target_year: int | None = None
    stretch_target: float | None = None
    path_targets: dict[int, float] = Field(default_factory=dict)


class IndicatorPage(BaseModel):
    items: list[IndicatorItem]
    total: int


@router.get("/plans/{plan_id}/indicators", response_model=IndicatorPage,
            summary="A plan's indicators and targets (per region where decomposed)")  # fmt: skip
def indicators(request: Request, plan_id: PlanId, actor: Reader) -> IndicatorPage:
    view = overview.plan_view(request.app.state.engine, actor, str(plan_id), None)
    items = [
        IndicatorItem(ref=r.track.ref, indicator=r.track.indicator, region=r.track.region,
                      unit=r.track.unit, category=r.category, attribute=r.attribute,
                      baseline=r.track.baseline, baseline_year=r.track.baseline_year,
                      target=r.track.target, target_year=r.track.target_year,
                      stretch_target=r.track.stretch_target, path_targets=r.track.path_targets)
        for r in view.rows
    ]  # fmt: skip
    return IndicatorPage(items=items, total=len(items))


class ProjectPage(BaseModel):
    items: list[ProjectStanding]
    totals: list[ProjectTotal]
    total: int


@router.get("/plans/{plan_id}/projects", response_model=ProjectPage,
            summary="Key projects: investment against plan")  # fmt: skip
def projects(
    request: Request, plan_id: PlanId, actor: Reader,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
) -> ProjectPage:  # fmt: skip
    from planwatch.operations import project_report

    view = overview.plan_view(request.app.state.engine, actor, str(plan_id), year)
    rows, totals = project_report(request.app.state.engine, str(plan_id), view.year)
    return ProjectPage(items=rows, totals=totals, total=len(rows))


@router.post("/land-forecasts", response_model=LandForecast,
             summary="New industrial land a set of output targets needs")  # fmt: skip
def land_forecast(body: LandInput, actor: Reader) -> LandForecast:
    from planwatch.land.forecast import forecast

    return forecast(body)


class Publish(BaseModel):
    published: bool = True


@router.post("/plans/{plan_id}/publish", response_model=PlanInfo,
             summary="Publish a plan's overview (admins), or withdraw it")  # fmt: skip
def publish(request: Request, plan_id: PlanId, body: Publish, actor: Writer) -> PlanInfo:
    return overview.set_published(request.app.state.engine, actor, str(plan_id), body.published)
