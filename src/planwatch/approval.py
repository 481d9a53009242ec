"""Values entered in the web app and their approval: draft → submitted → approved, or
returned with a comment (DHIS2's data approval).

Permissions are checked here, not in routes or templates, so the API, the pages and
any script meet the same rules:
- editors, reviewers and admins enter and submit values for their region and the
  regions below it;
- reviewers approve or return submitted values of the regions below their own
  (the level above approves), admins any in their scope;
- viewers change nothing;
- a draft is seen only by users whose scope covers its region.
Every change is written to the audit log in its own transaction.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from planwatch.errors import PlanwatchError
from planwatch.models.access import (
    REVIEWERS,
    STATE_LABELS,
    WRITERS,
    Actor,
    Role,
    State,
    ValueIn,
    ValueOut,
)
from planwatch.store.audit_log import log
from planwatch.store.db import reading, write
from planwatch.store.observations import latest_revisions, record_many
from planwatch.store.plans import NotFound
from planwatch.store.regions import find_path, find_region, path_of
from planwatch.store.schema import Observation, Region


class Forbidden(PlanwatchError):
    """The user may not do this (their role, or a region outside their own)."""


class Rejected(PlanwatchError):
    """A value that cannot be stored as given (unknown indicator, wrong unit, …)."""


# The roles as a Chinese refusal names them ("查看者无权修改数据").
ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: "管理员",
    Role.REVIEWER: "审核员",
    Role.EDITOR: "填报员",
    Role.VIEWER: "查看者",
}


def role_label(role: Role) -> str:
    return ROLE_LABELS.get(role, role.value)


def find_place(session: Session, name: str) -> Region | None:
    """A region by its path (浙江省/丽水市/缙云县) or its bare name."""
    return find_path(session, name) if "/" in name else find_region(session, name)


def _writable(actor: Actor, region: Region) -> None:
    if actor.role not in WRITERS:
        raise Forbidden(f"a {actor.role.value} cannot change values",
                        zh=f"{role_label(actor.role)}无权修改数据")  # fmt: skip
    if not actor.covers(region.id):
        raise Forbidden(
            f"{path_of(region)} is outside your region ({actor.region or '—'})",
            zh=f"无权修改该地区的数据：{path_of(region)}不在您的管辖范围"
            f"（{actor.region or '—'}）内",
        )


def _out(o: Observation, region: Region) -> ValueOut:
    return ValueOut(
        id=o.id,
        region=path_of(region),
        indicator=o.indicator_key,
        year=o.year,
        value=o.value,
        unit=o.unit,
        revision=o.revision,
        state=State(o.state),
        entered_by=o.entered_by,
        review_note=o.review_note,
        source=o.source,
        recorded_at=o.recorded_at.isoformat() if o.recorded_at else "",
    )


def _validated(session: Session, value: ValueIn, region: Region):  # type: ignore[no-untyped-def]
    """The value as the store keeps it (indicator key, the indicator's unit), checked by
    the same rules as an imported file's rows."""
    from planwatch.actuals.validate import validate_rows
    from planwatch.sheets import Sheet
    from planwatch.store.known import known_for

    headers = ["region", "indicator", "year", "value", "unit", "note"]
    cells = [
        region.name,
        value.indicator,
        str(value.year),
        repr(value.value),
        value.unit,
        value.note,
    ]
    known = known_for(session)
    known.regions.add(region.name)
    rows, errors = validate_rows(Sheet(Path("(request)"), headers, [(1, cells)]), known)
    if errors:
        raise Rejected("; ".join(e.message for e in errors),
                       zh="；".join(e.zh or e.message for e in errors))  # fmt: skip
    return rows[0]


def record_value(engine: Engine, actor: Actor, value: ValueIn) -> tuple[ValueOut, bool]:
    """Store `value` as a draft revision; (the record, whether a new revision was made).
    A value equal to its series' latest revision is not stored again."""

    def work(session: Session) -> tuple[ValueOut, bool]:
        region = find_place(session, value.region)
        if region is None:
            raise Rejected(f"unknown region '{value.region}'", zh=f"未知地区“{value.region}”")
        _writable(actor, region)
        row = _validated(session, value, region)
        before = latest_revisions(session, {region.id}, {row.indicator}).get(
            (region.id, row.indicator, row.year)
        )
        made = record_many(
            session,
            [row],
            {row.region: region.id},
            "网页填报",
            state=State.DRAFT.value,
            entered_by=actor.name,
        )
        stored = session.scalars(
            select(Observation)
            .where(
                Observation.region_id == region.id,
                Observation.indicator_key == row.indicator,
                Observation.year == row.year,
            )
            .order_by(Observation.revision.desc())
        ).first()
        assert stored is not None
        if made:
            old = (
                {"value": before.value, "unit": before.unit, "revision": before.revision}
                if before
                else None
            )
            log(
                session,
                actor,
                "value.draft",
                "observation",
                stored.id,
                region.id,
                old,
                {
                    "indicator": row.indicator,
                    "year": row.year,
                    "value": row.value,
                    "unit": row.unit,
                    "revision": stored.revision,
                },
            )
        return _out(stored, region), bool(made)

    return write(engine, work)


def _transition(
    engine: Engine,
    actor: Actor,
    ids: list[int],
    allowed_from: tuple[State, ...],
    to: State,
    action: str,
    note: str = "",
) -> list[ValueOut]:
    def work(session: Session) -> list[ValueOut]:
        out = []
        for oid in ids:
            o = session.get(Observation, oid)
            if o is None:
                raise NotFound(f"no value {oid}", zh=f"未找到数据：{oid}")
            region = session.get(Region, o.region_id)
            assert region is not None
            if not actor.covers(region.id):  # not even its existence is shown
                raise NotFound(f"no value {oid}", zh=f"未找到数据：{oid}")
            _may(actor, to, region)
            if State(o.state) not in allowed_from:
                raise Rejected(
                    f"value {oid} is {o.state}; only {', '.join(allowed_from)} can be {to.value}",
                    zh=f"数据{oid}的状态为“{STATE_LABELS[State(o.state)]}”，只有"
                    f"{'、'.join(f'“{STATE_LABELS[s]}”' for s in allowed_from)}的数据可以"
                    f"{_VERBS[to]}",
                )
            old = {"state": o.state, "review_note": o.review_note}
            o.state = to.value
            if to in (State.APPROVED, State.RETURNED):
                o.review_note = note
            log(
                session,
                actor,
                action,
                "observation",
                oid,
                region.id,
                old,
                {"state": to.value, "review_note": o.review_note},
            )
            out.append(_out(o, region))
        return out

    return write(engine, work)


# what a transition does, as a Chinese refusal says it
_VERBS = {State.SUBMITTED: "提交", State.APPROVED: "审核通过", State.RETURNED: "退回",
          State.DRAFT: "改为草稿"}  # fmt: skip


def _may(actor: Actor, to: State, region: Region) -> None:
    if to == State.SUBMITTED:
        _writable(actor, region)
        return
    if actor.role not in REVIEWERS:
        raise Forbidden(f"a {actor.role.value} cannot review values",
                        zh=f"{role_label(actor.role)}无权审核数据")  # fmt: skip
    if actor.role == Role.REVIEWER and region.id == actor.region_id:
        raise Forbidden("values of your own region are reviewed by the region above",
                        zh="本地区的数据由上级地区审核，不能审核本地区的数据")  # fmt: skip


def submit(engine: Engine, actor: Actor, ids: list[int]) -> list[ValueOut]:
    return _transition(
        engine, actor, ids, (State.DRAFT, State.RETURNED), State.SUBMITTED, "value.submit"
    )


def approve(engine: Engine, actor: Actor, ids: list[int], note: str = "") -> list[ValueOut]:
    return _transition(
        engine, actor, ids, (State.SUBMITTED,), State.APPROVED, "value.approve", note
    )


def return_values(engine: Engine, actor: Actor, ids: list[int], note: str) -> list[ValueOut]:
    return _transition(engine, actor, ids, (State.SUBMITTED,), State.RETURNED, "value.return", note)


def visible_values(
    engine: Engine,
    actor: Actor,
    region: str | None = None,
    indicator: str | None = None,
    state: State | None = None,
    year: int | None = None,
    offset: int = 0,
    limit: int = 100,
) -> tuple[list[ValueOut], int]:
    """Values the actor may see, newest first: every revision in their regions."""
    from sqlalchemy import func

    with reading(engine) as session:
        where = []
        if actor.regions is not None:
            where.append(Observation.region_id.in_(actor.regions))
        if region:
            place = find_place(session, region)
            if place is None or not actor.covers(place.id):
                return [], 0
            where.append(Observation.region_id == place.id)
        if indicator:
            where.append(Observation.indicator_key == indicator)
        if state:
            where.append(Observation.state == state.value)
        if year:
            where.append(Observation.year == year)
        total = session.scalar(select(func.count()).select_from(Observation).where(*where)) or 0
        rows = session.scalars(
            select(Observation)
            .where(*where)
            .order_by(Observation.id.desc())
            .offset(offset)
            .limit(limit)
        ).all()
        places = {r.id: r for r in session.scalars(select(Region))}
        return [_out(o, places[o.region_id]) for o in rows], total


class Change(BaseModel):
    row: int | None = None
    region: str
    indicator: str
    year: int
    old: float | None = None
    new: float
    unit: str = ""


class ValuesPreview(BaseModel):
    token: str
    file_name: str
    changes: list[Change]
    unchanged: int = 0
    errors: list[str]
    errors_zh: list[str] = []  # the same problems in Chinese, line for line

    def problems(self, lang: str) -> list[str]:
        """The sheet's problems in the page's language."""
        same = len(self.errors_zh) == len(self.errors)
        return self.errors_zh if lang == "zh" and same else self.errors


def _values_folder(token: str) -> Path:
    from planwatch.uploads import uploads_dir

    if not token.replace("-", "").replace("_", "").isalnum() or len(token) > 64:
        raise NotFound("no such upload", zh="未找到该上传文件")
    folder = uploads_dir() / "values" / token
    if not folder.is_dir():
        raise NotFound("no such upload", zh="未找到该上传文件")
    return folder


def _checked_sheet(session: Session, actor: Actor, path: Path):  # type: ignore[no-untyped-def]
    """(rows, region ids, problems, the problems in Chinese) of an actuals sheet: the
    rules `import-actuals` applies, and every row's region within the actor's."""
    from planwatch.actuals.validate import validate_rows
    from planwatch.sheets import read_sheet
    from planwatch.store.known import known_for
    from planwatch.store.regions import ids_by_name

    if actor.role not in WRITERS:
        raise Forbidden(f"a {actor.role.value} cannot change values",
                        zh=f"{role_label(actor.role)}无权修改数据")  # fmt: skip
    rows, errors = validate_rows(read_sheet(path), known_for(session))
    ids = ids_by_name(session, {r.region for r in rows})
    outside = [r for r in rows if not actor.covers(ids.get(r.region))]
    problems = [str(e) for e in errors]
    problems += [f"row {r.row}: {r.region} is outside your region ({actor.region})"
                 for r in outside]  # fmt: skip
    chinese = [e.text("zh") for e in errors]
    chinese += [f"第{r.row}行：{r.region}不在您的管辖范围（{actor.region}）内，"
                "无权修改该地区的数据" for r in outside]  # fmt: skip
    return rows, ids, problems, chinese


def preview_values(engine: Engine, actor: Actor, file_name: str, data: bytes) -> ValuesPreview:
    """A filled-in template (or any actuals sheet) checked as `import-actuals` checks it,
    with what it would change; nothing is stored until `import_values`."""
    import secrets

    from planwatch.uploads import uploads_dir

    if actor.role not in WRITERS:
        raise Forbidden(f"a {actor.role.value} cannot change values",
                        zh=f"{role_label(actor.role)}无权修改数据")  # fmt: skip
    token = secrets.token_urlsafe(18)
    folder = uploads_dir() / "values" / token
    folder.mkdir(parents=True)
    path = folder / (Path(file_name).name or "values.xlsx")
    path.write_bytes(data)
    with reading(engine) as session:
        rows, ids, problems, chinese = _checked_sheet(session, actor, path)
        latest = latest_revisions(session, set(ids.values()), {r.indicator for r in rows})
    changes, same = [], 0
    for r in rows:
        before = latest.get((ids.get(r.region, -1), r.indicator, r.year))
        if before is not None and (before.value, before.unit) == (r.value, r.unit):
            same += 1
            continue
        old = before.value if before else None
        changes.append(
            Change(row=r.row, region=r.region, indicator=r.indicator, year=r.year, old=old,
                   new=r.value, unit=r.unit)
        )  # fmt: skip
    return ValuesPreview(token=token, file_name=path.name, changes=changes, unchanged=same,
                         errors=problems, errors_zh=chinese)  # fmt: skip


def import_values(engine: Engine, actor: Actor, token: str) -> int:
    """Store a previewed sheet's values as drafts: all rows or none, checked again in the
    storing transaction (the store may have changed since the preview)."""
    files = [p for p in _values_folder(token).iterdir() if p.is_file()]
    if not files:
        raise NotFound("no such upload", zh="未找到该上传文件")

    def work(session: Session) -> int:
        rows, ids, problems, chinese = _checked_sheet(session, actor, files[0])
        if problems:
            refused = Rejected(f"{len(problems)} problems; nothing was stored",
                               zh=f"发现{len(problems)}处问题，未保存任何数据")  # fmt: skip
            refused.details, refused.details_zh = problems, chinese  # each row, as previewed
            raise refused
        stored = record_many(session, rows, ids, files[0].name, state=State.DRAFT.value,
                             entered_by=actor.name)  # fmt: skip
        log(session, actor, "values.import", "observation", files[0].name, actor.region_id,
            None, {"stored": stored, "rows": len(rows)})  # fmt: skip
        return stored

    return write(engine, work)


def check_value(engine: Engine, actor: Actor, value: ValueIn) -> None:
    """What `record_value` would refuse, raised the same way, with nothing stored: the
    entry grid checks a cell as it is typed."""
    with reading(engine) as session:
        region = find_place(session, value.region)
        if region is None:
            raise Rejected(f"unknown region '{value.region}'", zh=f"未知地区“{value.region}”")
        _writable(actor, region)
        _validated(session, value, region)
