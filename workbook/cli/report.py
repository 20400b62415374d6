"""``leaderbook report``: an individual or a team report, as HTML or PDF."""

from __future__ import annotations

import sys
from pathlib import Path

from . import open_store, store_options


def register(commands) -> None:
    report = commands.add_parser("report", parents=[store_options()],
                                 help="write an individual (--respondent) or team (--team) report as .html or .pdf")
    whom = report.add_mutually_exclusive_group(required=True)
    whom.add_argument("--respondent", type=int, metavar="ID", help="the respondent's id (see `leaderbook team list`)")
    whom.add_argument("--team", metavar="NAME", help="the team's name")
    report.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.html or FILE.pdf")
    report.add_argument("--round", type=int, metavar="ID", help="the round (default: the latest)")
    report.add_argument("--threshold", type=int, metavar="N",
                        help="a higher anonymity threshold than the team's (never lower; at least 3)")
    report.add_argument("--language", metavar="TAG",
                        help="the language the report is written in: its words, the instruments' titles and "
                             "questions, its numbers (default: English); one of the shipped languages")
    report.set_defaults(run=run_report)


def run_report(args) -> int:
    from ..basics.i18n import chosen_language
    from ..errors import LeaderbookError
    from ..reports import SUFFIXES, write_report

    language = chosen_language(args.language)  # before anything is read or written

    target = Path(args.output)
    if target.suffix.lower() not in SUFFIXES:
        raise LeaderbookError(f"a report is written as .html or .pdf: -o {target.stem}.html or -o {target.stem}.pdf")
    with open_store(args) as store:
        if args.team is not None:
            from ..team.dashboard import team_dashboard
            from ..reports.team import team_report

            dashboard = team_dashboard(store, args.team, round_id=args.round, threshold=args.threshold)
            html = team_report(dashboard, language=language)
            store.record("report", actor="cli", team=dashboard.team.name, detail="team report")
        else:
            from ..reports.individual import individual_html, individual_report

            html = individual_html(individual_report(store, args.respondent, round_id=args.round,
                                                     threshold=args.threshold, actor="cli",
                                                     language=language))
    write_report(html, target)
    print(f"wrote {target}", file=sys.stderr)
    return 0
