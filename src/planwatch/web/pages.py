"""The pages (Jinja2, server-rendered; htmx for the parts that change in place).

Each route reads what the service layer gives and hands it to a template; no rule
or number is made here. Chinese by default; `?lang=en` switches (kept in a cookie).
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Callable, Hashable
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from pydantic import ValidationError
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from planwatch import accounts, approval, overview
from planwatch.memo import Memo
from planwatch.models.access import REVIEWERS, STATE_LABELS, WRITERS, Actor, Role, State, ValueIn
from planwatch.monitor.classes import CLASSES
from planwatch.report.statuses import TONE_LABELS, tone
from planwatch.report.tones import TONES
from planwatch.web.auth import COOKIE, actor_of, address, check_csrf
from planwatch.web.errors import Problem
from planwatch.web.settings import SESSION_HOURS
from planwatch.web.words import words

router = APIRouter(include_in_schema=False)
MAX_ID = 2**31 - 1
PlanId = Annotated[int, Path(ge=1, le=MAX_ID)]
YearQ = Annotated[int | None, Query(ge=1900, le=2200)]


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("planwatch", "web/templates"),
        autoescape=select_autoescape(("html", "j2")),
        trim_blocks=True,
        lstrip_blocks=True,
        # the templates ship inside the package: checking each file's time on every
        # page (Jinja's default) cost a tenth of a page's time under load
        auto_reload=False,
    )
    env.globals.update(
        CLASSES=CLASSES,
        TONES=TONES,
        STATE_LABELS=STATE_LABELS,
        TONE_LABELS=TONE_LABELS,
        tone_of=tone,
    )
    env.filters["pct"] = lambda x: "—" if x is None else f"{x * 100:.1f}%"
    env.filters["num"] = _num
    return env


def _num(x: float | None) -> str:
    from planwatch.report.figures import num

    return num(x)


FRAGMENTS = 256


class Pages:
    def __init__(self) -> None:
        self.templates = Jinja2Templates(env=_env())
        self.fragments: Memo[tuple[object, Markup]] = Memo(FRAGMENTS)
        self.derived: Memo[tuple[object, Any]] = Memo(FRAGMENTS)

    def kept(self, owner: object, *key: Hashable, make: Callable[[], Any]) -> Any:
        """What a page derives from `owner` (a cached, unchanging plan view) alone, such
        as a region's rows out of thousands: made once per view, not once per page."""
        entry = self.derived.get((id(owner), *key), lambda: (owner, make()),
                                 valid=lambda entry: entry[0] is owner)  # fmt: skip
        return entry[1]

    def render(self, request: Request, name: str, status: int = 200, **context: Any) -> Response:
        lang = _lang(request)
        context |= {
            "request": request,
            "lang": lang,
            "t": words(lang),
            "actor": getattr(request.state, "actor", None),
            "csrf": getattr(request.state, "csrf", ""),
        }
        response = self.templates.TemplateResponse(request, name, context, status_code=status)
        if request.query_params.get("lang") in ("zh", "en"):
            response.set_cookie("lang", lang, max_age=365 * 86400, samesite="lax")
        return response

    def fragment(self, request: Request, owner: object, name: str, *key: object,
                 **context: Any) -> Markup:  # fmt: skip
        """A part of a page that depends only on `owner` (a cached, unchanging plan view),
        `key` and the language: rendered once, then served from memory. The entry holds
        the owner itself, so a recycled id() never serves another view's HTML."""
        lang = _lang(request)

        def make() -> tuple[object, Markup]:
            template = self.templates.env.get_template(name)
            # callables in the context are only called here, when the part is made
            made = {k: v() if callable(v) else v for k, v in context.items()}
            return owner, Markup(template.render(lang=lang, t=words(lang), **made))

        kept = self.fragments.get((id(owner), name, lang, *key), make,
                                  valid=lambda entry: entry[0] is owner)  # fmt: skip
        return kept[1]

    def error(self, request: Request, status: int, message: str,
              details: list[str] | None = None, zh: str | None = None,
              details_zh: list[str] | None = None) -> Response:  # fmt: skip
        """The error page, in the page's language: `zh` and `details_zh` (the Chinese
        message and lines) where given, on a Chinese page."""
        if _lang(request) == "zh":
            message, details = zh or message, details_zh or details
        if request.headers.get("hx-request"):
            # htmx puts the answer where the request came from (a cell, a table): a line
            # saying what is wrong, not a page inside the page
            lines = " ".join(escape(line) for line in [message, *(details or [])])
            return HTMLResponse(f'<span class="error" role="alert">{lines}</span>', status)
        return self.render(request, "error.html.j2", status=status, status_code=status,
                           message=message, details=details or [])  # fmt: skip


def _lang(request: Request) -> str:
    asked = request.query_params.get("lang") or request.cookies.get("lang") or "zh"
    return asked if asked in ("zh", "en") else "zh"


def page_actor(request: Request) -> Actor:
    actor = actor_of(request, api=False)
    request.state.actor = actor
    return actor


async def form_actor(request: Request, actor: Annotated[Actor, Depends(page_actor)]) -> Actor:
    await check_csrf(request)
    return actor


