"""enterprise warnings

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

Monthly warning lists (企业四色预警): a run per month with its counts, every
enterprise's status with its reasons, and the help given to flagged enterprises.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "warn_run",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("month", sa.Text(), nullable=False),
        sa.Column("scheme", sa.Text(), nullable=False),
        sa.Column("scheme_title", sa.Text(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("region_id", sa.Integer(), sa.ForeignKey("region.id")),
        sa.Column("enterprises", sa.Integer(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_warn_run_month", "warn_run", ["month"])
    op.create_table(
        "warn_flag",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "run_id",
            sa.Integer(),
            sa.ForeignKey("warn_run.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("credit_code", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=False),
        sa.Column("park", sa.Text(), nullable=False),
        sa.Column("industry_code", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("since", sa.Text(), nullable=False),
        sa.Column("change", sa.Text(), nullable=False),
        sa.Column("previous", sa.Text()),
        sa.Column("reasons", sa.JSON()),
    )
    op.create_index("ix_warn_flag_run_id", "warn_flag", ["run_id"])
    op.create_index("ix_warn_flag_credit_code", "warn_flag", ["credit_code"])
    op.create_index("ix_warn_flag_run_status", "warn_flag", ["run_id", "status"])
    op.create_table(
        "warn_help",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("credit_code", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=False),
        sa.Column("month", sa.Text(), nullable=False),
        sa.Column("helper", sa.Text(), nullable=False),
        sa.Column("helped_on", sa.Date(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("region_id", sa.Integer(), sa.ForeignKey("region.id")),
    )
    op.create_index("ix_warn_help_credit_code", "warn_help", ["credit_code"])


def downgrade() -> None:
    op.drop_index("ix_warn_help_credit_code", table_name="warn_help")
    op.drop_table("warn_help")
    op.drop_index("ix_warn_flag_run_status", table_name="warn_flag")
    op.drop_index("ix_warn_flag_credit_code", table_name="warn_flag")
    op.drop_index("ix_warn_flag_run_id", table_name="warn_flag")
    op.drop_table("warn_flag")
    op.drop_index("ix_warn_run_month", table_name="warn_run")
    op.drop_table("warn_run")
