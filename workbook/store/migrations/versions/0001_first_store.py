"""The first store: meta, teams, rounds, respondents, answers and plans (schema 1).

The schema of leaderbook f6f93e3, the first store.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workbook.store.migrations import refuse_downgrade

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    meta = op.create_table(
        "lb_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(255), nullable=False),
    )
    op.bulk_insert(meta, [{"key": "schema_version", "value": "1"}])
    op.create_table(
        "lb_teams",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("threshold", sa.Integer, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_table(
        "lb_rounds",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("lb_teams.id"), nullable=True),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("closed_at", WHEN, nullable=True),
    )
    op.create_table(
        "lb_respondents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("lb_teams.id"), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_table(
        "lb_answers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("respondent_id", sa.Integer, sa.ForeignKey("lb_respondents.id"), nullable=False),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("lb_rounds.id"), nullable=False),
        sa.Column("subject_id", sa.Integer, sa.ForeignKey("lb_respondents.id"), nullable=True),
        sa.Column("instrument_id", sa.String(100), nullable=False),
        sa.Column("instrument_version", sa.Integer, nullable=False),
        sa.Column("item_id", sa.String(100), nullable=False),
        sa.Column("value", sa.Text, nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("recorded_at", WHEN, nullable=False),
    )
    op.create_index("ix_lb_answers_key", "lb_answers", ["respondent_id", "round_id", "instrument_id", "item_id"])
    op.create_index("ix_lb_answers_round", "lb_answers", ["round_id"])
    op.create_table(
        "lb_plans",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("respondent_id", sa.Integer, sa.ForeignKey("lb_respondents.id"), nullable=False),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("lb_rounds.id"), nullable=False),
        sa.Column("actions", sa.Text, nullable=False),
        sa.Column("saved_at", WHEN, nullable=False),
    )
    op.create_index("ix_lb_plans_key", "lb_plans", ["respondent_id", "round_id"])


def downgrade() -> None:
    refuse_downgrade()
