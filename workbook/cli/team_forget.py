"""``leaderbook team forget TEAM MEMBER``: erase a member for good (:mod:`workbook.team.erasure`).

Nothing undoes it, so without ``--yes`` the coach types the member's name on
the terminal to confirm; with no terminal to ask on, it refuses.
"""

from __future__ import annotations

import json
import sys

from ..errors import LeaderbookError
from . import open_store, store_options

#: How the counts are printed, in the order of ErasureCounts' fields.
KINDS = {"answers": "answer event(s) they gave", "answers_about": "answer event(s) others gave about them",
         "plans": "plan version(s)", "worksheets": "worksheet version(s) (maps, calculators)",
         "places": "saved place(s)", "invites": "link(s), theirs and others' to rate them",
         "invite_tokens": "further token(s) of those links", "contacts": "address(es)",
         "messages": "email record(s)"}


def register(sub) -> None:
    forget = sub.add_parser("forget", parents=[store_options()],
                            help="erase a member for good: answers, notes, plans, maps, name, links, address")
    forget.add_argument("team", metavar="TEAM")
    forget.add_argument("member", metavar="MEMBER", help="the member's name, or #ID (their respondent id)")
    forget.add_argument("--yes", action="store_true",
                        help="do not ask to type the member's name (needed when there is no terminal)")
    forget.add_argument("--json", action="store_true", help="print the counts as JSON")
    forget.set_defaults(run=run_forget)


def _confirm(name: str, team: str) -> None:
    """Ask the coach to type ``name``; refuse on anything else, or when there is no terminal to ask on."""
    if not sys.stdin.isatty():
        raise LeaderbookError("forgetting a member cannot be undone: run it on a terminal to confirm, "
                              "or add --yes")
    print(f"This erases {name!r} of team {team!r} for good: their answers, notes, plans, maps, name, links "
          f"and address. Published team figures stay as published.", file=sys.stderr)
    try:
        print("Type the member's name to confirm: ", end="", file=sys.stderr, flush=True)  # stdout: the counts
        typed = input()
    except EOFError:
        typed = ""
    if typed.strip() != name:
        raise LeaderbookError("the name typed is not the member's: nothing was erased")


def run_forget(args) -> int:
    from ..team.admin import find_team
    from ..team.erasure import find_member_to_forget, forget_member

    with open_store(args) as store:
        team = find_team(store, args.team)
        person = find_member_to_forget(store, team, args.member)
        if not args.yes:
            _confirm(person.name, team.name)
        done = forget_member(store, team.name, f"#{person.id}", actor="cli")
    removed = done.counts.removed
    if args.json:
        print(json.dumps({"team": team.name, "respondent_id": done.respondent_id, "removed": removed,
                          "storage_cleared": done.counts.storage_cleared}, indent=2))
    else:
        print(f"Erased member #{done.respondent_id} of team {team.name!r}; removed:")
        for kind, count in removed.items():
            print(f"  {count:>6}  {KINDS[kind]}")
        print("Published team figures stay as published; the audit trail records the erasure, by id only.")
    if not done.counts.storage_cleared:
        print("leaderbook: warning: a reader kept the store's write-ahead log from being cleared: the erased "
              "rows' old bytes may stay in it until SQLite checkpoints it, which it does when the last "
              "connection closes (stop `leaderbook serve` to make sure)", file=sys.stderr)
    return 0