Viewer = Annotated[Actor, Depends(page_actor)]
Changer = Annotated[Actor, Depends(form_actor)]


def _pages(request: Request) -> Pages:
    return request.app.state.pages


# -- signing in -------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    return _pages(request).render(request, "login.html.j2", next=_safe_next(next), failed=False)


def _safe_next(target: str) -> str:
    """Only a path of this site (no //host, no scheme): a login link cannot send people away."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    limiter = request.app.state.limiter
    where = address(request)
    pages = _pages(request)
    if limiter.blocked(where, username):
        return pages.render(
            request, "login.html.j2", status=429, next=_safe_next(next), failed=True, blocked=True
        )
    actor = accounts.authenticate(request.app.state.engine, username, password, where)
    if actor is None:
        limiter.failed(where, username)
        return pages.render(
            request, "login.html.j2", status=401, next=_safe_next(next), failed=True
        )
    limiter.succeeded(where, username)
    cookie, _csrf = request.app.state.sessions.new(actor.name)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        COOKIE,
        cookie,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="lax",
        secure=request.app.state.settings.secure_cookies,
    )
    return response


@router.post("/logout")
def logout(request: Request, actor: Changer) -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


# -- reading ----------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request, actor: Viewer, year: YearQ = None) -> Response:
    engine = request.app.state.engine
    plans, _ = overview.visible_plans(engine, actor)
    views = [overview.plan_view(engine, actor, str(p.id), year) for p in plans[:5]]
    pages = _pages(request)
    sections = [pages.fragment(request, v, "overview_plan.html.j2", view=v,
                               m=lambda v=v: _matrix(v)) for v in views]  # fmt: skip
    where: dict[str, int] = {}  # region → the first plan that has it
    for v in reversed(views):
        where |= pages.kept(v, "where", make=lambda v=v: {r.track.region: v.plan.id
                                                          for r in v.rows})  # fmt: skip
    tree = overview.region_tree(engine, actor)  # kept per version and coverage
    # the tree's HTML too: a hundred towns' links are most of the page's own work
    html = pages.fragment(request, tree, "region_tree.html.j2", year, tuple(where.items()),
                          tree=tree, where=where, year=year) if tree else ""  # fmt: skip
    return pages.render(request, "overview.html.j2", sections=sections, more=len(plans) > 5,
                        tree=html, year=year)  # fmt: skip


def _matrix(view: overview.PlanView) -> dict[str, Any]:
    """Region × indicator: the regions as columns (the plan's own first), indicators as rows."""
    regions: list[str] = []
    cells: dict[tuple[str, str], overview.StatusRow] = {}
    every = list(dict.fromkeys(r.track.region for r in view.rows))
    names: list[str] = []
    for r in view.rows:
        name = r.track.indicator.split("：")[-1]
        if r.track.region not in regions:
            regions.append(r.track.region)
        if name not in names:
            names.append(name)
        cells[(name, r.track.region)] = r
    behind = sorted(
        (r for r in view.rows if r.klass in ("behind", "serious")),
        key=lambda r: r.assessment.pace if r.assessment.pace is not None else -1,
    )
    missing = [r for r in view.rows if r.assessment.status.value == "no_data"]
    return {
        "regions": regions[:MATRIX_REGIONS],
        "more_regions": len(every) - MATRIX_REGIONS,
        "names": names,
        "cells": cells,
        "behind": behind[:8],
        "missing": missing,
    }


PAGE_ROWS = 200  # rows of a plan table on one page
_SEVERITY = {"serious": 0, "behind": 1, "unassessed": 2, "on_course": 3, "ahead": 4, "early": 5}
# the plan table's orders: the slowest first, the worst class first, by name, by region
SORT_KEYS: dict[str, Any] = {
    "progress": lambda r: (r.assessment.task_progress is None, r.assessment.task_progress or 0),
    "status": lambda r: _SEVERITY.get(r.klass, 9),
    "name": lambda r: r.track.indicator,
    "region": lambda r: r.track.region,
}
MATRIX_REGIONS = 20  # regions (columns) of the overview matrix


@router.get("/plans/{plan_id}", response_class=HTMLResponse)
def plan_page(
    request: Request, plan_id: PlanId, actor: Viewer, year: YearQ = None, region: str = "",
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
    sort: Annotated[str, Query(pattern="^(|progress|status|name|region)$")] = "",
) -> Response:  # fmt: skip
    """The plan's indicator table: its own region by default, a sub-region, or all ('*'),
    in the plan's order or sorted, a page at a time."""
    view = overview.plan_view(request.app.state.engine, actor, str(plan_id), year)
    pages = _pages(request)
    regions = pages.kept(view, "regions", make=lambda: _regions(view))
    shown = region or (regions[0] if regions else "")
    rows = pages.kept(view, "rows", shown, sort, make=lambda: _rows(view, shown, sort))
    table = pages.fragment(
        request, view, "plan_table.html.j2", shown, offset, sort, view=view,
        rows=rows[offset : offset + PAGE_ROWS], total=len(rows), offset=offset,
        page_rows=PAGE_ROWS, region=shown, sort=sort,
    )  # fmt: skip
    if request.headers.get("hx-request"):
        return HTMLResponse(table)
    years = range(view.first_year + 1, view.last_year + 1)
    return pages.render(request, "plan.html.j2", view=view, table=table, region=shown,
                        regions=regions, years=years)  # fmt: skip


def _regions(view: overview.PlanView) -> list[str]:
    return list(dict.fromkeys(r.track.region for r in view.rows))


def _rows(view: overview.PlanView, shown: str, sort: str) -> list[overview.StatusRow]:
    """The rows of region `shown` ('*': all), in the plan's order or sorted by `sort`."""
    rows = [r for r in view.rows if shown == "*" or r.track.region == shown]
    return sorted(rows, key=SORT_KEYS[sort]) if sort else rows


@router.get("/plans/{plan_id}/indicators/{ref}", response_class=HTMLResponse)
def indicator_page(
    request: Request,
    plan_id: PlanId,
    ref: Annotated[int, Path(ge=1, le=MAX_ID)],
    actor: Viewer,
    region: str = "",
    year: YearQ = None,
) -> Response:
    from planwatch.monitor.path import planned_path

    view = overview.plan_view(request.app.state.engine, actor, str(plan_id), year)
    rows = [r for r in view.rows if r.track.ref == ref and (not region or r.track.region == region)]
    if not rows:
        return _pages(request).error(request, 404, "no such indicator in this plan",
                                     zh="该规划中没有此指标")  # fmt: skip
    row = rows[0]
    t = row.track
    start = t.baseline_year or view.first_year
    years = list(range(start, max([t.target_year or view.last_year, *t.actuals]) + 1))
    chart = {
        "years": [str(y) for y in years],
        "actual": [t.baseline if y == t.baseline_year else t.actuals.get(y) for y in years],
        "planned": planned_path(t, years),
        "target": [t.target if y == t.target_year else None for y in years],
        "stretch": [t.stretch_target if y == t.target_year else None for y in years],
        "unit": t.unit,
    }
    values, _ = approval.visible_values(
        request.app.state.engine, actor, t.region or None, _key_of(request, ref), None, None, 0, 200
    )
    return _pages(request).render(
        request, "indicator.html.j2", view=view, row=row, chart=chart, values=values
    )


def _key_of(request: Request, ref: int) -> str | None:
    from planwatch.store.db import reading
    from planwatch.store.schema import PlanIndicator

    with reading(request.app.state.engine) as session:
        ind = session.get(PlanIndicator, ref)
        return ind.indicator_key if ind else None


# -- entering and approving values ----------------------------------------------------


@router.get("/plans/{plan_id}/entry", response_class=HTMLResponse)
def entry_page(
    request: Request, plan_id: PlanId, actor: Viewer, year: YearQ = None, region: str = ""
) -> Response:
    view = overview.plan_view(request.app.state.engine, actor, str(plan_id), year)
    regions = list(dict.fromkeys(r.track.region for r in view.rows))
    shown = region or (regions[0] if regions else "")
    rows = [r for r in view.rows if r.track.region == shown]
    drafts = _latest_states(request, actor, rows, view.year, shown)
    return _pages(request).render(
        request,
        "entry.html.j2",
        view=view,
        rows=rows,
        region=shown,
        regions=regions,
        drafts=drafts,
        can_write=actor.role in WRITERS,
        years=range(view.first_year + 1, view.last_year + 1),
    )


def _latest_states(
    request: Request, actor: Actor, rows: list[overview.StatusRow], year: int, region: str
) -> dict[str, Any]:
    """{indicator key: the latest revision (any state) the actor may see} for the grid."""
    values, _ = approval.visible_values(
        request.app.state.engine, actor, region or None, None, None, year, 0, 1000
    )
    latest: dict[str, Any] = {}
    for v in values:  # newest first
        latest.setdefault(v.indicator, v)
    return latest


@router.post("/plans/{plan_id}/entry", response_class=HTMLResponse)
def entry_save(
    request: Request,
    plan_id: PlanId,
    actor: Changer,
    region: Annotated[str, Form()],
    indicator: Annotated[str, Form()],
    year: Annotated[int, Form()],
    value: Annotated[str, Form()],
    unit: Annotated[str, Form()] = "",
    save: Annotated[str, Form()] = "true",
) -> Response:
    """One cell of the grid: checked as it is typed (`save=false`), saved as a draft when
    it changes; answers the row's state or what is wrong (htmx swaps it in)."""
    pages = _pages(request)
    try:
        cell = _cell(value, region, indicator, year, unit, _lang(request))
        if save == "false":
            approval.check_value(request.app.state.engine, actor, cell)
            return pages.render(request, "entry_cell.html.j2", error="", saved=None, ok=True)
        saved, _ = approval.record_value(request.app.state.engine, actor, cell)
    except approval.Rejected as exc:
        message = exc.text(_lang(request))
        return pages.render(request, "entry_cell.html.j2", status=422, error=message, saved=None)
    return pages.render(request, "entry_cell.html.j2", error="", saved=saved)


def _cell(value: str, region: str, indicator: str, year: int, unit: str, lang: str) -> ValueIn:
    """The typed cell as a value, or `Rejected` saying what is wrong with it: not a
    number, too large to hold, or a field the value model refuses."""
    try:
        number = float(value.replace(",", ""))
    except ValueError:
        raise approval.Rejected(f"'{value}' is not a number", zh=f"“{value}”不是数字") from None
    if not math.isfinite(number):
        raise approval.Rejected(f"'{value}' is not a finite number",
                                zh=f"“{value}”不是有限的数值（过大或无效）")  # fmt: skip
    try:
        return ValueIn(region=region, indicator=indicator, year=year, value=number, unit=unit)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise approval.Rejected(f"not a value that can be stored ({problems})",
                                zh=f"无法保存该值（{problems}）") from None  # fmt: skip


@router.post("/values/submit")
def values_submit(
    request: Request,
    actor: Changer,
    ids: Annotated[list[int], Form()],
    back: Annotated[str, Form()] = "/",
) -> Response:
    approval.submit(request.app.state.engine, actor, ids)
    return RedirectResponse(_safe_next(back), status_code=303)


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, actor: Viewer, export: str = "") -> Response:
    values, total = approval.visible_values(
        request.app.state.engine, actor, None, None, State.SUBMITTED, None, 0, 500
    )
    mine = [v for v in values if actor.role == Role.ADMIN or v.region != actor.region]
    if export == "xlsx":
        t = words(_lang(request))
        return _xlsx("待审核数据.xlsx", t["review"],
                     [t["region"], t["indicator"], t["year"], t["actual"], t["unit"],
                      t["entered_by"], t["revision"], t["recorded_at"]],
                     [[v.region, v.indicator, v.year, v.value, v.unit, v.entered_by, v.revision,
                       v.recorded_at] for v in mine])  # fmt: skip
    return _pages(request).render(
        request, "review.html.j2", values=mine, total=total, can_review=actor.role in REVIEWERS
    )


