"""``leaderbook new``: render a workbook for a programme into a folder."""

from __future__ import annotations

import argparse
import sys


def register(commands) -> None:
    new = commands.add_parser(
        "new",
        help="render a workbook for a programme (title, introduction, instruments) into a folder",
        description="Write DIR/workbook.ipynb and DIR/programme.json. Serve it with "
                    "`leaderbook serve --workbook DIR`, or open it in JupyterLab.",
    )
    new.add_argument("folder", metavar="DIR", help="folder to write (must be empty unless --force)")
    new.add_argument("--title", help="the workbook's title")
    new.add_argument("--intro", help="the introduction shown on the welcome step")
    new.add_argument("--intro-file", metavar="FILE", help="read the introduction from a text file")
    new.add_argument("--instrument", action="append", default=[], metavar="ID",
                     help="a built-in instrument id (see `leaderbook instruments`) or an instrument "
                          "YAML file; repeat for several (default: all built-in instruments)")
    new.add_argument("--section", action="append", default=[], metavar="ID",
                     help="keep only these sections (SECTION or INSTRUMENT/SECTION); repeatable")
    new.add_argument("--scale-labels", metavar="LABELS",
                     help='comma-separated wording of the rating scale, lowest first, e.g. "Never,Rarely,Sometimes,Often,Always"')
    new.add_argument("--convergence-map", action=argparse.BooleanOptionalAction, default=None,
                     help="include (or, with --no-convergence-map, leave out) the convergence map step, where the "
                          "leader links the organisation's goals to its programmes (default: included when the "
                          "programme asks the convergence-process instrument)")
    new.add_argument("--force", action="store_true", help="replace the workbook in a folder that is not empty")
    new.set_defaults(run=run_new)


def run_new(args) -> int:
    from pathlib import Path

    from ..errors import LeaderbookError
    from ..instruments.programme import Programme, render_workbook

    fields = {}
    if args.title is not None:
        fields["title"] = args.title
    if args.intro is not None and args.intro_file:
        raise LeaderbookError("give the introduction with --intro or --intro-file, not both")
    if args.intro is not None:
        fields["intro"] = args.intro
    if args.intro_file:
        try:
            fields["intro"] = Path(args.intro_file).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise LeaderbookError(f"cannot read {args.intro_file}: {exc}") from None
    if args.scale_labels is not None:
        fields["scale_labels"] = tuple(label.strip() for label in args.scale_labels.split(","))
    programme = Programme(instruments=tuple(args.instrument), sections=tuple(args.section),
                          convergence_map=args.convergence_map, **fields)
    notebook = render_workbook(args.folder, programme, force=args.force)
    print(f"wrote {notebook}", file=sys.stderr)
    print(f"serve it with: leaderbook serve --workbook {notebook.parent}", file=sys.stderr)
    return 0
