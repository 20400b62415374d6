"""How the coach's views grow with the round: 100 to 3,000 members, against one SQL pass over the same answers.

    python bench/bench_team_scale.py [--sizes 100,300,1000,3000] [--db URL] [--repeat 3]

For each size, a team round in which every member finished the built-in programme (every scored item
answered: 144 answer events each), on SQLite in a temp dir or on ``--db`` (PostgreSQL from
``.ci/postgres.sh``; each size gets a team of its own). Timed, best of ``--repeat``, in the same run:

- the baseline: one SQL pass that reads the latest answer per key of that round and counts them per
  item and value (what any view of the round's answers must at least read);
- the dashboard's data (``team_dashboard``, after the release rule has published the round);
- the first view, which publishes the round and makes its figures (timed once: it happens once per
  publication, when at least ``k`` more people have finished);
- the aggregate export (``aggregate_export``);
- the live console's first count of the room (``RoomWatch.poll`` on a fresh watch).

Prints each view's time, its ratio to the baseline, and how it grew from the previous size against how
the answers grew (1.0 means it grows as the answers do). Issue 21's goal: at 1,000 members the dashboard
and the export within 2x the baseline.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time

from sqlalchemy import text

BASELINE = text("""
    SELECT a.instrument_id, a.item_id, a.value, count(*)
    FROM lb_answers a
    WHERE a.id IN (SELECT max(id) FROM lb_answers WHERE round_id = :round_id
                   GROUP BY respondent_id, subject_id, instrument_id, item_id)
    GROUP BY a.instrument_id, a.item_id, a.value
""")
MEMBERS_PER_TRANSACTION = 100


def best_of(repeat: int, action) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def fill(store, name: str, members: int):
    """A round whose ``members`` have each answered every scored built-in item."""
    from workbook.instruments import builtin_instruments
    from workbook.team.admin import create_team

    made = create_team(store, name, [f"Member {i}" for i in range(members)])
    instruments = builtin_instruments()
    for start in range(0, members, MEMBERS_PER_TRANSACTION):
        with store.transaction():
            for number, link in enumerate(made.links[start:start + MEMBERS_PER_TRANSACTION], start):
                for instrument in instruments:
                    entries = [(item.id, (number % 2 == 0) if item.kind == "checklist"
                                else item.scale.min + (number + len(item.id)) % len(item.scale.points()))
                               for item in instrument.items if item.kind != "text"]
                    store.record_answers(link.respondent_id, made.round.id, instrument, entries)
    return made, instruments


def measure(store, members: int, repeat: int) -> dict[str, float]:
    from workbook.exports.team import aggregate_export
    from workbook.team.dashboard import team_dashboard
    from workbook.team.room import RoomWatch

    name = f"Scale {members} {time.time_ns()}"
    made, instruments = fill(store, name, members)
    names = {link.respondent_id: link.member for link in made.links}
    started = time.perf_counter()
    team_dashboard(store, name)  # the release rule publishes the round once, and its figures are made
    publishing = time.perf_counter() - started

    def baseline():
        with store.engine.connect() as conn:
            conn.execute(BASELINE, {"round_id": made.round.id}).fetchall()

    def console():
        RoomWatch(store, made.round.id, instruments, names).poll()

    with store.engine.connect() as conn:
        answers = sum(row[3] for row in conn.execute(BASELINE, {"round_id": made.round.id}))
    return {"answers": answers,
            "SQL pass (baseline)": best_of(repeat, baseline),
            "dashboard data": best_of(repeat, lambda: team_dashboard(store, name)),
            "aggregate export": best_of(repeat, lambda: aggregate_export(store, name)),
            "console's first count": best_of(repeat, console),
            "first view (publishes)": publishing}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,300,1000,3000", help="members per round, comma-separated")
    parser.add_argument("--db", help="a store URL (default: SQLite in a temp dir)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    from workbook.store import Store

    rows = []
    with tempfile.TemporaryDirectory() as folder, Store(args.db, data=folder) as store:
        for members in sizes:
            print(f"filling a round of {members} members...", file=sys.stderr, flush=True)
            rows.append((members, measure(store, members, args.repeat)))
    backend = "SQLite" if not args.db else args.db.split(":", 1)[0]
    views = [k for k in rows[0][1] if k != "answers"]
    print(f"store: {backend}; times are the best of {args.repeat}")
    print(f"{'members':>8} {'view':<24} {'seconds':>9} {'x baseline':>11} {'growth':>8} {'answers grew':>13}")
    for index, (members, figures) in enumerate(rows):
        for view in views:
            grew = answers_grew = ""
            if index:
                previous = rows[index - 1][1]
                grew = f"{figures[view] / previous[view]:.2f}"
                answers_grew = f"{figures['answers'] / previous['answers']:.2f}"
            ratio = figures[view] / figures["SQL pass (baseline)"]
            print(f"{members:>8} {view:<24} {figures[view]:>9.3f} {ratio:>11.2f} {grew:>8} {answers_grew:>13}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
