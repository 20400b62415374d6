"""``leaderbook team``: create a team round, hand out links, add, revoke, close, start anew, forget a member."""

from __future__ import annotations

import argparse
import json

from . import open_store, store_options


def link_options() -> argparse.ArgumentParser:
    """``--base-url``: where members reach ``leaderbook serve``; links are built on it."""
    from ..basics.links import DEFAULT_BASE_URL

    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--base-url", metavar="URL",
                        help="address of the workbook server the links point at (default: $LEADERBOOK_BASE_URL, "
                             f"else what `leaderbook serve --base-url` recorded in the data dir, else {DEFAULT_BASE_URL})")
    parent.add_argument("--json", action="store_true", help="print JSON instead of text")
    return parent


def register(commands) -> None:
    team = commands.add_parser("team", help="team rounds: invite links, closing, new rounds")
    sub = team.add_subparsers(dest="team_command", metavar="ACTION")
    sub.required = True
    both = [store_options(), link_options()]

    create = sub.add_parser("create", parents=both, help="create a team and its first round; print one link per member")
    create.add_argument("name", metavar="NAME")
    who = create.add_mutually_exclusive_group(required=True)
    who.add_argument("--members", metavar="LIST",
                     help='members, comma-separated: "Ana,Ben,Cleo"; add :peer or :manager to say how one '
                          "relates to the leader (default: direct-report)")
    who.add_argument("--roster", metavar="FILE",
                     help="a CSV or XLSX file with the columns name, email, role (self, direct-report, peer, "
                          "manager), leader (whom a rater rates) and optionally language; several leaders allowed")
    create.add_argument("--leader", metavar="NAME", help="the leader the others rate (360 feedback); a member")
    create.add_argument("--threshold", type=int, default=3,
                        help="anonymity threshold: no figure about fewer people is shown (at least 3; default 3)")
    create.add_argument("--label", default="", help="the round's label (default: Round 1)")
    create.add_argument("--workbook", metavar="DIR", help="the programme the team answers (a folder made by "
                        "`leaderbook new`); default: every built-in instrument")
    create.add_argument("--confidential", action="store_true",
                        help="nothing the coach can run shows one member's answers")
    create.add_argument("--language", metavar="TAG",
                        help="with --roster: the language of every member whose row gives none (their page and "
                             "emails speak it; a row's own language wins), one of the shipped languages")
    create.set_defaults(run=run_create)

    listing = sub.add_parser("list", parents=[store_options()], help="list teams, their rounds and progress")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(run=run_list)

    add = sub.add_parser("add-member", parents=both, help="add a member to the team's open round; print their links")
    add.add_argument("team", metavar="TEAM")
    add.add_argument("member", metavar="NAME")
    add.add_argument("--group", default="direct-report", choices=("direct-report", "peer", "manager"),
                     help="how the member relates to the leader they rate (default: direct-report)")
    add.set_defaults(run=run_add_member)

    revoke = sub.add_parser("revoke", parents=[store_options()],
                            help="make a member's links stop working (their answers stay)")
    revoke.add_argument("team", metavar="TEAM")
    revoke.add_argument("member", metavar="MEMBER", help="the member's name or respondent id")
    revoke.add_argument("--all-rounds", action="store_true", help="every round's links, not only the latest round's")
    revoke.set_defaults(run=run_revoke)

    reissue = sub.add_parser("reissue", parents=both, help="new links for a member who lost theirs (old ones stop)")
    reissue.add_argument("team", metavar="TEAM")
    reissue.add_argument("member", metavar="MEMBER")
    reissue.set_defaults(run=run_reissue)

    close = sub.add_parser("close", parents=[store_options()], help="close the team's round: no more answers")
    close.add_argument("team", metavar="TEAM")
    close.set_defaults(run=run_close)

    again = sub.add_parser("new-round", parents=both,
                           help="a new round for the same team (the open one is closed); print the new links")
    again.add_argument("team", metavar="TEAM")
    again.add_argument("--label", default="", help="the round's label (default: Round N)")
    again.add_argument("--workbook", metavar="DIR", help="the programme this round answers (default: the last round's)")
    again.set_defaults(run=run_new_round)

    coach = sub.add_parser("coach-link", parents=both, help="a new coach dashboard link (earlier ones stop working)")
    coach.add_argument("team", metavar="TEAM")
    coach.set_defaults(run=run_coach_link)

    from . import team_forget, team_mail

    team_mail.register(sub, both)
    team_forget.register(sub)


