"""The enterprise early warning pages (企业四色预警).

As in `pages`: each route reads what the service layer (`planwatch.warn`) gives and
hands it to a template; no rule or number is made here. A month's list is made from
an uploaded monthly file and kept in the store; its page shows the enterprises a
page at a time, filtered in the database; an enterprise's page shows its history
and the help recorded, and lets the editors of its town record more.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from planwatch.approval import Forbidden, role_label
from planwatch.errors import ArgumentError, InputError
from planwatch.models.access import WRITERS, Actor
from planwatch.models.warn import MONTH, STATUSES
from planwatch.store.plans import NotFound
from planwatch.web.chain_pages import FIRM_TYPES, Offset, Refused, _save, _told, refused
from planwatch.web.pages import Changer, PlanId, Viewer, _lang, _pages, _uploaded, _xlsx
from planwatch.web.words import words

router = APIRouter(include_in_schema=False)
LIST_ROWS = 100  # enterprises of a month's list on one page
CHANGES = ("new", "raised", "lowered", "cleared", "same")
# the statuses' colours, as the page's chips (app.css .st-*) show them
COLOURS = {"green": "#2e7d32", "yellow": "#f9a825", "orange": "#ef6c00", "red": "#c62828",
           "missing": "#9e9e9e"}  # fmt: skip
StatusQ = Annotated[str, Query(pattern="^(|green|yellow|orange|red|missing)$")]
ChangeQ = Annotated[str, Query(pattern="^(|new|raised|lowered|cleared|same)$")]
Code = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[0-9A-Za-z]+$")]


def _preset(name: str) -> Any:
    from planwatch.warn.schemes import preset

    return preset(name)


def _labels(scheme: str | None) -> dict[str, str]:
    from planwatch.warn.report import scheme_labels

    return scheme_labels(scheme)


# -- the kept lists -------------------------------------------------------------------


@router.get("/warnings", response_class=HTMLResponse)
def warnings_page(request: Request, actor: Viewer) -> Response:
    return _list(request, actor)


def _list(request: Request, actor: Actor, status: int = 200, error: Refused | None = None,
          asked: dict[str, str] | None = None) -> Response:  # fmt: skip
    from planwatch import enterprises
    from planwatch.warn import PRESETS
    from planwatch.warn.stored import runs, trend

    engine, lang = request.app.state.engine, _lang(request)
    t = words(lang)
    return _pages(request).render(
        request, "warnings.html.j2", status=status, runs=runs(engine, actor),
        option=_trend_option(trend(engine, actor), t), schemes=PRESETS,
        permu_runs=enterprises.runs(engine, actor), can_run=actor.role in WRITERS,
        error=error.shown(lang) if error else None, asked=asked or {}, statuses=STATUSES,
    )  # fmt: skip


def _trend_option(months: list[Any], t: dict[str, str]) -> dict[str, Any]:
    """An ECharts option: enterprises by status per month, stacked bars (green left out
    until its legend entry is clicked: it would dwarf the rest)."""
    series = [{"name": t[f"st_{s}"], "type": "bar", "stack": "status",
               "data": [m.counts.get(s, 0) for m in months], "itemStyle": {"color": COLOURS[s]}}
              for s in STATUSES]  # fmt: skip
    return {
        "animation": False, "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "selected": {t["st_green"]: False}},
        "grid": {"left": 8, "right": 16, "top": 36, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": [m.month for m in months]},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": series,
    }  # fmt: skip


@router.post("/warnings")
async def warnings_make(request: Request, actor: Changer) -> Response:
    if actor.role not in WRITERS:  # said before the upload is read and evaluated
        raise Forbidden(f"a {actor.role.value} cannot keep warning lists",
                        zh=f"{role_label(actor.role)}无权保存预警名单")  # fmt: skip
    form, name, body = await _uploaded(request, "choose a monthly file", "monthly.xlsx",
                                       zh="请选择月度数据文件")  # fmt: skip
    asked = {k: str(form.get(k) or "").strip() for k in ("scheme", "month", "grades")}
    try:
        run_id = await run_in_threadpool(_make_list, request, actor, FilePath(name).name, body,
                                         asked)  # fmt: skip
    except Refused as exc:
        return _list(request, actor, 422, exc, asked)
    return RedirectResponse(f"/warnings/{run_id}", status_code=303)


def _make_list(request: Request, actor: Actor, name: str, body: bytes,
               asked: dict[str, str]) -> int:  # fmt: skip
    from planwatch.permu.data import read_enterprises
    from planwatch.warn import PRESETS
    from planwatch.warn.engine import evaluate
    from planwatch.warn.fields import MONTHLY
    from planwatch.warn.stored import store_run

    scheme = asked["scheme"] or PRESETS[0]
    if scheme not in PRESETS:
        raise Refused(f"scheme: '{scheme}' is not a preset ({', '.join(PRESETS)})",
                      zh=f"预警方案：“{scheme}”不是预设方案（{'、'.join(PRESETS)}）")  # fmt: skip
    month = asked["month"] or None
    if month is not None and not MONTH.match(month):
        raise Refused(f"month: '{month}' is not a month (2024-03)",
                      zh=f"月份：“{month}”不是有效月份（格式如 2024-03）")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="planwatch-warn-") as where:
        folder = FilePath(where)
        try:
            panel = read_enterprises(_save(folder, "monthly", name, body, FIRM_TYPES), None,
                                     MONTHLY)  # fmt: skip
        except (InputError, ArgumentError) as exc:
            raise _told(exc, folder) from None
    months = panel["month"].drop_nulls().unique().sort().to_list()
    if month is not None and month not in months:
        shown = f"{months[0]} … {months[-1]}" if months else "—"
        raise Refused(f"month {month}: {name} has no rows for it ({shown})",
                      zh=f"月份{month}：{name}中没有该月的数据（{shown}）")  # fmt: skip
    grades = _grades(request, actor, asked.get("grades", ""))
    try:
        run = evaluate(panel, _preset(scheme), month, grades)
    except ArgumentError as exc:
        raise refused(exc) from None
    return store_run(request.app.state.engine, actor, run, name).id


def _grades(request: Request, actor: Actor, asked: str) -> Any:
    """The per-mu grades of a kept evaluation the user chose, for rules on `grade`."""
    if not asked:
        return None
    if not asked.isdigit():
        raise Refused(f"grades: '{asked}' is not an evaluation",
                      zh=f"亩均评价等级：“{asked}”不是有效的评价")  # fmt: skip
    from planwatch import enterprises

    try:
        return enterprises.run_frame(request.app.state.engine, actor, int(asked))
    except NotFound as exc:
        raise refused(exc) from None


# -- a month's list -------------------------------------------------------------------


def _filters(status: str, region: str, industry: str, change: str) -> dict[str, str]:
    return {"status": status, "region": region, "industry": industry.strip(), "change": change}


def _link(filters: dict[str, str], **changed: object) -> str:
    """The query string of the filters with `changed` (empty values left out)."""
    merged = {**filters, **{k: str(v) for k, v in changed.items()}}
    return urlencode({k: v for k, v in merged.items() if v not in ("", "0")})


@router.get("/warnings/enterprise/{credit_code}", response_class=HTMLResponse)
def warning_firm_page(request: Request, credit_code: Code, actor: Viewer) -> Response:
    return _firm(request, actor, credit_code)


@router.get("/warnings/{run_id}", response_class=HTMLResponse)
def warning_run_page(
    request: Request, run_id: PlanId, actor: Viewer, status: StatusQ = "", region: str = "",
    industry: str = "", change: ChangeQ = "", offset: Offset = 0,
) -> Response:  # fmt: skip
    from planwatch.warn import PRESETS, listing
    from planwatch.warn.report import reasons_text

    engine = request.app.state.engine
    q = _filters(status, region, industry, change)
    info = listing.run_info(engine, actor, run_id)
    rows, total = listing.flags_page(engine, actor, run_id, status or None, region or None,
                                     q["industry"] or None, change or None, offset,
                                     LIST_ROWS)  # fmt: skip
    counts = listing.flag_counts(engine, actor, run_id, region or None, q["industry"] or None,
                                 change or None)  # fmt: skip
    names = _labels(info.scheme)
    t = words(_lang(request))
    return _pages(request).render(
        request, "warning_run.html.j2", info=info, total=total, counts=counts,
        rows=[(r, reasons_text(r.reasons, names, r.status)) for r in rows],
        regions=listing.run_regions(engine, actor, run_id),
        industries=listing.run_industries(engine, actor, run_id),
        example=info.scheme in PRESETS and _preset(info.scheme).example,
        option=_regions_option(counts.by_region, t), filters=q, link=lambda **c: _link(q, **c),
        offset=offset, page_rows=LIST_ROWS, statuses=STATUSES, changes=CHANGES,
    )  # fmt: skip


def _regions_option(by_region: dict[str, dict[str, int]], t: dict[str, str]) -> dict[str, Any]:
    """An ECharts option: the enterprises warned of in each region, by level, stacked."""
    regions = list(by_region)
    series = [{"name": t[f"st_{s}"], "type": "bar", "stack": "status",
               "data": [by_region[r][s] for r in regions], "itemStyle": {"color": COLOURS[s]}}
              for s in STATUSES if s != "green"]  # fmt: skip
    return {
        "animation": False, "tooltip": {"trigger": "axis"}, "legend": {"top": 0},
        "grid": {"left": 8, "right": 16, "top": 30, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "data": regions, "inverse": True},
        "series": series,
    }  # fmt: skip


@router.get("/warnings/{run_id}/list.xlsx")
def warning_list_xlsx(
    request: Request, run_id: PlanId, actor: Viewer, status: StatusQ = "", region: str = "",
    industry: str = "", change: ChangeQ = "",
) -> Response:  # fmt: skip
    """The month's list, filtered as on the page, every enterprise with its reasons."""
    from planwatch.catalog.industries import division_label
    from planwatch.warn import listing
    from planwatch.warn.report import reasons_text

    engine = request.app.state.engine
    info = listing.run_info(engine, actor, run_id)
    rows, _ = listing.flags_page(engine, actor, run_id, status or None, region or None,
                                 industry.strip() or None, change or None, 0, None)  # fmt: skip
    names = _labels(info.scheme)
    t = words(_lang(request))
    headers = [t["status"], t["firm"], t["credit_code"], t["region"], t["park"], t["industry"],
               t["since"], t["change_month"], t["previous"], t["reasons"]]  # fmt: skip
    table = [[t[f"st_{r.status}"], r.name, r.credit_code, r.region, r.park,
              division_label(r.industry_code or None), r.since, t[f"ch_{r.change}"],
              t[f"st_{r.previous}"] if r.previous else "",
              reasons_text(r.reasons, names, r.status)] for r in rows]  # fmt: skip
    return _xlsx(f"预警名单_{info.month}_{run_id}.xlsx", info.month, headers, table)


