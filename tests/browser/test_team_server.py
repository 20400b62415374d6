"""``leaderbook serve`` as a team server, tried as an attacker would: links, kernels, hosts, files.

A real ``leaderbook serve`` on a real store; kernels are counted as the
server's ipykernel child processes, so "no kernel started" means no process.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from conftest import start_workbook, stop
from processes import kernels_of
from workbook.store import Store
from workbook.team.admin import create_team, revoke_member

pytestmark = pytest.mark.browser

PAGE_SECONDS = 90


def settled_kernels(pid: int, at_most: int | None = None, seconds: float = 60) -> set[int]:
    """The server's kernels once their number stops changing (or drops to ``at_most``)."""
    deadline = time.monotonic() + seconds
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        now = kernels_of(pid)
        if at_most is not None and len(now) <= at_most:
            return now
        if now != last:
            last, since = now, time.monotonic()
        elif at_most is None and time.monotonic() - since > 4:
            return now
        time.sleep(0.3)
    return kernels_of(pid)


def get(url: str, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def token_of(url: str, name: str) -> str:
    return url.split(f"{name}=")[1]


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """A store with a team of five (one revoked) and its links, served by ``leaderbook serve``."""
    data = tmp_path_factory.mktemp("team-server") / "data"
    with Store(data=data) as store:
        made = create_team(store, "Ops leads", ["Ana", "Ben", "Cleo", "Dev", "Eve"])
        revoke_member(store, "Ops leads", "Eve")
    server = start_workbook(data)
    settled_kernels(server.process.pid)  # the preheated pool is up
    try:
        yield server, made
    finally:
        stop(server.process)


def member_url(server, made, name: str) -> str:
    link = next(link for link in made.links if link.member == name)
    return server.invite_url(token_of(link.url, "invite"))


def test_requests_without_a_live_link_start_no_kernel(team):
    server, made = team
    base = server.base
    valid = token_of(member_url(server, made, "Ana"), "invite")
    coach = token_of(made.coach_url, "coach")
    revoked = token_of(member_url(server, made, "Eve"), "invite")
    before = settled_kernels(server.process.pid)
    bad = ["", "?invite=", "?invite=nope", f"?invite={valid[:-2]}zz", f"?invite={valid}x",
           f"?invite={valid}&invite={valid}", f"?invite={revoked}", f"?coach={coach}", f"?invite=%00{valid}",
           "?invite=" + "A" * 5000, f"?Invite={valid}", f"?invite={valid.upper()}", f"?invite={valid[:20]}",
           "?invite=../../etc/passwd", "?invite=%3Cscript%3E", f"?invite={coach}"]
    requests = [f"{base}/voila/render/workbook.ipynb{query}" for query in bad]
    requests += [f"{base}/voila/render/dashboard.ipynb", f"{base}/voila/render/dashboard.ipynb?coach=nope",
                 f"{base}/voila/render/dashboard.ipynb?invite={valid}", f"{base}/voila/render/other.ipynb?invite={valid}"]
    assert len(requests) >= 20
    for url in requests:
        status, body = get(url)
        assert status in (403, 404), (url, status)
        if status == 403:
            assert "This link is not valid" in body
    time.sleep(3)
    assert kernels_of(server.process.pid) == before


def test_reloads_leave_one_kernel_per_open_page(team, browser):
    server, made = team
    url = member_url(server, made, "Ben")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_selector(".lb-page.lb-state-ready", timeout=PAGE_SECONDS * 1000)
        for _ in range(25):
            page.reload(wait_until="commit")
            page.wait_for_selector(".lb-page", state="attached", timeout=PAGE_SECONDS * 1000)
        page.wait_for_selector(".lb-page.lb-state-ready", timeout=PAGE_SECONDS * 1000)
        # The pool (one preheated workbook kernel) plus this one open tab.
        left = settled_kernels(server.process.pid, at_most=2, seconds=60)
        assert len(left) <= 2, f"{len(left)} kernels after 25 reloads of one tab"
    finally:
        context.close()


def test_a_kernel_serves_only_the_browser_that_loaded_its_page(team, browser):
    server, made = team
    base = server.base
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(member_url(server, made, "Cleo"))
        page.wait_for_selector(".lb-page.lb-state-ready", timeout=PAGE_SECONDS * 1000)
        import json

        kernel = json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
        ws = base.replace("http://", "ws://")

        def opens(path: str, headers: dict | None = None) -> int:
            try:
                with connect(f"{ws}{path}", additional_headers=headers, open_timeout=10):
                    return 101
            except InvalidStatus as refused:
                return refused.response.status_code

        # Without the page's secret: refused on the channels, the query socket and the kernel API.
        assert opens(f"/api/kernels/{kernel}/channels") == 403
        assert opens(f"/voila/query/{kernel}") == 403
        assert opens(f"/voila/query/{kernel}", {"X-Leaderbook-Kernel": "guess"}) == 403
        assert opens(f"/voila/query/{kernel}", {"Cookie": cookies}) == 403  # the page's secret is not the kernel's
        assert get(f"{base}/api/kernels/{kernel}")[0] == 403
        other = browser.new_context()
        try:  # another browser with a live link of its own gets nothing of Cleo's kernel either
            other_page = other.new_page()
            other_page.goto(member_url(server, made, "Dev"))
            other_page.wait_for_selector(".lb-page.lb-state-ready", timeout=PAGE_SECONDS * 1000)
            others = "; ".join(f"{c['name']}={c['value']}" for c in other.cookies())
            assert opens(f"/api/kernels/{kernel}/channels", {"Cookie": others}) == 403
        finally:
            other.close()
        request = urllib.request.Request(f"{base}/voila/api/shutdown/{kernel}", method="POST", data=b"")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403
        # The page's own browser still can: the check is not refusing everyone.
        assert opens(f"/api/kernels/{kernel}/channels", {"Cookie": cookies}) == 101
        assert page.locator(".lb-page.lb-state-ready").count() == 1
    finally:
        context.close()


def test_a_foreign_host_or_origin_gets_no_page(team):
    server, made = team
    url = member_url(server, made, "Dev")
    port = server.base.rsplit(":", 1)[1]
    assert get(url, {"Host": f"rebound.example:{port}"})[0] == 400
    assert get(url, {"Host": "rebound.example"})[0] == 400
    assert get(url, {"Origin": "http://rebound.example"})[0] == 403
    ws = server.base.replace("http://", "ws://")
    with pytest.raises(InvalidStatus) as refused:
        with connect(f"{ws}/voila/query/00000000-0000-0000-0000-000000000000",
                     additional_headers={"Host": "rebound.example"}, open_timeout=10):
            pass
    assert refused.value.response.status_code == 400


def test_the_data_is_private_whatever_the_umask(team, tmp_path):
    server, _ = team
    data = server.data
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for name in ("leaderbook.sqlite3", "leaderbook.sqlite3-wal", "leaderbook.sqlite3-shm", "serve.log"):
        assert stat.S_IMODE((data / name).stat().st_mode) == 0o600, name
    export = tmp_path / "answers.csv"
    subprocess.run([sys.executable, "-m", "workbook.cli", "export", "--format", "csv", "--data", str(data),
                    "-o", str(export)], check=True, preexec_fn=lambda: os.umask(0o022))
    assert stat.S_IMODE(export.stat().st_mode) == 0o600
    # No token reaches the log, and the log's kernel ids are its owner's alone.
    log = server.log.read_text()
    assert "invite=" not in log and "coach=" not in log


def test_beyond_max_pages_visitors_get_a_busy_page(tmp_path):
    data = tmp_path / "data"
    with Store(data=data) as store:
        made = create_team(store, "Busy", ["A", "B", "C"])
    server = start_workbook(data, "--max-pages", "2")
    try:
        pid = server.process.pid
        settled_kernels(pid)
        urls = [server.invite_url(token_of(link.url, "invite")) for link in made.links]
        assert get(urls[0])[0] == 200 and get(urls[1])[0] == 200
        before = settled_kernels(pid)  # the two pages, and the pool refilled behind them
        status, body = get(urls[2])
        assert status == 503 and "The workbook is busy" in body and "Try again in a minute" in body
        assert settled_kernels(pid) == before
        assert get(urls[0])[0] == 200  # a link already open is replaced, not refused
    finally:
        stop(server.process)
