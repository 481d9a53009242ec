"""Actual values: appended as revisions, read as the latest revision by default.

An import of 100,000 values must take seconds, not hours: the latest revision
of every series the file touches is looked up in a few queries, and the new
revisions are inserted in batches (`record_many`), instead of one query and
one insert per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

from sqlalchemy import Select, and_, func, insert, select
from sqlalchemy.orm import Session

from planwatch.models.store import ObservationIn, ObservationOut
from planwatch.store.schema import Observation, Region

BATCH = 5_000  # rows per INSERT; SQLAlchemy packs each batch into few statements
IN_LIST = 500  # values per SQL IN list (SQLite allows a few thousand parameters)
Item = TypeVar("Item")


@dataclass(frozen=True)
class Latest:
    revision: int
    value: float
    unit: str


def chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def latest_revisions(
    session: Session, region_ids: set[int], keys: set[str]
) -> dict[tuple[int, str, int], Latest]:
    """{(region id, key, year): latest revision} of every series among those regions and keys."""
    out: dict[tuple[int, str, int], Latest] = {}
    for some_keys in chunks(sorted(keys), IN_LIST):
        for some_regions in chunks(sorted(region_ids), IN_LIST):
            query = latest_query(
                Observation.indicator_key.in_(some_keys), Observation.region_id.in_(some_regions)
            )
            for o in session.scalars(query):
                out[(o.region_id, o.indicator_key, o.year)] = Latest(o.revision, o.value, o.unit)
    return out


def record_many(
    session: Session,
    values: Sequence[ObservationIn],
    region_ids: Mapping[str, int],
    default_source: str = "",
    state: str = "approved",
    entered_by: str = "",
) -> int:
    """Append a revision for each value (indicator: its store key; region: a name in
    `region_ids`) that differs from its series' latest; the number appended. A value
    equal to the latest revision is not stored again; `default_source` serves values
    without a source of their own. Files imported from the CLI are `approved` as they
    are stored; the web app stores `draft`s."""
    latest = latest_revisions(
        session, {region_ids[v.region] for v in values}, {v.indicator for v in values}
    )
    rows = []
    for v in values:
        key = (region_ids[v.region], v.indicator, v.year)
        prev = latest.get(key)
        if prev is not None and (prev.value, prev.unit) == (v.value, v.unit):
            continue
        revision = prev.revision + 1 if prev is not None else 1
        latest[key] = Latest(revision, v.value, v.unit)
        rows.append(
            {
                "region_id": key[0],
                "indicator_key": v.indicator,
                "year": v.year,
                "value": v.value,
                "unit": v.unit,
                "source": v.source or default_source,
                "note": v.note,
                "revision": revision,
                "state": state,
                "entered_by": entered_by,
            }
        )
    for batch in chunks(rows, BATCH):
        session.execute(insert(Observation), batch)
    return len(rows)


def record(
    session: Session,
    region: Region,
    key: str,
    year: int,
    value: float,
    unit: str = "",
    source: str = "",
    note: str = "",
) -> bool:
    """Append one revision; False when the latest revision already says the same."""
    value_in = ObservationIn(
        region=region.name, indicator=key, year=year, value=value, unit=unit, source=source,
        note=note,
    )  # fmt: skip
    return record_many(session, [value_in], {region.name: region.id}) > 0


def latest_query(*where, approved_only: bool = False) -> Select[tuple[Observation]]:  # type: ignore[no-untyped-def]
    """Every (region, indicator, year)'s latest revision, among the rows `where` selects;
    with `approved_only`, the latest approved one (what published statuses read)."""
    if approved_only:
        where = (*where, Observation.state == "approved")
    newest = (
        select(
            Observation.region_id,
            Observation.indicator_key,
            Observation.year,
            func.max(Observation.revision).label("revision"),
        )
        .where(*where)
        .group_by(Observation.region_id, Observation.indicator_key, Observation.year)
        .subquery()
    )
    return select(Observation).join(
        newest,
        and_(
            Observation.region_id == newest.c.region_id,
            Observation.indicator_key == newest.c.indicator_key,
            Observation.year == newest.c.year,
            Observation.revision == newest.c.revision,
        ),
    )


def latest_values(
    session: Session, pairs: set[tuple[int, str]]
) -> dict[tuple[int, str], dict[int, float]]:
    """{(region_id, key): {year: value}} of the latest approved revisions for the pairs."""
    if not pairs:
        return {}
    out: dict[tuple[int, str], dict[int, float]] = {}
    columns = (Observation.region_id, Observation.indicator_key, Observation.year,
               Observation.value)  # fmt: skip
    for some_keys in chunks(sorted({k for _, k in pairs}), IN_LIST):
        query = latest_query(Observation.indicator_key.in_(some_keys), approved_only=True)
        # plain rows, not ORM objects: a page of 100 regions reads 25,000 values
        for region_id, key, year, value in session.execute(query.with_only_columns(*columns)):
            if (region_id, key) in pairs:
                out.setdefault((region_id, key), {})[year] = value
    return out


def history(session: Session, region: Region, key: str) -> list[ObservationOut]:
    """Every revision of an indicator's values in a region, oldest first."""
    rows = session.scalars(
        select(Observation)
        .where(Observation.region_id == region.id, Observation.indicator_key == key)
        .order_by(Observation.year, Observation.revision)
    )
    return [
        ObservationOut(
            region=region.name,
            indicator_key=o.indicator_key,
            year=o.year,
            value=o.value,
            unit=o.unit,
            revision=o.revision,
            source=o.source,
            note=o.note,
            recorded_at=o.recorded_at.isoformat() if o.recorded_at else "",
            state=o.state,
            entered_by=o.entered_by,
        )
        for o in rows
    ]


def latest_with_units(
    session: Session, region_id: int, keys: set[str]
) -> dict[str, dict[int, tuple[float, str]]]:
    """{key: {year: (value, unit)}} of one region's latest approved revisions of `keys`."""
    out: dict[str, dict[int, tuple[float, str]]] = {}
    for some_keys in chunks(sorted(keys), IN_LIST):
        query = latest_query(
            Observation.region_id == region_id,
            Observation.indicator_key.in_(some_keys),
            approved_only=True,
        )
        for o in session.scalars(query):
            out.setdefault(o.indicator_key, {})[o.year] = (o.value, o.unit)
    return out
