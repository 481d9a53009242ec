"""Warning lists and help records kept in the store: a month's list replaces an
earlier list of the same month and scheme (the history holds one list a month), an
enterprise's history month by month, the monthly counts, and the help given."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel
from sqlalchemy import Engine, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from planwatch.approval import Forbidden, role_label
from planwatch.errors import ArgumentError
from planwatch.models.access import WRITERS, Actor
from planwatch.models.warn import Reason, Status
from planwatch.store.audit_log import log
from planwatch.store.db import reading, write
from planwatch.store.schema import Region, WarnFlag, WarnHelp, WarnRun
from planwatch.store.users import ancestors, subtree
from planwatch.warn.engine import WarnRun as Evaluation
from planwatch.warn.report import counts

BATCH = 5_000


class RunInfo(BaseModel):
    id: int
    month: str
    scheme: str
    scheme_title: str
    file_name: str
    created_by: str
    created_at: str
    enterprises: int
    counts: dict[str, int]
    synthetic: bool


class MonthStatus(BaseModel):
    month: str
    status: Status
    since: str
    change: str
    reasons: list[Reason]
    name: str
    region: str


class HelpRecord(BaseModel):
    id: int
    credit_code: str
    name: str
    region: str
    month: str
    helper: str
    helped_on: str
    action: str
    resolved: bool
    recorded_by: str


def visible(session: Session, actor: Actor | None) -> list:  # type: ignore[type-arg]
    """Which lists a user sees: those kept without a region, for a region the user
    covers, or for a region above the user's (a county's list is its towns' list too:
    town officials are the ones who visit the firms)."""
    if actor is None or actor.regions is None:
        return []
    above = ancestors(session, actor.region_id) if actor.region_id is not None else frozenset()
    return [or_(WarnRun.region_id.is_(None), WarnRun.region_id.in_(actor.regions | above))]


def seen_regions(session: Session, actor: Actor | None, run_region: int | None) -> set[str] | None:
    """Whose rows of a list kept for `run_region` the actor sees, by the region names
    the monthly data gives: None for every row (the list's region is theirs, or it was
    kept without one); else the names of the regions they cover under it. A town's
    officials see their county's list, but only their own town's enterprises in it, as
    every other page scopes data to the user's regions."""
    if actor is None or actor.regions is None or run_region is None:
        return None
    if actor.covers(run_region):
        return None
    mine = actor.regions & subtree(session, run_region)
    if not mine:
        return set()
    return set(session.scalars(select(Region.name).where(Region.id.in_(mine))).all())


def _info(r: WarnRun) -> RunInfo:
    return RunInfo(id=r.id, month=r.month, scheme=r.scheme, scheme_title=r.scheme_title,
                   file_name=r.file_name, created_by=r.created_by,
                   created_at=r.created_at.isoformat() if r.created_at else "",
                   enterprises=r.enterprises, counts=r.counts, synthetic=r.synthetic)  # fmt: skip


def store_run(engine: Engine, actor: Actor | None, run: Evaluation, file_name: str) -> RunInfo:
    """Keep a month's list (all or nothing), replacing the same month's earlier list."""
    if actor is not None and actor.role not in WRITERS:
        raise Forbidden(f"a {actor.role.value} cannot keep warning lists",
                        zh=f"{role_label(actor.role)}无权保存预警名单")  # fmt: skip
    region_id = actor.region_id if actor else None
    frame = run.frame

    def work(session: Session) -> RunInfo:
        session.execute(delete(WarnRun).where(
            WarnRun.month == run.month, WarnRun.scheme == run.scheme.name,
            WarnRun.region_id.is_(None) if region_id is None else WarnRun.region_id == region_id,
        ))  # fmt: skip
        row = WarnRun(month=run.month, scheme=run.scheme.name, scheme_title=run.scheme.title,
                      file_name=file_name, created_by=actor.name if actor else "(cli)",
                      region_id=region_id, enterprises=frame.height, counts=counts(frame),
                      synthetic=run.synthetic)  # fmt: skip
        session.add(row)
        session.flush()
        records = []
        for r in frame.iter_rows(named=True):
            reasons = run.reasons.get(r["credit_code"])
            records.append({
                "run_id": row.id, "credit_code": r["credit_code"], "name": r["name"] or "",
                "region": r["region"] or "", "park": r["park"] or "",
                "industry_code": r["industry_code"] or "", "status": r["status"],
                "since": r["since"], "change": r["change"], "previous": r["previous"],
                "reasons": [x.model_dump() for x in reasons] if reasons else None,
            })  # fmt: skip
            if len(records) >= BATCH:
                session.execute(insert(WarnFlag), records)
                records = []
        if records:
            session.execute(insert(WarnFlag), records)
        log(session, actor, "warn.run", "warn_run", row.id, region_id, None,
            {"month": run.month, "scheme": run.scheme.name, "file": file_name})  # fmt: skip
        return _info(row)

    return write(engine, work)


def runs(engine: Engine, actor: Actor | None) -> list[RunInfo]:
    """The kept lists, latest month first; a town's users get the counts of their own
    town's enterprises, not the whole list's kept with it."""
    with reading(engine) as session:
        latest = (WarnRun.month.desc(), WarnRun.id.desc())
        query = select(WarnRun).where(*visible(session, actor)).order_by(*latest)
        rows = session.scalars(query).all()
        seen = {r.region_id: seen_regions(session, actor, r.region_id) for r in rows}
        return [_scoped(session, _info(r), seen[r.region_id]) for r in rows]


