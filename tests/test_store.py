"""The answer store on a real SQLite file: events, latest view, refusals, concurrency."""

from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

from workbook.errors import AnswerError, LeaderbookError, NotFoundError, PlanError
from workbook.instruments.loader import parse_instrument
from workbook.store import Store

from samples import SMALL_INSTRUMENT


def test_the_store_is_a_sqlite_file_in_wal_mode(tmp_path):
    with Store(data=tmp_path) as store:
        assert store.url == f"sqlite:///{tmp_path / 'leaderbook.sqlite3'}"
    connection = sqlite3.connect(tmp_path / "leaderbook.sqlite3")
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_data_dir_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LEADERBOOK_DATA", str(tmp_path / "env"))
    with Store() as store:
        assert str(tmp_path / "env" / "leaderbook.sqlite3") in store.url
    assert (tmp_path / "env" / "leaderbook.sqlite3").exists()


def test_answers_are_events_and_the_latest_wins(answering, instrument):
    store, who, round_id = answering
    store.record_answer(who, round_id, instrument, "r1", 2)
    store.record_answer(who, round_id, instrument, "r1", 4, note="after the review")
    store.record_answer(who, round_id, instrument, "c1", True)
    assert store.answer_values(who, round_id, "sample") == {"r1": 4, "c1": True}
    assert [a.value for a in store.answer_history(who)] == [2, 4, True]
    assert store.latest_answers(who, round_id)[0].note == "after the review"


def test_clearing_an_answer_keeps_its_history(answering, instrument):
    store, who, round_id = answering
    store.record_answer(who, round_id, instrument, "r1", 3)
    store.record_answer(who, round_id, instrument, "r1", None)
    assert store.answer_values(who, round_id, "sample") == {}
    assert [a.value for a in store.answer_history(who)] == [3, None]


def test_a_new_round_keeps_the_old_one(answering, instrument):
    store, who, first = answering
    store.record_answer(who, first, instrument, "r1", 2)
    second = store.start_round().id
    store.record_answer(who, second, instrument, "r1", 5)
    assert store.answer_values(who, first, "sample") == {"r1": 2}
    assert store.answer_values(who, second, "sample") == {"r1": 5}
    assert [r.label for r in store.rounds()] == ["Round 1", "Round 2"]


@pytest.mark.parametrize("item,value,words", [
    ("r1", 6, "outside the scale 1..5"),
    ("r1", 0, "outside the scale"),
    ("r1", "4", "whole number"),
    ("r1", True, "whole number"),
    ("r1", 2.5, "whole number"),
    ("c1", 1, "yes or no"),
    ("m1", 4, "outside the scale 0..3"),
    ("t1", 7, "takes text"),
    ("t1", "x" * 5001, "at most 5000"),
    ("nope", 3, "has no item 'nope'"),
])
def test_an_answer_that_does_not_fit_is_refused_and_nothing_is_written(answering, instrument, item, value, words):
    store, who, round_id = answering
    with pytest.raises(AnswerError, match=words):
        store.record_answer(who, round_id, instrument, item, value)
    assert store.count_answers() == 0


def test_a_batch_with_one_bad_answer_writes_none(answering, instrument):
    store, who, round_id = answering
    with pytest.raises(AnswerError):
        store.record_answers(who, round_id, instrument, [("r1", 3), ("c1", True), ("r2", 99)])
    assert store.count_answers() == 0


def test_unknown_respondent_or_round_is_refused(answering, instrument):
    store, who, round_id = answering
    with pytest.raises(NotFoundError):
        store.record_answer(who + 1, round_id, instrument, "r1", 3)
    with pytest.raises(NotFoundError):
        store.record_answer(who, round_id + 1, instrument, "r1", 3)
    assert store.count_answers() == 0


def test_a_closed_round_accepts_no_more_answers(answering, instrument):
    store, who, round_id = answering
    store.record_answer(who, round_id, instrument, "r1", 3)
    store.close_round(round_id)
    with pytest.raises(AnswerError, match="closed"):
        store.record_answer(who, round_id, instrument, "r1", 4)
    with pytest.raises(AnswerError, match="closed"):
        store.save_plan(who, round_id, [{"id": "a", "what": "x"}])
    assert store.count_answers() == 1


def test_the_action_plan_is_saved_whole_and_the_newest_is_loaded(answering):
    store, who, round_id = answering
    store.save_plan(who, round_id, [{"id": "a", "what": "Meet sponsors", "due": "2026-12-01", "level": "behaviour"}])
    store.save_plan(who, round_id, [{"id": "b", "what": "Ask for feedback"}, {"id": "a", "what": "Meet sponsors"}])
    assert [a["id"] for a in store.load_plan(who, round_id)] == ["b", "a"]
    with pytest.raises(PlanError, match="not a date"):
        store.save_plan(who, round_id, [{"id": "c", "what": "x", "due": "soon"}])
    assert [a["id"] for a in store.load_plan(who, round_id)] == ["b", "a"]


def _write_answers(url: str, respondent_id: int, round_id: int, count: int) -> None:
    instrument = parse_instrument(SMALL_INSTRUMENT)
    items = [item for item in instrument.items if item.kind == "rating"]
    with Store(url) as store:
        for n in range(count):
            item = items[n % len(items)]
            store.record_answer(respondent_id, round_id, instrument, item.id, 1 + n % 5, note=f"{respondent_id}:{n}")


