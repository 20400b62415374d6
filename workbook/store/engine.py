"""Opening a database: the SQLite settings that make many writers safe.

SQLite runs in WAL mode (readers never block the writer), with a busy
timeout, and write transactions start with ``BEGIN IMMEDIATE`` so two
writers queue at the start instead of deadlocking on a lock upgrade.

``synchronous=FULL`` makes every commit wait until the write-ahead log is on
disk: an answer the page calls saved survives a power cut. (NORMAL, SQLite's
usual choice with WAL, syncs only at checkpoints, so the last answers before
a crash of the machine can be lost.) ``bench/bench_durability.py`` measures
what it costs.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError

from ..errors import StoreError

BUSY_TIMEOUT_SECONDS = 30
#: Read when a connection opens; the bench sets NORMAL to measure FULL's cost.
SQLITE_SYNCHRONOUS = "FULL"
WRITE_OPTION = "leaderbook_write"


SUPPORTED = ("sqlite", "postgresql")


def open_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"{url!r} is not a database URL; use sqlite:///PATH or postgresql://USER@HOST/DATABASE"
        ) from None
    if parsed.get_backend_name() not in SUPPORTED:
        raise StoreError(f"leaderbook stores answers in SQLite or PostgreSQL, not {parsed.get_backend_name()}")
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
        url = parsed.set(drivername="postgresql+psycopg")
    from .connection_slots import bound_connections, slots_from_environment

    slots = slots_from_environment()
    try:
        if slots is None:
            return create_engine(url, pool_pre_ping=True)
        # Under `leaderbook serve`: no idle connections, and every open one holds a server slot.
        from sqlalchemy.pool import NullPool

        engine = create_engine(url, poolclass=NullPool)
    except ImportError as exc:
        raise StoreError(f"no database driver for {parsed.drivername}: {exc}") from None
    bound_connections(engine, slots)
    return engine


def _make_private(path: Path) -> None:
    """The database file 0600, created so before SQLite opens it; its journal and WAL follow its mode.

    SQLite gives the -wal, -shm and -journal files the database file's mode, so
    answers are readable by their owner only, whatever the umask.
    """
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.fchmod(descriptor, 0o600)
    finally:
        os.close(descriptor)
    for suffix in ("-wal", "-shm", "-journal"):
        try:
            os.chmod(f"{path}{suffix}", 0o600)
        except FileNotFoundError:
            pass


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        path = Path(database)
        try:
            if not path.parent.is_dir():
                path.parent.mkdir(mode=0o700, parents=True)
            _make_private(path)
        except OSError as exc:
            raise StoreError(f"cannot create the data directory {path.parent}: {exc.strerror}") from None
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):
        # Take transaction control from pysqlite so "begin" below decides the mode.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute(f"PRAGMA synchronous={SQLITE_SYNCHRONOUS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten, not left in free pages: an erasure or a retention period that
        # ends must leave nothing of what it removed in the file (workbook.store.erasing).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        if connection.get_execution_options().get(WRITE_OPTION):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")

    return engine
