"""accounts, data approval and the audit log

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30

The web app signs people in (user_account, api_token), lets values move from draft
to approved (observation.state; rows stored before this are approved), records who
changed what (audit_log), and lets an admin publish a plan's overview (plan.published).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("region_id", sa.Integer(), sa.ForeignKey("region.id")),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
    )
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("user_account.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_api_token_user_id", "api_token", ["user_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("user_name", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.Text(), nullable=False),
        sa.Column("region_id", sa.Integer(), sa.ForeignKey("region.id")),
        sa.Column("old", sa.JSON()),
        sa.Column("new", sa.JSON()),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    with op.batch_alter_table("observation") as batch:
        batch.add_column(
            sa.Column("state", sa.String(10), server_default="approved", nullable=False)
        )
        batch.add_column(sa.Column("entered_by", sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("review_note", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("plan") as batch:
        batch.add_column(
            sa.Column("published", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("plan") as batch:
        batch.drop_column("published")
    with op.batch_alter_table("observation") as batch:
        batch.drop_column("review_note")
        batch.drop_column("entered_by")
        batch.drop_column("state")
    op.drop_index("ix_audit_log_at", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index("ix_api_token_user_id", table_name="api_token")
    op.drop_table("api_token")
    op.drop_table("user_account")