def _scoped(session: Session, info: RunInfo, names: set[str] | None) -> RunInfo:
    """`info` with its counts over the enterprises of `names` only (None: all)."""
    if names is None:
        return info
    found = session.execute(
        select(WarnFlag.status, func.count()).where(WarnFlag.run_id == info.id,
                                                    WarnFlag.region.in_(names))
        .group_by(WarnFlag.status)
    ).all()  # fmt: skip
    counts = dict.fromkeys(info.counts, 0) | {status: int(n) for status, n in found}
    return info.model_copy(update={"counts": counts, "enterprises": sum(counts.values())})


def trend(engine: Engine, actor: Actor | None, scheme: str | None = None) -> list[RunInfo]:
    """One list a month (the latest kept), oldest first: counts by status over time."""
    by_month: dict[str, RunInfo] = {}
    for info in reversed(runs(engine, actor)):
        if scheme is None or info.scheme == scheme:
            by_month[info.month] = info
    return [by_month[m] for m in sorted(by_month)]


def history(engine: Engine, actor: Actor | None, credit_code: str) -> list[MonthStatus]:
    """An enterprise's status month by month, with its reasons."""
    with reading(engine) as session:
        rows = session.execute(
            select(WarnFlag, WarnRun.month, WarnRun.region_id)
            .join(WarnRun, WarnFlag.run_id == WarnRun.id)
            .where(WarnFlag.credit_code == credit_code.strip().upper(), *visible(session, actor))
            .order_by(WarnRun.month, WarnRun.id)
        ).all()  # fmt: skip
        seen = {scope: seen_regions(session, actor, scope) for _, _, scope in rows}
    kept: dict[str, MonthStatus] = {}
    for flag, month, scope in rows:
        if seen[scope] is not None and flag.region not in seen[scope]:  # type: ignore[operator]
            continue
        kept[month] = MonthStatus(
            month=month, status=flag.status, since=flag.since, change=flag.change,  # type: ignore[arg-type]
            reasons=[Reason.model_validate(x) for x in flag.reasons or []],
            name=flag.name, region=flag.region,
        )  # fmt: skip
    return [kept[m] for m in sorted(kept)]


def add_help(
    engine: Engine, actor: Actor | None, credit_code: str, helper: str, action: str,
    helped_on: dt.date | None = None, resolved: bool = False, month: str = "",
) -> HelpRecord:  # fmt: skip
    """Record help given to an enterprise that has been on a kept list."""
    code = credit_code.strip().upper()
    if not helper.strip() or not action.strip():
        raise ArgumentError("help needs who gave it (--by) and what was done (--what)",
                            zh="请填写帮扶人（--by）和帮扶措施（--what）")  # fmt: skip
    if actor is not None and actor.role not in WRITERS:
        raise Forbidden(f"a {actor.role.value} cannot record help",
                        zh=f"{role_label(actor.role)}无权记录帮扶情况")  # fmt: skip
    known = history(engine, actor, code)
    if not known:
        raise ArgumentError(f"{code} is on no kept warning list; record help for listed firms",
                            zh=f"{code}不在任何已保存的预警名单中，"
                               "只能为名单中的企业记录帮扶")  # fmt: skip
    last = known[-1]
    if not may_help(engine, actor, code):
        raise Forbidden(f"{last.name} is in {last.region or '(no region)'}, not in your regions",
                        zh=f"{last.name}位于{last.region or '（未指定地区）'}，"
                           "不在您的管辖地区内")  # fmt: skip

    def work(session: Session) -> HelpRecord:
        row = WarnHelp(credit_code=code, name=last.name, region=last.region,
                       month=month or last.month, helper=helper.strip(),
                       helped_on=helped_on or dt.date.today(), action=action.strip(),
                       resolved=resolved, recorded_by=actor.name if actor else "(cli)",
                       region_id=actor.region_id if actor else None)  # fmt: skip
        session.add(row)
        session.flush()
        log(session, actor, "warn.help", "warn_help", row.id, row.region_id, None,
            {"credit_code": code, "action": row.action, "resolved": resolved})  # fmt: skip
        return _help(row)

    return write(engine, work)


def may_help(engine: Engine, actor: Actor | None, credit_code: str) -> bool:
    """Editors record help only for enterprises of the regions they cover.

    An enterprise's region is the name its monthly data gives (a town). It is looked up
    among the regions under the region of the latest list the enterprise is on (a
    county's list: the county's towns), so a neighbouring county's town of the same
    name is not it. Where several regions carry the name (a list kept from the command
    line belongs to no region), the user must cover every one of them."""
    if actor is not None and actor.role not in WRITERS:
        return False
    if actor is None or actor.regions is None:
        return True
    with reading(engine) as session:
        latest = session.execute(
            select(WarnFlag.region, WarnRun.region_id).join(WarnRun, WarnFlag.run_id == WarnRun.id)
            .where(WarnFlag.credit_code == credit_code.strip().upper())
            .order_by(WarnRun.month.desc(), WarnRun.id.desc()).limit(1)
        ).first()  # fmt: skip
        if latest is None:
            return False
        name, scope = latest
        named = set(session.scalars(select(Region.id).where(Region.name == name)).all())
        if scope is not None:
            named &= subtree(session, scope)
    return bool(named) and named <= actor.regions


def _help(r: WarnHelp) -> HelpRecord:
    return HelpRecord(id=r.id, credit_code=r.credit_code, name=r.name, region=r.region,
                      month=r.month, helper=r.helper, helped_on=r.helped_on.isoformat(),
                      action=r.action, resolved=r.resolved, recorded_by=r.recorded_by)  # fmt: skip


def help_records(engine: Engine, credit_code: str | None = None) -> list[HelpRecord]:
    with reading(engine) as session:
        query = select(WarnHelp).order_by(WarnHelp.helped_on, WarnHelp.id)
        if credit_code:
            query = query.where(WarnHelp.credit_code == credit_code.strip().upper())
        return [_help(r) for r in session.scalars(query).all()]
