"""login failures

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

Failed sign-ins kept in the store, so that the limit on them holds across every
worker process of the web app and across restarts.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("user_name", sa.Text(), nullable=False),
        sa.Column("times", sa.JSON(), nullable=False),
        sa.Column("last_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("address", "user_name", name="uq_login_failure_address_user"),
    )
    op.create_index("ix_login_failure_last_at", "login_failure", ["last_at"])


def downgrade() -> None:
    op.drop_index("ix_login_failure_last_at", table_name="login_failure")
    op.drop_table("login_failure")
