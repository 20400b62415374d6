"""Backing a SQLite store up while the server runs, and putting a backup back after a check.

Both go through SQLite's online backup API (``sqlite3.Connection.backup``):
it copies the database page by page and restarts if a writer changes a page
it has copied, so the copy is one consistent moment of the store, with every
answer committed before it began, even while members keep saving. A restore
copies the other way, into the live file, under SQLite's own locks: servers
that have it open wait for it, then read the restored store.

A PostgreSQL store is backed up with PostgreSQL's own tools (``pg_dump``;
see the README), which know its transactions better than we could.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from ..errors import StoreError
from .paths import database_url
from .schema import SCHEMA_VERSION

#: Pages copied per step: small steps let writers in between, so saves go on during a backup.
PAGES_PER_STEP = 256


@dataclass(frozen=True)
class StoreFile:
    """What a checked store file holds, for the command's report."""

    path: Path
    schema_version: int
    respondents: int
    answers: int


def _sqlite_path(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise StoreError("leaderbook backup and restore copy a SQLite store; for PostgreSQL use pg_dump and "
                         "pg_restore (see the README's \"Backups\")")
    return Path(parsed.database)


def check_store_file(path: str | os.PathLike) -> StoreFile:
    """``path`` is a whole leaderbook store this leaderbook can open, or StoreError saying what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"{path} is not a file")
    with path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise StoreError(f"{path} is not a SQLite database, so not a leaderbook backup")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if integrity != "ok":
                raise StoreError(f"{path} is damaged ({integrity}); it cannot be restored")
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"lb_meta", "lb_answers", "lb_respondents"} <= tables:
                raise StoreError(f"{path} is a SQLite database but not a leaderbook store")
            found = conn.execute("SELECT value FROM lb_meta WHERE key = 'schema_version'").fetchone()
            version = int(found[0]) if found and str(found[0]).isdigit() else None
            if version is None:
                raise StoreError(f"{path} has no schema version; it is not a whole leaderbook store")
            if version > SCHEMA_VERSION:
                raise StoreError(f"{path} was written by a newer leaderbook (schema {version}); "
                                 "upgrade leaderbook to restore it")
            respondents = conn.execute("SELECT count(*) FROM lb_respondents").fetchone()[0]
            answers = conn.execute("SELECT count(*) FROM lb_answers").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} cannot be read as a leaderbook store: {exc}") from None
    return StoreFile(path, version, respondents, answers)


def _copy(source: sqlite3.Connection, target: sqlite3.Connection, progress=None) -> None:
    def report(_status, remaining, total):
        if progress is not None:
            progress(total - remaining, total)

    source.backup(target, pages=PAGES_PER_STEP, progress=report)


def backup_store(target: str | os.PathLike, *, db: str | None = None, data=None, progress=None) -> StoreFile:
    """Copy the store (``db`` URL or ``data`` directory, as everywhere) to a new file ``target``.

    The copy is written beside ``target`` and renamed when whole and checked, so
    a failure leaves no half backup; ``target`` must not exist yet. It is 0600.
    ``progress(pages_done, pages_total)`` is called as the copy goes.
    """
    source_path = _sqlite_path(database_url(db, data))
    target = Path(target)
    if not source_path.is_file():
        raise StoreError(f"there is no store at {source_path} to back up")
    if target.exists():
        raise StoreError(f"{target} exists; name a new file for the backup")
    partial = target.with_name(f".{target.name}.partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(descriptor)
        source = sqlite3.connect(source_path, timeout=30)
        copy = sqlite3.connect(partial)
        try:
            _copy(source, copy, progress)
            # One file, no WAL beside it: the backup can be moved and opened anywhere.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
            source.close()
        checked = check_store_file(partial)
        os.replace(partial, target)
    except OSError as exc:
        raise StoreError(f"cannot write the backup {target}: {exc.strerror or exc}") from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"the backup failed: {exc}") from None
    finally:
        partial.unlink(missing_ok=True)
    return StoreFile(target, checked.schema_version, checked.respondents, checked.answers)


def restore_store(source: str | os.PathLike, *, db: str | None = None, data=None, replace: bool = False,
                  progress=None) -> StoreFile:
    """Put the backup ``source`` back as the store (``db`` URL or ``data`` directory), after checking it.

    A store that already holds respondents is replaced only with ``replace=True``
    (what it holds is lost); nothing is changed when the check fails.
    """
    checked = check_store_file(source)
    target_path = _sqlite_path(database_url(db, data))
    if target_path.is_file() and not replace:
        existing = sqlite3.connect(f"file:{target_path}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in existing.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            held = existing.execute("SELECT count(*) FROM lb_respondents").fetchone()[0] if "lb_respondents" in tables else 0
        finally:
            existing.close()
        if held:
            raise StoreError(f"the store at {target_path} holds {held} respondent(s); restoring replaces them "
                             "all: say so with --replace (back it up first)")
    target_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(target_path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(descriptor)
    try:
        backup = sqlite3.connect(f"file:{Path(source)}?mode=ro", uri=True)
        live = sqlite3.connect(target_path, timeout=30)
        try:
            _copy(backup, live, progress)
        finally:
            live.close()
            backup.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"the restore failed, the store is as it was: {exc}") from None
    return StoreFile(target_path, checked.schema_version, checked.respondents, checked.answers)
