"""``leaderbook audit [--team TEAM] [--limit N]``: what the coach did, oldest first, one line each."""

from __future__ import annotations

from . import open_store, store_options


def _positive(text: str) -> int:
    import argparse

    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError("the limit is 1 or more")
    return number


def register(commands) -> None:
    audit = commands.add_parser(
        "audit", parents=[store_options()],
        help="print the audit trail: exports, reports, links, rounds and email, oldest first",
        description="Every export, report, revoked or reissued link, late member, new or closed round and "
                    "email run is kept with its time (UTC), where it was done from (cli, workspace) and its "
                    "team. The trail cannot be changed or cleared.")
    audit.add_argument("--team", metavar="TEAM", help="only this team's entries")
    audit.add_argument("--limit", metavar="N", type=_positive, help="only the newest N entries")
    audit.set_defaults(run=run_audit)


def audit_line(entry) -> str:
    """One entry as one terminal line: text that came from the store is made printable (no control
    characters reach the terminal), and a newline or tab is shown as a space."""
    from ..basics.printable import printable

    team = entry.team if entry.team is not None else "-"
    text = f"{entry.at:%Y-%m-%d %H:%M:%S}Z  {entry.actor:<9}  {entry.action:<11}  {team}  {entry.detail}"
    return " ".join(printable(text).replace("\t", " ").splitlines())


def run_audit(args) -> int:
    with open_store(args) as store:
        entries = store.entries(team=args.team, limit=args.limit)
    for entry in entries:
        print(audit_line(entry))
    if not entries:
        print("no audit entries" + (f" for team {args.team!r}" if args.team else ""))
    return 0
