"""The audit log: appended in the same session (so the same transaction) as the change
it records, never updated; read back filtered for the admin page and the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planwatch.models.access import Actor, AuditRecord
from planwatch.store.regions import path_of
from planwatch.store.schema import AuditEntry, Region


def log(
    session: Session,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: object = "",
    region_id: int | None = None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(
            user_name=actor.name if actor else "(cli)",
            address=actor.address if actor else "",
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            region_id=region_id,
            old=old,
            new=new,
        )
    )


def entries(
    session: Session,
    user: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    regions: frozenset[int] | None = None,
    offset: int = 0,
    limit: int = 100,
) -> tuple[list[AuditRecord], int]:
    """Newest first; `regions` limits to changes in those regions (an admin of a county)."""
    where = []
    if user:
        where.append(AuditEntry.user_name == user)
    if action:
        where.append(AuditEntry.action == action)
    if since:
        where.append(AuditEntry.at >= since)
    if regions is not None:
        where.append(AuditEntry.region_id.in_(regions))
    total = session.scalar(select(func.count()).select_from(AuditEntry).where(*where)) or 0
    rows = session.scalars(
        select(AuditEntry).where(*where).order_by(AuditEntry.id.desc()).offset(offset).limit(limit)
    ).all()
    places = {r.id: r for r in session.scalars(select(Region))} if rows else {}
    return [
        AuditRecord(
            id=e.id,
            at=e.at.isoformat() if e.at else "",
            user=e.user_name,
            address=e.address,
            action=e.action,
            entity=e.entity,
            entity_id=e.entity_id,
            region=path_of(places.get(e.region_id)) if e.region_id else "",
            old=e.old,
            new=e.new,
        )
        for e in rows
    ], total