def _link_dict(link) -> dict:
    return {"member": link.member, "respondent_id": link.respondent_id, "rater_group": link.rater_group,
            "subject": link.subject, "url": link.url}


def _print_links(links, as_json: bool, header: str = "", coach: str | None = None,
                 session: str | None = None) -> None:
    if as_json:
        data = {"links": [_link_dict(link) for link in links]}
        if coach:
            data["coach_url"] = coach
        if session:
            data["session_url"] = session
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if header:
        print(header)
    width = max((len(link.member) for link in links), default=0)
    for link in links:
        print(f"  {link.member:<{width}}  {link.purpose:<34} {link.url or '(by email only)'}")
    if coach:
        print(f"Coach dashboard: {coach}")
    if session:
        print(f"Session console: {session}")
    if links and all(link.url is None for link in links):
        print("A confidential team's links are never shown: `leaderbook team invite TEAM` emails each member "
              "their own (give addresses with a roster or `leaderbook team email`).")
    elif links:
        print("Each link is shown once and is the member's key: send it to them alone. "
              "A lost link: `leaderbook team reissue TEAM MEMBER`.")


def run_create(args) -> int:
    from ..team.anonymity import effective_threshold, shown
    from ..basics.i18n import chosen_language
    from ..errors import LeaderbookError
    from ..team.admin import create_team

    language = chosen_language(args.language) if args.language else None
    if language is not None and not args.roster:
        # A member's language is kept with their address (the roster's columns), so it needs a roster.
        raise LeaderbookError("--language goes with --roster: a member's language is kept with their email "
                              "address; give each member a row (name, email, role, leader, language)")
    if args.roster:
        from ..team.roster import create_team_from_roster
        from .team_mail import read_roster_file

        if args.leader:
            from ..errors import LeaderbookError

            raise LeaderbookError("a roster names its leaders (role self): leave out --leader")
        rows = read_roster_file(args.roster)  # every row checked before the store is opened
        with open_store(args) as store:
            made = create_team_from_roster(store, args.name, rows, threshold=args.threshold, label=args.label,
                                           base_url=args.base_url, workbook=args.workbook,
                                           confidential=args.confidential, language=language)
    else:
        with open_store(args) as store:
            made = create_team(store, args.name, args.members, leader=args.leader, threshold=args.threshold,
                               label=args.label, base_url=args.base_url, workbook=args.workbook,
                               confidential=args.confidential)
    members = len({link.respondent_id for link in made.links})
    header = (f"Team {made.team.name!r}: {members} member(s), {made.round.label} (round {made.round.id}), "
              f"anonymity threshold {made.team.threshold}")
    _print_links(made.links, args.json, header, made.coach_url, made.session_url)
    if not shown(members, effective_threshold(made.team.threshold)) and not args.json:
        print(f"Note: with fewer than {made.team.threshold} members, no team figure will ever be shown.")
    return 0


