"""``leaderbook new``: a workbook rendered for a programme, checked before anything is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbook.cli import main
from workbook.errors import NotFoundError
from workbook.errors import ProgrammeError
from workbook.instruments.programme import Programme, load_programme, render_workbook, resolve_instruments

CUSTOM = """
id: onboarding
version: 1
title: Onboarding new trainers
sections:
  - id: basics
    title: Basics
    kind: checklist
    items:
      - {id: buddy, text: Every new trainer gets a buddy.}
"""


def run(*argv, capsys=None):
    code = main(list(argv))
    return code, (capsys.readouterr() if capsys else None)


def test_new_writes_the_notebook_and_its_programme(tmp_path, capsys):
    target = tmp_path / "spring"
    code, out = run("new", str(target), "--title", "Spring cohort", "--intro", "Welcome, cohort.",
                    "--instrument", "leader-skills", "--instrument", "why-converge",
                    "--section", "core-skills", "--scale-labels", "Not yet, Starting,Halfway,Mostly,Fully",
                    capsys=capsys)
    assert code == 0 and "serve it with: leaderbook serve --workbook" in out.err
    assert sorted(p.name for p in target.iterdir()) == ["programme.json", "workbook.ipynb"]
    programme = load_programme(target / "programme.json")
    assert programme == Programme("Spring cohort", "Welcome, cohort.", ("leader-skills", "why-converge"),
                                  ("core-skills",), ("Not yet", "Starting", "Halfway", "Mostly", "Fully"))
    notebook = json.loads((target / "workbook.ipynb").read_text())
    assert notebook["metadata"]["title"] == "Spring cohort"
    assert any("from_programme(\"programme.json\")" in "".join(c["source"]) for c in notebook["cells"])


@pytest.mark.parametrize("argv, message", [
    (["--instrument", "no-such-thing"], "no instrument 'no-such-thing'"),
    (["--section", "nowhere"], "section 'nowhere' is in no chosen instrument"),
    (["--instrument", "leader-skills", "--section", "why-converge/transformation"],
     "instrument 'why-converge' is not in this programme"),
    (["--section", "leader-skills/nope"], "instrument 'leader-skills' has no section 'nope'"),
    (["--scale-labels", "Low,High"], "5 points"),
    (["--title", " "], "the title must be"),
    (["--instrument", "leader-skills", "--instrument", "leader-skills"], "listed twice"),
    (["--instrument", "missing.yaml"], "instrument file missing.yaml not found"),
])
def test_bad_options_are_refused_with_a_clear_line_and_nothing_is_written(tmp_path, capsys, argv, message):
    target = tmp_path / "out"
    code, out = run("new", str(target), *argv, capsys=capsys)
    assert code == 1
    assert out.err.startswith("leaderbook: error: ") and message in out.err and out.err.count("\n") == 1
    assert not target.exists()


def test_a_folder_that_is_not_empty_is_kept_unless_forced(tmp_path, capsys):
    target = tmp_path / "kept"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    code, out = run("new", str(target), capsys=capsys)
    assert code == 1 and "not empty" in out.err and "--force" in out.err
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert run("new", str(target), "--force", "--title", "Again")[0] == 0
    assert (target / "notes.txt").read_text() == "mine"
    assert load_programme(target / "programme.json").title == "Again"


def test_an_instrument_file_travels_with_the_workbook(tmp_path):
    source = tmp_path / "src" / "onboarding.yaml"
    source.parent.mkdir()
    source.write_text(CUSTOM)
    target = tmp_path / "custom"
    assert run("new", str(target), "--instrument", str(source), "--instrument", "leader-skills")[0] == 0
    assert (target / "onboarding.yaml").read_text() == CUSTOM
    programme = load_programme(target / "programme.json")
    assert programme.instruments == ("onboarding.yaml", "leader-skills")
    assert [i.id for i in resolve_instruments(programme, target)] == ["leader-skills", "onboarding"]


def test_a_programme_file_with_mistakes_names_them(tmp_path):
    path = tmp_path / "programme.json"
    path.write_text(json.dumps({"title": 3}))
    with pytest.raises(ProgrammeError, match="title must be text"):
        load_programme(path)
    path.write_text(json.dumps({"instrumnets": []}))
    with pytest.raises(ProgrammeError, match="unknown key"):
        load_programme(path)
    path.write_text("{")
    with pytest.raises(ProgrammeError, match="cannot read the programme"):
        load_programme(path)
    assert load_programme(tmp_path / "absent.json") == Programme()


def test_unknown_instruments_raise_the_cores_not_found_error():
    with pytest.raises(NotFoundError):
        resolve_instruments(Programme(instruments=("nope",)))


def test_the_rendered_notebook_runs_as_jupyterlab_runs_it(tmp_path, monkeypatch):
    import nbclient
    import nbformat

    target = tmp_path / "rendered"
    render_workbook(target, Programme("Pilot", "Hello.", ("leader-skills",)))
    notebook = nbformat.read(target / "workbook.ipynb", as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("print(page.state, page.stepper.titles)"))
    env_data = tmp_path / "data"
    monkeypatch.setenv("LEADERBOOK_DATA", str(env_data))  # the kernel inherits it
    nbclient.NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(target)}}).execute()
    printed = notebook.cells[-1].outputs[0]["text"]
    assert printed.strip() == "ready ['Welcome', 'Leader skills', 'Results', 'Action plan', 'Summary']"
    assert Path(env_data, "leaderbook.sqlite3").exists()  # answers go where LEADERBOOK_DATA says
