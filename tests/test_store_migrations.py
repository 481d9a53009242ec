"""Migrations create exactly the tables the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from planwatch.store.db import make_engine
from planwatch.store.migrate import current_revision, downgrade, head_revision, upgrade
from planwatch.store.schema import Base


def test_upgrade_matches_the_models_and_downgrade_empties(db_url: str) -> None:
    engine = make_engine(db_url)
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert {"plan", "plan_indicator", "target", "observation", "project"} <= set(
        inspect(engine).get_table_names()
    )
    upgrade(engine)  # a second upgrade does nothing
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
