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

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from . import schema, upgrades
from .engine import WRITE_OPTION, open_engine
from .paths import database_url


def now() -> _dt.datetime:
    """The time a row is stamped with: aware, in UTC, so both backends compare it alike."""
    return _dt.datetime.now(_dt.timezone.utc)


class Connection:
    """A store's engine and transactions; opening it brings an older store to this leaderbook's schema."""

    def __init__(self, url: str | None = None, *, data=None):
        # The connection of the transaction this thread is in, if any (see transaction()).
        self._local = threading.local()
        self.url = database_url(url, data)
        self._data = data if url is None else None
        self.engine = open_engine(self.url)
        try:
            self._prepare()
        except StoreError:
            self.engine.dispose()
            raise
        except SQLAlchemyError as exc:
            self.engine.dispose()
            reason = getattr(exc, "orig", None) or exc
            raise StoreError(f"cannot open the store at {self._safe_url()}: {reason}") from None

    def _safe_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    def _prepare(self) -> None:
        # One plain look first: a store at this leaderbook's revision opens without Alembic or a write lock.
        with self._read() as conn:
            state = upgrades.revision_state(conn)
        if state.current:
            return
        try:
            with self._write() as conn:
                upgrades.bring_to_head(conn, self._safe_url())
        except SQLAlchemyError as exc:
            if state.empty:
                raise
            reason = getattr(exc, "orig", None) or exc
            raise StoreError(
                f"the store at {self._safe_url()} needs upgrading to revision {schema.HEAD_REVISION}, "
                f"which failed: {reason}; run `leaderbook upgrade {self._store_option()}` as a user who may "
                f"alter its tables (`--check` first says what it will do)"
            ) from None

    def _store_option(self) -> str:
        """The command-line option naming this store, for a message that says which command to run."""
        if self._data is not None:
            return f"--data {self._data}"
        return f"--db {self._safe_url()}"

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
