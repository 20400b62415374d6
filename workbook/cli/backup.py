"""``leaderbook backup`` and ``leaderbook restore``: a consistent copy of a SQLite store, and putting one back."""

from __future__ import annotations

import sys

from . import store_options


def register(commands) -> None:
    backup = commands.add_parser("backup", parents=[store_options()],
                                 help="copy the SQLite store to FILE, consistently, while the server runs")
    backup.add_argument("file", metavar="FILE", help="the backup to write (a new file)")
    backup.set_defaults(run=run_backup)
    restore = commands.add_parser("restore", parents=[store_options()],
                                  help="check the backup FILE and put it back as the store")
    restore.add_argument("file", metavar="FILE", help="a backup made by `leaderbook backup`")
    restore.add_argument("--replace", action="store_true",
                         help="replace a store that already holds respondents (what it holds is lost)")
    restore.set_defaults(run=run_restore)


def _progress(what: str):
    shown = {"last": -1}

    def report(done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if percent // 10 != shown["last"] // 10 and sys.stderr.isatty():
            print(f"\r{what}: {percent}%", end="", file=sys.stderr, flush=True)
        shown["last"] = percent
    return report


def run_backup(args) -> int:
    from ..store.backup import backup_store

    made = backup_store(args.file, db=args.db, data=args.data, progress=_progress("backing up"))
    print(f"backed up {made.respondents} respondent(s) and {made.answers} answer event(s) to {made.path}")
    return 0


def run_restore(args) -> int:
    from ..store.backup import restore_store

    put = restore_store(args.file, db=args.db, data=args.data, replace=args.replace, progress=_progress("restoring"))
    print(f"restored {put.respondents} respondent(s) and {put.answers} answer event(s) into {put.path}")
    return 0
