"""Migrations create exactly the tables the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
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


def test_top_level_twins_are_merged_before_the_unique_index(db_url: str) -> None:
    """Two 浙江省 (a race before 0002 could make them): merged into the first, with
    their cities, plans and observations; revisions of a shared value continue."""
    from sqlalchemy import text

    engine = make_engine(db_url)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        regions = [(1, "浙江省", None), (2, "浙江省", None), (3, "金华市", 1), (4, "金华市", 2),
                   (5, "丽水市", 2)]  # fmt: skip
        insert = "INSERT INTO region (id, name, level, parent_id) VALUES (:i, :n, '', :p)"
        for rid, name, parent in regions:
            conn.execute(text(insert), {"i": rid, "n": name, "p": parent})
        conn.execute(text(
            "INSERT INTO plan (id, document, version, title, region_id, issuer, issue_date, "
            "source_file, source_hash, format, extract) VALUES "
            "(1, 'p', 1, '', 4, '', '', 'p.txt', 'h', 'txt', '{}')"))  # fmt: skip
        values = [(1, 3, 2023, 1, 10.0), (2, 3, 2023, 2, 11.0), (3, 4, 2023, 1, 12.0),
                  (4, 4, 2022, 1, 9.0)]  # fmt: skip
        for oid, region, year, rev, value in values:
            conn.execute(text(
                "INSERT INTO observation (id, region_id, indicator_key, year, value, unit, "
                "revision, source, note) VALUES (:i, :r, 'k', :y, :v, '', :rev, '', '')"),
                {"i": oid, "r": region, "y": year, "v": value, "rev": rev})  # fmt: skip
    upgrade(engine)
    with engine.connect() as conn:
        regions = conn.execute(text("SELECT id, name, parent_id FROM region ORDER BY id")).all()
        assert [tuple(r) for r in regions] == [
            (1, "浙江省", None),
            (3, "金华市", 1),
            (5, "丽水市", 1),
        ]
        assert conn.execute(text("SELECT region_id FROM plan")).scalar() == 3
        obs = conn.execute(text("SELECT region_id, year, revision, value FROM observation "
                                "ORDER BY year, revision")).all()  # fmt: skip
        assert [tuple(o) for o in obs] == [(3, 2022, 1, 9.0), (3, 2023, 1, 10.0),
                                           (3, 2023, 2, 11.0), (3, 2023, 3, 12.0)]  # fmt: skip
    engine.dispose()


def test_sqlite_migrations_can_rebuild_referenced_tables(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A migration that rebuilds a table others point to (what Alembic's batch mode
    does on SQLite) works, and foreign keys are enforced again afterwards."""
    from alembic.operations import Operations
    from sqlalchemy import text

    from planwatch.store.migrate import _migrating

    engine = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    upgrade(engine)
    with engine.begin() as conn:  # a row that refers to a region, as every store has
        conn.execute(text("INSERT INTO region (id, name, level) VALUES (1, '甲县', '县')"))
        conn.execute(
            text(
                "INSERT INTO observation (region_id, indicator_key, year, value, unit, revision, "
                "source, note) VALUES (1, 'k', 2023, 1.0, '', 1, '', '')"
            )
        )
    with _migrating(engine) as conn:  # create, copy, drop, rename: plan and others refer to it
        ops = Operations(MigrationContext.configure(conn, opts={"render_as_batch": True}))
        with ops.batch_alter_table("region", recreate="always"):
            pass
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_revision_check_without_alembic_agrees(engine) -> None:  # type: ignore[no-untyped-def]
    from planwatch.store import migrate, revision

    assert revision.head_revision() == migrate.head_revision()
    assert revision.current_revision(engine) == migrate.current_revision(engine)
    upgrade(engine)
    assert revision.current_revision(engine) == migrate.current_revision(engine)
    downgrade(engine, "0001")
    assert revision.current_revision(engine) == "0001"


def test_the_server_brings_an_older_store_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Commands refuse a store an older planwatch left; `serve` migrates it at start
    (`store_engine(migrate=True)`)."""
    from planwatch.commands.common import StoreOutdated, store_engine

    url = f"sqlite:///{tmp_path / 'old.db'}"
    monkeypatch.setenv("PLANWATCH_DATABASE_URL", url)
    engine = make_engine(url)
    upgrade(engine)
    downgrade(engine, "0007")
    engine.dispose()
    with pytest.raises(StoreOutdated):
        store_engine()
    migrated = store_engine(migrate=True)
    assert current_revision(migrated) == head_revision()
    migrated.dispose()
