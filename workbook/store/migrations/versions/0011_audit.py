"""The audit trail: what the coach did (exports, reports, links, rounds, email), append-only.

The table's triggers refuse UPDATE and DELETE (append_only.py, the same as a new store gets).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workbook.store.append_only import trigger_statements
from workbook.store.migrations import refuse_downgrade

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lb_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(32), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("team", sa.String(200), nullable=True),
        sa.Column("detail", sa.String(500), nullable=False),
    )
    for statement in trigger_statements(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    refuse_downgrade()