@router.post("/review")
def review(
    request: Request,
    actor: Changer,
    ids: Annotated[list[int], Form()],
    decision: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
) -> Response:
    engine = request.app.state.engine
    if decision == "approve":
        approval.approve(engine, actor, ids, note)
    else:
        if not note.strip():
            return _pages(request).error(request, 422, "a note is required to return values",
                                         zh="退回时请填写原因")  # fmt: skip
        approval.return_values(engine, actor, ids, note)
    return RedirectResponse("/review", status_code=303)


# -- reports and the audit log ---------------------------------------------------------


@router.get("/plans/{plan_id}/report")
def report_download(
    request: Request,
    plan_id: PlanId,
    actor: Viewer,
    year: Annotated[int, Query()],
    format: Annotated[str, Query(pattern="^(docx|xlsx|html)$")] = "docx",
) -> Response:
    from planwatch.operations import plan_report_file

    view = overview.plan_view(request.app.state.engine, actor, str(plan_id), year)  # visibility
    engine, lang = request.app.state.engine, _lang(request)
    return _download(
        f"{view.plan.document}_{year}.{format}",
        lambda path: plan_report_file(engine, str(plan_id), year, path, format, None, lang),
    )


def _xlsx(name: str, sheet: str, headers: list[str], rows: list[list[object]]) -> Response:
    """A list as an .xlsx download (every list a page shows can be taken to Excel)."""
    from planwatch.sheets import write_table

    return _download(name, lambda path: write_table(path, sheet, headers, rows))


