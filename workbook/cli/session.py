"""``leaderbook session TEAM``: the link of the live session console a coach projects in the room."""

from __future__ import annotations

import json

from . import open_store, store_options
from .team import link_options


def register(commands) -> None:
    session = commands.add_parser(
        "session", parents=[store_options(), link_options()],
        help="print the link of a team's live session console (for a projector); earlier coach links stop working",
        description="The console shows, live, how many have joined, are answering and have finished, and "
                    "reveals the round's topics one at a time once enough people have answered. It is the "
                    "coach's page: its link carries a new coach token, so the dashboard link printed with it "
                    "replaces the earlier ones. Serve it with `leaderbook serve`.")
    session.add_argument("team", metavar="TEAM")
    session.set_defaults(run=run_session)


def run_session(args) -> int:
    from ..team.admin import new_session_links

    with open_store(args) as store:
        console, dashboard = new_session_links(store, args.team, base_url=args.base_url)
    if args.json:
        print(json.dumps({"session_url": console, "coach_url": dashboard}))
    else:
        print(f"Session console: {console}\nCoach dashboard: {dashboard}\n"
              "(earlier coach links of this team no longer work; keep these two to yourself)")
    return 0
