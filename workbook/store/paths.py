"""Where the answer store lives.

Precedence, highest first: an explicit argument (``--db URL`` / ``--data DIR``),
then the environment (``LEADERBOOK_DB`` / ``LEADERBOOK_DATA``), then a SQLite
file in the user's data directory.
"""

from __future__ import annotations

import os
from pathlib import Path

DB_FILENAME = "leaderbook.sqlite3"


def _absolute(path: str | os.PathLike) -> Path:
    # Absolute, because the path is handed on to page kernels that run in another directory.
    return Path(os.path.abspath(Path(path).expanduser()))


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The data directory, as an absolute path (not created here)."""
    if explicit:
        return _absolute(explicit)
    from_env = os.environ.get("LEADERBOOK_DATA")
    if from_env:
        return _absolute(from_env)
    import platformdirs  # only when no directory was given

    return Path(platformdirs.user_data_dir("leaderbook", appauthor=False))


def database_url(db: str | None = None, data: str | os.PathLike | None = None) -> str:
    """The SQLAlchemy URL of the store: ``db``, else $LEADERBOOK_DB, else SQLite in the data dir.

    An explicit ``data`` directory wins over $LEADERBOOK_DB, since the caller named it.
    """
    if db:
        return _absolute_sqlite(db)
    if not data and os.environ.get("LEADERBOOK_DB"):
        return _absolute_sqlite(os.environ["LEADERBOOK_DB"])
    return f"sqlite:///{data_dir(data) / DB_FILENAME}"


def _absolute_sqlite(url: str) -> str:
    """``sqlite:///relative.db`` made absolute, so every process means the same file."""
    prefix = "sqlite:///"
    path = url[len(prefix):]
    if not url.startswith(prefix) or not path or path.startswith("/") or path.startswith(":memory:"):
        return url
    path, query = path.split("?", 1) if "?" in path else (path, "")
    return prefix + str(_absolute(path)) + (f"?{query}" if query else "")
