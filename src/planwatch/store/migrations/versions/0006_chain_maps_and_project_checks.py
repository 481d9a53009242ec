"""chain maps and project checks

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

Chain maps (产业链图谱) made by `chain map --to-store` or in the web app: the map as
JSON, its chains and links with their gap classes, and every enterprise-link
assignment of the map's year; and admission checks of proposed projects.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chain_map",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer()),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("chains_yaml", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("region_id", sa.Integer(), sa.ForeignKey("region.id")),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("by_region", sa.JSON(), nullable=False),
    )
    op.create_table(
        "chain",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "map_id",
            sa.Integer(),
            sa.ForeignKey("chain_map.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("output", sa.Float(), nullable=False),
    )
    op.create_index("ix_chain_map_id", "chain", ["map_id"])
    op.create_table(
        "chain_link",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "chain_id",
            sa.Integer(),
            sa.ForeignKey("chain.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("segment", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("codes", sa.JSON(), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("gap", sa.Text(), nullable=False),
    )
    op.create_index("ix_chain_link_chain_id", "chain_link", ["chain_id"])
    op.create_table(
        "chain_assignment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "link_id",
            sa.Integer(),
            sa.ForeignKey("chain_link.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("year", sa.Integer()),
        sa.Column("credit_code", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=False),
        sa.Column("matched_by", sa.Text(), nullable=False),
    )
    op.create_index("ix_chain_assignment_link_id", "chain_assignment", ["link_id"])
    op.create_table(
        "project_check",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("industry_code", sa.Text(), nullable=False),
        sa.Column("verdict", sa.Text(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.Column("region_id", sa.Integer(), sa.ForeignKey("region.id")),
        sa.Column("detail", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("project_check")
    op.drop_index("ix_chain_assignment_link_id", table_name="chain_assignment")
    op.drop_table("chain_assignment")
    op.drop_index("ix_chain_link_chain_id", table_name="chain_link")
    op.drop_table("chain_link")
    op.drop_index("ix_chain_map_id", table_name="chain")
    op.drop_table("chain")
    op.drop_table("chain_map")
