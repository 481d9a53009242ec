"""Actual values: appended as revisions, read as the latest revision by default."""

from __future__ import annotations

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from planwatch.models.store import ObservationOut
from planwatch.store.revisions import latest_revision, next_revision
from planwatch.store.schema import Observation, Region


def record(
    session: Session,
    region: Region,
    key: str,
    year: int,
    value: float,
    unit: str = "",
    source: str = "",
    note: str = "",
) -> Observation | None:
    """Append a revision; None when the latest revision already says the same."""
    latest = latest_revision(
        session, Observation, region_id=region.id, indicator_key=key, year=year
    )
    if latest is not None and latest.value == value and latest.unit == unit:
        return None
    obs = Observation(
        region_id=region.id,
        indicator_key=key,
        year=year,
        value=value,
        unit=unit,
        revision=next_revision(latest),
        source=source,
        note=note,
    )
    session.add(obs)
    session.flush()
    return obs


def latest_query() -> Select[tuple[Observation]]:
    """Every (region, indicator, year)'s latest revision."""
    newest = (
        select(
            Observation.region_id,
            Observation.indicator_key,
            Observation.year,
            func.max(Observation.revision).label("revision"),
        )
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
    """{(region_id, key): {year: value}} of the latest revisions for the given pairs."""
    if not pairs:
        return {}
    keys = {k for _, k in pairs}
    rows = session.scalars(latest_query().where(Observation.indicator_key.in_(keys)))
    out: dict[tuple[int, str], dict[int, float]] = {}
    for o in rows:
        if (o.region_id, o.indicator_key) in pairs:
            out.setdefault((o.region_id, o.indicator_key), {})[o.year] = o.value
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
        )
        for o in rows
    ]
