"""``leaderbook instruments``, ``validate`` and ``export``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import open_store, store_options


def register(commands) -> None:
    listing = commands.add_parser("instruments", help="list the built-in instruments")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(run=run_instruments)

    validate = commands.add_parser(
        "validate", help="check instrument YAML files and the translations beside them "
                         "(exit 2 and FILE:LINE: problem lines when invalid)"
    )
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.set_defaults(run=run_validate)

    export = commands.add_parser("export", parents=[store_options()], help="export answers as csv, xlsx or json")
    export.add_argument("--format", choices=("csv", "xlsx", "json"), default="csv")
    export.add_argument("-o", "--output", metavar="FILE", help="file to write (default: standard output)")
    export.add_argument("--history", action="store_true", help="every answer event, not only the current answers")
    export.add_argument("--team", metavar="NAME", help="with --aggregate: the team whose aggregates to export")
    export.add_argument("--aggregate", action="store_true",
                        help="per-section and per-item aggregates with their n; groups under the anonymity "
                             "threshold are marked suppressed, without figures")
    export.add_argument("--threshold", type=int, metavar="N", help="with --aggregate: a higher threshold than the team's")
    export.add_argument("--table", choices=("answers", "goals", "programmes", "links"), default="answers",
                        help="the answers (default), or the convergence maps' goals, programmes or links; "
                             "with --aggregate, what the team's published maps agree on")
    export.add_argument("--language", metavar="TAG",
                        help="the language of the text in the cells (instrument, section and item titles, what a "
                             "value means, readings; default: English); the column names, ids and figures stay the "
                             "same in every language")
    export.set_defaults(run=run_export)


def run_instruments(args) -> int:
    from ..instruments import builtin_instruments
    from ..assess.progress import counted_items, total_items

    instruments = builtin_instruments()
    if args.json:
        data = [
            {"id": i.id, "version": i.version, "step": i.step, "title": i.title,
             "sections": [{"id": s.id, "title": s.title, "kind": s.kind, "items": len(s.items)} for s in i.sections],
             "items": len(i.items), "to_finish": len(counted_items(i))}
            for i in instruments
        ]
        print(json.dumps(data, indent=2))
        return 0
    print(f"{'step':>4}  {'id@version':<28} {'items':>5} {'to finish':>9}  title")
    for i in instruments:
        print(f"{i.step or '':>4}  {i.key:<28} {len(i.items):>5} {len(counted_items(i)):>9}  {i.title}")
    items, to_finish = sum(len(i.items) for i in instruments), total_items(instruments)
    print(f"{len(instruments)} instruments, {items} items, {to_finish} answered on a scale or checklist to finish "
          f"(the {items - to_finish} free-text questions are optional; the dashboard counts the same way)")
    return 0


def run_validate(args) -> int:
    from ..instruments import validate_files
    from ..instruments.validation import files_to_validate

    problems = validate_files(args.files)
    for problem in problems:
        print(problem)
    # The translations beside each source are checked too, so they count among the files.
    checked = files_to_validate(args.files)
    translations = sum(1 for _, source in checked if source is not None)
    among = f" ({translations} of them translations)" if translations else ""
    if problems:
        bad = len({p.file for p in problems})
        print(f"{len(problems)} problem(s) in {bad} of {len(checked)} file(s){among}", file=sys.stderr)
        return 2
    print(f"{len(checked)} file(s) valid{among}", file=sys.stderr)
    return 0


def run_export(args) -> int:
    from ..basics.i18n import chosen_language
    from ..errors import LeaderbookError
    from ..exports.answers import COLUMNS, MAP_COLUMNS, answer_rows, confidential_teams, map_rows, write_rows

    args.language = chosen_language(args.language)  # refused before anything is read or written

    if args.format == "xlsx" and not args.output:
        raise LeaderbookError("an xlsx export needs a file: add -o FILE.xlsx")
    if args.aggregate or args.team:
        from .team import export_team_aggregates

        return export_team_aggregates(args)
    if args.history and args.table != "answers":
        raise LeaderbookError("--history exports answer events; a map's tables are its current version")
    with open_store(args) as store:
        rows = (answer_rows(store, history=args.history, actor="cli", language=args.language)
                if args.table == "answers"
                else map_rows(store, actor="cli")[args.table])
        withheld = confidential_teams(store)
    if withheld:
        teams = ", ".join(repr(name) for name in withheld)
        print(f"left out the answers of confidential team(s) {teams}: only a member's own link shows them; "
              f"`leaderbook export --team NAME --aggregate` gives a team's figures", file=sys.stderr)
    columns = COLUMNS if args.table == "answers" else MAP_COLUMNS[args.table]
    data = write_rows(rows, args.format, Path(args.output) if args.output else None, columns=columns)
    if data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        what = "answer(s)" if args.table == "answers" else f"row(s) of the maps' {args.table}"
        print(f"wrote {len(rows)} {what} to {args.output}", file=sys.stderr)
    return 0
