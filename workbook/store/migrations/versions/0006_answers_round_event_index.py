"""A round's newest answer event in one index step.

The schema of leaderbook 9abb818 (its ADDED_INDEXES).
"""

from __future__ import annotations

from alembic import op

from workbook.store.migrations import refuse_downgrade

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_lb_answers_round_event", "lb_answers", ["round_id", "id"])


def downgrade() -> None:
    refuse_downgrade()
