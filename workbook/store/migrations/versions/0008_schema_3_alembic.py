"""Schema 3: the store's revision is kept by Alembic.

No table changes shape. lb_meta's schema_version becomes 3, so a leaderbook from before Alembic
(which knows schema 2 at most) refuses the store instead of writing into it without its revision.
Revisions after this one leave schema_version at 3: the revision in lb_alembic_version is what a
leaderbook checks from here on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workbook.store.migrations import refuse_downgrade

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    meta = sa.table("lb_meta", sa.column("key"), sa.column("value"))
    op.execute(meta.update().where(meta.c.key == "schema_version").values(value="3"))


def downgrade() -> None:
    refuse_downgrade()
