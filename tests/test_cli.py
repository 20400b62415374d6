"""The CLI: thin over the API, one-line errors, exit codes a script can rely on."""

from __future__ import annotations

import json
import shutil
import subprocess

from workbook.cli import main
from workbook.instruments import builtin_instruments


def test_instruments_lists_every_builtin(capsys):
    assert main(["instruments", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [i["id"] for i in listed] == [i.id for i in builtin_instruments()]
    assert sum(i["items"] for i in listed) == sum(len(i.items) for i in builtin_instruments())


def test_validate_accepts_the_builtins(capsys):
    paths = [i.path for i in builtin_instruments()]
    assert main(["validate", *paths]) == 0
    assert capsys.readouterr().out == ""


def test_validate_prints_one_line_per_problem_and_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nversion: one\ntitle: X\nsections:\n  - {id: s, title: S, kind: essay, items: []}\n")
    assert main(["validate", str(bad)]) == 2
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{bad}:2: 'version' of the instrument must be a whole number, got text",
        f"{bad}:5: section 's' has unknown kind 'essay' (expected one of: rating, checklist, mistakes, text)",
        f"{bad}:5: section 's' has no items",
    ]


def test_export_writes_a_file_and_refuses_xlsx_to_stdout(tmp_path, capsys):
    out = tmp_path / "answers.json"
    assert main(["export", "--data", str(tmp_path), "--format", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text()) == []
    assert main(["export", "--data", str(tmp_path), "--format", "xlsx"]) == 1
    assert "needs a file" in capsys.readouterr().err


def test_console_scripts_give_no_traceback(tmp_path):
    for command in (["leaderbook"], ["jupyter", "leaderbook"]):
        assert shutil.which(command[0]), command
        result = subprocess.run([*command, "validate", str(tmp_path / "missing.yaml")],
                                capture_output=True, text=True)
        assert result.returncode == 2
        assert result.stdout.strip() == f"{tmp_path / 'missing.yaml'}:1: no such file"
        assert "Traceback" not in result.stderr


def test_an_unwritable_data_dir_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = subprocess.run(["leaderbook", "export", "--data", str(blocker / "sub")], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("leaderbook: error: cannot create the data directory")


def test_a_bad_database_url_is_a_clear_error(capsys):
    assert main(["export", "--db", "not a url"]) == 1
    assert "is not a database URL" in capsys.readouterr().err
    assert main(["export", "--db", "mysql://u@127.0.0.1/x"]) == 1
    assert "SQLite or PostgreSQL, not mysql" in capsys.readouterr().err


def test_instruments_counts_items_to_finish_as_the_dashboard_and_the_widgets_do(tmp_path, capsys):
    """147 items, of which the 144 on a scale or checklist are what finishing means, everywhere."""
    from widgets import InstrumentAssessment
    from widgets.testing import recording_comms
    from workbook.team.dashboard import team_dashboard
    from workbook.store import Store
    from workbook.team.admin import create_team

    assert main(["instruments", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert main(["instruments"]) == 0
    summary = capsys.readouterr().out.splitlines()[-1]
    items, to_finish = sum(i["items"] for i in listed), sum(i["to_finish"] for i in listed)
    texts = sum(len(s.items) for i in builtin_instruments() for s in i.sections if s.kind == "text")
    assert texts and to_finish == items - texts
    assert f"{items} items, {to_finish} answered on a scale or checklist" in summary and f"the {texts} free-text" in summary
    with Store(data=tmp_path) as store:
        create_team(store, "Blue", "Ana,Ben,Cleo")
        assert {p.total for p in team_dashboard(store, "Blue").progress} == {to_finish}
    with recording_comms():
        widgets = {i.id: InstrumentAssessment(i).total for i in builtin_instruments()}
    assert widgets == {i["id"]: i["to_finish"] for i in listed}


def test_a_report_or_an_export_in_an_unknown_language_is_refused_and_nothing_is_written(tmp_path, capsys):
    from workbook.store import Store
    from workbook.team.admin import create_team

    with Store(data=tmp_path) as store:
        create_team(store, "Blue", "Ana,Ben,Cleo")
    for command, name in ((["report", "--team", "Blue"], "report.html"), (["export"], "answers.csv"),
                          (["export", "--team", "Blue", "--aggregate"], "figures.csv")):
        target = tmp_path / name
        assert main([*command, "--data", str(tmp_path), "-o", str(target), "--language", "xx"]) == 1
        err = capsys.readouterr().err
        assert "no language 'xx'" in err and "en" in err and not target.exists()
