"""Where the database is and how to open it.

The default is a SQLite file under PLANWATCH_HOME (or ~/.local/share/planwatch),
so one command works on a fresh machine; PLANWATCH_DATABASE_URL selects any other
database SQLAlchemy knows, e.g. postgresql+psycopg://localhost/test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from planwatch.paths import home

ENV_URL = "PLANWATCH_DATABASE_URL"


def default_url() -> str:
    return f"sqlite:///{home() / 'planwatch.db'}"


def database_url() -> str:
    return os.environ.get(ENV_URL) or default_url()


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed as a whole at the end, or not at all."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as session, session.begin():
        yield session


def describe(engine: Engine) -> str:
    """The URL without a password, for messages."""
    return engine.url.render_as_string(hide_password=True)
