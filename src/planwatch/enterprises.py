"""Per-mu evaluations the web app keeps in the store: stored whole (Parquet) and row by
row (for filtering and paging), listed and read back for the user's regions. The
evaluation itself is `permu.run.evaluate_population`, which the CLI uses too.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from pydantic import BaseModel
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from planwatch.approval import Forbidden, role_label
from planwatch.models.access import WRITERS, Actor
from planwatch.store.audit_log import log
from planwatch.store.db import reading, write
from planwatch.store.plans import NotFound
from planwatch.store.schema import PermuResult, PermuRun

if TYPE_CHECKING:
    import polars as pl

    from planwatch.permu.run import Evaluation

BATCH = 5_000
SORTS = {"score": PermuResult.score, "rank": PermuResult.rank, "name": PermuResult.name,
         "region": PermuResult.region, "grade": PermuResult.grade}  # fmt: skip


class RunInfo(BaseModel):
    id: int
    year: int
    scheme: str
    scheme_title: str = ""
    file_name: str = ""
    created_by: str = ""
    created_at: str = ""
    enterprises: int = 0
    evaluated: int = 0


class ResultRow(BaseModel):
    credit_code: str
    name: str = ""
    region: str = ""
    park: str = ""
    industry_code: str = ""
    group: str = ""
    land_mu: float | None = None
    score: float | None = None
    rank: int | None = None
    grade: str | None = None
    not_evaluable: str | None = None


def _info(run: PermuRun) -> RunInfo:
    return RunInfo(
        id=run.id, year=run.year, scheme=run.scheme, scheme_title=run.scheme_title,
        file_name=run.file_name, created_by=run.created_by,
        created_at=run.created_at.isoformat() if run.created_at else "",
        enterprises=run.enterprises, evaluated=run.evaluated,
    )  # fmt: skip


def _text(value: object) -> str:
    return "" if value is None else str(value)


def store_run(engine: Engine, actor: Actor, run: Evaluation, file_name: str) -> RunInfo:
    """Keep an evaluation in the store (all or nothing): its Parquet and a row per firm."""
    if actor.role not in WRITERS:
        raise Forbidden(f"a {actor.role.value} cannot run evaluations",
                        zh=f"{role_label(actor.role)}无权进行亩均评价")  # fmt: skip
    buffer = io.BytesIO()
    run.results.write_parquet(buffer, compression="zstd")
    cols = [c for c in ("credit_code", "name", "region", "park", "industry_code", "group",
                        "land_mu", "score", "rank", "grade", "not_evaluable")
            if c in run.results.columns]  # fmt: skip

    def work(session: Session) -> RunInfo:
        row = PermuRun(
            year=run.year, scheme=run.scheme.name, scheme_title=run.scheme.title,
            file_name=file_name, created_by=actor.name, region_id=actor.region_id,
            enterprises=run.results.height,
            evaluated=int(run.results["score"].is_not_null().sum()),
            results=buffer.getvalue(),
        )  # fmt: skip
        session.add(row)
        session.flush()
        records = []
        for r in run.results.select(cols).iter_rows(named=True):
            records.append({
                "run_id": row.id, "credit_code": _text(r.get("credit_code")),
                "name": _text(r.get("name")), "region": _text(r.get("region")),
                "park": _text(r.get("park")), "industry_code": _text(r.get("industry_code")),
                "group_name": _text(r.get("group")), "land_mu": r.get("land_mu"),
                "score": r.get("score"), "rank": r.get("rank"), "grade": r.get("grade"),
                "not_evaluable": r.get("not_evaluable"),
            })  # fmt: skip
            if len(records) >= BATCH:
                session.execute(insert(PermuResult), records)
                records = []
        if records:
            session.execute(insert(PermuResult), records)
        log(session, actor, "permu.run", "permu_run", row.id, actor.region_id, None,
            {"scheme": row.scheme, "year": row.year, "enterprises": row.enterprises,
             "file": file_name})  # fmt: skip
        return _info(row)

    return write(engine, work)


def _visible(actor: Actor, run: PermuRun) -> bool:
    return actor.regions is None or (run.region_id is not None and actor.covers(run.region_id))


def runs(engine: Engine, actor: Actor) -> list[RunInfo]:
    with reading(engine) as session:
        rows = session.scalars(select(PermuRun).order_by(PermuRun.id.desc())).all()
        return [_info(r) for r in rows if _visible(actor, r)]


def _run(session: Session, actor: Actor, run_id: int) -> PermuRun:
    run = session.get(PermuRun, run_id)
    if run is None or not _visible(actor, run):
        raise NotFound(f"no evaluation {run_id}", zh=f"未找到亩均评价：{run_id}")
    return run


def run_info(engine: Engine, actor: Actor, run_id: int) -> RunInfo:
    with reading(engine) as session:
        return _info(_run(session, actor, run_id))


def results_page(
    engine: Engine, actor: Actor, run_id: int, grade: str | None = None,
    region: str | None = None, industry: str | None = None, sort: str = "rank",
    descending: bool = False, offset: int = 0, limit: int = 50,
) -> tuple[list[ResultRow], int]:  # fmt: skip
    """A page of a run's enterprises, filtered and sorted in the database."""
    with reading(engine) as session:
        run = _run(session, actor, run_id)
        where = [PermuResult.run_id == run.id]
        if grade:
            where.append(PermuResult.grade == grade)
        if region:
            where.append(PermuResult.region == region)
        if industry:
            where.append(PermuResult.industry_code.startswith(industry))
        total = session.scalar(select(func.count()).select_from(PermuResult).where(*where)) or 0
        column = SORTS.get(sort, PermuResult.rank)
        order = column.desc().nulls_last() if descending else column.asc().nulls_last()
        rows = session.scalars(
            select(PermuResult).where(*where).order_by(order, PermuResult.id)
            .offset(offset).limit(limit)
        ).all()  # fmt: skip
        return [
            ResultRow(credit_code=r.credit_code, name=r.name, region=r.region, park=r.park,
                      industry_code=r.industry_code, group=r.group_name, land_mu=r.land_mu,
                      score=r.score, rank=r.rank, grade=r.grade, not_evaluable=r.not_evaluable)
            for r in rows
        ], total  # fmt: skip


