"""Two ``leaderbook serve`` on one PostgreSQL store behind the shipped nginx configuration, over TLS.

A member answers through the proxy; the server holding their page is killed;
they reload, land on the other server, and find everything they saved.
Real parts throughout: Debian's nginx with ``deploy/nginx/leaderbook.conf``
(only its marked lines changed), a self-signed certificate made here, a
PostgreSQL schema of its own, and Chromium.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import free_port, start_workbook, stop
from pg_fixtures import IN_CI, PG_URL, private_pg_schema
from workbook.store import Store
from workbook.team.admin import create_team

pytestmark = [pytest.mark.browser, pytest.mark.postgres,
              pytest.mark.skipif(not PG_URL and not IN_CI,
                                 reason="no PostgreSQL: run `eval \"$(bash .ci/postgres.sh)\"` to test it")]

SHIPPED = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "leaderbook.conf"
PAGE_SECONDS = 90
ITEM = ".lb-item-leader-or-manager-{}"


def nginx_config(folder: Path, https_port: int, http_port: int, upstreams: list[int], cert: Path, key: Path) -> Path:
    """The shipped site configuration with its CHANGE lines set for this test, inside a minimal nginx.conf."""
    site = SHIPPED.read_text()
    servers = [line for line in site.splitlines() if line.strip().startswith("server 127.0.0.1:")]
    assert len(servers) == 2, "the shipped upstream lists two servers"
    for line, port in zip(servers, upstreams):
        site = site.replace(line, re.sub(r"127\.0\.0\.1:\d+", f"127.0.0.1:{port}", line), 1)
    site = (site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
                .replace("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;")
                .replace("server_name workbook.example.org;", "server_name localhost;")
                .replace("/etc/leaderbook/tls/fullchain.pem", str(cert))
                .replace("/etc/leaderbook/tls/privkey.pem", str(key)))
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
    (folder / "leaderbook.conf").write_text(site)
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = (f"{user}worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
            "events {}\n"
            f"http {{\n  access_log {folder}/access.log;\n  client_body_temp_path {folder}/body;\n"
            f"  proxy_temp_path {folder}/proxy;\n  fastcgi_temp_path {folder}/fastcgi;\n"
            f"  uwsgi_temp_path {folder}/uwsgi;\n  scgi_temp_path {folder}/scgi;\n"
            f"  include {folder}/leaderbook.conf;\n}}\n")
    (folder / "nginx.conf").write_text(main)
    return folder / "nginx.conf"


@pytest.fixture
def pg_url():
    with private_pg_schema() as url:
        yield url


@pytest.fixture
def proxy(tmp_path):
    """Start nginx on a config; stopped afterwards."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("the deployment test drives Debian's nginx: apt-get install nginx")
    started = []

    def start(config: Path, https_port: int) -> None:
        check = subprocess.run([nginx, "-t", "-p", str(config.parent), "-c", str(config)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        process = subprocess.Popen([nginx, "-p", str(config.parent), "-c", str(config), "-g", "daemon off;"],
                                   stderr=subprocess.PIPE, text=True)
        started.append(process)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with __import__("socket").create_connection(("127.0.0.1", https_port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"nginx did not start: {process.stderr.read() if process.poll() is not None else ''}")

    yield start
    for process in started:
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"],
                   check=True, capture_output=True)
    return cert, key


def answer(page, item_id: str, label: str) -> None:
    item = page.locator(ITEM.format(item_id))
    item.get_by_role("radio", name=label, exact=True).click()


def open_first_step(page, item_id: str) -> None:
    """From the welcome (a first visit) or wherever the page reopened (a return), to step 1's items."""
    item = page.locator(ITEM.format(item_id))
    page.locator(f"{ITEM.format(item_id)}, .lb-start:visible").first.wait_for(timeout=30_000)
    if not item.is_visible():
        page.locator(".lb-start:visible").first.click()
    item.wait_for(timeout=30_000)


def stored(url: str, respondent_id: int, round_id: int) -> dict:
    with Store(url) as store:
        return store.answer_values(respondent_id, round_id, "leader-or-manager")


def test_a_member_carries_on_through_the_other_server_when_theirs_is_killed(tmp_path, pg_url, proxy, browser):
    https_port, http_port = free_port(), free_port()
    base = f"https://localhost:{https_port}"
    with Store(pg_url) as store:
        made = create_team(store, "Spread", ["Ana", "Ben", "Cleo"], base_url=base)
    link = next(link for link in made.links if link.member == "Ana")
    assert link.url.startswith(f"{base}/voila/render/workbook.ipynb?invite=")

    servers = [start_workbook(tmp_path / f"server{i}", "--db", pg_url, "--base-url", base) for i in (1, 2)]
    try:
        ports = [int(s.process.args[s.process.args.index("--port") + 1]) for s in servers]
        cert, key = self_signed(tmp_path)
        proxy(nginx_config(tmp_path, https_port, http_port, ports, cert, key), https_port)

        context = browser.new_context(ignore_https_errors=True, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(link.url)
        page.wait_for_selector(".lb-page.lb-state-ready", timeout=PAGE_SECONDS * 1000)
        first, second = "serve-current-requests", "adapt-to-change"
        open_first_step(page, first)
        answer(page, first, "Often")
        deadline = time.monotonic() + 30
        while stored(pg_url, link.respondent_id, made.round.id).get(first) != 4:
            assert time.monotonic() < deadline, "the answer never reached the store"
            time.sleep(0.3)

        import json

        kernel = json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]
        # Whichever server started the page's kernel (from its pool, or for the request) holds the page.
        holder = next(s for s in servers if kernel in s.log.read_text())
        other = next(s for s in servers if s is not holder)
        holder.process.kill()  # a crash, not a clean stop
        holder.process.wait(timeout=20)

        page.reload()
        page.wait_for_selector(".lb-page.lb-state-ready", timeout=PAGE_SECONDS * 1000)
        new_kernel = json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]
        assert new_kernel in other.log.read_text()
        open_first_step(page, first)
        chosen = page.locator(ITEM.format(first)).locator("[role=radio][aria-checked=true]")
        chosen.first.wait_for(timeout=30_000)
        assert "Often" in chosen.first.inner_text()
        answer(page, second, "Always")
        deadline = time.monotonic() + 30
        while stored(pg_url, link.respondent_id, made.round.id).get(second) != 5:
            assert time.monotonic() < deadline, "the second answer never reached the store"
            time.sleep(0.3)
        assert stored(pg_url, link.respondent_id, made.round.id)[first] == 4
        context.close()
    finally:
        for server in servers:
            stop(server.process)
