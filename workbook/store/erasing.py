"""What every erasure ends with: nothing removed may stay in the database's files.

Deleting rows is not enough on either backend. SQLite keeps a deleted row's
bytes in free pages unless ``secure_delete`` is on (every connection of a
leaderbook store turns it on, :mod:`workbook.store.engine`), and keeps the
newest pages in the write-ahead log until a checkpoint; PostgreSQL keeps
deleted row versions in the table until it is vacuumed. :func:`settle` runs
after the erasing transaction has committed.
"""

from __future__ import annotations

from typing import Iterable

from sqlalchemy import text


def settle(engine, tables: Iterable[str]) -> None:
    """Make a committed erasure final in the files: checkpoint and truncate SQLite's WAL, or
    VACUUM the PostgreSQL tables it touched (outside a transaction, as VACUUM must run)."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return
    names = sorted(set(tables))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for name in names:
            conn.execute(text(f'VACUUM "{name}"'))  # table names come from schema.py, never from input
