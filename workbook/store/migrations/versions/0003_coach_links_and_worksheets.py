"""Coach links and worksheets.

The schema of leaderbook e88c929.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workbook.store.migrations import refuse_downgrade

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lb_coach_tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("lb_teams.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "lb_worksheets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("respondent_id", sa.Integer, sa.ForeignKey("lb_respondents.id"), nullable=False),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("lb_rounds.id"), nullable=False),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_lb_worksheets_key", "lb_worksheets", ["respondent_id", "round_id", "name"])


def downgrade() -> None:
    refuse_downgrade()
