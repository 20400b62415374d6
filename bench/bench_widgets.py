"""How long building the guided workbook takes, against the same number of plain controls.

Builds the whole guided set (a Stepper over every built-in instrument, one
widget per item, plus results and the action plan), bound to a fresh store,
and, in the same run, one plain ipywidgets control per item (ToggleButtons
with the item's scale for rating and mistakes items, a Checkbox for checklist
items, a Textarea for text items). Prints both times (best of --repeat) and
their ratio. Not a test: run it by hand::

    python bench/bench_widgets.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import tempfile
import time

import ipywidgets

from widgets import StoreBinding, guided_workbook
from workbook.instruments import builtin_instruments
from workbook.store import Store


def plain_controls(instruments) -> list:
    controls = []
    for item in (item for instrument in instruments for item in instrument.items):
        if item.kind in ("rating", "mistakes"):
            controls.append(ipywidgets.ToggleButtons(options=[item.scale.label(p) for p in item.scale.points()]))
        elif item.kind == "checklist":
            controls.append(ipywidgets.Checkbox(description=item.text))
        else:
            controls.append(ipywidgets.Textarea(description=item.text))
    return controls


def best_of(repeat: int, build) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        build()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure; the best is kept")
    args = parser.parse_args()
    instruments = builtin_instruments()
    items = sum(len(i.items) for i in instruments)
    sections = sum(len(i.sections) for i in instruments)
    with tempfile.TemporaryDirectory() as data, Store(data=data) as store:
        binding = StoreBinding(store, store.add_respondent("Bench").id, store.start_round().id)
        guided_workbook(binding), plain_controls(instruments)  # warm up imports and caches
        ours = best_of(args.repeat, lambda: guided_workbook(binding))
        unbound = best_of(args.repeat, lambda: guided_workbook())
        plain = best_of(args.repeat, lambda: plain_controls(instruments))
    print(f"{len(instruments)} instruments, {sections} sections, {items} items")
    print(f"guided workbook, bound to a store: {ours * 1000:7.1f} ms")
    print(f"guided workbook, unsaved:          {unbound * 1000:7.1f} ms")
    print(f"{items} plain ipywidgets controls:    {plain * 1000:7.1f} ms")
    print(f"ratio (bound guided set / plain controls): {ours / plain:.1f}")


if __name__ == "__main__":
    main()
