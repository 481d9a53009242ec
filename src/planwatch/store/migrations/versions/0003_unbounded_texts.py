"""unbounded texts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30

Texts users write (a project's 状态, a region's name, a unit or a category as a plan
prints it) had length limits that SQLite never checked and PostgreSQL did, so the
same import worked on one and failed on the other. They become TEXT: nothing
users write is cut or refused for its length.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# table → {column: the length it had}
WIDENED: dict[str, dict[str, int]] = {
    "region": {"name": 100},
    "plan": {"document": 200, "issuer": 200, "issue_date": 20},
    "plan_indicator": {
        "category": 100, "seq": 20, "unit": 40, "subject": 100, "attribute": 20,
        "indicator_key": 200,
    },
    "target": {"qualifier": 20},
    "observation": {"indicator_key": 200, "unit": 40},
    "project": {"seq": 20, "money_unit": 10},
    "project_progress": {"status": 20},
}  # fmt: skip


def _alter(to_text: bool) -> None:
    for table, columns in WIDENED.items():
        with op.batch_alter_table(table) as batch:
            for column, length in columns.items():
                old, new = sa.String(length), sa.Text()
                batch.alter_column(
                    column,
                    type_=new if to_text else old,
                    existing_type=old if to_text else new,
                )


def upgrade() -> None:
    _alter(to_text=True)


def downgrade() -> None:
    _alter(to_text=False)
