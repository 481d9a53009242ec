"""A stamp that changes whenever anything a status depends on changes.

Values are appended (new ids), approvals and other in-place changes are written to
the audit log (new ids), plans and lifecycle changes get new rows: so the largest id
of those tables, read in one query, tells whether cached statuses (and the cached
region tree) are still right.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy.orm import Session

from planwatch.store.schema import (
    AuditEntry,
    LifecycleEvent,
    Observation,
    Plan,
    Region,
    Target,
)

# The largest id of each table, written out once: every page asks, and building and
# compiling the same statement each time was a tenth of a page's work.
_STAMP_SQL = "SELECT " + ", ".join(
    f"(SELECT max(id) FROM {t.__tablename__})"
    for t in (Observation, AuditEntry, Plan, LifecycleEvent, Target, Region)
)

# Within `one_version()`: the stamp of each store already read, by `_store(session)`.
_SCOPE: ContextVar[dict[tuple[int, str], tuple[int, ...]] | None] = ContextVar(
    "planwatch_data_version", default=None
)


@contextmanager
def one_version() -> Iterator[None]:
    """Within the block, the stamp is read once per store however many sessions ask.

    A web page opens several sessions (the account, the plans, each plan's statuses,
    the region tree) and each used to read the stamp again. The web app reads pages in
    such a block, so a page costs one stamp query and is computed from one stamp. Only
    for reading: a request that writes must see its own change move the stamp."""
    token = _SCOPE.set({})
    try:
        yield
    finally:
        _SCOPE.reset(token)


def _store(session: Session) -> tuple[int, str]:
    """Which store a session reads: its engine's pool (an engine made with other
    execution options shares it) and URL (an in-memory SQLite store's URL repeats)."""
    bind = session.get_bind()
    return id(bind.pool), str(bind.url)  # type: ignore[union-attr]


def data_version(session: Session) -> tuple[int, ...]:
    """The stamp, read once per session: a reading session sees one snapshot, and a page
    asks for it several times (the account, the region tree, the statuses)."""
    if "data_version" not in session.info:
        scope, store = _SCOPE.get(), _store(session)
        stamp = scope.get(store) if scope is not None else None
        if stamp is None:
            found = session.connection().exec_driver_sql(_STAMP_SQL).one()
            stamp = tuple(part or 0 for part in found)
            if scope is not None:
                scope[store] = stamp
        session.info["data_version"] = stamp
    return session.info["data_version"]  # type: ignore[no-any-return]


def versioned_key(session: Session, *parts: object) -> tuple[object, ...]:
    """A cache key for what `parts` name in this session's store as it is now."""
    return (*_store(session), *parts, data_version(session))
