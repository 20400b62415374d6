"""Benchmark: what a team server holds, against a bare Voila page with the same pool.

Starts Voila as ``leaderbook serve`` runs it and plain Voila with the same
settings over a one-cell notebook (``bench/servers.py``), then measures:

* the memory of one open workbook page (its kernel's RSS and USS, from /proc,
  once the page is ready in Chromium) against one open bare page, and the
  page kernels that fit in 1 GiB at that USS;
* page opens per second: N distinct valid invite links opened one after the
  other (each a whole page response, each a kernel from the pool of one),
  against N opens of the bare page;
* a flood of invalid-link requests: the kernels the server runs before and
  after (they must be equal), and the time per refused request against the
  time per bare page open.

    python bench/bench_capacity.py [--opens 8] [--flood 200]

A benchmark, not a test: it asserts nothing and pytest does not collect it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from servers import kernel_memory, kernels_of, start_bare, start_leaderbook  # noqa: E402

OUT = Path(__file__).parent / "out"
CHROMIUM = "/usr/bin/chromium"


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        error.read()
        return error.code


def open_page_memory(url: str, ready: str) -> tuple[float, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector(ready, state="attached", timeout=120_000)
        page.wait_for_timeout(3000)
        kernel = json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]
        memory = kernel_memory(kernel)
        browser.close()
    return memory["rss_mb"], memory["uss_mb"]


def opens_per_second(urls: list[str]) -> float:
    start = time.perf_counter()
    for url in urls:
        status = fetch(url)
        if status != 200:
            raise SystemExit(f"{url} answered {status}")
    return len(urls) / (time.perf_counter() - start)


def settle(pid: int, seconds: float = 20) -> set[int]:
    last, since, deadline = None, time.monotonic(), time.monotonic() + seconds
    while time.monotonic() < deadline:
        now = kernels_of(pid)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since > 5:
            break
        time.sleep(0.3)
    return kernels_of(pid)


def run(work: Path, opens: int, flood: int) -> dict:
    from workbook.store import Store
    from workbook.team.admin import create_team

    page_server, _, page_base, data = start_leaderbook(work)
    bare_server, _, bare_base = start_bare(work)
    try:
        with Store(data=data) as store:
            made = create_team(store, "Bench", [f"Member {i}" for i in range(opens + 1)], base_url=page_base)
        links = [link.url for link in made.links]
        settle(page_server.pid), settle(bare_server.pid)
        page_rss, page_uss = open_page_memory(links[0], ".lb-page.lb-state-ready")
        bare_rss, bare_uss = open_page_memory(f"{bare_base}/voila/render/bare.ipynb", ".lb-bare-start")
        settle(page_server.pid), settle(bare_server.pid)
        page_rate = opens_per_second(links[1:opens + 1])
        bare_rate = opens_per_second([f"{bare_base}/voila/render/bare.ipynb"] * opens)

        before = settle(page_server.pid)
        token = links[1].split("invite=")[1]
        bad = [f"{page_base}/voila/render/workbook.ipynb?invite={token[:-3]}{i:03d}" for i in range(flood)]
        start = time.perf_counter()
        refused = sum(fetch(url) == 403 for url in bad)
        per_refusal = (time.perf_counter() - start) / flood
        after = settle(page_server.pid)
    finally:
        for server in (page_server, bare_server):
            server.terminate()
            server.wait(timeout=60)
    return {
        "page_kernel_mb": {"rss": page_rss, "uss": page_uss}, "bare_kernel_mb": {"rss": bare_rss, "uss": bare_uss},
        "page_memory_ratio_uss": round(page_uss / bare_uss, 2),
        "page_kernels_per_gib": int(1024 // page_uss), "bare_kernels_per_gib": int(1024 // bare_uss),
        "opens_per_second": {"workbook": round(page_rate, 3), "bare": round(bare_rate, 3)},
        "opens_ratio": round(page_rate / bare_rate, 2),
        "flood": {"requests": flood, "refused": refused, "kernels_before": len(before), "kernels_after": len(after),
                  "seconds_per_refusal": round(per_refusal, 4),
                  "refusal_vs_bare_open": round(per_refusal / (1 / bare_rate), 4)},
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opens", type=int, default=8, help="page opens timed on each server")
    parser.add_argument("--flood", type=int, default=200, help="invalid-link requests in the flood")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="leaderbook-capacity-") as tmp:
        result = run(Path(tmp), args.opens, args.flood)
    OUT.mkdir(exist_ok=True)
    (OUT / "bench_capacity.json").write_text(json.dumps(result, indent=2) + "\n")
    page, bare = result["page_kernel_mb"], result["bare_kernel_mb"]
    print(f"one open page: workbook kernel RSS {page['rss']} MB / USS {page['uss']} MB, bare RSS {bare['rss']} MB "
          f"/ USS {bare['uss']} MB; ratio (USS) {result['page_memory_ratio_uss']}")
    print(f"page kernels in 1 GiB: workbook {result['page_kernels_per_gib']}, bare {result['bare_kernels_per_gib']}")
    rates = result["opens_per_second"]
    print(f"page opens per second (valid links, pool of one): workbook {rates['workbook']}, bare {rates['bare']}; "
          f"ratio {result['opens_ratio']}")
    flood = result["flood"]
    print(f"flood of {flood['requests']} invalid links: {flood['refused']} refused, kernels {flood['kernels_before']} "
          f"before and {flood['kernels_after']} after; a refusal costs {flood['refusal_vs_bare_open']} of a bare open")
    return 0


if __name__ == "__main__":
    sys.exit(main())
