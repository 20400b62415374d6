"""Hostile text typed on the page, and old text the door would now refuse, never stop an output.

Members of a team type formulas and markup into a free-text box through the
widget's browser path (``set_state``, as the front end sends it); a control
character or half a surrogate pair typed today is refused there. Rows from
before that check are put into the SQLite file directly, as an older
version could have left them. Then every export (CSV, XLSX, JSON; current
answers, history, team aggregates) and both reports (HTML, and PDF printed
by Chromium from the same HTML) are written through the real command: each
one is written, formulas are neutralised, markup is escaped, and what
could not be carried is shown as U+FFFD.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from openpyxl import load_workbook

from widgets import SectionAssessment, StoreBinding
from widgets.testing import fill, find
from workbook.cli import main
from workbook.exports.answers import neutralise
from workbook.instruments import find_instrument
from workbook.assess.plan import check_plan
from workbook.reports.pdf import find_chromium
from workbook.store import Store
from workbook.team.admin import create_team

FORMULAS = ('＝HYPERLINK("http://evil.example","click")', '\u200b=cmd|\' /C calc\'!A0', "\ufeff@SUM(1+1)",
            ' \u00a0﹦1+1', "|calc")
SCRIPT = "<script>alert('x')</script>"
TYPED = (*FORMULAS, SCRIPT)
REFUSED_AT_THE_DOOR = ("a bell \x07 rings", "half \ud800 a pair", "escape \x1b[31m red")
OLD_VALUE = "old \x07 bell and \ud800 half"  # kept in the value's JSON, as only an older version could
OLD_NOTE = "old note \x07 with a bell"

def old_plan() -> list[dict]:
    """A plan as the store keeps one, whose action an older version let hold a bell and half a pair."""
    plan = check_plan([{"id": "old", "what": "Old action", "gap": "convergence-process/evaluation",
                        "owner": SCRIPT, "measure": FORMULAS[0].strip()}])
    plan[0]["what"] = "Old \ud800 action \x07"
    return plan


@pytest.fixture
def hostile_store(tmp_path, sent):
    process = find_instrument("convergence-process")
    questions = process.section("situational-questions")
    programme = ({"instruments": [process.key], "sections": []}, {})
    with Store(data=tmp_path) as store:
        made = create_team(store, "Blue", ["Ana", "Ben", "Cleo", "Dev", "Eve"], label="Spring", workbook=programme)
        members = [link.respondent_id for link in made.links]
        for number, member in enumerate(members):
            binding = StoreBinding(store, member, made.round.id)
            section = SectionAssessment.from_section(questions.id, process, binding)
            for offset, item in enumerate(section.items):
                fill(find(item, role="text field"), TYPED[(number + offset) % len(TYPED)])
                assert item.save_state == "saved" and not item.error
            # Every counted item answered: the member has finished, so the team's figures are published.
            rated = [(i.id, 1 + (number + n) % 5 if s.kind == "rating" else n % 2 == 0)
                     for s in process.sections if s.kind in ("rating", "checklist") for n, i in enumerate(s.items)]
            store.record_answers(member, made.round.id, process, rated)
        yield store, made, members, questions


def test_text_no_output_could_carry_is_refused_at_the_door_with_nothing_written(hostile_store):
    store, made, members, questions = hostile_store
    binding = StoreBinding(store, members[0], made.round.id)
    item = SectionAssessment.from_section(questions.id, find_instrument("convergence-process"), binding).items[0]
    before = store.count_answers()
    for text in REFUSED_AT_THE_DOOR:
        fill(find(item, role="text field"), text)
        assert item.error and store.count_answers() == before
        assert "control character" in item.error or "surrogate" in item.error


def _insert_old_rows(path, members, round_id):
    """What an older version could have stored: a bell and half a surrogate pair in answers, notes, names, plans."""
    with sqlite3.connect(path) as db:
        for member in members:
            # A copy of the member's first text answer, made newer: the others they typed stay current.
            first = db.execute("SELECT min(id) FROM lb_answers WHERE respondent_id = ? AND value LIKE '\"%'",
                                (member,)).fetchone()[0]
            db.execute("INSERT INTO lb_answers (respondent_id, round_id, subject_id, instrument_id, "
                       "instrument_version, item_id, value, note, recorded_at) SELECT respondent_id, round_id, "
                       "subject_id, instrument_id, instrument_version, item_id, ?, ?, recorded_at FROM lb_answers "
                       "WHERE id = ?", (json.dumps(OLD_VALUE), OLD_NOTE, first))
            db.execute("INSERT INTO lb_plans (respondent_id, round_id, actions, saved_at) "
                       "VALUES (?, ?, ?, CURRENT_TIMESTAMP)", (member, round_id, json.dumps(old_plan())))
        db.execute("UPDATE lb_respondents SET name = name || ' \x07' WHERE id = ?", (members[0],))
        db.execute("UPDATE lb_rounds SET label = 'Spring \x07 round' WHERE id = ?", (round_id,))


def _cells_are_safe(cells) -> None:
    texts = [c for c in cells if isinstance(c, str)]
    for formula in FORMULAS:
        assert "'" + formula.strip() in texts  # typed on the page (the box strips spaces), neutralised
    assert all(neutralise(c) == c or c.startswith("'") for c in texts)
    assert any("\ufffd" in c for c in texts) and not any("\x07" in c or "\ud800" in c for c in texts)


def test_every_export_and_report_is_written_from_hostile_and_old_text(hostile_store, tmp_path, capsys):
    store, made, members, _ = hostile_store
    _insert_old_rows(tmp_path / "leaderbook.sqlite3", members, made.round.id)
    data = ["--data", str(tmp_path)]
    out = tmp_path / "out"
    out.mkdir()

    for history in ([], ["--history"]):
        name = "history" if history else "answers"
        for fmt in ("csv", "xlsx", "json"):
            assert main(["export", *data, "--format", fmt, "-o", str(out / f"{name}.{fmt}"), *history]) == 0
        rows = list(csv.reader(io.StringIO((out / f"{name}.csv").read_text(encoding="utf-8"))))
        _cells_are_safe([cell for row in rows for cell in row])
        sheet = load_workbook(out / f"{name}.xlsx").active
        assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
        _cells_are_safe([cell for row in sheet.iter_rows(values_only=True) for cell in row])
        exported = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        assert {row["value"] for row in exported} >= {*(t.strip() for t in TYPED), OLD_VALUE.replace("\x07", "\ufffd").replace("\ud800", "\ufffd")}
        assert OLD_NOTE.replace("\x07", "\ufffd") in {row["note"] for row in exported}

    for fmt in ("csv", "xlsx", "json"):
        assert main(["export", *data, "--team", "Blue", "--aggregate", "--format", fmt,
                     "-o", str(out / f"team.{fmt}")]) == 0
    team = json.loads((out / "team.json").read_text(encoding="utf-8"))
    assert team["rounds"][0]["label"] == "Spring \ufffd round" and team["sections"]
    team_rows = list(csv.DictReader(io.StringIO((out / "team.csv").read_text(encoding="utf-8"))))
    assert team_rows and {row["round"] for row in team_rows} == {"Spring \ufffd round"}
    assert load_workbook(out / "team.xlsx").active.max_row == len(team_rows) + 1

    assert find_chromium(), "PDF reports are printed by Chromium: apt-get install chromium"
    for suffix in (".html", ".pdf"):
        assert main(["report", *data, "--respondent", str(members[0]), "-o", str(out / f"ana{suffix}")]) == 0
        assert main(["report", *data, "--team", "Blue", "-o", str(out / f"team{suffix}")]) == 0
    for name in ("ana", "team"):
        html = (out / f"{name}.html").read_text(encoding="utf-8")
        assert SCRIPT not in html and "&lt;script&gt;" in html
        assert "\ufffd" in html and "\x07" not in html
    assert all((out / f"{name}.pdf").read_bytes().startswith(b"%PDF") for name in ("ana", "team"))
    assert "Traceback" not in capsys.readouterr().err
