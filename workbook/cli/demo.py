"""``leaderbook demo``: a demo team over two rounds, so a newcomer sees a full dashboard at once."""

from __future__ import annotations


from . import open_store, store_options


def register(commands) -> None:
    from ..basics.links import DEFAULT_BASE_URL

    demo = commands.add_parser("demo", parents=[store_options()],
                               help="create a demo team with synthetic answers over two rounds")
    # The default name lives in workbook.team.demo, which is not imported until the command runs.
    demo.add_argument("--name", help="the demo team's name (default: 'Demo team')")
    demo.add_argument("--base-url", metavar="URL",
                      help="address of the workbook server the links point at (default: $LEADERBOOK_BASE_URL, "
                           f"else what `leaderbook serve --base-url` recorded, else {DEFAULT_BASE_URL})")
    demo.set_defaults(run=run_demo)


def _store_flags(args) -> str:
    """The ``--data``/``--db`` the demo was given, quoted for a shell, so printed commands work when pasted."""
    import shlex

    from sqlalchemy.engine import make_url

    if args.db:
        return f" --db {shlex.quote(make_url(args.db).render_as_string(hide_password=True))}"
    if args.data:
        return f" --data {shlex.quote(str(args.data))}"
    return ""


def run_demo(args) -> int:
    import shlex

    from sqlalchemy.engine import make_url

    from ..team.demo import DEMO_TEAM, create_demo

    with open_store(args) as store:
        first, second = create_demo(store, name=args.name or DEMO_TEAM, base_url=args.base_url)
        where = make_url(store.url).render_as_string(hide_password=True)
    members = len({link.respondent_id for link in second.links})
    name = shlex.quote(second.team.name)
    flags = _store_flags(args)
    print(f"Created {second.team.name!r}: {members} members, rounds {first.round.label!r} (closed) and "
          f"{second.round.label!r} (open, some members still answering), in {where}.")
    print(f"Serve it:          leaderbook serve{flags} --no-browser")
    print(f"Coach dashboard (with `leaderbook serve` running): {first.coach_url}")
    print(f"Session console (for a projector, same coach token): {first.session_url}")
    example = next(link for link in second.links if link.subject_id is None)
    print(f"A member's link, e.g. {example.member}'s: {example.url}")
    print(f"Team report:       leaderbook report{flags} --team {name} -o team.html")
    print(f"Individual report: leaderbook report{flags} --respondent {example.respondent_id} "
          f"-o {shlex.quote(example.member + '.html')}")
    print(f"Aggregates:        leaderbook export{flags} --team {name} --aggregate --format json")
    if args.db and make_url(args.db).password:
        print("(the database password is shown as ***: put yours back, or set $LEADERBOOK_DB and leave out --db)")
    return 0
