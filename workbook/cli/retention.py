"""``leaderbook retention set|list|apply``: keep a round's answers only so long after it closes."""

from __future__ import annotations

import sys

from . import open_store, store_options


def _days(text: str) -> int:
    import argparse

    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None


def register(commands) -> None:
    retention = commands.add_parser(
        "retention", help="retention periods: keep a round's answers only so many days after it closes",
        description="A round given a retention period keeps its answers, notes, plans and worksheets until "
                    "that many days after it closes; `retention apply` then erases them for good, and only "
                    "the figures published about the round remain.")
    sub = retention.add_subparsers(dest="retention_command", metavar="ACTION")
    sub.required = True
    setting = sub.add_parser("set", parents=[store_options()], help="give a team's round a retention period")
    setting.add_argument("team", metavar="TEAM")
    setting.add_argument("days", metavar="DAYS", type=_days, help="days after the round closes (1 to 3650)")
    setting.add_argument("--round", metavar="ID", type=int, help="the round (default: the team's current one)")
    setting.set_defaults(run=run_set)
    listing = sub.add_parser("list", parents=[store_options()], help="every retention period and when it ends")
    listing.set_defaults(run=run_list)
    applying = sub.add_parser("apply", parents=[store_options()],
                              help="erase the answers of every round whose retention period has ended")
    applying.add_argument("--yes", action="store_true", help="do not ask: erase what is due")
    applying.set_defaults(run=run_apply)


def run_set(args) -> int:
    from ..team.retention import set_retention

    with open_store(args) as store:
        kept = set_retention(store, args.team, args.days, round_id=args.round)
    print(f"round {kept.round_id} of {args.team}: answers kept {kept.keep_days} day(s) after it closes"
          + ("" if kept.ends_at is None else f" (until {kept.ends_at:%Y-%m-%d %H:%M}Z)"))
    return 0


def run_list(args) -> int:
    import datetime as _dt

    from ..basics.printable import printable

    now = _dt.datetime.now(_dt.timezone.utc)
    with open_store(args) as store:
        teams = {team.id: team.name for team in store.teams()}
        retentions = store.retentions()
    for kept in retentions:
        if kept.erased_at is not None:
            state = f"erased {kept.erased_at:%Y-%m-%d}"
        elif kept.ends_at is None:
            state = "round open"
        else:
            state = ("DUE since " if kept.due(now) else "until ") + f"{kept.ends_at:%Y-%m-%d %H:%M}Z"
        print(printable(f"{teams.get(kept.team_id, '-')}  round {kept.round_id}  {kept.keep_days} day(s)  {state}"))
    if not retentions:
        print("no round has a retention period")
    return 0


def run_apply(args) -> int:
    from ..basics.printable import printable
    from ..team.retention import apply_retention, due_rounds

    with open_store(args) as store:
        due = due_rounds(store)
        if not due:
            print("no retention period has ended: nothing to erase")
            return 0
        for found in due:
            print(printable(f"due: {found.team}, {found.round_label} (round {found.round_id})"))
        if not args.yes:
            if not sys.stdin.isatty():
                print("leaderbook: not erasing without --yes (no terminal to confirm on)", file=sys.stderr)
                return 1
            if input(f"Erase the answers of these {len(due)} round(s) for good? Type yes: ").strip() != "yes":
                print("nothing erased")
                return 1
        for found, removed in apply_retention(store, actor="cli"):
            print(printable(f"erased {found.team}, {found.round_label}: {removed['lb_answers']} answer event(s), "
                            f"{removed['lb_plans']} plan version(s), {removed['lb_worksheets']} worksheet "
                            f"version(s), {removed['lb_places']} place(s)"))
    return 0