# -- an enterprise ----------------------------------------------------------------------


def _firm(
    request: Request, actor: Actor, code: str, status: int = 200, error: Refused | None = None,
    asked: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    from planwatch.warn.report import reasons_text
    from planwatch.warn.stored import help_records, history, may_help

    engine, lang = request.app.state.engine, _lang(request)
    months = history(engine, actor, code)
    if not months:
        raise NotFound(f"{code}: on no warning list you may see",
                       zh=f"{code}：不在您可查看的任何预警名单中")  # fmt: skip
    names = _labels(None)
    last = months[-1]
    t = words(lang)
    return _pages(request).render(
        request, "warning_firm.html.j2", status=status, code=code.strip().upper(), last=last,
        months=[(m, reasons_text(m.reasons, names, m.status)) for m in reversed(months)],
        helped=help_records(engine, code), option=_status_option(months, t),
        can_help=actor.role in WRITERS and may_help(engine, actor, code),
        error=error.shown(lang) if error else None,
        asked=asked or {"helped_on": dt.date.today().isoformat()},
    )  # fmt: skip


def _status_option(months: list[Any], t: dict[str, str]) -> dict[str, Any]:
    """An ECharts option: the enterprise's status month by month, a step line over the
    levels with each month's point in its status's colour."""
    order = ("missing", *(s for s in STATUSES if s != "missing"))
    rank = {s: i for i, s in enumerate(order)}
    points = [{"value": rank[m.status], "itemStyle": {"color": COLOURS[m.status]}}
              for m in months]  # fmt: skip
    return {
        "animation": False,
        "grid": {"left": 8, "right": 16, "top": 16, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": [m.month for m in months]},
        "yAxis": {"type": "category", "data": [t[f"st_{s}"] for s in order]},
        "series": [{"type": "line", "step": "middle", "data": points, "symbol": "circle",
                    "symbolSize": 12,
                    "lineStyle": {"color": "#9e9e9e"}}],
    }  # fmt: skip


@router.post("/warnings/enterprise/{credit_code}/help")
async def warning_help(request: Request, credit_code: Code, actor: Changer) -> Response:
    from planwatch.warn.stored import add_help, history, may_help

    engine = request.app.state.engine
    months = history(engine, actor, credit_code)
    if not months:
        raise NotFound(f"{credit_code}: on no warning list you may see",
                       zh=f"{credit_code}：不在您可查看的任何预警名单中")  # fmt: skip
    if actor.role not in WRITERS or not may_help(engine, actor, credit_code):
        raise Forbidden(f"{months[-1].name} is not in your regions: you cannot record its help",
                        zh=f"{months[-1].name}不在您的管辖地区内，无权记录其帮扶情况")  # fmt: skip
    form = await request.form()
    asked = {k: str(form.get(k) or "").strip() for k in ("helper", "helped_on", "action")}
    resolved = str(form.get("resolved") or "") in ("on", "true", "1", "yes")
    try:
        if not asked["helper"] or not asked["action"]:
            raise Refused("help needs who gave it and what was done",
                          zh="请填写帮扶人和帮扶措施")  # fmt: skip
        day = _day(asked["helped_on"])
        add_help(engine, actor, credit_code, asked["helper"], asked["action"], day, resolved)
    except ArgumentError as exc:
        return _firm(request, actor, credit_code, 422, refused(exc), asked)
    except Refused as exc:
        return _firm(request, actor, credit_code, 422, exc, asked)
    return RedirectResponse(f"/warnings/enterprise/{credit_code.strip().upper()}",
                            status_code=303)  # fmt: skip


def _day(text: str) -> dt.date | None:
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise Refused(f"date: '{text}' is not a date (2024-12-20)",
                      zh=f"日期：“{text}”不是有效日期（格式如 2024-12-20）") from None  # fmt: skip
    if day > dt.date.today():
        raise Refused(f"date: {text} is in the future", zh=f"日期：{text}晚于今天")
    return day
