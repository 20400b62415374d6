"""The ``leaderbook`` command: a thin layer over the documented Python API.

Each group of subcommands lives in its own module with a ``register``
function; errors the user can fix are printed as one line, never a traceback.

May import: the rest of the core, lazily inside each command so that
``leaderbook --help`` stays quick. Never widgets, pages or Voila: ``serve``
comes from :mod:`pages.serve` through the ``leaderbook.commands`` entry point.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from .. import __version__
from ..errors import LeaderbookError

#: Modules that add subcommands, in the order ``--help`` lists them.
COMMAND_MODULES = (
    "workbook.cli.core",
    "workbook.cli.team",
    "workbook.cli.report",
    "workbook.cli.demo",
    "workbook.cli.new",
    "workbook.cli.session",
    "workbook.cli.backup",
    "workbook.cli.upgrade",
    "workbook.cli.workspace",
    "workbook.cli.audit",
    "workbook.cli.retention",
)

#: Entry-point group through which other packages add subcommands. The core
#: knows nothing of Voila: ``leaderbook serve`` comes from the ``pages``
#: application, which registers itself here (see pyproject.toml).
COMMAND_ENTRY_POINTS = "leaderbook.commands"


def store_options() -> argparse.ArgumentParser:
    """The ``--data`` and ``--db`` options every store-using command takes."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--data", metavar="DIR", help="data directory (default: $LEADERBOOK_DATA or your user data dir)")
    parent.add_argument("--db", metavar="URL", help="database URL instead of the SQLite file (default: $LEADERBOOK_DB)")
    return parent


def open_store(args):
    from ..store import Store

    if not args.db:
        from ..basics.files import private_dir
        from ..store.paths import data_dir

        private_dir(data_dir(args.data))
    return Store(args.db, data=args.data)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leaderbook",
        description="A workbook for leaders of learning: assess how you lead training, plan what to do next.",
    )
    parser.add_argument("--version", action="version", version=f"leaderbook {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(commands)
    from importlib.metadata import entry_points

    for entry in sorted(entry_points(group=COMMAND_ENTRY_POINTS), key=lambda e: e.name):
        entry.load()(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # Everything leaderbook writes (the store, its WAL, logs, exports, reports) is personal
    # data: private to the owner whatever umask the shell had.
    os.umask(0o077)
    try:
        if hasattr(args, "base_url"):
            from ..basics.links import base_url_for
            from ..store.paths import data_dir

            args.base_url = base_url_for(args.base_url, data_dir(getattr(args, "data", None)))
        return args.run(args) or 0
    except LeaderbookError as exc:
        print(f"leaderbook: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("leaderbook: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
