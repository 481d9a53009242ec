"""Chain maps and project checks kept in the store, for the web app and for later
years: kept all or nothing, listed and read back for the user's regions (a map made
from the command line belongs to no region: every signed-in user sees it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel
from sqlalchemy import Engine, func, insert, or_, select
from sqlalchemy.orm import Session, defer, selectinload

from planwatch.approval import Forbidden, role_label
from planwatch.models.access import WRITERS, Actor
from planwatch.models.chains import ChainFile, CheckReport, MapReport, ProjectCheck
from planwatch.store.audit_log import log
from planwatch.store.db import reading, write
from planwatch.store.plans import NotFound
from planwatch.store.schema import (
    ChainAssignment,
    ChainLinkRow,
    ChainMapRun,
    ChainRow,
    ProjectCheckRow,
)

if TYPE_CHECKING:
    from planwatch.chains.maps import MapRun

BATCH = 5_000


class MapInfo(BaseModel):
    id: int
    title: str
    year: int | None
    file_name: str
    created_by: str
    created_at: str
    chains: list[str]


class KeptCheck(BaseModel):
    check: ProjectCheck
    file_name: str
    created_by: str
    created_at: str


class LinkFirm(BaseModel):
    credit_code: str
    name: str
    region: str
    matched_by: str


def _may_write(actor: Actor | None, what: str, what_zh: str) -> None:
    """Only writers keep maps and checks; `what` is said in English and Chinese."""
    if actor is not None and actor.role not in WRITERS:
        raise Forbidden(f"a {actor.role.value} cannot {what}",
                        zh=f"{role_label(actor.role)}无权{what_zh}")  # fmt: skip


def _visible(actor: Actor | None, region_id: int | None) -> bool:
    return actor is None or region_id is None or actor.covers(region_id)


def chains_yaml(chains: ChainFile) -> str:
    data = chains.model_dump(mode="json", exclude_defaults=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def store_map(
    engine: Engine,
    actor: Actor | None,
    run: MapRun,
    chains: ChainFile,
    file_name: str,
    by_region: dict[str, MapReport] | None = None,
) -> MapInfo:
    """Keep a map, its chains and links, every assignment of its year, and the map of
    each region on its own."""
    _may_write(actor, "keep chain maps", "保存产业链图谱")
    report = run.report
    by_link = run.assignments().partition_by("chain", "link", as_dict=True)

    def work(session: Session) -> MapInfo:
        row = ChainMapRun(
            title=chains.title or "、".join(c.name for c in report.chains), year=report.year,
            file_name=file_name, chains_yaml=chains_yaml(chains),
            created_by=actor.name if actor else "(cli)",
            region_id=actor.region_id if actor else None, report=report.model_dump(mode="json"),
            by_region={k: v.model_dump(mode="json") for k, v in (by_region or {}).items()},
        )  # fmt: skip
        session.add(row)
        session.flush()
        records: list[dict[str, object]] = []
        for i, chain in enumerate(report.chains):
            c = ChainRow(map_id=row.id, position=i, name=chain.name, output=chain.output)
            session.add(c)
            session.flush()
            for j, link in enumerate(chain.links):
                x = ChainLinkRow(
                    chain_id=c.id, position=j, segment=link.segment, name=link.link,
                    codes=link.codes, keywords=link.keywords, gap=link.gap,
                )  # fmt: skip
                session.add(x)
                session.flush()
                firms = by_link.get((chain.name, link.link))
                if firms is None:
                    continue
                for code, name, region, how in firms.select(
                    "credit_code", "name", "region", "matched_by"
                ).iter_rows():
                    records.append({"link_id": x.id, "year": report.year, "credit_code": code,
                                    "name": name or "", "region": region or "",
                                    "matched_by": how})  # fmt: skip
                    if len(records) >= BATCH:
                        session.execute(insert(ChainAssignment), records)
                        records = []
        if records:
            session.execute(insert(ChainAssignment), records)
        new = {"chains": [c.name for c in report.chains], "year": report.year, "file": file_name}
        log(session, actor, "chain.map", "chain_map", row.id, row.region_id, None, new)
        return _info(row, [c.name for c in report.chains])

    return write(engine, work)


def _info(row: ChainMapRun, chains: list[str]) -> MapInfo:
    return MapInfo(id=row.id, title=row.title, year=row.year, file_name=row.file_name,
                   created_by=row.created_by,
                   created_at=row.created_at.isoformat() if row.created_at else "",
                   chains=chains)  # fmt: skip


def maps(engine: Engine, actor: Actor | None) -> list[MapInfo]:
    """The kept maps the actor sees, newest first: their headings and chain names only
    (a map's report and its regions' maps can be megabytes each; the list needs none)."""
    heavy = (ChainMapRun.report, ChainMapRun.by_region, ChainMapRun.chains_yaml)
    query = (select(ChainMapRun).options(*(defer(c) for c in heavy),
                                         selectinload(ChainMapRun.chains))
             .order_by(ChainMapRun.id.desc()))  # fmt: skip
    with reading(engine) as session:
        rows = session.scalars(query).all()
        return [_info(r, [c.name for c in r.chains]) for r in rows if _visible(actor, r.region_id)]


def _map(session: Session, actor: Actor | None, map_id: int) -> ChainMapRun:
    row = session.get(ChainMapRun, map_id)
    if row is None or not _visible(actor, row.region_id):
        raise NotFound(f"no chain map {map_id}", zh=f"未找到产业链图谱：{map_id}")
    return row


class KeptMap(BaseModel):
    info: MapInfo
    report: MapReport  # the whole population's, or the region's asked for
    chains: ChainFile
    regions: list[str]  # the regions with a map of their own


def map_report(
    engine: Engine, actor: Actor | None, map_id: int, region: str | None = None
) -> KeptMap:
    with reading(engine) as session:
        row = _map(session, actor, map_id)
        if region and region not in row.by_region:
            raise NotFound(f"no region '{region}' in chain map {map_id}",
                           zh=f"产业链图谱{map_id}中没有地区“{region}”")  # fmt: skip
        report = row.by_region[region] if region else row.report
        return KeptMap(
            info=_info(row, [c.name for c in row.chains]),
            report=MapReport.model_validate(report),
            chains=ChainFile.model_validate(yaml.safe_load(row.chains_yaml)),
            regions=sorted(row.by_region),
        )


def link_firms(
    engine: Engine, actor: Actor | None, map_id: int, chain: str, link: str,
    offset: int = 0, limit: int = 100, region: str | None = None,
) -> tuple[list[LinkFirm], int]:  # fmt: skip
    """A page of the enterprises on one link of a kept map (of one region, if given)."""
    with reading(engine) as session:
        _map(session, actor, map_id)
        link_id = session.scalar(
            select(ChainLinkRow.id).join(ChainRow)
            .where(ChainRow.map_id == map_id, ChainRow.name == chain, ChainLinkRow.name == link)
        )  # fmt: skip
        if link_id is None:
            raise NotFound(f"no link '{link}' in chain '{chain}' of map {map_id}",
                           zh=f"产业链图谱{map_id}的产业链“{chain}”中没有环节“{link}”")  # fmt: skip
        where = [ChainAssignment.link_id == link_id]
        if region:
            where.append(ChainAssignment.region == region)
        total = session.scalar(select(func.count()).select_from(ChainAssignment).where(*where))
        page = select(ChainAssignment).where(*where).order_by(ChainAssignment.id)
        rows = session.scalars(page.offset(offset).limit(limit)).all()
        return [LinkFirm(credit_code=r.credit_code, name=r.name, region=r.region,
                         matched_by=r.matched_by)
                for r in rows], int(total or 0)  # fmt: skip


def store_checks(engine: Engine, actor: Actor | None, report: CheckReport, file_name: str) -> int:
    """Keep each project's check; the number kept."""
    _may_write(actor, "keep project checks", "保存项目准入检查结果")

    def work(session: Session) -> int:
        for p in report.projects:
            session.add(ProjectCheckRow(
                name=p.name, industry_code=p.industry_code, verdict=p.verdict,
                file_name=file_name, created_by=actor.name if actor else "(cli)",
                region_id=actor.region_id if actor else None, detail=p.model_dump(mode="json"),
            ))  # fmt: skip
        log(session, actor, "project.check", "project_check", file_name,
            actor.region_id if actor else None, None,
            {"projects": len(report.projects), "file": file_name})  # fmt: skip
        return len(report.projects)

    return write(engine, work)


def checks(engine: Engine, actor: Actor | None, limit: int = 200) -> list[KeptCheck]:
    """The latest kept checks the user may see, newest first."""
    where = []
    if actor is not None and actor.regions is not None:
        where.append(or_(ProjectCheckRow.region_id.is_(None),
                         ProjectCheckRow.region_id.in_(actor.regions)))  # fmt: skip
    with reading(engine) as session:
        rows = session.scalars(
            select(ProjectCheckRow).where(*where).order_by(ProjectCheckRow.id.desc()).limit(limit)
        ).all()
        return [
            KeptCheck(check=ProjectCheck.model_validate(r.detail), file_name=r.file_name,
                      created_by=r.created_by,
                      created_at=r.created_at.isoformat() if r.created_at else "")
            for r in rows
        ]  # fmt: skip
