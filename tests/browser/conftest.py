"""Browser fixtures: a headless Debian Chromium driven by Playwright, and a real JupyterLab.

Tests using them are marked ``@pytest.mark.browser``. Everything a server
writes (settings, workspaces, runtime files, notebooks) goes to a temporary
directory; no request leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SERVER_START_SECONDS = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float = SERVER_START_SECONDS) -> None:
    """Poll ``url`` until it answers 200; fail with the server's log if it dies or times out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"the server did not answer {url} within {seconds}s:\n{log.read_text()[-3000:]}")


def wait_for(condition, what: str, seconds: float = 30) -> None:
    """Poll ``condition`` until it holds; fail saying ``what`` never happened."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


def download_summary(page, target: Path) -> str:
    """Click the Summary step's download link (the step is open) and return the file's text."""
    link = page.locator("a.lb-download-link")
    link.wait_for()
    with page.expect_download() as download:
        link.click()
    download.value.save_as(target)
    return target.read_text(encoding="utf-8")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def playwright_driver():
    """Playwright's driver, shared by the session's browsers (a second sync driver cannot start)."""
    from playwright import sync_api

    if not Path(CHROMIUM).exists():
        # A missing browser is a broken test machine, not a test to skip.
        pytest.fail(f"the browser tests drive Debian's Chromium at {CHROMIUM}: apt-get install chromium")
    with sync_api.sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver):
    """A headless Chromium (Debian's), shared by the session."""
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def browser_with_scrollbars(playwright_driver):
    """A headless Chromium that draws its scrollbars, as Linux and Windows always do
    (Playwright hides them in headless mode unless told not to)."""
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
                                                 ignore_default_args=["--hide-scrollbars"])
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page (own context) that records console errors and uncaught exceptions."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    yield page
    context.close()


# -- JupyterLab ---------------------------------------------------------------------

#: User settings that keep a test lab quiet and deterministic: no news or update
#: checks (no network), every cell in the DOM (no virtual scrolling).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                         "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


#: Server settings: no announcements fetched, no update check (no network from the server either).
SERVER_CONFIG = {"LabApp": {"news_url": None, "check_for_updates_class": "jupyterlab.NeverCheckForUpdate",
                            "extension_manager": "readonly"}}


@dataclass
class Lab:
    url: str
    token: str
    root: Path

    def tree_url(self, path: str, *, reset: bool = True) -> str:
        """The address that opens ``path`` (relative to ``root``) in a fresh workspace."""
        return f"{self.url}/lab/tree/{path}?token={self.token}" + ("&reset" if reset else "")


@pytest.fixture(scope="session")
def jupyterlab(tmp_path_factory):
    """A real JupyterLab on a free 127.0.0.1 port, with a token, serving a temp directory.

    Put notebooks into ``lab.root`` and open ``lab.tree_url(name)``.
    """
    home = tmp_path_factory.mktemp("lab")
    root = home / "root"
    settings = home / "settings"
    root.mkdir()
    for name, values in LAB_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    (home / "config").mkdir()
    (home / "config" / "jupyter_server_config.json").write_text(json.dumps(SERVER_CONFIG))
    token, port = secrets.token_hex(16), free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
               JUPYTER_PLATFORM_DIRS="1")
    log = home / "server.log"
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI containers often run as root
        command.append("--allow-root")
    with open(log, "w") as out:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/api/status?token={token}", process, log)
        yield Lab(url, token, root)
    finally:
        stop(process)


# -- Voila: `leaderbook serve` ---------------------------------------------------------


@dataclass
class Workbook:
    """A running ``leaderbook serve``: its printed address, data dir and log (Voila's and the kernels')."""

    url: str
    data: Path
    process: subprocess.Popen
    log: Path
    #: The lines the server printed after its address (the coach's workspace link among them), as they come.
    printed: list = dataclasses.field(default_factory=list)

    @property
    def base(self) -> str:
        return self.url.split("/voila/")[0]

    def invite_url(self, token: str) -> str:
        return f"{self.url.split('?')[0]}?invite={token}"


def start_workbook(data: Path, *extra: str, cwd: Path | None = None, port: int | None = None) -> Workbook:
    """Start ``leaderbook serve --no-browser`` on ``port`` (else a free one) and wait for the address it prints.

    With ``cwd``, the server runs there and is given ``--data`` relative to it, as a person would type it.
    """
    console = data.parent / f"{data.name}-console.log"
    given = os.path.relpath(data, cwd) if cwd else str(data)
    command = [sys.executable, "-m", "workbook.cli", "serve", "--no-browser", "--port", str(port or free_port()),
               "--data", given, *extra]
    env = {k: v for k, v in os.environ.items() if k not in ("LEADERBOOK_DATA", "LEADERBOOK_DB")}
    with open(console, "w") as err:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=err, text=True, env=env, cwd=cwd)
    log = data / "serve.log"

    def tail() -> str:
        return "".join(p.read_text()[-3000:] for p in (console, log) if p.exists())

    deadline = time.monotonic() + SERVER_START_SECONDS
    url = ""
    while time.monotonic() < deadline and not url:
        line = process.stdout.readline()
        if not line:
            stop(process)
            pytest.fail(f"leaderbook serve exited with {process.returncode}:\n{tail()}")
        if line.startswith(("http://", "https://")):
            url = line.strip()
    if not url:
        stop(process)
        pytest.fail(f"leaderbook serve printed no address within {SERVER_START_SECONDS}s:\n{tail()}")
    # Keep reading, so nothing the server (or a kernel) prints can fill the pipe and block it.
    import threading

    server = Workbook(url, data, process, log)
    def keep_reading() -> None:
        for line in iter(process.stdout.readline, ""):
            server.printed.append(line.rstrip("\n"))

    threading.Thread(target=keep_reading, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def workbook_server(tmp_path_factory):
    """``leaderbook serve`` on its own data dir, shared by a test module."""
    data = tmp_path_factory.mktemp("workbook") / "data"
    server = start_workbook(data)
    try:
        yield server
    finally:
        stop(server.process)


@pytest.fixture(scope="module")
def workbook_servers():
    """Start more ``leaderbook serve`` processes: ``workbook_servers(data_dir, *options, port=None)``;
    stopped after the module."""
    started = []

    def start(data: Path, *extra: str, port: int | None = None) -> Workbook:
        server = start_workbook(data, *extra, port=port)
        started.append(server)
        return server

    yield start
    for server in started:
        stop(server.process)
