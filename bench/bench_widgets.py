"""How long the workbook page takes to build, against the same number of plain controls.

Builds what a respondent's page builds (``pages.workbook_page.WorkbookPage``
for a visitor, then every step opened once, as a reader walking the whole
workbook makes it: one widget per item, the worksheets, the map, results,
the plan and the summary), bound to a fresh store, and, in the same run, one
plain ipywidgets control per item (ToggleButtons with the item's scale for
rating and mistakes items, a Checkbox for checklist items, a Textarea for
text items). Prints the times (best of --repeat) and their ratios. Not a
test: run it by hand::

    python bench/bench_widgets.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import tempfile
import time

import ipywidgets

from pages.visit import Visit, local_respondent
from pages.workbook_page import WorkbookPage
from workbook.instruments.programme import Programme, resolve_instruments
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


def opened_page(store: Store, visit: Visit, instruments, *, walk: bool) -> WorkbookPage:
    """The page for ``visit``; with ``walk``, every step opened once (each is built on first opening)."""
    page = WorkbookPage(Programme(), instruments, store)
    page.open_for_visitor(visit)
    if walk:
        for index in range(len(page.stepper.steps)):
            page.stepper.go(index)
    return page


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
    instruments = resolve_instruments(Programme())
    items = sum(len(i.items) for i in instruments)
    sections = sum(len(i.sections) for i in instruments)
    with tempfile.TemporaryDirectory() as data, Store(data=data) as store:
        visit = Visit(*local_respondent(store))
        opened_page(store, visit, instruments, walk=True), plain_controls(instruments)  # warm up imports, caches
        opening = best_of(args.repeat, lambda: opened_page(store, visit, instruments, walk=False))
        walked = best_of(args.repeat, lambda: opened_page(store, visit, instruments, walk=True))
        plain = best_of(args.repeat, lambda: plain_controls(instruments))
    print(f"{len(instruments)} instruments, {sections} sections, {items} items")
    print(f"the page opened for a visitor (no step built yet): {opening * 1000:7.1f} ms")
    print(f"the page with every step opened once:              {walked * 1000:7.1f} ms")
    print(f"{items} plain ipywidgets controls:                 {plain * 1000:7.1f} ms")
    print(f"ratio (opened page / plain controls): {opening / plain:.2f}")
    print(f"ratio (every step opened / plain controls): {walked / plain:.1f}")


if __name__ == "__main__":
    main()
