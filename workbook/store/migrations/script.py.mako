"""${message}

Revision ${up_revision}, after ${down_revision | comma,n}. Explicit operations only (op.create_table,
op.add_column, op.create_index; op.batch_alter_table to change a column on SQLite): never
schema.metadata.create_all, which would build today's tables, not this revision's.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workbook.store.migrations import refuse_downgrade
${imports if imports else ""}
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    refuse_downgrade()
