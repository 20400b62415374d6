"""Files leaderbook writes: private to their owner, and whole or not at all.

Answers, logs, exports and reports are personal data. Whatever the umask,
the data directory is made 0700 and every file in it 0600, and a file is
written beside its target and renamed, so a failure never leaves half of
one behind.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import LeaderbookError

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_dir(path: str | os.PathLike) -> Path:
    """Create ``path`` (and its parents) if needed, and make it 0700; returns it."""
    path = Path(path)
    try:
        path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    except OSError as exc:
        raise LeaderbookError(f"cannot create the data directory {path}: {exc.strerror or exc}") from None
    try:
        os.chmod(path, PRIVATE_DIR)
    except OSError as exc:
        raise LeaderbookError(f"cannot make the data directory {path} private: {exc.strerror or exc}") from None
    return path


def open_private(path: str | os.PathLike, mode: str = "a", encoding: str = "utf-8"):
    """Open ``path`` for writing as a 0600 file (made so even if it existed with wider rights)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    descriptor = os.open(path, flags, PRIVATE_FILE)
    os.fchmod(descriptor, PRIVATE_FILE)
    return os.fdopen(descriptor, mode, encoding=encoding)


def write_private(target: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``target`` as a 0600 file, whole: beside it first, then renamed over it."""
    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        with os.fdopen(descriptor, "wb") as out:
            os.fchmod(out.fileno(), PRIVATE_FILE)
            out.write(data)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise LeaderbookError(f"cannot write {target}: {exc.strerror or exc}") from None


def write_private_text(target: str | os.PathLike, text: str) -> None:
    write_private(target, text.encode("utf-8"))
