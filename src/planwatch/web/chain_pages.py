"""The industrial chain pages (产业链图谱) and the project admission check (项目准入).

As in `pages`: each route reads what the service layer (`planwatch.chains`) gives and
hands it to a template; no rule or number is made here. A map is made from an
uploaded enterprise file and kept in the store; its page shows one chain at a time,
for the whole population or one region.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from planwatch.approval import Forbidden, role_label
from planwatch.errors import ArgumentError, InputError, PlanwatchError
from planwatch.models.access import WRITERS, Actor
from planwatch.store.plans import NotFound
from planwatch.web.pages import (
    MAX_ID,
    Changer,
    PlanId,
    Viewer,
    _download,
    _lang,
    _pages,
    _uploaded,
)
from planwatch.web.words import words

router = APIRouter(include_in_schema=False)
FIRM_TYPES = (".xlsx", ".csv", ".parquet")
PROJECT_TYPES = (".yaml", ".yml", ".xlsx", ".csv")
YAML_TYPES = (".yaml", ".yml")
LINK_ROWS = 100  # enterprises of a link on one page
Offset = Annotated[int, Query(ge=0, le=MAX_ID)]


class Refused(Exception):
    """A form that cannot be used as sent: the message is shown above the form, in the
    page's language (`zh` and `details_zh` on a Chinese page, where given)."""

    def __init__(self, message: str, details: list[str] | None = None, zh: str | None = None,
                 details_zh: list[str] | None = None) -> None:  # fmt: skip
        super().__init__(message)
        self.message, self.details = message, list(details or [])
        self.zh, self.details_zh = zh or None, list(details_zh or [])

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" and self.zh else self.message

    def shown(self, lang: str) -> Refused:
        """The refusal as a page in `lang` shows it: its `message` and `details` (the
        templates read those two) in that language."""
        whole = len(self.details_zh) == len(self.details)
        lines = self.details_zh if lang == "zh" and whole else self.details
        return Refused(self.text(lang), lines)


def refused(exc: PlanwatchError) -> Refused:
    """A service error as a refusal of the form, in both languages."""
    return Refused(str(exc), exc.detail_lines("en"), exc.zh, exc.detail_lines("zh"))


def _told(exc: InputError | ArgumentError, folder: FilePath) -> Refused:
    """A service error as the user should read it: the upload's own name, not the
    temporary folder it was read from."""
    inside = re.compile(re.escape(f"{folder}/") + r"[^/]+/")

    def plain(text: str) -> str:
        return inside.sub("", text)

    return Refused(plain(str(exc)), [plain(d) for d in exc.detail_lines("en")],
                   plain(exc.zh) if exc.zh else None,
                   [plain(d) for d in exc.detail_lines("zh")])  # fmt: skip


async def _file(form: Any, field: str) -> tuple[str, bytes] | None:
    """(name, bytes) of an optional file field; None when no file was chosen."""
    sent = form.get(field)
    if not isinstance(sent, UploadFile) or not sent.filename:
        return None
    return FilePath(sent.filename).name, await sent.read()


def _save(folder: FilePath, sub: str, name: str, body: bytes, types: tuple[str, ...]) -> FilePath:
    """The upload written under `folder` (a folder of its own, so two uploads of the
    same name do not meet); Refused for a type the reader does not take."""
    if FilePath(name).suffix.lower() not in types:
        raise Refused(f"{name}: use {', '.join(types)}",
                      zh=f"{name}：请使用{'、'.join(types)}格式的文件")  # fmt: skip
    (folder / sub).mkdir()
    path = folder / sub / name
    path.write_bytes(body)
    return path