def _download(name: str, write: Callable[[FilePath], object]) -> Response:
    """A file made for one download: written into a folder of its own, sent, then the
    folder removed (also when writing fails)."""
    folder = FilePath(tempfile.mkdtemp(prefix="planwatch-download-"))
    try:
        write(folder / name)
    except BaseException:
        _remove(folder)
        raise
    return FileResponse(folder / name, filename=name, background=BackgroundTask(_remove, folder))


async def _uploaded(
    request: Request, missing: str, default: str, zh: str = ""
) -> tuple[Any, str, bytes]:
    """(the form, the file's name, its bytes) of a form with a file field `file`; a 413
    for a body over the upload limit (refused before it is read), a 422 without a file
    (saying `missing`, or `zh` on a Chinese page)."""
    from planwatch.uploads import MAX_BYTES

    if int(request.headers.get("content-length") or 0) > MAX_BYTES + 64 * 1024:
        raise Problem(413, "too_large", "the file is over the 50 MB limit",
                      zh="文件超过 50 MB 的上限")  # fmt: skip
    form = await request.form()
    sent = form.get("file")
    if sent is None or isinstance(sent, str):
        raise Problem(422, "no_file", missing, zh=zh)
    return form, sent.filename or default, await sent.read()


def _remove(folder: FilePath) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    actor: Viewer,
    user: str = "",
    action: str = "",
    offset: Annotated[int, Query(ge=0)] = 0,
    export: str = "",
) -> Response:
    from planwatch.store.audit_log import entries
    from planwatch.store.db import reading

    if actor.role != Role.ADMIN:
        return _pages(request).error(request, 403, "the audit log is for admins",
                                     zh="操作日志仅限管理员查看")  # fmt: skip
    with reading(request.app.state.engine) as session:
        items, total = entries(
            session, user or None, action or None, None, actor.regions, offset, 100
        )
    if export == "xlsx":
        with reading(request.app.state.engine) as session:
            every, _ = entries(session, user or None, action or None, None, actor.regions, 0,
                               100_000)  # fmt: skip
        t = words(_lang(request))
        headers = [t["when"], t["user"], t["from"], t["action"], "entity", "id", t["region"],
                   "old", "new"]  # fmt: skip

        def text(change: object) -> str:
            return json.dumps(change, ensure_ascii=False) if change else ""

        rows = [[e.at, e.user, e.address, e.action, e.entity, e.entity_id, e.region,
                 text(e.old), text(e.new)] for e in every]  # fmt: skip
        return _xlsx("操作日志.xlsx", t["audit"], headers, rows)
    return _pages(request).render(
        request, "audit.html.j2", items=items, total=total, user=user, action=action, offset=offset
    )


