"""per-mu runs kept in the store

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

Evaluations run in the web app are kept in the store (not only as files in the
home folder), so pages and the API can filter and page through them: a run with
every result column as Parquet, and one row per enterprise for queries.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "permu_run",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("scheme", sa.Text(), nullable=False),
        sa.Column("scheme_title", sa.Text(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("region_id", sa.Integer(), sa.ForeignKey("region.id")),
        sa.Column("enterprises", sa.Integer(), nullable=False),
        sa.Column("evaluated", sa.Integer(), nullable=False),
        sa.Column("results", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "permu_result",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "run_id",
            sa.Integer(),
            sa.ForeignKey("permu_run.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("credit_code", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=False),
        sa.Column("park", sa.Text(), nullable=False),
        sa.Column("industry_code", sa.Text(), nullable=False),
        sa.Column("group_name", sa.Text(), nullable=False),
        sa.Column("land_mu", sa.Float()),
        sa.Column("score", sa.Float()),
        sa.Column("rank", sa.Integer()),
        sa.Column("grade", sa.Text()),
        sa.Column("not_evaluable", sa.Text()),
    )
    op.create_index("ix_permu_result_run_id", "permu_result", ["run_id"])
    op.create_index("ix_permu_result_run_grade", "permu_result", ["run_id", "grade"])


def downgrade() -> None:
    op.drop_index("ix_permu_result_run_grade", table_name="permu_result")
    op.drop_index("ix_permu_result_run_id", table_name="permu_result")
    op.drop_table("permu_result")
    op.drop_table("permu_run")
