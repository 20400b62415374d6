"""What every erasure does so that nothing removed stays in the database's files.

Deleting rows is not enough on either backend. SQLite keeps a deleted row's
bytes in free space unless ``secure_delete`` is on, may hold stale copies of
rows moved between pages while it was off (a store written by an older
leaderbook or another SQLite build), and keeps the newest pages in the
write-ahead log until a checkpoint; PostgreSQL keeps deleted row versions
until the table is vacuumed. Used by a person's erasure
(:mod:`workbook.store.erasure`) and by a round's retention period
(:mod:`workbook.store.retention`).
"""

from __future__ import annotations

import sqlite3
import time
from typing import Iterable

from ..errors import StoreError

#: How long to wait for readers to let the WAL be checkpointed and truncated.
CHECKPOINT_SECONDS = 10


def secure_delete_on(conn) -> None:
    """Turn SQLite's secure_delete on for this pooled connection, before its transaction begins.

    Set on the DBAPI connection itself (a statement through SQLAlchemy would begin a transaction
    first), then read back: the deletion must not run on a connection without it.
    """
    raw = conn.connection.driver_connection
    raw.execute("PRAGMA secure_delete=ON")
    if raw.execute("PRAGMA secure_delete").fetchone()[0] != 1:
        raise StoreError("SQLite refused secure_delete: nothing was erased")


def rebuild_and_checkpoint(conn) -> bool:
    """Rebuild the SQLite file, then copy the WAL into it and truncate the WAL to nothing; False if that
    could not finish (a writer held the store past the busy timeout, or readers kept the WAL).

    secure_delete zeroes what an erasure deletes, but not the stale copies of the same rows that
    SQLite may have left in a page's free space when it moved cells between pages with
    secure_delete off: VACUUM writes a new file of the live rows only.
    """
    raw = conn.connection.driver_connection
    try:
        raw.execute("VACUUM")
    except sqlite3.OperationalError:
        return False
    deadline = time.monotonic() + CHECKPOINT_SECONDS
    while True:
        busy, _, _ = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if not busy:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)


def vacuum_tables(engine, tables: Iterable[str]) -> bool:
    """VACUUM each PostgreSQL table an erasure touched (outside a transaction, as VACUUM must run)."""
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        for name in sorted(set(tables)):
            conn.exec_driver_sql(f'VACUUM "{name}"')  # names come from schema.py, never from input
    return True
