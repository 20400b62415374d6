"""Benchmarks of the core, each against a baseline measured in the same run.

    python bench/bench_core.py

1. Import time: ``import workbook`` and the respondent's path (workbook +
   instruments loaded + store) against ``import ipywidgets``, each in a fresh
   interpreter, median of several runs.
2. Store writes: 8 processes writing 500 answers each to one SQLite file
   at once, against one process writing the same 4,000 answers alone.
"""

from __future__ import annotations

import multiprocessing
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 7

IMPORTS = {
    "import ipywidgets (baseline)": "import ipywidgets",
    "import workbook": "import workbook",
    "respondent path": "import workbook; from workbook.instruments import builtin_instruments; "
                       "from workbook.store import Store; builtin_instruments()",
}


def _import_seconds(statement: str) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(RUNS)]
    return statistics.median(runs)


def _writer(url: str, respondent_id: int, round_id: int, count: int) -> None:
    from workbook.instruments import find_instrument
    from workbook.store import Store

    instrument = find_instrument("leadership-functions")
    items = instrument.items
    with Store(url) as store:
        for n in range(count):
            store.record_answer(respondent_id, round_id, instrument, items[n % len(items)].id, 1 + n % 5)


def _write_seconds(writers: int, per_writer: int) -> tuple[float, int]:
    from workbook.store import Store

    with tempfile.TemporaryDirectory() as data, Store(data=data) as store:
        people = [store.add_respondent(f"P{n}").id for n in range(writers)]
        round_id = store.start_round().id
        context = multiprocessing.get_context("fork")
        processes = [context.Process(target=_writer, args=(store.url, who, round_id, per_writer)) for who in people]
        started = time.perf_counter()
        for process in processes:
            process.start()
        for process in processes:
            process.join()
        elapsed = time.perf_counter() - started
        return elapsed, store.count_answers()


def main() -> None:
    print("import time, median of", RUNS, "fresh interpreters")
    baseline = None
    for label, statement in IMPORTS.items():
        seconds = _import_seconds(statement)
        baseline = baseline or seconds
        print(f"  {label:<30} {seconds * 1000:7.1f} ms   ratio {seconds / baseline:.2f}")

    total = 4000
    alone, written_alone = _write_seconds(1, total)
    together, written_together = _write_seconds(8, total // 8)
    assert written_alone == written_together == total, (written_alone, written_together)
    print("store writes, one answer per transaction, SQLite WAL")
    print(f"  1 writer  x {total}: {total / alone:8.0f} answers/s (baseline)")
    print(f"  8 writers x {total // 8}: {total / together:8.0f} answers/s   ratio {alone / together:.2f} "
          f"(every one of {written_together} answers present)")


if __name__ == "__main__":
    main()
