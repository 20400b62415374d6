"""``leaderbook upgrade``: bring a store to this leaderbook's schema, or (``--check``) say what that does."""

from __future__ import annotations

from . import store_options


def register(commands) -> None:
    upgrade = commands.add_parser(
        "upgrade", parents=[store_options()],
        help="bring the store to this leaderbook's schema (opening a store does it too, when it may)")
    upgrade.add_argument("--check", action="store_true", help="only say what upgrading would do; change nothing")
    upgrade.set_defaults(run=run_upgrade)


def run_upgrade(args) -> int:
    from ..store.upgrades import upgrade_store

    plan = upgrade_store(args.db, args.data, check=args.check)
    for line in plan.describe(done=not args.check):
        print(line)
    return 0
