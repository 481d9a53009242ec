"""Alembic environment: runs on the connection planwatch hands over (see store.migrate)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from planwatch.store.db import make_engine
from planwatch.store.schema import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # the plain `alembic` command, for developers writing a migration
    with make_engine(config.get_main_option("sqlalchemy.url") or None).connect() as conn:
        _run(conn)
