"""The coach's workspace tokens: the link `leaderbook serve` prints for the person who runs it.

Kept as sha256 hashes, as invites and coach links are; rotating revokes every earlier one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workbook.store.migrations import refuse_downgrade

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lb_workspace_tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    refuse_downgrade()
