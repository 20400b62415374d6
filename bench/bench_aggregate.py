"""Team aggregation at scale, against a plain pandas group-by over the same data in the same run.

    python bench/bench_aggregate.py [--respondents 100000] [--items 100] [--check]

The data: every respondent answers every item (5 items per section), as the
long table :mod:`workbook.team.answers` builds (categorical section and item,
value, points); 2% are "not applicable". Timed, best of several runs:

- ``workbook.team.aggregate.aggregate_answers``: per-section (respondent means,
  then n / mean / sd) and per-item (n / mean / sd / score / distribution)
  figures, with the anonymity threshold applied;
- the baseline: the same section and item n / mean / sd with plain
  ``DataFrame.groupby`` (no distribution, no score, no threshold).

Targets: within 1.5x of the baseline and under 5 s. ``--check`` exits 1 when
either is missed. The figures of both are compared, so a fast wrong answer fails.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd

from workbook.team.aggregate import aggregate_answers

RUNS = 3
TARGET_RATIO = 1.5
TARGET_SECONDS = 5.0


def make_frame(respondents: int, items: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    item_names = [f"inst{i // 25}/s{i // 5}/item{i}" for i in range(items)]
    section_names = sorted({name.rsplit("/", 1)[0] for name in item_names})
    item_codes = np.tile(np.arange(items, dtype=np.int16), respondents)
    section_of_item = np.array([section_names.index(n.rsplit("/", 1)[0]) for n in item_names], dtype=np.int16)
    values = rng.integers(1, 6, size=respondents * items).astype(np.float64)
    values[rng.random(values.size) < 0.02] = np.nan  # "not applicable": counts for nobody
    return pd.DataFrame({
        "respondent_id": np.repeat(np.arange(1, respondents + 1, dtype=np.int64), items),
        "section": pd.Categorical.from_codes(section_of_item[item_codes], section_names),
        "item": pd.Categorical.from_codes(item_codes, item_names),
        "value": values,
        "points": (values - 1) / 4,
    })


def baseline(frame: pd.DataFrame):
    """The same n / mean / sd per section and per item with plain pandas group-bys."""
    people = frame.groupby(["section", "respondent_id"], observed=True)["points"].mean() * 100
    sections = people.groupby(level="section", observed=True).agg(["count", "mean", "std"])
    items = frame.groupby("item", observed=True)["value"].agg(["count", "mean", "std"])
    return sections, items


def best_of(function, *args) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - start)
    return min(times), result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    frame = make_frame(args.respondents, args.items)
    print(f"data: {args.respondents:,} respondents x {args.items} items = {len(frame):,} answers "
          f"({frame.memory_usage(deep=True).sum() / 2**20:.0f} MiB, built in {time.perf_counter() - start:.1f} s)")

    plain_seconds, (sections, items) = best_of(baseline, frame)
    ours_seconds, figures = best_of(aggregate_answers, frame, 3)

    assert figures.sections["n"].to_dict() == sections["count"].to_dict()
    assert np.allclose(figures.sections["score"], sections["mean"])
    assert np.allclose(figures.sections["sd"], sections["std"])
    assert figures.items["n"].to_dict() == items["count"].to_dict()
    assert np.allclose(figures.items["mean"], items["mean"]) and np.allclose(figures.items["sd"], items["std"])

    ratio = ours_seconds / plain_seconds
    print(f"plain pandas group-by (baseline): {plain_seconds:.3f} s")
    print(f"workbook.team.aggregate:               {ours_seconds:.3f} s  (also: per-item distribution and score, "
          "threshold applied)")
    print(f"ratio: {ratio:.2f}x the baseline (target <= {TARGET_RATIO}x); "
          f"absolute {ours_seconds:.2f} s (target < {TARGET_SECONDS:.0f} s)")
    missed = ratio > TARGET_RATIO or ours_seconds >= TARGET_SECONDS
    if missed:
        print("TARGET MISSED", file=sys.stderr)
    return 1 if missed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
