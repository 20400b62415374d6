"""The instrument loader's time grows in proportion to the file, whatever the file holds.

    python bench/bench_loader.py

For each kind of file, the loader is timed at three sizes (about 10 KB,
100 KB and just under the 1,000,000-byte limit), median of several runs.
Two ratios are printed:

- *growth*: seconds per byte at the largest size against seconds per byte
  at the smallest, from the same run; about 1 (or below, as fixed costs
  spread) means linear time, while a quadratic walk would show ~100. A
  figure of 1.5 to 4 comes from Python's garbage collector as the tree of
  nodes grows (with ``gc.disable()`` the loader is linear; ``yaml.compose``
  pays the same); the deep and aliased files are refused at the limit they
  reach, in the same time at every size;
- *vs parse*: the loader (parse, checks and the typed objects) against
  PyYAML's libyaml ``yaml.compose`` alone on the same valid file, the
  baseline of what reading the YAML costs at all. It is not run on the
  hostile files: ``yaml.compose`` slows quadratically with nesting and
  crashes the interpreter on a deep enough file, which is why the loader
  composes from events itself.
"""

from __future__ import annotations

import statistics
import time

import yaml

from workbook.errors import InstrumentError
from workbook.instruments.loader import parse_instrument

RUNS = 5
TARGETS = (10_000, 100_000, 990_000)

ITEM = "      - {{id: item-{n}, text: I do thing number {n} each week., actions: [Keep doing thing {n}.]}}\n"
HEAD = "id: big\nversion: 1\ntitle: Big\nsections:\n  - id: s\n    title: S\n    kind: rating\n    items:\n"


def valid(size: int) -> str:
    lines, total, n = [HEAD], len(HEAD), 0
    while total < size - 200:
        line = ITEM.format(n=n)
        lines.append(line)
        total += len(line)
        n += 1
    return "".join(lines)


def many_problems(size: int) -> str:
    """Every item wrong in two ways: a problem line each, all of them collected."""
    return valid(size * 97 // 100).replace("text: I do", "text: [I do").replace("each week.,", "each week.],")


def deep(size: int) -> str:
    half = (size - 10) // 2
    return "id: " + "[" * half + "]" * half


def aliases(size: int) -> str:
    """A list anchored once and aliased on every following line, up to the size."""
    head = "id: x\nversion: 1\ntitle: X\nbase: &b [a, b, c, d, e, f, g, h, i, j]\nmore:\n"
    return head + "  - *b\n" * ((size - len(head)) // 7)


KINDS = {"valid instrument": valid, "a problem per item": many_problems, "deep nesting": deep,
         "aliases on every line": aliases}


def _seconds(call) -> float:
    runs = []
    for _ in range(RUNS):
        started = time.perf_counter()
        call()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def _load(text: str) -> None:
    try:
        parse_instrument(text, "bench.yaml")
    except InstrumentError:
        pass


def main() -> None:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    print(f"{'file':<24} {'bytes':>9} {'seconds':>9} {'vs parse':>9}")
    for name, make in KINDS.items():
        per_byte = []
        for target in TARGETS:
            text = make(target)
            seconds = _seconds(lambda: _load(text))
            per_byte.append(seconds / len(text))
            ratio = ""
            if make is valid:
                ratio = f"{seconds / _seconds(lambda: yaml.compose(text, Loader=loader)):.2f}x"
            print(f"{name:<24} {len(text):>9,} {seconds:>9.4f} {ratio:>9}")
        print(f"{name:<24} growth (s/byte, largest vs smallest): {per_byte[-1] / per_byte[0]:.2f}x")


if __name__ == "__main__":
    main()
