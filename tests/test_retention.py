"""Retention periods: a closed round keeps its answers so many days, then only its published figures remain.

A real store (SQLite, and PostgreSQL where a server is given) and a team of
five on the sample instrument, each writing a sentence of their own. The
round is given a period, closed, and time is let pass by moving the round's
closing time back (the rule itself is tested with ``at=``). Checked: what is
due and when; that applying erases answers, notes, plans, worksheets and
places (on SQLite, the sentence is in the file's bytes before and in neither
the file nor its WAL after); that the dashboard's published figures are
exactly as before; the audit entry; bad periods refused with nothing written;
the command line, which will not erase without ``--yes`` where it cannot ask.
"""

from __future__ import annotations

import datetime as _dt
import subprocess
import sys

import pandas as pd
import pytest
from sqlalchemy import update

from pg_fixtures import backend_store, backend_url  # noqa: F401  (fixtures)
from samples import SMALL_INSTRUMENT
from workbook.errors import LeaderbookError
from workbook.instruments.loader import parse_instrument
from workbook.instruments.programme import Programme
from workbook.store import Store, schema
from workbook.store.paths import DB_FILENAME
from workbook.team.admin import close_round, create_team
from workbook.team.dashboard import team_dashboard
from workbook.team.retention import apply_retention, due_rounds, set_retention

OWN = parse_instrument(SMALL_INSTRUMENT, "sample.yaml")
MEMBERS = ["Ana", "Ben", "Cleo", "Dev", "Eve"]
SENTENCE = "Nobody asked the sales floor what the workshop should change"


def fill(store) -> object:
    programme = Programme("Check-in", instruments=("sample.yaml",)).to_json()
    made = create_team(store, "Kept", ",".join(MEMBERS), threshold=3,
                       workbook=(programme, {"sample.yaml": SMALL_INSTRUMENT}))
    for number, link in enumerate(made.links):
        store.record_answers(link.respondent_id, made.round.id, OWN,
                             [("r1", 1 + number % 5), ("r2", 2), ("r3", 3), ("c1", True), ("c2", number % 2 == 0),
                              ("m1", number % 3), ("m2", 1), ("t1", f"{SENTENCE}, says number {number}.")])
        store.save_plan(link.respondent_id, made.round.id, [{"id": "a1", "what": f"{SENTENCE} plan {number}",
                                                              "gap": "sample/rated"}])
    return made


def closed_days_ago(store, round_id: int, days: float) -> None:
    """Stand in for the days that pass after a round closes."""
    with store.engine.begin() as conn:
        conn.execute(update(schema.rounds).where(schema.rounds.c.id == round_id)
                     .values(closed_at=_dt.datetime.now(_dt.timezone.utc) - _dt.timedelta(days=days)))


def file_bytes(folder) -> bytes:
    found = b""
    for suffix in ("", "-wal"):
        path = folder / (DB_FILENAME + suffix)
        if path.exists():
            found += path.read_bytes()
    return found


def test_a_round_is_due_only_once_closed_for_its_period(backend_store):
    made = fill(backend_store)
    kept = set_retention(backend_store, "Kept", 30)
    assert (kept.keep_days, kept.ends_at) == (30, None)
    now = _dt.datetime.now(_dt.timezone.utc)
    assert due_rounds(backend_store, at=now + _dt.timedelta(days=400)) == []  # still open: never due
    close_round(backend_store, "Kept")
    assert due_rounds(backend_store, at=now + _dt.timedelta(days=29)) == []
    due = due_rounds(backend_store, at=now + _dt.timedelta(days=31))
    assert [(d.team, d.round_id) for d in due] == [("Kept", made.round.id)]


def test_applying_a_period_leaves_the_published_figures_and_nothing_of_the_answers(backend_store):
    made = fill(backend_store)
    before = team_dashboard(backend_store, "Kept")
    assert any(SENTENCE in text for answers in before.texts["answers"] for text in answers)
    set_retention(backend_store, "Kept", 7)
    close_round(backend_store, "Kept")
    closed_days_ago(backend_store, made.round.id, 8)

    [(due, removed)] = apply_retention(backend_store)
    assert due.round_id == made.round.id
    assert removed["lb_answers"] == 5 * 8 and removed["lb_plans"] == 5
    assert backend_store.latest_answers(round_id=made.round.id, include_cleared=True) == []
    assert not backend_store.round_holds_content(made.round.id)
    after = team_dashboard(backend_store, "Kept")
    pd.testing.assert_frame_equal(after.sections, before.sections)
    pd.testing.assert_frame_equal(after.items, before.items)
    assert not any(SENTENCE in text for answers in after.texts["answers"] for text in answers)
    assert after.actions.empty
    assert due_rounds(backend_store, at=_dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(days=1)) == []
    [entry] = [e for e in backend_store.entries() if e.action == "retention"]
    assert entry.team == "Kept" and "40 answer event(s)" in entry.detail and SENTENCE not in entry.detail
    with pytest.raises(LeaderbookError, match="ended"):
        set_retention(backend_store, "Kept", 30, round_id=made.round.id)


def test_on_sqlite_the_erased_sentence_is_in_neither_the_file_nor_its_log(tmp_path):
    with Store(data=tmp_path) as store:
        made = fill(store)
        team_dashboard(store, "Kept")
        assert SENTENCE.encode() in file_bytes(tmp_path), "the check must be able to fail"
        set_retention(store, "Kept", 1)
        close_round(store, "Kept")
        closed_days_ago(store, made.round.id, 2)
        apply_retention(store)
        assert SENTENCE.encode() not in file_bytes(tmp_path)


@pytest.mark.parametrize("days", [0, -1, 3651, "30", True, 2.5])
def test_a_bad_period_is_refused_with_nothing_written(store, days):
    fill(store)
    with pytest.raises(LeaderbookError, match="whole number of days"):
        set_retention(store, "Kept", days)
    assert store.retentions() == []


def test_the_command_line_sets_lists_and_applies_only_when_told(tmp_path):
    data = str(tmp_path)
    with Store(data=tmp_path) as store:
        made = fill(store)
        team_dashboard(store, "Kept")

    def leaderbook(*args):
        return subprocess.run([sys.executable, "-m", "workbook.cli", *args, "--data", data],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL)

    result = leaderbook("retention", "set", "Kept", "10")
    assert result.returncode == 0 and "10 day(s) after it closes" in result.stdout
    assert leaderbook("retention", "set", "Kept", "ten").returncode == 2
    with Store(data=tmp_path) as store:
        close_round(store, "Kept")
        closed_days_ago(store, made.round.id, 11)
    listed = leaderbook("retention", "list")
    assert "Kept  round" in listed.stdout and "DUE since" in listed.stdout
    refused = leaderbook("retention", "apply")
    assert refused.returncode == 1 and "--yes" in refused.stderr
    with Store(data=tmp_path) as store:
        assert store.round_holds_content(made.round.id)
    applied = leaderbook("retention", "apply", "--yes")
    assert applied.returncode == 0 and "erased Kept" in applied.stdout, applied.stderr
    with Store(data=tmp_path) as store:
        assert not store.round_holds_content(made.round.id)
    assert "nothing to erase" in leaderbook("retention", "apply", "--yes").stdout
