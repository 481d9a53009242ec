"""unique top-level region names

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30

A unique (name, parent_id) constraint lets two top-level regions of the same name
exist, because NULL parents never compare equal; concurrent imports could then
both create the same province. A partial unique index closes that gap.

A store that already holds such twins has them merged first, into the one
created first: their sub-regions (merged the same way where names meet), plans,
targets and observations move over; an observation series of the later twin
continues the earlier twin's revisions (its revisions are numbered after them),
so nothing recorded is lost.
"""

from __future__ import annotations

from itertools import groupby

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Connection, text

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ROOT = sa.text("parent_id IS NULL")


def _merge(conn: Connection, keep: int, other: int) -> None:
    """Region `other` (and everything under or on it) into region `keep`."""
    children = conn.execute(
        text("SELECT id, name FROM region WHERE parent_id = :o"), {"o": other}
    ).all()
    for child, name in children:
        twin = conn.execute(
            text("SELECT id FROM region WHERE parent_id = :k AND name = :n"), {"k": keep, "n": name}
        ).scalar()
        if twin is None:
            conn.execute(
                text("UPDATE region SET parent_id = :k WHERE id = :c"), {"k": keep, "c": child}
            )
        else:
            _merge(conn, twin, child)
    for table in ("plan", "target"):
        conn.execute(
            text(f"UPDATE {table} SET region_id = :k WHERE region_id = :o"), {"k": keep, "o": other}
        )
    kept = conn.execute(
        text(
            "SELECT indicator_key, year, MAX(revision) FROM observation WHERE region_id = :k "
            "GROUP BY indicator_key, year"
        ),
        {"k": keep},
    ).all()
    for key, year, last in kept:
        conn.execute(
            text(
                "UPDATE observation SET revision = revision + :last WHERE region_id = :o "
                "AND indicator_key = :key AND year = :year"
            ),
            {"last": last, "o": other, "key": key, "year": year},
        )
    conn.execute(
        text("UPDATE observation SET region_id = :k WHERE region_id = :o"), {"k": keep, "o": other}
    )
    conn.execute(text("DELETE FROM region WHERE id = :o"), {"o": other})


def _merge_top_level_twins(conn: Connection) -> None:
    roots = conn.execute(
        text("SELECT name, id FROM region WHERE parent_id IS NULL ORDER BY name, id")
    ).all()
    for _, group in groupby(roots, key=lambda r: r[0]):
        keep, *others = [rid for _, rid in group]
        for other in others:
            _merge(conn, keep, other)


def upgrade() -> None:
    _merge_top_level_twins(op.get_bind())
    op.create_index(
        "uq_region_root_name",
        "region",
        ["name"],
        unique=True,
        sqlite_where=ROOT,
        postgresql_where=ROOT,
    )


def downgrade() -> None:
    op.drop_index("uq_region_root_name", table_name="region")
