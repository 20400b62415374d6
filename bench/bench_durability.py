"""The cost of durable saves: single-answer saves with synchronous=FULL against NORMAL.

    python bench/bench_durability.py

leaderbook opens SQLite with ``synchronous=FULL`` so that an answer the page
calls saved survives a power cut (each commit waits for the write-ahead log
to reach the disk). This saves answers one per transaction, as the page does,
into the same store file under FULL and under NORMAL (the setting before),
alternating in blocks so both meet the same disk and cache, and prints the
median time per save and the ratio FULL/NORMAL. The store lives in the
current directory, not /tmp, which may be a RAM disk where syncing is free.
"""

from __future__ import annotations

import statistics
import tempfile
import time

from workbook.instruments import find_instrument
from workbook.store import Store, engine

BLOCKS = 6
SAVES_PER_BLOCK = 200


def _block(data: str, setting: str, respondent_id: int, round_id: int, instrument) -> list[float]:
    engine.SQLITE_SYNCHRONOUS = setting
    items = instrument.items
    times = []
    with Store(data=data) as store:
        with store.engine.connect() as conn:
            found = conn.exec_driver_sql("PRAGMA synchronous").scalar()
        assert found == {"FULL": 2, "NORMAL": 1}[setting], (setting, found)
        for n in range(SAVES_PER_BLOCK):
            started = time.perf_counter()
            store.record_answer(respondent_id, round_id, instrument, items[n % len(items)].id, 1 + n % 5)
            times.append(time.perf_counter() - started)
    return times


def main() -> None:
    instrument = find_instrument("leadership-functions")
    default = engine.SQLITE_SYNCHRONOUS
    with tempfile.TemporaryDirectory(dir=".", prefix="bench-durability-") as data:
        with Store(data=data) as store:
            who, round_id = store.add_respondent("Ana").id, store.start_round().id
        times = {"NORMAL": [], "FULL": []}
        _block(data, "NORMAL", who, round_id, instrument)  # warm-up: file created, pages cached
        for _ in range(BLOCKS):
            for setting in times:
                times[setting] += _block(data, setting, who, round_id, instrument)
    engine.SQLITE_SYNCHRONOUS = default
    normal, full = (statistics.median(times[s]) for s in ("NORMAL", "FULL"))
    print(f"single-answer saves, one transaction each, SQLite WAL, {BLOCKS * SAVES_PER_BLOCK} per setting (median)")
    print(f"  synchronous=NORMAL (before, baseline) {normal * 1000:7.3f} ms per save")
    print(f"  synchronous=FULL   (durable, default) {full * 1000:7.3f} ms per save   ratio FULL/NORMAL {full / normal:.2f}")


if __name__ == "__main__":
    main()
