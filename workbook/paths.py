"""Where the answer store lives.

Precedence, highest first: an explicit argument (``--db URL`` / ``--data DIR``),
then the environment (``LEADERBOOK_DB`` / ``LEADERBOOK_DATA``), then a SQLite
file in the user's data directory.
"""

from __future__ import annotations

import os
from pathlib import Path

DB_FILENAME = "leaderbook.sqlite3"


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The data directory (not created here)."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get("LEADERBOOK_DATA")
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs  # only when no directory was given

    return Path(platformdirs.user_data_dir("leaderbook", appauthor=False))


def database_url(db: str | None = None, data: str | os.PathLike | None = None) -> str:
    """The SQLAlchemy URL of the store: ``db``, else $LEADERBOOK_DB, else SQLite in the data dir.

    An explicit ``data`` directory wins over $LEADERBOOK_DB, since the caller named it.
    """
    if db:
        return db
    if not data and os.environ.get("LEADERBOOK_DB"):
        return os.environ["LEADERBOOK_DB"]
    return f"sqlite:///{data_dir(data) / DB_FILENAME}"
