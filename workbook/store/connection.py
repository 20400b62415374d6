"""Opening a store: its engine, its transactions, and bringing an older store's schema up to date.

The base of :class:`workbook.store.Store`: every other part reads through
``_read()`` and writes through ``_write()``, which join the transaction the
calling thread opened with :meth:`Connection.transaction`, if any.
"""

from __future__ import annotations

import datetime as _dt
import threading
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import inspect, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from . import schema
from .engine import WRITE_OPTION, open_engine
from .paths import database_url


def now() -> _dt.datetime:
    """The time a row is stamped with: aware, in UTC, so both backends compare it alike."""
    return _dt.datetime.now(_dt.timezone.utc)


class Connection:
    """A store's engine and transactions; opening it creates missing tables, columns and indexes."""

    def __init__(self, url: str | None = None, *, data=None):
        # The connection of the transaction this thread is in, if any (see transaction()).
        self._local = threading.local()
        self.url = database_url(url, data)
        self.engine = open_engine(self.url)
        try:
            self._prepare()
        except SQLAlchemyError as exc:
            self.engine.dispose()
            reason = getattr(exc, "orig", None) or exc
            raise StoreError(f"cannot open the store at {self._safe_url()}: {reason}") from None

    def _safe_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    def _prepare(self) -> None:
        with self._write() as conn:
            # create_all makes only the tables a store lacks, so an older store gains the newer ones here.
            schema.metadata.create_all(conn)
            self._add_missing_columns(conn)
            self._add_missing_indexes(conn)
            found = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")).scalar()
            if found is None:
                conn.execute(insert(schema.meta).values(key="schema_version", value=str(schema.SCHEMA_VERSION)))
            elif int(found) > schema.SCHEMA_VERSION:
                raise StoreError(
                    f"the store at {self._safe_url()} was written by a newer leaderbook "
                    f"(schema {found}); upgrade leaderbook to use it"
                )
            elif int(found) < schema.SCHEMA_VERSION:
                conn.execute(update(schema.meta).where(schema.meta.c.key == "schema_version")
                             .values(value=str(schema.SCHEMA_VERSION)))

    @staticmethod
    def _add_missing_columns(conn) -> None:
        """Columns added since a store was created (create_all makes only missing tables)."""
        inspector = inspect(conn)
        for table_name, column_name in schema.ADDED_COLUMNS:
            if column_name in {c["name"] for c in inspector.get_columns(table_name)}:
                continue
            column = schema.metadata.tables[table_name].c[column_name]
            kind = column.type.compile(dialect=conn.dialect)
            default = "false" if conn.dialect.name == "postgresql" else column.server_default.arg
            # DDL takes no bound parameters; every name here comes from schema.py, none from input.
            conn.execute(text(f"ALTER TABLE {table_name} ADD COLUMN {column_name} {kind} NOT NULL DEFAULT {default}"))

    @staticmethod
    def _add_missing_indexes(conn) -> None:
        """Indexes added since a store was created (create_all skips the tables that exist)."""
        tables = schema.metadata.tables
        for table_name, index_name in schema.ADDED_INDEXES:
            index = next(i for i in tables[table_name].indexes if i.name == index_name)
            index.create(conn, checkfirst=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator:
        """Make every store call inside the block one transaction: all are written, or none.

        ``with store.transaction(): ...`` (on this thread) reads what it has
        written so far; an exception leaves the store as it was. Nested blocks
        join the outer one.
        """
        if getattr(self._local, "conn", None) is not None:
            yield self
            return
        with self.engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                self._local.conn = conn
                try:
                    yield self
                finally:
                    self._local.conn = None

    @contextmanager
    def _write(self) -> Iterator:
        joined = getattr(self._local, "conn", None)
        if joined is not None:
            yield joined
            return
        with self.engine.connect() as conn:
            # SQLite starts a write with BEGIN IMMEDIATE (engine.py), so two writers queue, not deadlock.
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator:
        joined = getattr(self._local, "conn", None)
        if joined is not None:
            yield joined
            return
        with self.engine.connect() as conn:
            yield conn
