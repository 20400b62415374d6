"""The store's Alembic revisions: ``env.py`` and ``versions/``, one file per schema change.

Run by :mod:`workbook.store.upgrades` on the store's own connection; no
``alembic.ini`` is read at run time. How to add a revision: the README's
"Upgrades" section.
"""