def run_list(args) -> int:
    from ..team.admin import team_status

    with open_store(args) as store:
        statuses = team_status(store)
    if args.json:
        print(json.dumps([{
            "team": s.team.name, "id": s.team.id, "threshold": s.team.threshold, "members": [m.name for m in s.members],
            "rounds": [{"id": r.id, "label": r.label, "closed": r.closed} for r in s.rounds],
            "answering_in_latest_round": s.answering,
        } for s in statuses], indent=2, ensure_ascii=False))
        return 0
    if not statuses:
        print("No teams yet: `leaderbook team create NAME --members \"Ana,Ben,Cleo\"` (or `leaderbook demo`).")
        return 0
    print(f"{'team':<24} {'members':>7}  {'latest round':<20} {'state':<7} {'answering':>9}  threshold")
    for s in statuses:
        latest = s.rounds[-1] if s.rounds else None
        print(f"{s.team.name:<24} {len(s.members):>7}  {(latest.label if latest else '-'):<20} "
              f"{('closed' if latest and latest.closed else 'open'):<7} {s.answering:>9}  {s.team.threshold}")
    return 0


def run_add_member(args) -> int:
    from ..team.admin import add_member

    with open_store(args) as store:
        links = add_member(store, args.team, args.member, rater_group=args.group, base_url=args.base_url)
    _print_links(links, args.json, f"Added {args.member!r} to team {args.team!r}:")
    return 0


def run_revoke(args) -> int:
    from ..team.admin import revoke_member

    with open_store(args) as store:
        count = revoke_member(store, args.team, args.member, all_rounds=args.all_rounds)
    print(f"revoked {count} link(s) of {args.member!r}; their answers are kept")
    return 0


def run_reissue(args) -> int:
    from ..team.admin import reissue_links

    with open_store(args) as store:
        links = reissue_links(store, args.team, args.member, base_url=args.base_url)
    _print_links(links, args.json, f"New links for {args.member!r} (the old ones no longer work):")
    return 0


def run_close(args) -> int:
    from ..team.admin import close_round

    with open_store(args) as store:
        closed = close_round(store, args.team)
    print(f"{closed.label} of team {args.team!r} is closed: it accepts no more answers.")
    return 0


def run_new_round(args) -> int:
    from ..team.admin import new_round

    with open_store(args) as store:
        made = new_round(store, args.team, label=args.label, base_url=args.base_url, workbook=args.workbook)
    closed = ", ".join(r.label for r in made.closed)
    header = f"Team {made.team.name!r}: {made.round.label} (round {made.round.id})" + (
        f"; closed {closed}" if closed else "")
    _print_links(made.links, args.json, header)
    return 0


def run_coach_link(args) -> int:
    from ..team.admin import new_coach_link

    with open_store(args) as store:
        url = new_coach_link(store, args.team, base_url=args.base_url)
    if args.json:
        print(json.dumps({"coach_url": url}))
    else:
        print(f"Coach dashboard: {url}\n(earlier coach links of this team no longer work)")
    return 0


def export_team_aggregates(args) -> int:
    """``leaderbook export --team NAME --aggregate``: called by the export command."""
    import sys
    from pathlib import Path

    from ..errors import LeaderbookError
    from ..exports.team import aggregate_export, write_aggregates

    if not (args.team and args.aggregate):
        raise LeaderbookError("--team and --aggregate go together: `leaderbook export --team NAME --aggregate`")
    if args.history:
        raise LeaderbookError("--history exports answer events; aggregates are of the current answers only")
    with open_store(args) as store:
        data = aggregate_export(store, args.team, threshold=args.threshold, actor="cli",
                                language=getattr(args, "language", "en"))
    table = None if getattr(args, "table", "answers") == "answers" else args.table  # a map agreement table
    written = write_aggregates(data, args.format, Path(args.output) if args.output else None, table)
    if written is not None:
        sys.stdout.buffer.write(written)
        sys.stdout.flush()
    elif table is not None:
        print(f"wrote {len(data[table])} row(s) of what the team's published maps agree on ({table}) "
              f"to {args.output}", file=sys.stderr)
    else:
        hidden = sum(row["suppressed"] for row in data["sections"] + data["items"])
        print(f"wrote {len(data['sections'])} section and {len(data['items'])} item aggregate(s) to {args.output} "
              f"({hidden} suppressed: fewer than {data['threshold']} people)", file=sys.stderr)
    return 0