def test_eight_processes_writing_at_once_lose_no_answer(tmp_path):
    writers, per_writer = 8, 500
    with Store(data=tmp_path) as store:
        people = [store.add_respondent(f"P{n}").id for n in range(writers)]
        round_id = store.start_round().id
        url = store.url
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_write_answers, args=(url, who, round_id, per_writer)) for who in people]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=240)
    assert [p.exitcode for p in processes] == [0] * writers
    with Store(url) as store:
        assert store.count_answers() == writers * per_writer
        for who in people:
            notes = [a.note for a in store.answer_history(who)]
            assert notes == [f"{who}:{n}" for n in range(per_writer)]  # every answer, in order


def test_answers_about_someone_else_are_kept_apart_from_self_answers(answering, instrument):
    from workbook.store import ALL_SUBJECTS

    store, who, round_id = answering
    leader = store.add_respondent("Lee").id
    store.record_answer(who, round_id, instrument, "r1", 2)
    store.record_answer(who, round_id, instrument, "r1", 5, subject_id=leader)
    assert store.answer_values(who, round_id, "sample") == {"r1": 2}
    assert store.answer_values(who, round_id, "sample", subject_id=leader) == {"r1": 5}
    assert len(store.latest_answers(who, round_id, subject_id=ALL_SUBJECTS)) == 2


def test_worksheets_keep_their_newest_version_and_refuse_what_the_page_cannot_load(answering):
    from workbook.assess.calculators import check_cost_inputs, empty_justification

    store, who, round_id = answering
    cost = "cost-of-non-training"
    assert store.load_worksheet(who, round_id, cost) is None
    store.save_worksheet(who, round_id, cost, {"people": 10})
    store.save_worksheet(who, round_id, cost, {"people": 12})
    # What is kept is what the page loads: the checked inputs, defaults filled in.
    assert store.load_worksheet(who, round_id, cost) == check_cost_inputs({"people": 12})
    planner = empty_justification()
    planner["priority"] = {"message": "Ties to the sales goal", "status": "drafted"}
    store.save_worksheet(who, round_id, "justification-planner", planner)
    assert store.load_worksheet(who, round_id, "justification-planner") == planner
    for name, data, words in [
        ("Cost!", {}, "no worksheet named 'Cost!'"), ("cost", {}, "no worksheet named 'cost'"),
        (["cost"], {}, "no worksheet named a list"), (cost, [1], "mapping"),
        (cost, {"people": -5}, "People affected: enter zero or more"),
        (cost, {"colour": 1}, "unknown field"), (cost, {"people": float("nan")}, "enter a number"),
        (cost, {"people": 10**400}, "enter a number"),
        ("justification-planner", {"priority": {"message": "x", "status": "shipped"}}, "status 'shipped'"),
        ("justification-planner", {"priority": {"message": "x\x07"}}, "control character U\\+0007"),
        ("justification-planner", {"timing": {}}, "unknown issue"),
    ]:
        with pytest.raises(AnswerError, match=words):
            store.save_worksheet(who, round_id, name, data)
    assert store.load_worksheet(who, round_id, cost) == check_cost_inputs({"people": 12})
    assert store.load_worksheet(who, round_id, "justification-planner") == planner


def test_relative_locations_become_absolute_so_page_kernels_find_the_same_store(tmp_path, monkeypatch):
    from workbook.store.paths import database_url

    monkeypatch.chdir(tmp_path)
    assert database_url(data="rel") == f"sqlite:///{tmp_path / 'rel' / 'leaderbook.sqlite3'}"
    assert database_url("sqlite:///own.db") == f"sqlite:///{tmp_path / 'own.db'}"
    assert database_url("sqlite:////abs/x.db") == "sqlite:////abs/x.db"
    assert database_url("sqlite://") == "sqlite://"
    monkeypatch.setenv("LEADERBOOK_DATA", "env-rel")
    assert database_url() == f"sqlite:///{tmp_path / 'env-rel' / 'leaderbook.sqlite3'}"


def test_a_respondent_can_be_renamed_and_keeps_their_answers(answering, instrument):
    store, who, round_id = answering
    item = instrument.items[0]
    store.record_answer(who, round_id, instrument, item.id, 3)
    renamed = store.rename_respondent(who, "  Ana López  ")
    assert renamed == store.respondent(who) and renamed.name == "Ana López" and renamed.team_id is None
    assert store.answer_values(who, round_id, instrument.id) == {item.id: 3}


@pytest.mark.parametrize("args, words", [
    ((None, "Ana"), "a respondent id must be a whole number"),
    ((True, "Ana"), "a respondent id must be a whole number"),
    ((2**40, "Ana"), "out of range"),
    ((99, "Ana"), "no respondent with id 99"),
    ((1, ""), "needs a name"),
    ((1, "   "), "needs a name"),
    ((1, "x" * 201), "at most 200"),
    ((1, 7), "must be text"),
    ((1, "Ana\x00"), "NUL"),
])
def test_a_rename_that_does_not_fit_is_refused_and_the_name_stays(store, args, words):
    store.add_respondent("Ana")
    with pytest.raises(LeaderbookError, match=words):
        store.rename_respondent(*args)
    assert [r.name for r in store.respondents()] == ["Ana"]
