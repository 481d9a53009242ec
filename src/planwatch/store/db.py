"""Where the database is, how to open it, and how every write is run.

The default is a SQLite file under PLANWATCH_HOME (or ~/.local/share/planwatch),
so one command works on a fresh machine; PLANWATCH_DATABASE_URL selects any other
database SQLAlchemy knows, e.g. postgresql+psycopg://localhost/test.

Several users write to one store at once (imports from the CLI, the web app).
Every write therefore goes through `write`, one policy for all of them:

- On SQLite the file is in WAL mode, so readers never wait for a writer, and a
  write transaction starts with `BEGIN IMMEDIATE`: writers queue for the lock
  at the start (up to PLANWATCH_BUSY_TIMEOUT seconds, default 30) instead of
  failing half-way when another writer got there first. A writer still waiting
  after that is told the store is busy.
- On PostgreSQL two writers that append the same revision, or create the same
  plan or region, collide on a unique key (neither waits for the other's reads).
  The whole transaction is then run again from the start, after a short random
  pause, and sees what the other one committed: the next revision number, the
  plan that now exists. Only such conflicts are retried, never other errors.
"""

from __future__ import annotations

import atexit
import logging
import os
import random
import sqlite3
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from planwatch.errors import PlanwatchError
from planwatch.paths import home

ENV_URL = "PLANWATCH_DATABASE_URL"
ENV_BUSY = "PLANWATCH_BUSY_TIMEOUT"
BUSY_SECONDS = 30.0  # a 100,000-row import takes a few seconds; plan imports under one
ATTEMPTS = 8
WRITE = "planwatch_write"  # execution option: this transaction will write
# PostgreSQL error codes worth a second try: unique_violation, serialization_failure,
# deadlock_detected. Each means another transaction committed first.
RETRY_SQLSTATES = {"23505", "40001", "40P01"}

T = TypeVar("T")


class StoreBusy(PlanwatchError):
    """Another writer held the store for longer than the busy timeout. Any page that
    saves can meet it, so it is said in Chinese too."""


class StoreConflict(PlanwatchError):
    """The same data was written by others again and again while we retried; in
    Chinese too, as StoreBusy."""


def default_url() -> str:
    return f"sqlite:///{home() / 'planwatch.db'}"


def database_url() -> str:
    return os.environ.get(ENV_URL) or default_url()


def busy_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get(ENV_BUSY, BUSY_SECONDS)))
    except ValueError:
        return BUSY_SECONDS


def _sqlite_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    # pysqlite's own BEGIN handling is off: `_sqlite_begin` says how each transaction starts
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.close()


def _sqlite_begin(conn) -> None:  # type: ignore[no-untyped-def]
    write = conn.get_execution_options().get(WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


# Connections kept open: as many as the web app's threads read with at once
# (`web.app.THREADS`). With SQLAlchemy's default of five, the others were opened and
# closed for every page (on SQLite with its pragmas, on PostgreSQL a new backend).
POOL = {"pool_size": 8, "max_overflow": 8}


# Every engine made, so the quick exit (`cli.run`) can close their connections: closing
# the last connection to an SQLite store writes its WAL back into the file (without it
# the committed data stays in `-wal` beside it), and a PostgreSQL session ends cleanly.
_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()


def close_engines() -> None:
    """Close the pooled connections of every engine still alive (run at exit)."""
    for engine in list(_ENGINES):
        engine.dispose()


atexit.register(close_engines)


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        in_memory = url in ("sqlite://", "sqlite:///:memory:")  # one connection per thread
        engine = create_engine(url, connect_args={"timeout": busy_seconds()},
                               **({} if in_memory else POOL))  # fmt: skip
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        # psycopg logs "error ignored terminating <Pipeline>" when a batch insert meets a
        # conflict that `write` is about to retry: not something to show users.
        logging.getLogger("psycopg").addHandler(logging.NullHandler())
        engine = create_engine(url, **POOL)
    _ENGINES.add(engine)
    return engine


def writer(engine: Engine) -> Engine:
    """`engine` for a transaction that writes (on SQLite: BEGIN IMMEDIATE)."""
    return engine.execution_options(**{WRITE: True})


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A session for reads: it sees one consistent state and never waits for writers
    (SQLite in WAL mode: one snapshot; PostgreSQL: REPEATABLE READ, where its default
    would take a new snapshot for each statement)."""
    if engine.dialect.name == "postgresql":
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


def _is_conflict(exc: DBAPIError) -> bool:
    """Another transaction committed first. On SQLite writers are serialised by
    BEGIN IMMEDIATE, so a unique violation there is a bug, not a race: not retried."""
    return getattr(exc.orig, "sqlstate", None) in RETRY_SQLSTATES


def _is_busy(exc: DBAPIError) -> bool:
    return isinstance(exc.orig, sqlite3.OperationalError) and "locked" in str(exc.orig)


def write(engine: Engine, work: Callable[[Session], T], attempts: int = ATTEMPTS) -> T:
    """Run `work(session)` in one transaction and commit it; all or nothing.

    `work` may run more than once (after a conflict with another writer), so it
    must only touch the session: read files before, print after.
    """
    target = writer(engine)
    for attempt in range(attempts):
        try:
            with Session(target, expire_on_commit=False) as session, session.begin():
                return work(session)
        except DBAPIError as exc:
            if _is_busy(exc):
                seconds = f"{busy_seconds():g}"
                raise StoreBusy(
                    f"the store is busy (another import has been writing for over "
                    f"{seconds} s); try again in a moment",
                    zh=f"数据库繁忙（另一项导入已持续写入超过{seconds}秒），请稍后重试",
                ) from None
            if not _is_conflict(exc):
                raise
            if attempt == attempts - 1:
                raise StoreConflict(
                    "others kept changing the same data while this was being written "
                    f"({attempts} attempts); try again",
                    zh=f"写入期间其他用户反复修改了相同的数据（已尝试{attempts}次），请重试",
                ) from None
            time.sleep(random.uniform(0, min(1.0, 0.02 * 2**attempt)))
    raise AssertionError("unreachable")  # pragma: no cover


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A write transaction run once, without retries (for tests and one-off scripts);
    commands use `write`."""
    with Session(writer(engine), expire_on_commit=False) as session, session.begin():
        yield session


def describe(engine: Engine) -> str:
    """The URL without a password, for messages."""
    return engine.url.render_as_string(hide_password=True)
