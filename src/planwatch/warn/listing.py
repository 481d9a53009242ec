"""A kept month's warning list read back for the pages: one run's enterprises filtered
and paged in the database, and the counts of the filtered enterprises by status, by
region and by industry division. Who may see a run is decided as in `stored`."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import Engine, case, func, select
from sqlalchemy.orm import Session

from planwatch.catalog.industries import division, division_label
from planwatch.models.access import Actor
from planwatch.models.warn import STATUSES, Reason, Status
from planwatch.store.db import reading
from planwatch.store.plans import NotFound
from planwatch.store.schema import WarnFlag, WarnRun
from planwatch.warn.stored import RunInfo, _info, seen_regions, visible

# the list's order: the highest level first, then who did not report, green last
ORDER = {s: i for i, s in enumerate(("red", "orange", "yellow", "missing", "green"))}
UNFILLED = "（未填）"


class FlagRow(BaseModel):
    credit_code: str
    name: str
    region: str
    park: str
    industry_code: str
    status: Status
    since: str
    change: str
    previous: Status | None
    reasons: list[Reason]


class FlagCounts(BaseModel):
    """The enterprises a filter leaves, by status, and by region or industry × status."""

    total: int
    by_status: dict[str, int]
    by_region: dict[str, dict[str, int]]
    by_industry: dict[str, dict[str, int]]  # by GB/T 4754 division, with its name


def _run(session: Session, actor: Actor | None, run_id: int) -> WarnRun:
    row = session.scalar(select(WarnRun).where(WarnRun.id == run_id, *visible(session, actor)))
    if row is None:
        raise NotFound(f"no warning list {run_id}", zh=f"未找到预警名单：{run_id}")
    return row


def run_info(engine: Engine, actor: Actor | None, run_id: int) -> RunInfo:
    """A kept list the actor may see (NotFound otherwise, also when it is not theirs)."""
    with reading(engine) as session:
        return _info(_run(session, actor, run_id))


def _codes(session: Session, run_id: int, industry: str) -> list[str]:
    """The run's industry codes in `industry`: a division (C26 or 26) takes its codes in
    any form (C2614, 2614, C26); anything else is a prefix of the code as given."""
    wanted = division(industry)
    known = session.scalars(
        select(WarnFlag.industry_code).where(WarnFlag.run_id == run_id).distinct()
    ).all()
    if wanted is not None:
        return [c for c in known if division(c) == wanted]
    return [c for c in known if c.upper().startswith(industry.strip().upper())]


def _mine(session: Session, actor: Actor | None, run: WarnRun) -> list:  # type: ignore[type-arg]
    """The run's rows the actor may see (`stored.seen_regions`)."""
    names = seen_regions(session, actor, run.region_id)
    where = [WarnFlag.run_id == run.id]
    return where if names is None else [*where, WarnFlag.region.in_(names)]


def _where(
    session: Session, actor: Actor | None, run: WarnRun, status: str | None,
    region: str | None, industry_prefix: str | None, change: str | None,
) -> list:  # type: ignore[type-arg]  # fmt: skip
    where = _mine(session, actor, run)
    if status:
        where.append(WarnFlag.status == status)
    if region:
        where.append(WarnFlag.region == ("" if region == UNFILLED else region))
    if industry_prefix:
        where.append(WarnFlag.industry_code.in_(_codes(session, run.id, industry_prefix)))
    if change:
        where.append(WarnFlag.change == change)
    return where


def _row(r: WarnFlag) -> FlagRow:
    return FlagRow(credit_code=r.credit_code, name=r.name, region=r.region, park=r.park,
                   industry_code=r.industry_code, status=r.status,  # type: ignore[arg-type]
                   since=r.since, change=r.change, previous=r.previous,  # type: ignore[arg-type]
                   reasons=[Reason.model_validate(x) for x in r.reasons or []])  # fmt: skip


def flags_page(
    engine: Engine, actor: Actor | None, run_id: int, status: str | None = None,
    region: str | None = None, industry_prefix: str | None = None, change: str | None = None,
    offset: int = 0, limit: int | None = 100,
) -> tuple[list[FlagRow], int]:  # fmt: skip
    """A page of the run's enterprises (all of them when `limit` is None), filtered in
    the database: the highest status first, then by region and credit code."""
    with reading(engine) as session:
        run = _run(session, actor, run_id)
        where = _where(session, actor, run, status, region, industry_prefix, change)
        total = session.scalar(select(func.count()).select_from(WarnFlag).where(*where)) or 0
        order = case(ORDER, value=WarnFlag.status, else_=len(ORDER))
        query = (select(WarnFlag).where(*where)
                 .order_by(order, WarnFlag.region, WarnFlag.credit_code, WarnFlag.id)
                 .offset(offset))  # fmt: skip
        if limit is not None:
            query = query.limit(limit)
        return [_row(r) for r in session.scalars(query).all()], total


def flag_counts(
    engine: Engine, actor: Actor | None, run_id: int, region: str | None = None,
    industry_prefix: str | None = None, change: str | None = None,
) -> FlagCounts:  # fmt: skip
    """The counts of the enterprises the filters leave (the status is not a filter
    here: the counts are by status)."""
    with reading(engine) as session:
        run = _run(session, actor, run_id)
        where = _where(session, actor, run, None, region, industry_prefix, change)

        def grouped(column):  # type: ignore[no-untyped-def]
            return session.execute(
                select(column, WarnFlag.status, func.count()).where(*where)
                .group_by(column, WarnFlag.status)
            ).all()  # fmt: skip

        by_region = grouped(WarnFlag.region)
        by_code = grouped(WarnFlag.industry_code)
    labels = {c: division_label(c) for c in {code for code, _, _ in by_code}}
    regions = _table((place or UNFILLED, s, n) for place, s, n in by_region)
    industries = _table((labels[c], s, n) for c, s, n in by_code)
    by_status = dict.fromkeys(STATUSES, 0)
    for counts in regions.values():
        for s, n in counts.items():
            by_status[s] += n
    return FlagCounts(total=sum(by_status.values()), by_status=by_status, by_region=regions,
                      by_industry=industries)  # fmt: skip


def _table(rows) -> dict[str, dict[str, int]]:  # type: ignore[no-untyped-def]
    out: dict[str, dict[str, int]] = {}
    for key, status, n in rows:
        counts = out.setdefault(key, dict.fromkeys(STATUSES, 0))
        counts[status] = counts.get(status, 0) + int(n)
    return dict(sorted(out.items()))


def run_regions(engine: Engine, actor: Actor | None, run_id: int) -> list[str]:
    """The regions of the run's enterprises, for the filter."""
    with reading(engine) as session:
        run = _run(session, actor, run_id)
        found = session.scalars(
            select(WarnFlag.region).where(*_mine(session, actor, run)).distinct()
        ).all()
    return sorted(r or UNFILLED for r in found)


def run_industries(engine: Engine, actor: Actor | None, run_id: int) -> list[tuple[str, str]]:
    """(division, 'C26 化学原料…') of the run's enterprises, for the filter."""
    with reading(engine) as session:
        run = _run(session, actor, run_id)
        codes = session.scalars(
            select(WarnFlag.industry_code).where(*_mine(session, actor, run)).distinct()
        ).all()
    found = {d for d in (division(c) for c in codes) if d is not None}
    return [(d, division_label(d)) for d in sorted(found)]
