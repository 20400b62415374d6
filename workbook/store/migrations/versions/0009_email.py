"""Invitations by email: members' addresses, several live tokens per invite, the messages sent, reminder rules.

Issue 19's back end (a link sent by email carries a fresh token, kept hashed like the invite's own).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workbook.store.migrations import refuse_downgrade

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lb_member_contacts",
        sa.Column("respondent_id", sa.Integer, sa.ForeignKey("lb_respondents.id"), primary_key=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("language", sa.String(35), nullable=True),
    )
    op.create_table(
        "lb_invite_tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("invite_id", sa.Integer, sa.ForeignKey("lb_invites.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "lb_messages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("lb_rounds.id"), nullable=False),
        sa.Column("respondent_id", sa.Integer, sa.ForeignKey("lb_respondents.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_lb_messages_round", "lb_messages", ["round_id"])
    op.create_table(
        "lb_reminder_policies",
        sa.Column("round_id", sa.Integer, sa.ForeignKey("lb_rounds.id"), primary_key=True),
        sa.Column("max_reminders", sa.Integer, nullable=False),
        sa.Column("every_days", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    refuse_downgrade()
