"""Apply the Alembic migrations shipped in `store/migrations` to a database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from planwatch.store.db import writer

MIGRATIONS = Path(__file__).parent / "migrations"
# Any constant: PostgreSQL's advisory lock that lets one process migrate at a time.
MIGRATION_LOCK = 7_240_201


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def _one_at_a_time(conn: Connection) -> None:
    """Several commands started at once on a new store must not all create it: on
    SQLite the write lock (BEGIN IMMEDIATE) serialises them, on PostgreSQL a
    transaction-scoped advisory lock; the ones after the first find it migrated."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """One transaction for a whole migration run.

    On SQLite, a migration that changes a table rebuilds it (create, copy, drop,
    rename), which fails while foreign keys are enforced, and SQLite ignores
    `PRAGMA foreign_keys` inside a transaction: so they are switched off before it
    begins, checked before it commits (any broken reference undoes everything),
    and switched on again.
    """
    with writer(engine).connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        raw = conn.connection.driver_connection
        if sqlite:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                _one_at_a_time(conn)
                yield conn
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"the migration left broken references: {broken[:5]}")
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys=ON")


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to `revision` (all migrations by default), in one transaction."""
    cfg = alembic_config(engine)
    with _migrating(engine) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    cfg = alembic_config(engine)
    with _migrating(engine) as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def is_current(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()
