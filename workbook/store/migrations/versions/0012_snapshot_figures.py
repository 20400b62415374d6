"""Published figures kept with their snapshot: team views read them instead of every answer (issue 21).

A snapshot published before this revision gets its figures the first time a view reads it
(workbook.team.figures), from the answers it names, as views computed them until now.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workbook.store.migrations import refuse_downgrade

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lb_snapshot_figures",
        sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("lb_snapshots.id"), primary_key=True,
                  autoincrement=False),
        sa.Column("figures", sa.Text, nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    refuse_downgrade()
