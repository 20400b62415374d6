"""The store's Alembic revisions: ``env.py`` and ``versions/``, one file per schema change.

Run by :mod:`workbook.store.upgrades` on the store's own connection; no
``alembic.ini`` is read at run time. How to add a revision: the README's
"Upgrades" section.
"""

from ...errors import StoreError


def refuse_downgrade() -> None:
    """Every revision's ``downgrade``: leaderbook only upgrades, so going back is a restore."""
    raise StoreError("leaderbook upgrades a store but never downgrades one: to go back, restore the "
                     "backup made before the upgrade (leaderbook restore FILE)")
