"""Invite links, kept as sha256 hashes of their tokens.

The schema of leaderbook 56920df.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workbook.store.migrations import refuse_downgrade

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lb_invites",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("respondent_id", sa.Integer, sa.ForeignKey("lb_respondents.id"), nullable=False),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("lb_rounds.id"), nullable=False),
        sa.Column("rater_group", sa.String(20), nullable=False),
        sa.Column("subject_id", sa.Integer, sa.ForeignKey("lb_respondents.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    refuse_downgrade()