def run_frame(engine: Engine, actor: Actor, run_id: int) -> pl.DataFrame:
    """Every result column of a run, as `permu evaluate` wrote them."""
    import polars as pl

    with reading(engine) as session:
        data = _run(session, actor, run_id).results
    return pl.read_parquet(io.BytesIO(data))


def previous_run(engine: Engine, actor: Actor, run_id: int) -> int | None:
    """The latest visible run of the same scheme for the year before, for grade moves."""
    with reading(engine) as session:
        run = _run(session, actor, run_id)
        candidates = session.scalars(
            select(PermuRun).where(PermuRun.scheme == run.scheme, PermuRun.year == run.year - 1)
            .order_by(PermuRun.id.desc())
        ).all()  # fmt: skip
        return next((c.id for c in candidates if _visible(actor, c)), None)


def grade_counts(frame: pl.DataFrame, by: str, grades: list[str]) -> dict[str, object]:
    """Enterprises by `by` (region, park, industry division) and grade, for a stacked bar."""
    import polars as pl

    from planwatch.catalog.industries import division

    if by not in frame.columns:
        return {"categories": [], "series": []}
    graded = frame.filter(pl.col("grade").is_not_null())
    if by == "industry_code":
        codes = graded[by].drop_nulls().unique().to_list()  # a few hundred codes, not a call a row
        graded = graded.with_columns(pl.col(by).replace({c: division(c) or c for c in codes}))
    counts = graded.group_by(by, "grade").agg(pl.len().alias("n"))
    keys = sorted({k for k in counts[by].to_list() if k is not None}, key=str)
    n = {(k, g): v for k, g, v in counts.iter_rows()}
    return {
        "categories": keys,
        "series": [{"name": g, "data": [n.get((k, g), 0) for k in keys]} for g in grades],
    }
