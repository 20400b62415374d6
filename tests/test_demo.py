"""``leaderbook demo``: a believable team over two rounds, and the dashboard notebook that shows it."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from workbook.cli import main
from workbook.team.dashboard import team_dashboard
from workbook.team.demo import DEMO_TEAM, LEADER, create_demo
from workbook.errors import LeaderbookError
from workbook.store import Store

DASHBOARD = Path(__file__).resolve().parents[1] / "templates" / "dashboard.ipynb"


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory):
    data = tmp_path_factory.mktemp("demo")
    with Store(data=data) as store:
        create_demo(store)
    return data


def test_the_demo_has_two_rounds_and_a_full_dashboard(demo_data):
    with Store(data=demo_data) as store:
        dashboard = team_dashboard(store, DEMO_TEAM)
    first, second = dashboard.rounds
    assert first.closed and not second.closed and dashboard.round == second
    assert not dashboard.sections["suppressed"].any()
    assert (~dashboard.change["suppressed"]).sum() >= 20
    # Half a year of work shows: the team improved on most sections.
    assert (dashboard.change["change"] > 0).mean() > 0.7
    assert {p.state for p in dashboard.progress} == {"finished", "in progress", "not started"}
    maya = dashboard.subjects[0]
    assert maya.name == LEADER and not maya.gaps["suppressed"].all()
    # The leader sees herself more kindly than her team does, as in most 360s.
    assert (maya.gaps["gap"] < 0).mean() > 0.7
    assert dashboard.mistakes["flagged"].notna().any() and not dashboard.actions.empty
    assert not dashboard.texts["suppressed"].all()


def test_the_demo_is_the_same_every_time(tmp_path, demo_data):
    with Store(data=tmp_path) as store:
        create_demo(store)
        again = team_dashboard(store, DEMO_TEAM).sections["score"]
    with Store(data=demo_data) as store:
        assert team_dashboard(store, DEMO_TEAM).sections["score"].equals(again)


def test_a_second_demo_in_the_same_store_needs_another_name(tmp_path, capsys):
    assert main(["demo", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Coach dashboard" in out and "dashboard.ipynb?coach=" in out
    assert "Session console" in out and "session.ipynb?coach=" in out
    assert main(["demo", "--data", str(tmp_path)]) == 1
    assert "--name" in capsys.readouterr().err
    with Store(data=tmp_path) as store, pytest.raises(LeaderbookError):
        create_demo(store)


def notebook_env(data: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VOILA_", "LEADERBOOK_"))}
    env["LEADERBOOK_DATA"] = str(data)
    return env


def test_the_dashboard_notebook_passes_nbval_on_demo_data(demo_data, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q", str(DASHBOARD)],
        capture_output=True, text=True, env=notebook_env(demo_data), cwd=tmp_path, timeout=240,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "2 passed" in result.stdout


def test_the_dashboard_notebook_shows_the_demo_team(demo_data, monkeypatch):
    for name in [k for k in os.environ if k.startswith(("VOILA_", "LEADERBOOK_"))]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("LEADERBOOK_DATA", str(demo_data))  # the kernel inherits it
    notebook = nbformat.read(DASHBOARD, as_version=4)
    NotebookClient(notebook, timeout=180, kernel_name="python3", store_widget_state=True).execute()
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    html = [m["state"].get("value", "") for m in state.values() if m["model_name"] == "HTMLModel"]
    assert any("Demo team · Autumn" in value and "Team scores per section" in value for value in html)
    dropdown = [m["state"] for m in state.values() if m["model_name"] == "DropdownModel"]
    assert dropdown and dropdown[0]["_options_labels"] == ["Autumn", "Spring"]


def test_the_commands_the_demo_prints_work_when_pasted(tmp_path):
    """The demo's follow-up commands carry its --data (quoted), so pasting them works from anywhere."""
    data = tmp_path / "my demo's data"
    made = subprocess.run(["leaderbook", "demo", "--data", str(data), "--name", "Demo's team"],
                          capture_output=True, text=True, check=True)
    commands = [line.split(":", 1)[1].strip() for line in made.stdout.splitlines()
                if ":" in line and line.split(":", 1)[1].strip().startswith("leaderbook ")]
    assert len(commands) == 4 and all("--data" in c for c in commands), made.stdout
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "LEADERBOOK_DATA": str(tmp_path / "not-the-demo")}
    for command in commands:
        if command.startswith("leaderbook serve"):
            assert shlex.split(command) == ["leaderbook", "serve", "--data", str(data), "--no-browser"]
            continue
        ran = subprocess.run(["bash", "-c", command], cwd=elsewhere, env=env, capture_output=True, text=True)
        assert ran.returncode == 0, (command, ran.stderr)
    assert (elsewhere / "team.html").is_file() and (elsewhere / "Maya.html").is_file()
