"""Schema 2: confidential teams, a round's own programme, published snapshots.

The schema of leaderbook 2444e9e. A team made before it is not confidential (the column's default).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workbook.store.migrations import refuse_downgrade

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite adds a NOT NULL column in place when it has a default; no table copy is needed.
    op.add_column("lb_teams", sa.Column("confidential", sa.Boolean, nullable=False,
                                        server_default=sa.false()))
    op.create_table(
        "lb_round_programmes",
        sa.Column("round_id", sa.Integer, sa.ForeignKey("lb_rounds.id"), primary_key=True),
        sa.Column("programme", sa.Text, nullable=False),
        sa.Column("files", sa.Text, nullable=False),
    )
    op.create_table(
        "lb_snapshots",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("lb_teams.id"), nullable=False),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("lb_rounds.id"), nullable=False),
        sa.Column("scope", sa.String(100), nullable=False),
        sa.Column("respondents", sa.Text, nullable=False),
        sa.Column("answers_upto", sa.Integer, nullable=False),
        sa.Column("plans_upto", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_lb_snapshots_team", "lb_snapshots", ["team_id"])
    meta = sa.table("lb_meta", sa.column("key"), sa.column("value"))
    op.execute(meta.update().where(meta.c.key == "schema_version").values(value="2"))


def downgrade() -> None:
    refuse_downgrade()
