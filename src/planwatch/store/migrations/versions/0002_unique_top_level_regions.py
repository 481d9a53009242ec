"""unique top-level region names

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30

A unique (name, parent_id) constraint lets two top-level regions of the same name
exist, because NULL parents never compare equal; concurrent imports could then
both create the same province. A partial unique index closes that gap.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ROOT = sa.text("parent_id IS NULL")


def upgrade() -> None:
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
