"""What the live session console costs the store each second, against one plain ``SELECT count(*)``.

    python bench/bench_console.py [--members 200] [--db URL] [--check]

A team round of 200 members, each of whom has answered every scored item of
the built-in instruments (about 29,000 answer events in the round, plus a
second round of the same size so the round's own index has to do its work).
Timed, median of many runs, on the same store in the same run:

- the baseline: ``Store.count_answers()``, one plain ``SELECT count(*)`` of
  the answer events;
- the console's idle poll: ``RoomWatch.poll()`` when nothing moved, which is
  one query (``Store.round_pulse``: the round's newest answer event and how
  many opened their page) and nothing else;
- the console's poll after one member saved one answer: the pulse, then
  only the unseen answer events, the round's invites and its visitors.

SQLite in a temp dir by default; ``--db`` for another store (PostgreSQL from
``.ci/postgres.sh``). The console polls once a second, so ``--check`` exits 1
if the idle poll takes more than 1% of that second (10 ms) or the poll after
a save more than 5% (50 ms): the kernel's loop stays free for the page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time

RUNS = 200
IDLE_LIMIT_SECONDS = 0.010
MOVED_LIMIT_SECONDS = 0.050


def median_seconds(action, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fill(store, members: int, name: str):
    """A team round in which ``members`` people have answered every scored built-in item."""
    from workbook.instruments import builtin_instruments
    from workbook.team.admin import create_team

    made = create_team(store, name, [f"Member {i}" for i in range(members)])
    instruments = builtin_instruments()
    for number, link in enumerate(made.links):
        for instrument in instruments:
            entries = [(item.id, (number % 2 == 0) if item.kind == "checklist" else item.scale.min + number % 3)
                       for item in instrument.items if item.kind != "text"]
            store.record_answers(link.respondent_id, made.round.id, instrument, entries)
    return made, instruments


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--db", help="a store URL (default: SQLite in a temp dir)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a limit is missed")
    args = parser.parse_args()

    from workbook.team.room import RoomWatch
    from workbook.store import Store

    with tempfile.TemporaryDirectory() as folder, Store(args.db, data=folder) as store:
        suffix = str(time.time_ns())
        made, instruments = fill(store, args.members, f"Console {suffix}")
        fill(store, args.members, f"Other {suffix}")
        names = {link.respondent_id: link.member for link in made.links}
        room = RoomWatch(store, made.round.id, instruments, names)
        room.poll()
        events = store.count_answers()
        assert room.counts.finished == args.members, room.counts

        count = median_seconds(store.count_answers)
        idle = median_seconds(room.poll)
        assert room.poll() is False

        member, item = made.links[0].respondent_id, next(i for i in instruments[0].items if i.kind != "text")

        def save_then_poll() -> None:
            store.record_answer(member, made.round.id, instruments[0], item.id, None)
            start = time.perf_counter()
            room.poll()
            moved.append(time.perf_counter() - start)
            store.record_answer(member, made.round.id, instruments[0], item.id, item.scale.min)
            room.poll()

        moved: list[float] = []
        for _ in range(RUNS // 4):
            save_then_poll()
        after_save = statistics.median(moved)

    print(f"store: {'SQLite' if not args.db else args.db.split(':', 1)[0]}, {args.members} members, "
          f"{events:,} answer events in two rounds")
    print(f"SELECT count(*) of the answers (baseline): {1000 * count:.3f} ms")
    print(f"console poll, nothing moved:               {1000 * idle:.3f} ms  ratio {idle / count:.2f}")
    print(f"console poll, after one save:              {1000 * after_save:.3f} ms  ratio {after_save / count:.2f}")
    if args.check and (idle > IDLE_LIMIT_SECONDS or after_save > MOVED_LIMIT_SECONDS):
        print(f"FAIL: limits are {1000 * IDLE_LIMIT_SECONDS:.0f} ms (idle) and {1000 * MOVED_LIMIT_SECONDS:.0f} ms "
              "(after a save) of the console's one-second interval")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