# -- uploading a plan ---------------------------------------------------------------------


@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request, actor: Viewer) -> Response:
    from planwatch.uploads import TYPES

    return _pages(request).render(request, "upload.html.j2", types=", ".join(TYPES),
                                  region=actor.region)  # fmt: skip


@router.post("/upload")
async def upload_file(request: Request, actor: Changer) -> Response:
    from planwatch import uploads

    form, name, data = await _uploaded(request, "choose a plan file to upload", "plan",
                                       zh="请选择要上传的规划文件")  # fmt: skip
    region = str(form.get("region") or "").strip()
    # reading and extracting a plan takes seconds (minutes with OCR): in a worker
    # thread, so the event loop goes on answering everyone else
    made = await run_in_threadpool(uploads.start, request.app.state.engine, actor, name, data,
                                   region)  # fmt: skip
    return RedirectResponse(f"/upload/{made.token}", status_code=303)


@router.get("/upload/{token}", response_class=HTMLResponse)
def upload_preview(request: Request, token: str, actor: Viewer) -> Response:
    from planwatch import uploads

    upload = uploads.load(actor, token)
    by_table: dict[str, list[tuple[int, Any]]] = {}
    for k, ind in enumerate(upload.extract.indicators):
        by_table.setdefault(ind.table, []).append((k, ind))
    return _pages(request).render(request, "upload_preview.html.j2", upload=upload,
                                  by_table=by_table, fields=list(uploads.EDITABLE),
                                  swappable=uploads.SWAPPABLE)  # fmt: skip


