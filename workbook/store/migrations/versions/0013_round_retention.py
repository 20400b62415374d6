"""Rounds may keep their answers for a retention period only (issue 22 item 3)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workbook.store.migrations import refuse_downgrade

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lb_round_retention",
        sa.Column("round_id", sa.Integer, sa.ForeignKey("lb_rounds.id"), primary_key=True, autoincrement=False),
        sa.Column("keep_days", sa.Integer, nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    refuse_downgrade()
