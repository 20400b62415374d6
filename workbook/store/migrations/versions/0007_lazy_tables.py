"""The tables leaderbook used to make on first use: places and snapshots' worksheet cutoffs.

From dad122c a visitor's place, and from 8e09a8e a snapshot's worksheet cutoff, were tables made
the first time they were needed, so a store of those versions may or may not hold them; main
(6dfb7b3) made them on open. Each is made here when it is missing, as those versions made it
(no foreign keys), and kept with its rows when it is there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workbook.store.migrations import refuse_downgrade

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    present = set(sa.inspect(op.get_bind()).get_table_names())
    if "lb_places" not in present:
        op.create_table(
            "lb_places",
            sa.Column("respondent_id", sa.Integer, nullable=False),
            sa.Column("round_id", sa.Integer, nullable=False),
            sa.Column("step", sa.String(100), nullable=False),
            sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        )
        op.create_index("ux_lb_places_key", "lb_places", ["respondent_id", "round_id"], unique=True)
    if "lb_snapshot_worksheets" not in present:
        op.create_table(
            "lb_snapshot_worksheets",
            sa.Column("snapshot_id", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("worksheets_upto", sa.Integer, nullable=False),
        )


def downgrade() -> None:
    refuse_downgrade()
