"""``leaderbook serve``: hardened Voila settings, a served root with only the visitor pages, a clean stop."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from processes import kernels_of
from workbook.cli import main
from pages.serve import local_invite, prepare_site, template_share_dir, workbook_url
from pages.voila_app import LeaderbookVoila, ServerPlan, voila_config
from workbook.instruments.programme import Programme, render_workbook
from workbook.store import Store
from workbook.store.invites import resolve_invite

TEMPLATE_TREE = Path(__file__).resolve().parents[1] / "templates" / "voila" / "leaderbook"
URL = re.compile(r"^http://127\.0\.0\.1:(\d+)/voila/render/workbook\.ipynb\?invite=([A-Za-z0-9_-]{20,64})$")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def configured(tmp_path, monkeypatch, files: dict | None = None):
    """Voila, as ``serve`` sets it up, initialised (not started) in a folder holding ``files``.

    The template is found through the configuration alone: JUPYTER_PATH is not set.
    """
    share = template_share_dir(tmp_path / "data")
    monkeypatch.delenv("JUPYTER_PATH", raising=False)
    monkeypatch.chdir(tmp_path)
    for name, content in (files or {}).items():
        (tmp_path / name).write_text(json.dumps(content))
    site = tmp_path / "site"
    site.mkdir()
    previous = signal.getsignal(signal.SIGTERM)
    app = LeaderbookVoila(config=voila_config(ServerPlan(site=site, port=8123, template_root=str(share))))
    try:
        app.initialize([])
    finally:
        signal.signal(signal.SIGTERM, previous)
    return app


def test_voila_runs_with_the_hardened_settings(tmp_path, monkeypatch):
    app = configured(tmp_path, monkeypatch)
    settings = app.voila_configuration
    assert (app.ip, app.port, app.port_retries) == ("127.0.0.1", 8123, 0)
    assert settings.show_tracebacks is False and settings.strip_sources is True
    assert (settings.allow_template_override, settings.allow_theme_override) == ("NO", "NO")
    assert settings.preheat_kernel is True and settings.default_pool_size == 1
    assert settings.template == "leaderbook"
    # The coach's pages load pandas: no idle kernel waits for them.
    assert app.config.VoilaKernelManager.preheat_denylist == ["dashboard.ipynb", "session.ipynb", "workspace.ipynb"]
    assert app.allowed_hosts == ["127.0.0.1:8123", "localhost:8123", "[::1]:8123"]
    assert app.root_dir == str(tmp_path / "site")
    # The checkout's copy comes first, before any installed one, and the lab template it extends follows.
    assert app.template_paths[0] == str(tmp_path / "data" / "share" / "voila" / "templates" / "leaderbook")
    assert any(path.endswith(os.path.join("voila", "templates", "lab")) for path in app.template_paths)
    assert app.static_paths[0] == app.template_paths[0] + os.sep + "static"
    assert "JUPYTER_PATH" not in os.environ


def test_the_log_file_is_configured_not_swapped_in(tmp_path):
    plan = ServerPlan(site=tmp_path, port=8123, log_file=str(tmp_path / "serve.log"))
    config = voila_config(plan)
    assert config.PageKernelManager.output_file == str(tmp_path / "serve.log")
    logging = config.LeaderbookVoila.logging_config
    assert logging["handlers"]["file"]["filename"] == str(tmp_path / "serve.log")
    for name in ("LeaderbookVoila", "tornado", "traitlets", "voila", "jupyter_server", "py.warnings"):
        assert logging["loggers"][name]["handlers"] == ["file"]
    assert "logging_config" not in voila_config(ServerPlan(site=tmp_path, port=8123)).LeaderbookVoila


def test_a_voila_config_file_cannot_weaken_them(tmp_path, monkeypatch):
    weaker = {"VoilaConfiguration": {"show_tracebacks": True, "strip_sources": False, "template": "lab",
                                     "allow_template_override": "YES"}, "Voila": {"ip": "0.0.0.0"}}
    app = configured(tmp_path, monkeypatch, {"voila.json": weaker})
    settings = app.voila_configuration
    assert settings.show_tracebacks is False and settings.strip_sources is True
    assert settings.template == "leaderbook" and settings.allow_template_override == "NO"
    assert app.ip == "127.0.0.1"


def test_the_template_is_a_lab_template_without_cdn_links(tmp_path):
    share = template_share_dir(tmp_path)
    template = share / "voila" / "templates" / "leaderbook"
    assert json.loads((template / "conf.json").read_text()) == {"base_template": "lab"}
    page = (template / "index.html.j2").read_text()
    assert "extends 'voila/templates/lab/index.html.j2'" in page
    assert "http://" not in page and "https://" not in page
    css = (template / "static" / "leaderbook.css").read_text()
    assert ".lb-status" in css and "@media (max-width: 600px)" in css and "url(" not in css


def test_the_served_root_holds_only_the_visitor_pages(tmp_path):
    data = tmp_path / "data"
    (data / "site").mkdir(parents=True)
    (data / "site" / "old.ipynb").write_text("{}")
    (data / "site" / "stale").mkdir()
    site = prepare_site(data)
    names = sorted(p.name for p in site.iterdir())
    assert "workbook.ipynb" in names and set(names) <= {"workbook.ipynb", "dashboard.ipynb", "session.ipynb",
                                                                   "workspace.ipynb"}
    assert "widgets-tour.ipynb" not in names


def test_a_rendered_workbook_is_served_with_its_programme_and_instruments(tmp_path):
    source = tmp_path / "custom.yaml"
    source.write_text("id: custom\nversion: 1\ntitle: Custom\nsections:\n  - id: s\n    title: S\n    kind: checklist\n"
                      "    items:\n      - {id: a, text: Done A.}\n")
    rendered = tmp_path / "programme"
    render_workbook(rendered, Programme("Pilot", instruments=(str(source),)))
    (rendered / "notes.ipynb").write_text("{}")  # anything else in the folder stays out
    site = prepare_site(tmp_path / "data", rendered)
    names = {p.name for p in site.iterdir()}
    assert {"workbook.ipynb", "programme.json", "custom.yaml"} <= names and "notes.ipynb" not in names


def test_a_folder_without_a_workbook_is_refused(tmp_path, capsys):
    assert main(["serve", "--no-browser", "--data", str(tmp_path / "d"), "--workbook", str(tmp_path)]) == 1
    assert "holds no workbook.ipynb" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()  # refused before anything was written


def test_each_start_invites_the_same_local_leader_anew(tmp_path):
    with Store(data=tmp_path) as store:
        first, second = local_invite(store), local_invite(store)
        a, b = resolve_invite(store, first), resolve_invite(store, second)
        assert first != second
        assert (a.respondent_id, a.round_id) == (b.respondent_id, b.round_id)
        assert len(store.respondents()) == 1
    assert URL.match(workbook_url(8866, first))


def test_a_port_in_use_is_a_one_line_error(tmp_path, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--no-browser", "--port", str(port), "--data", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err == f"leaderbook: error: port {port} on 127.0.0.1 is in use; choose another with --port\n"


def test_serve_prints_the_address_serves_the_page_and_stops_on_ctrl_c(tmp_path):
    data = tmp_path / "data"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("LEADERBOOK_DATA", "LEADERBOOK_DB")}
    server = subprocess.Popen([sys.executable, "-m", "workbook.cli", "serve", "--no-browser", "--port", str(port),
                               "--data", str(data)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env)
    try:
        line = server.stdout.readline().rstrip("\n")
        match = URL.match(line)
        assert match and int(match.group(1)) == port, line
        with Store(data=data) as store:
            assert resolve_invite(store, match.group(2)).respondent_id == store.respondents()[0].id
        # The coach's workspace link on a line of its own, with a live token of its own.
        workspace = re.fullmatch(rf"Coach's workspace: http://127\.0\.0\.1:{port}/voila/render/workspace\.ipynb"
                                 r"\?workspace=([A-Za-z0-9_-]+)", server.stdout.readline().rstrip("\n"))
        assert workspace
        with Store(data=data) as store:
            assert store.workspace_token_live(workspace.group(1))
        # Each token opens its own page only: the workspace's opens no dashboard, the invite no workspace.
        for refused in (f"dashboard.ipynb?coach={workspace.group(1)}", f"workspace.ipynb?workspace={match.group(2)}"):
            with pytest.raises(urllib.error.HTTPError) as error:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/render/{refused}", timeout=60)
            assert error.value.code == 403
        with urllib.request.urlopen(line + "&template=lab&theme=dark", timeout=120) as response:
            page = response.read().decode()
        assert "lb-page-root" in page and "theme-light" in page  # the query string changed nothing
        assert "from_programme" not in page and "open_for_visitor" not in page  # no source
        # The template's own stylesheet is served from the checkout's copy, found through the configuration.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/templates/leaderbook/static/leaderbook.css",
                                    timeout=60) as response:
            assert response.read() == (TEMPLATE_TREE / "static" / "leaderbook.css").read_bytes()
        assert sorted(p.name for p in (data / "site").iterdir()) in (
            ["workbook.ipynb"], ["dashboard.ipynb", "session.ipynb", "workbook.ipynb", "workspace.ipynb"])
        kernels = kernels_of(server.pid)
        assert kernels  # preheated, and the one this request used
    finally:
        server.send_signal(signal.SIGINT)
        try:
            out, err = server.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
    assert server.returncode == 0, err[-2000:]
    # The terminal shows the address and the stop; Voila's and the kernels' messages go to the log.
    log = data / "serve.log"
    assert err == (f"leaderbook: listening on 127.0.0.1:{port}, at most {err.split('at most ')[1].split()[0]} "
                   f"pages open (log: {log}; Ctrl-C stops). The workbook is at this address:\n"
                   "leaderbook: stopped\n")
    assert out == ""
    logged = log.read_text()
    # Refused requests are logged (403), by path only: neither token reaches the log.
    assert logged.count("403 GET /voila/render/") >= 2
    assert workspace.group(1) not in logged and match.group(2) not in logged
    assert "Kernel shutdown" in logged
    assert "[IPKernelApp] WARNING" in logged  # a kernel's own output reaches the log too
    assert (log.stat().st_mode & 0o777) == 0o600
    time.sleep(1)
    assert not any(Path(f"/proc/{pid}").exists() for pid in kernels)


def test_the_command_line_loads_no_widget_or_voila_until_serve_runs():
    code = ("import argparse, sys\nimport workbook.cli.new, pages.serve, pages.visit\n"
            "commands = argparse.ArgumentParser().add_subparsers()\n"
            "pages.serve.register(commands)\nworkbook.cli.new.register(commands)\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'ipywidgets', 'voila', 'pandas', 'jupyter_server'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_network_address_needs_the_address_members_use(tmp_path, capsys):
    assert main(["serve", "--no-browser", "--host", "0.0.0.0", "--data", str(tmp_path / "d")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("leaderbook: error: --host 0.0.0.0 lets other machines reach the server, so give --base-url")
    assert err.count("\n") == 1 and not (tmp_path / "d").exists()
    assert main(["serve", "--no-browser", "--host", "0.0.0.0", "--base-url", "ftp://x", "--data", str(tmp_path)]) == 1
    assert "is not a base URL" in capsys.readouterr().err


def test_links_are_made_for_the_base_url_serve_recorded(tmp_path, capsys, monkeypatch):
    from workbook.basics.links import remember_base_url

    monkeypatch.delenv("LEADERBOOK_BASE_URL", raising=False)
    remember_base_url(tmp_path, "https://workbook.example.org/")
    assert main(["team", "create", "Crew", "--members", "Ana,Ben", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.count("https://workbook.example.org/voila/render/workbook.ipynb?invite=") == 2
    assert "https://workbook.example.org/voila/render/dashboard.ipynb?coach=" in out
    assert main(["team", "coach-link", "Crew", "--data", str(tmp_path), "--base-url", "http://10.0.0.5:8866"]) == 0
    assert "http://10.0.0.5:8866/voila/render/dashboard.ipynb?coach=" in capsys.readouterr().out