def _year(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not 1900 <= int(text) <= 2200:
        raise Refused(f"year: '{text}' is not a year", zh=f"年份：“{text}”不是有效年份")
    return int(text)


# -- chain maps -----------------------------------------------------------------------


@router.get("/chains", response_class=HTMLResponse)
def chains_page(request: Request, actor: Viewer) -> Response:
    return _list(request, actor)


def _list(request: Request, actor: Actor, status: int = 200, error: Refused | None = None,
          asked: dict[str, str] | None = None) -> Response:  # fmt: skip
    from planwatch.chains.files import EXAMPLES
    from planwatch.chains.stored import maps

    shown = error.shown(_lang(request)) if error else None
    return _pages(request).render(
        request, "chains.html.j2", status=status, maps=maps(request.app.state.engine, actor),
        examples=EXAMPLES, can_run=actor.role in WRITERS, error=shown, asked=asked or {},
    )  # fmt: skip


@router.post("/chains")
async def chains_make(request: Request, actor: Changer) -> Response:
    if actor.role not in WRITERS:  # said before the upload is read and mapped
        raise Forbidden(f"a {actor.role.value} cannot keep chain maps",
                        zh=f"{role_label(actor.role)}无权保存产业链图谱")  # fmt: skip
    form, name, body = await _uploaded(request, "choose an enterprise file", "enterprises.xlsx",
                                       zh="请选择企业数据文件")  # fmt: skip
    asked = {k: str(form.get(k) or "") for k in ("chains", "standards", "year")}
    chain_file = await _file(form, "chains_file")
    standards_file = await _file(form, "standards_file")
    try:
        map_id = await run_in_threadpool(_make_map, request, actor, FilePath(name).name, body,
                                         chain_file, standards_file, asked)  # fmt: skip
    except Refused as exc:
        return _list(request, actor, 422, exc, asked)
    return RedirectResponse(f"/chains/{map_id}", status_code=303)


def _make_map(
    request: Request, actor: Actor, name: str, body: bytes, chain_file: tuple[str, bytes] | None,
    standards_file: tuple[str, bytes] | None, asked: dict[str, str],
) -> int:  # fmt: skip
    from planwatch.chains.files import EXAMPLES, read_chains, read_standards
    from planwatch.chains.maps import build_map, region_reports
    from planwatch.chains.stored import store_map
    from planwatch.permu.data import read_enterprises

    year = _year(asked["year"])
    with tempfile.TemporaryDirectory(prefix="planwatch-chains-") as where:
        folder = FilePath(where)
        try:
            path = _save(folder, "firms", name, body, FIRM_TYPES)
            if chain_file is not None:
                chains = read_chains(_save(folder, "chains", *chain_file, YAML_TYPES))
            elif asked["chains"] in EXAMPLES:
                chains = read_chains(asked["chains"])
            else:
                raise Refused("choose an example chain file or upload one (YAML)",
                              zh="请选择示例产业链文件，或上传产业链文件（YAML）")  # fmt: skip
            standards = None
            if standards_file is not None:
                standards = read_standards(_save(folder, "standards", *standards_file, YAML_TYPES))
            elif asked["standards"] == "example":
                standards = read_standards("example")
            elif asked["standards"] == "upload":
                raise Refused("choose a standards file to upload (YAML)",
                              zh="请选择要上传的准入标准文件（YAML）")  # fmt: skip
            frame = read_enterprises(path, year)
            run = build_map(frame, chains, standards=standards, year=year)
            regions = region_reports(frame, chains, standards=standards, year=year)
        except (InputError, ArgumentError) as exc:
            raise _told(exc, folder) from None
    info = store_map(request.app.state.engine, actor, run, chains, name, regions)
    return info.id


def _kept(request: Request, actor: Actor, map_id: int, region: str) -> Any:
    from planwatch.chains.stored import map_report

    return map_report(request.app.state.engine, actor, map_id, region or None)


@router.get("/chains/{map_id}", response_class=HTMLResponse)
def chain_map_page(
    request: Request, map_id: PlanId, actor: Viewer, chain: str = "", region: str = ""
) -> Response:
    from planwatch.chains.chart import GAP_COLOURS, chain_option, chart_height
    from planwatch.chains.maps import GAPS_TO_FILL

    kept = _kept(request, actor, map_id, region)
    report = kept.report
    shown = _chain(report, chain)
    specs = {c.name: c for c in kept.chains.chains}
    targets = [x for x in report.targets if x.chain == shown.name]
    return _pages(request).render(
        request, "chain_map.html.j2", kept=kept, report=report, chain=shown, region=region,
        option=chain_option(shown, specs.get(shown.name)), height=chart_height(shown),
        colours=GAP_COLOURS, gaps=[x for x in shown.links if x.gap in GAPS_TO_FILL],
        targets=targets,
    )  # fmt: skip


def _chain(report: Any, name: str) -> Any:
    """The chain asked for, or the map's first."""
    for c in report.chains:
        if c.name == name or not name:
            return c
    raise NotFound(f"no chain '{name}' in this map", zh=f"该图谱中没有产业链“{name}”")


@router.get("/chains/{map_id}/links", response_class=HTMLResponse)
def chain_link_page(
    request: Request, map_id: PlanId, actor: Viewer, chain: str, link: str,
    offset: Offset = 0, region: str = "",
) -> Response:  # fmt: skip
    from planwatch.chains.stored import link_firms

    firms, total = link_firms(request.app.state.engine, actor, map_id, chain, link, offset,
                              LINK_ROWS, region or None)  # fmt: skip
    kept = _kept(request, actor, map_id, region)
    shown = _chain(kept.report, chain)
    figures = next((x for x in shown.links if x.link == link), None)
    t = words(_lang(request))
    rows = [(f, _matched(f.matched_by, t)) for f in firms]
    return _pages(request).render(
        request, "chain_link.html.j2", kept=kept, chain=shown, link=link, figures=figures,
        rows=rows, total=total, offset=offset, page_rows=LINK_ROWS, region=region,
    )  # fmt: skip


def _matched(how: str, t: dict[str, str]) -> str:
    """'code 34 + keyword 轴承' in the page's language."""
    return how.replace("code ", f"{t['by_code']} ").replace("keyword ", f"{t['by_keyword']} ")


@router.get("/chains/{map_id}/map.xlsx")
def chain_map_xlsx(request: Request, map_id: PlanId, actor: Viewer, region: str = "") -> Response:
    return _map_file(request, actor, map_id, region, ".xlsx")


@router.get("/chains/{map_id}/map.html")
def chain_map_html(request: Request, map_id: PlanId, actor: Viewer, region: str = "") -> Response:
    return _map_file(request, actor, map_id, region, ".html")


def _map_file(request: Request, actor: Actor, map_id: int, region: str, ext: str) -> Response:
    from planwatch.chains.outputs import write_map

    kept = _kept(request, actor, map_id, region)
    name = f"产业链图谱_{map_id}{f'_{region}' if region else ''}{ext}"
    return _download(name, lambda path: write_map(kept.report, path, kept.chains))


# -- project admission ----------------------------------------------------------------


@router.get("/projects/check", response_class=HTMLResponse)
def project_check_page(request: Request, actor: Viewer, map_id: str = "") -> Response:
    return _check_page(request, actor, asked={"map_id": map_id, "standards": "example"})


def _check_page(request: Request, actor: Actor, status: int = 200, **context: Any) -> Response:
    from planwatch.chains.chart import GAP_COLOURS
    from planwatch.chains.stored import checks, maps

    engine = request.app.state.engine
    context = {"result": None, "error": None, "kept": None, "asked": {}} | context
    if context["error"] is not None:
        context["error"] = context["error"].shown(_lang(request))
    return _pages(request).render(
        request, "project_check.html.j2", status=status, maps=maps(engine, actor),
        latest=[k.check for k in checks(engine, actor, limit=50)],
        can_keep=actor.role in WRITERS,
        colours=GAP_COLOURS, **context,
    )  # fmt: skip


@router.post("/projects/check", response_class=HTMLResponse)
async def project_check(request: Request, actor: Changer) -> Response:
    form, name, body = await _uploaded(request, "choose a projects file", "projects.yaml",
                                       zh="请选择拟引进项目文件")  # fmt: skip
    asked = {k: str(form.get(k) or "") for k in ("standards", "map_id", "forecast_land")}
    standards_file = await _file(form, "standards_file")
    try:
        result, kept = await run_in_threadpool(_check, request, actor, FilePath(name).name, body,
                                               standards_file, asked)  # fmt: skip
    except Refused as exc:
        return _check_page(request, actor, 422, error=exc, asked=asked)
    return _check_page(request, actor, result=result, kept=kept, asked=asked)


def _check(
    request: Request, actor: Actor, name: str, body: bytes,
    standards_file: tuple[str, bytes] | None, asked: dict[str, str],
) -> tuple[Any, int | None]:  # fmt: skip
    """The check of the uploaded projects, and how many were kept (None: not kept)."""
    from planwatch.chains.checks import check_projects
    from planwatch.chains.files import read_projects, read_standards
    from planwatch.chains.stored import map_report, store_checks

    engine = request.app.state.engine
    land = _land(asked["forecast_land"])
    chain_map = None
    if asked["map_id"]:
        if not asked["map_id"].isdigit() or not 1 <= int(asked["map_id"]) <= MAX_ID:
            raise Refused(f"no chain map '{asked['map_id']}'",
                          zh=f"未找到产业链图谱：{asked['map_id']}")  # fmt: skip
        chain_map = map_report(engine, actor, int(asked["map_id"]))
    with tempfile.TemporaryDirectory(prefix="planwatch-projects-") as where:
        folder = FilePath(where)
        try:
            projects = read_projects(_save(folder, "projects", name, body, PROJECT_TYPES))
            if standards_file is not None:
                standards = read_standards(_save(folder, "standards", *standards_file, YAML_TYPES))
            elif asked["standards"] == "example":
                standards = read_standards("example")
            else:
                raise Refused("choose the example standards or upload a standards file (YAML)",
                              zh="请选择示例准入标准，或上传准入标准文件（YAML）")  # fmt: skip
        except (InputError, ArgumentError) as exc:
            raise _told(exc, folder) from None
    if chain_map is None:
        report = check_projects(projects, standards, forecast_land=land)
    else:
        r = chain_map.report
        report = check_projects(
            projects, standards, totals=(r.tax_total, r.land_total), chains=chain_map.chains,
            chain_map=r, forecast_land=land,
        )  # fmt: skip
    kept = store_checks(engine, actor, report, name) if actor.role in WRITERS else None
    return report, kept


def _land(text: str) -> float | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise Refused(f"forecast land: '{text}' is not a number",
                      zh=f"规划预测新增用地：“{text}”不是数字") from None  # fmt: skip
    if not 0 <= value < 1e9:
        raise Refused(f"forecast land: '{text}' is not a number of mu",
                      zh=f"规划预测新增用地：“{text}”不是有效的亩数")  # fmt: skip
    return value