@router.post("/upload/{token}/cell", response_class=HTMLResponse)
def upload_cell(
    request: Request, token: str, actor: Changer, row: Annotated[int, Form()],
    field: Annotated[str, Form()], value: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    from planwatch import uploads

    try:
        upload = uploads.correct(actor, token, row, field, value)
    except approval.Rejected as exc:
        shown = _escape(exc.text(_lang(request)))
        return HTMLResponse(f'<span class="error">{shown}</span>', status_code=422)
    if field == "drop":
        return HTMLResponse("", headers={"HX-Refresh": "true"})
    shown = getattr(upload.extract.indicators[row], field)
    return HTMLResponse(
        f'<span class="saved">✓ {_escape("" if shown is None else str(shown))}</span>'
    )


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


@router.post("/upload/{token}/swap")
def upload_swap(
    request: Request, token: str, actor: Changer, table: Annotated[str, Form()],
    first: Annotated[str, Form()], second: Annotated[str, Form()],
) -> Response:  # fmt: skip
    from planwatch import uploads

    uploads.swap_columns(actor, token, table, first, second)
    return RedirectResponse(f"/upload/{token}", status_code=303)


@router.post("/upload/{token}/confirm")
def upload_confirm(request: Request, token: str, actor: Changer) -> Response:
    from planwatch import uploads

    result = uploads.confirm(request.app.state.engine, actor, token)
    return RedirectResponse(f"/plans/{result.plan_id}", status_code=303)


@router.post("/upload/{token}/discard")
def upload_discard(request: Request, token: str, actor: Changer) -> Response:
    from planwatch import uploads

    uploads.discard(actor, token)
    return RedirectResponse("/upload", status_code=303)


# -- enterprises (亩均评价) ----------------------------------------------------------------


@router.get("/enterprises", response_class=HTMLResponse)
def enterprises_page(request: Request, actor: Viewer) -> Response:
    from planwatch import enterprises
    from planwatch.permu import PRESETS

    return _pages(request).render(request, "enterprises.html.j2",
                                  runs=enterprises.runs(request.app.state.engine, actor),
                                  presets=list(PRESETS), can_run=actor.role in WRITERS)  # fmt: skip


@router.post("/enterprises")
async def enterprises_run(request: Request, actor: Changer) -> Response:
    form, name, body = await _uploaded(request, "choose an enterprise file", "enterprises.xlsx",
                                       zh="请选择企业数据文件")  # fmt: skip
    # reading, checking and grading a county's enterprises takes seconds: in a worker
    # thread, so the event loop goes on answering everyone else
    return await run_in_threadpool(_evaluate_upload, request, actor, form, name, body)


def _evaluate_upload(request: Request, actor: Actor, form: Any, name: str, body: bytes) -> Response:
    from planwatch import enterprises
    from planwatch.errors import ArgumentError, InputError
    from planwatch.permu import PRESETS
    from planwatch.permu.data import read_enterprises
    from planwatch.permu.run import evaluate_population

    name = FilePath(name).name
    if FilePath(name).suffix.lower() not in (".xlsx", ".csv", ".parquet"):
        return _pages(request).error(request, 422, "enterprise data is .xlsx, .csv or .parquet",
                                     zh="企业数据应为 .xlsx、.csv 或 .parquet 文件")  # fmt: skip
    scheme = str(form.get("scheme") or PRESETS[0])
    if scheme not in PRESETS:  # a name, never a path on the server
        known, known_zh = ", ".join(PRESETS), "、".join(PRESETS)
        raise ArgumentError(f"scheme: '{scheme}' is not a preset ({known})",
                            zh=f"评价方案：“{scheme}”不是预设方案（{known_zh}）")  # fmt: skip
    year_text = str(form.get("year") or "").strip()
    with tempfile.TemporaryDirectory(prefix="planwatch-firms-") as folder:
        path = FilePath(folder) / name
        path.write_bytes(body)
        try:
            data = read_enterprises(path, int(year_text) if year_text.isdigit() else None)
        except InputError as exc:
            raise exc.named(name) from None
    run = evaluate_population(data, scheme, form.get("benchmarks") == "population")
    info = enterprises.store_run(request.app.state.engine, actor, run, name)
    return RedirectResponse(f"/enterprises/{info.id}", status_code=303)


@router.get("/enterprises/{run_id}", response_class=HTMLResponse)
def enterprise_run_page(
    request: Request, run_id: PlanId, actor: Viewer, grade: str = "", region: str = "",
    industry: str = "", sort: str = "rank", desc: bool = False,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> Response:  # fmt: skip
    from planwatch import enterprises
    from planwatch.permu.aggregate import transition_matrix, transitions
    from planwatch.permu.schemes import load_scheme

    engine = request.app.state.engine
    info = enterprises.run_info(engine, actor, run_id)
    frame = enterprises.run_frame(engine, actor, run_id)
    grades = load_scheme(info.scheme).classification.grades()
    charts = {by: _stacked(enterprises.grade_counts(frame, by, grades))
              for by in ("region", "park", "industry_code")}  # fmt: skip
    rows, total = enterprises.results_page(engine, actor, run_id, grade or None, region or None,
                                           industry or None, sort, desc, offset, 50)  # fmt: skip
    before = enterprises.previous_run(engine, actor, run_id)
    moves = None
    if before is not None:
        moves = transition_matrix(transitions(enterprises.run_frame(engine, actor, before), frame))
    counted = dict(frame.filter(frame["grade"].is_not_null())["grade"].value_counts().iter_rows())
    shares = [(g, counted[g]) for g in [*grades, *sorted(set(counted) - set(grades))]
              if g in counted]  # fmt: skip
    return _pages(request).render(
        request, "enterprise_run.html.j2", info=info, charts=charts, rows=rows, total=total,
        grades=grades, shares=shares, moves=moves, before=before,
        filters={"grade": grade, "region": region, "industry": industry, "sort": sort,
                 "desc": desc}, offset=offset,
        regions=sorted({r for r in frame["region"].to_list() if r}),
    )  # fmt: skip


def _stacked(counts: dict[str, Any]) -> dict[str, Any]:
    """An ECharts option: horizontal bars of enterprises by grade, stacked."""
    from planwatch.report.tones import fill

    series = [{"name": s["name"], "type": "bar", "stack": "grades", "data": s["data"],
               "itemStyle": {"color": fill(s["name"]) or "#9e9e9e"}}
              for s in counts["series"]]  # fmt: skip
    return {
        "animation": False, "tooltip": {"trigger": "axis"}, "legend": {"top": 0},
        "grid": {"left": 8, "right": 16, "top": 30, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value"},
        "yAxis": {"type": "category", "data": counts["categories"], "inverse": True},
        "series": series,
    }  # fmt: skip


@router.get("/enterprises/{run_id}/export")
def enterprise_export(request: Request, run_id: PlanId, actor: Viewer, grade: str = "",
                      region: str = "") -> Response:  # fmt: skip
    """The run's results (filtered as on the page) as .xlsx, every column."""
    import polars as pl

    from planwatch import enterprises
    from planwatch.permu.results import write_results

    frame = enterprises.run_frame(request.app.state.engine, actor, run_id)
    if grade:
        frame = frame.filter(pl.col("grade") == grade)
    if region:
        frame = frame.filter(pl.col("region") == region)
    return _download(f"亩均评价_{run_id}.xlsx", lambda path: write_results(frame, path))


@router.get("/enterprises/{run_id}/report")
def enterprise_report(
    request: Request, run_id: PlanId, actor: Viewer,
    format: Annotated[str, Query(pattern="^(docx|xlsx|html)$")] = "docx",
) -> Response:  # fmt: skip
    from planwatch import enterprises
    from planwatch.permu.schemes import load_scheme
    from planwatch.report.permu import permu_report
    from planwatch.report.writers import write_report

    engine = request.app.state.engine
    info = enterprises.run_info(engine, actor, run_id)
    frame = enterprises.run_frame(engine, actor, run_id)
    before = enterprises.previous_run(engine, actor, run_id)
    previous = enterprises.run_frame(engine, actor, before) if before else None
    report = permu_report(frame, load_scheme(info.scheme), previous, _lang(request))
    return _download(
        f"亩均评价_{info.year}.{format}", lambda path: write_report(report, path, format)
    )


# -- land and projects ------------------------------------------------------------------

LAND_ROWS = 8


def _land_input(form: dict[str, str]):  # type: ignore[no-untyped-def]
    """A LandInput from the calculator's grid (blank rows skipped). What the grid leaves
    out or mistypes is refused here, in both languages, before the model's own checks
    (whose messages are English) could meet it."""
    from planwatch.land.forecast import LandInputError
    from planwatch.models.land import LandInput

    def number(key: str) -> float | None:
        text = form.get(key, "").strip().replace(",", "")
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            raise LandInputError(f"'{text}' is not a number", zh=f"“{text}”不是数字") from None

    def year(key: str, default: int) -> int:
        text = (form.get(key) or "").strip()
        if not text:
            return default
        if not text.isdigit():
            raise LandInputError(f"'{text}' is not a year", zh=f"“{text}”不是有效年份")
        return int(text)

    base, first, second = year("base_year", 2020), year("h1", 2025), year("h2", 0)
    if first <= base:
        raise LandInputError(f"no output target after the base year {base}",
                             zh=f"基期年{base}之后没有产值目标")  # fmt: skip
    industries = []
    for k in range(LAND_ROWS):
        name = form.get(f"name{k}", "").strip()
        if not name:
            continue
        output = {base: number(f"base{k}"), first: number(f"out1_{k}")}
        if second:
            output[second] = number(f"out2_{k}")
        given = {y: v for y, v in output.items() if v is not None}
        missing = [str(y) for y in output if y not in given]
        if missing:
            raise LandInputError(f"industry '{name}' has no output for {', '.join(missing)}",
                                 zh=f"行业“{name}”缺少{'、'.join(missing)}年产值")  # fmt: skip
        per_mu = number(f"permu{k}")
        if per_mu is None:
            raise LandInputError(f"industry '{name}' has no per_mu_required for {first}",
                                 zh=f"行业“{name}”缺少{first}年亩均产出要求")  # fmt: skip
        industries.append({"name": name, "output": given, "per_mu_required": {first: per_mu}})
    if not industries:
        raise LandInputError("no industries", zh="请至少填写一个行业")
    uplift = number("uplift")
    data = {"base_year": base, "industries": industries,
            "uplift": {second: uplift / 100} if second and uplift is not None else {}}  # fmt: skip
    return LandInput.model_validate(data)


# The land input's fields and the checks of its numbers, as a Chinese message says them.
_LAND_FIELDS = {"base_year": "基期年", "output": "产值", "per_mu_required": "亩均产出要求",
                "uplift": "远期亩均要求提高比例"}  # fmt: skip
_LAND_CHECKS = {"greater_than": "应大于{gt}", "greater_than_equal": "应不小于{ge}",
                "less_than": "应小于{lt}", "less_than_equal": "应不大于{le}",
                "finite_number": "应为有限数值"}  # fmt: skip


def _land_problem_zh(error: Any, form: dict[str, str]) -> str:
    """A validation error of the land grid in Chinese: which industry, year and figure,
    and what it should be ("行业“装备”2025年亩均产出要求：应大于0")."""
    names = [form.get(f"name{k}", "").strip() for k in range(LAND_ROWS)]
    names = [n for n in names if n]
    industry, year, field = "", "", ""
    loc = list(error.get("loc", ()))
    for i, key in enumerate(loc):
        if isinstance(key, int) and i > 0 and loc[i - 1] == "industries":
            industry = f"行业“{names[key]}”" if key < len(names) else f"第{key + 1}个行业"
        elif isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
            year = f"{key}年"
        elif key in _LAND_FIELDS:
            field = _LAND_FIELDS[key]
    check = _LAND_CHECKS.get(error.get("type", ""))
    reason = check.format(**error.get("ctx", {})) if check else f"输入有误（{error.get('msg')}）"
    return f"{industry}{year}{field}：{reason}"


@router.get("/land", response_class=HTMLResponse)
def land_page(request: Request, actor: Viewer) -> Response:
    from planwatch.demo import SAMPLES
    from planwatch.land.input import read_land_input

    sample = read_land_input(SAMPLES / "land_forecast.yaml")
    return _pages(request).render(request, "land.html.j2", sample=sample, rows=LAND_ROWS,
                                  result=None, error="")  # fmt: skip


@router.post("/land", response_class=HTMLResponse)
async def land_calculate(request: Request, actor: Changer) -> Response:
    from pydantic import ValidationError

    from planwatch.catalog import UnitError
    from planwatch.errors import error_location, text_of
    from planwatch.land.forecast import LandInputError, forecast

    form = {k: str(v) for k, v in (await request.form()).items()}
    lang = _lang(request)
    try:
        result = forecast(_land_input(form))
    except ValidationError as exc:
        first = exc.errors()[0]
        message = f"{error_location(tuple(first['loc']))}: {first['msg']}"
        if lang == "zh":
            message = _land_problem_zh(first, form)
        return _pages(request).render(request, "land_result.html.j2", status=422, result=None,
                                      error=message)  # fmt: skip
    except (ValueError, approval.Rejected, LandInputError, UnitError) as exc:
        # shown in place of the result (htmx swaps a 422), never as a whole error page
        return _pages(request).render(request, "land_result.html.j2", status=422, result=None,
                                      error=text_of(exc, lang))  # fmt: skip
    return _pages(request).render(request, "land_result.html.j2", result=result, error="")


@router.get("/plans/{plan_id}/projects", response_class=HTMLResponse)
def projects_page(
    request: Request, plan_id: PlanId, actor: Viewer, year: YearQ = None, export: str = ""
) -> Response:
    from planwatch.operations import project_report

    view = overview.plan_view(request.app.state.engine, actor, str(plan_id), year)
    rows, totals = project_report(request.app.state.engine, str(plan_id), view.year)
    if export == "xlsx":
        t = words(_lang(request))
        return _xlsx(f"{view.plan.document}_{view.year}_重点项目.xlsx", t["projects"],
                     [t["project"], t["type"], t["unit"], t["planned_investment"], t["invested"],
                      t["completion"], t["time_progress"], t["overdue"], t["status"]],
                     [[p.name, p.type, p.money_unit, p.planned, p.invested, p.completion,
                       p.expected_completion, "是" if p.behind_schedule else "", p.status]
                      for p in rows])  # fmt: skip
    return _pages(request).render(request, "projects.html.j2", view=view, rows=rows,
                                  totals=totals)  # fmt: skip


@router.get("/plans/{plan_id}/export")
def plan_export(request: Request, plan_id: PlanId, actor: Viewer, year: YearQ = None) -> Response:
    """The plan page's table as .xlsx: every indicator and region with its figures."""

    view = overview.plan_view(request.app.state.engine, actor, str(plan_id), year)
    t = words(_lang(request))
    headers = [t["indicator"], t["region"], t["attribute"], t["unit"], t["base"], t["target"],
               t["actual"], t["time_progress"], t["task_progress"], t["needed"], t["status"],
               t["class"]]  # fmt: skip
    rows = []
    for r in view.rows:
        a = r.assessment
        rows.append([r.track.indicator, r.track.region, r.attribute or "", r.track.unit,
                     r.track.baseline, r.track.target, a.actual, a.time_progress,
                     a.task_progress, a.required_growth, a.status.value,
                     CLASSES[r.klass][0]])  # fmt: skip
    return _xlsx(f"{view.plan.document}_{view.year}.xlsx", str(view.year), headers, rows)


@router.get("/public/plans/{plan_id}", response_class=HTMLResponse)
def public_plan(request: Request, plan_id: PlanId, year: YearQ = None) -> Response:
    """A plan an admin has published: its statuses, readable without signing in."""
    view = overview.public_view(request.app.state.engine, str(plan_id), year)
    return _pages(request).render(request, "public_plan.html.j2", view=view)


# -- actuals as a sheet ------------------------------------------------------------------


@router.get("/plans/{plan_id}/template")
def template_download(
    request: Request, plan_id: PlanId, actor: Viewer, year: YearQ = None
) -> Response:
    """The sheet to fill in for a year (as `planwatch template` writes it)."""
    from planwatch.operations import write_template

    view = overview.plan_view(request.app.state.engine, actor, str(plan_id), year)
    engine, name = request.app.state.engine, f"{view.plan.document}_{view.year}实际值.xlsx"
    return _download(name, lambda path: write_template(engine, str(plan_id), view.year, path))


@router.post("/values/preview", response_class=HTMLResponse)
async def values_preview(request: Request, actor: Changer) -> Response:
    form, name, data = await _uploaded(request, "choose a filled-in sheet", "values.xlsx",
                                       zh="请选择已填写的表格")  # fmt: skip
    preview = await run_in_threadpool(approval.preview_values, request.app.state.engine, actor,
                                      name, data)  # fmt: skip
    # the sheet's problems in the page's language, where the template lists them
    shown = preview.model_copy(update={"errors": preview.problems(_lang(request))})
    return _pages(request).render(request, "values_preview.html.j2", preview=shown,
                                  back=str(form.get("back") or "/"))  # fmt: skip


@router.post("/values/import/{token}")
def values_import(request: Request, token: str, actor: Changer,
                  back: Annotated[str, Form()] = "/") -> Response:  # fmt: skip
    approval.import_values(request.app.state.engine, actor, token)
    return RedirectResponse(_safe_next(back), status_code=303)
