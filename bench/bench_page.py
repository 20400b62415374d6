"""Benchmark: the workbook page against a one-cell bare Voila notebook, same server settings.

One run starts Voila exactly as ``leaderbook serve`` does (its settings from
:func:`pages.voila_app.voila_config`) over the workbook, and plain Voila
with the same settings over ``bare.ipynb`` (one cell: import ipywidgets,
show a button); see ``bench/servers.py``. Then, alternating between the two, it loads each page in a real
Chromium several times, each time on a freshly preheated kernel, and takes:

* time to interactive: from navigation start until the page's first button
  (the workbook's Start, the bare notebook's button) is visible and enabled;
* the page kernel's memory (RSS and USS, from /proc) once it is interactive.

It prints the medians and the two figures the targets are set on:
time-to-interactive ratio (target at most 1.05, issue 21) and kernel memory delta
(target at most 10 MB USS), and writes them to ``bench/out/bench_page.json``.

    python bench/bench_page.py [--loads 7] [--keep DIR]

This is a benchmark, not a test: it asserts nothing and is not collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
OUT = Path(__file__).parent / "out"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
from servers import kernel_memory, start_bare, start_leaderbook  # noqa: E402

READY = {"workbook.ipynb": ".lb-start", "bare.ipynb": ".lb-bare-start"}


def start_servers(work: Path):
    """Both servers; returns their processes, their logs by notebook, and each page's URL."""
    from pages.serve import local_invite
    from workbook.store import Store

    page, page_log, page_base, data = start_leaderbook(work)
    with Store(data=data) as store:
        token = local_invite(store)
    bare, bare_log, bare_base = start_bare(work)
    urls = {"workbook.ipynb": f"{page_base}/voila/render/workbook.ipynb?invite={token}",
            "bare.ipynb": f"{bare_base}/voila/render/bare.ipynb"}
    return [page, bare], {"workbook.ipynb": page_log, "bare.ipynb": bare_log}, urls


def pools_filled(log: Path, notebook: str) -> int:
    return log.read_text().count(f"Kernel pool of {notebook} is filled")


#: Voila logs "pool filled" once the kernel has started, before the notebook has run;
#: this leaves the kernel time to run it (up to the workbook's wait for the request).
PREHEAT_SECONDS = 8


def wait_for_pool(log: Path, notebook: str, at_least: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while pools_filled(log, notebook) < at_least:
        if time.monotonic() > deadline:
            raise SystemExit(f"no preheated kernel for {notebook} within {seconds}s")
        time.sleep(0.2)
    time.sleep(PREHEAT_SECONDS)


def load_once(context, url: str, ready: str) -> dict:
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(f"{ready}:not([disabled])", state="visible", timeout=120_000)
    tti = time.perf_counter() - start
    page.wait_for_timeout(1000)
    kernel = json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]
    memory = kernel_memory(kernel)
    page.close(run_before_unload=True)  # as closing the tab: Voila stops the kernel
    return {"tti_s": round(tti, 3), **memory}


def run(loads: int, work: Path) -> dict:
    from playwright.sync_api import sync_playwright

    servers, logs, urls = start_servers(work)
    results: dict[str, list[dict]] = {name: [] for name in urls}
    used = {name: 0 for name in urls}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            for round_number in range(loads + 1):  # round 0 warms the browser cache, not counted
                for name, url in urls.items():
                    wait_for_pool(logs[name], name, used[name] + 1)
                    sample = load_once(context, url, READY[name])
                    used[name] += 1
                    if round_number:
                        results[name].append(sample)
                    print(f"{name:15} load {round_number}: {sample}", file=sys.stderr)
            browser.close()
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=60)
    return summarise(results)


def summarise(results: dict[str, list[dict]]) -> dict:
    medians = {name: {key: statistics.median(s[key] for s in samples) for key in samples[0]}
               for name, samples in results.items()}
    page, bare = medians["workbook.ipynb"], medians["bare.ipynb"]
    return {
        "loads": len(results["bare.ipynb"]),
        "median": medians,
        "samples": results,
        "tti_ratio": round(page["tti_s"] / bare["tti_s"], 3),
        "memory_delta_rss_mb": round(page["rss_mb"] - bare["rss_mb"], 1),
        "memory_delta_uss_mb": round(page["uss_mb"] - bare["uss_mb"], 1),
        "targets": {"tti_ratio": 1.05, "memory_delta_mb": 10},
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=7, help="measured page loads of each notebook (at least 5)")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (default: a temporary dir)")
    args = parser.parse_args(argv)
    if args.loads < 5:
        parser.error("take at least 5 loads of each page")
    if args.keep:
        work = Path(args.keep)
        work.mkdir(parents=True, exist_ok=True)
        summary = run(args.loads, work)
    else:
        with tempfile.TemporaryDirectory(prefix="leaderbook-bench-") as tmp:
            summary = run(args.loads, Path(tmp))
    OUT.mkdir(exist_ok=True)
    (OUT / "bench_page.json").write_text(json.dumps(summary, indent=2) + "\n")
    page, bare = summary["median"]["workbook.ipynb"], summary["median"]["bare.ipynb"]
    print(f"time to interactive (median of {summary['loads']}): workbook {page['tti_s']:.3f} s, "
          f"bare {bare['tti_s']:.3f} s, ratio {summary['tti_ratio']:.3f} (target <= 1.05)")
    print(f"kernel memory (median): workbook RSS {page['rss_mb']} MB / USS {page['uss_mb']} MB, bare RSS "
          f"{bare['rss_mb']} MB / USS {bare['uss_mb']} MB; delta RSS {summary['memory_delta_rss_mb']} MB, "
          f"USS {summary['memory_delta_uss_mb']} MB (target <= 10 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
