"""20 team members saving at once through the store, as 20 Voila kernels would.

    python bench/bench_concurrent_saves.py [--members 20] [--db URL] [--check]

Each member is a process of its own with its own Store: it resolves its
invite link as the page does, waits for the others, then saves every scored
item of the built-in instruments one answer at a time (a widget writes each
change through at once). Measured: the latency of each save, p50 / p95 / max,
against the same saves by one member alone in the same run. Then every
answer must be there, with the value its member gave last.

SQLite in a temp dir by default; ``--db`` for another store (for example
PostgreSQL from ``.ci/postgres.sh``: ``--db "$LEADERBOOK_TEST_PG_URL"``, into a
fresh schema). ``--check`` exits 1 if an answer is missing or p95 is over 1 s.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
import uuid

P95_LIMIT_SECONDS = 1.0


def expected_value(item, member: int):
    if item.kind == "checklist":
        return member % 2 == 0
    return item.scale.min + (member + len(item.id)) % (item.scale.max - item.scale.min + 1)


def member(url: str, token: str, number: int, barrier, results) -> None:
    from workbook.instruments import builtin_instruments
    from workbook.store import Store
    from workbook.store.invites import resolve_invite

    with Store(url) as store:
        invite = resolve_invite(store, token)
        work = [(instrument, item) for instrument in builtin_instruments() for item in instrument.items
                if item.kind != "text"]
        if barrier is not None:
            barrier.wait()
        latencies = []
        began = time.time()
        for instrument, item in work:
            start = time.perf_counter()
            store.record_answer(invite.respondent_id, invite.round_id, instrument, item.id,
                                expected_value(item, number))
            latencies.append(time.perf_counter() - start)
    results.put((number, latencies, began, time.time()))


def run(url: str, members: int, together: bool) -> tuple[list[float], float]:
    from workbook.store import Store
    from workbook.team.admin import create_team

    with Store(url) as store:
        made = create_team(store, f"Bench {uuid.uuid4().hex[:8]}", [f"Member {i}" for i in range(members)])
    tokens = [link.url.rsplit("invite=", 1)[1] for link in made.links]
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(members) if together else None
    results = context.Queue()
    workers = [context.Process(target=member, args=(url, token, n, barrier, results)) for n, token in enumerate(tokens)]
    for worker in workers:
        worker.start()
        if not together:
            worker.join()
    reports = [results.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join()
    # From the first save to the last: process start-up is not the store's time.
    elapsed = max(r[3] for r in reports) - min(r[2] for r in reports)
    check(url, made, tokens)
    return [seconds for report in reports for seconds in report[1]], elapsed


def check(url: str, made, tokens) -> None:
    """Every member's every answer is there, with the value they gave."""
    from workbook.instruments import builtin_instruments
    from workbook.store import Store

    with Store(url) as store:
        for number, link in enumerate(made.links):
            for instrument in builtin_instruments():
                given = store.answer_values(link.respondent_id, made.round.id, instrument.id)
                wanted = {item.id: expected_value(item, number) for item in instrument.items if item.kind != "text"}
                assert given == wanted, f"member {number}: {instrument.id} lost answers"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def pg_schema(url: str) -> str:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.schema import CreateSchema

    schema = f"lb_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(CreateSchema(schema))
    engine.dispose()
    return make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--db", metavar="URL", help="store URL (default: SQLite in a temp dir)")
    parser.add_argument("--check", action="store_true", help=f"exit 1 when p95 is over {P95_LIMIT_SECONDS} s")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as data:
        url = args.db or f"sqlite:///{data}/leaderbook.sqlite3"
        if url.startswith("postgresql"):
            url = pg_schema(url)
        alone, _ = run(url, 1, together=False)
        together, elapsed = run(url, args.members, together=True)
    backend = url.split(":", 1)[0]
    print(f"store: {backend}; {args.members} members x {len(alone)} saves each = {len(together):,} saves, "
          f"every one present with its value")
    print(f"one member alone (baseline): p50 {statistics.median(alone) * 1000:.1f} ms, "
          f"p95 {percentile(alone, 0.95) * 1000:.1f} ms")
    p95 = percentile(together, 0.95)
    print(f"{args.members} members at once:        p50 {statistics.median(together) * 1000:.1f} ms, "
          f"p95 {p95 * 1000:.1f} ms, p99 {percentile(together, 0.99) * 1000:.1f} ms, "
          f"max {max(together) * 1000:.1f} ms ({sum(t > 1 for t in together)} over 1 s); "
          f"{len(together) / elapsed:.0f} saves/s over {elapsed:.1f} s")
    print(f"p95 ratio (together / alone): {p95 / percentile(alone, 0.95):.1f}x")
    return 1 if args.check and p95 > P95_LIMIT_SECONDS else 0


if __name__ == "__main__":
    sys.exit(main())
