"""A stamp that changes whenever anything a status depends on changes.

Values are appended (new ids), approvals and other in-place changes are written to
the audit log (new ids), plans and lifecycle changes get new rows: so the largest id
of those tables, read in one query, tells whether cached statuses (and the cached
region tree) are still right.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planwatch.store.schema import (
    AuditEntry,
    LifecycleEvent,
    Observation,
    Plan,
    Region,
    Target,
)


def data_version(session: Session) -> tuple[int, ...]:
    """The stamp, read once per session: a reading session sees one snapshot, and a page
    asks for it several times (the account, the region tree, the statuses)."""
    if "data_version" not in session.info:
        tables = (Observation, AuditEntry, Plan, LifecycleEvent, Target, Region)
        stamps = [select(func.coalesce(func.max(t.id), 0)).scalar_subquery() for t in tables]
        session.info["data_version"] = tuple(session.execute(select(*stamps)).one())
    return session.info["data_version"]  # type: ignore[no-any-return]
