"""``leaderbook workspace-link [--rotate]``: the coach's workspace link, for whoever runs the server."""

from __future__ import annotations

import json

from . import open_store, store_options
from .team import link_options


def register(commands) -> None:
    workspace = commands.add_parser(
        "workspace-link", parents=[store_options(), link_options()],
        help="print a link to the coach's workspace (teams, rosters, links, reports); --rotate: earlier ones stop",
        description="The workspace is the page of whoever runs the server: it creates teams and shows their "
                    "links and reports. `leaderbook serve` prints a link to it when it starts; this prints "
                    "another. With --rotate every earlier workspace link stops working (do it when one was seen "
                    "by someone else). Keep the link to yourself.")
    workspace.add_argument("--rotate", action="store_true", help="make every earlier workspace link stop working")
    workspace.set_defaults(run=run_workspace_link)


def run_workspace_link(args) -> int:
    from ..basics.links import workspace_url

    with open_store(args) as store:
        url = workspace_url(store.add_workspace_token(revoke_earlier=args.rotate), args.base_url)
    if args.json:
        print(json.dumps({"workspace_url": url}))
    else:
        note = "earlier workspace links no longer work" if args.rotate else "earlier workspace links still work"
        print(f"Coach's workspace: {url}\n({note}; keep this one to yourself)")
    return 0
