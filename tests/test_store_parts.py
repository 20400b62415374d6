"""The store's smaller parts on SQLite and PostgreSQL: the visitor's place, the worksheets a snapshot
releases, their refusals (a 5,000-digit id among them), and a store that lacks their tables."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text

from workbook.errors import InputError, LeaderbookError, NotFoundError
from workbook.store import Store

from pg_fixtures import backend_store, backend_url  # noqa: F401  (fixtures: each test runs on both backends)

#: str() and repr() of this raise ValueError (Python's limit of 4,300 digits): a message that showed it
#: would fail with ValueError instead of refusing it.
HUGE = 10**5000
OUT_OF_RANGE = "{} is out of range: ids are whole numbers below 2**31"


def refusal(call) -> LeaderbookError:
    with pytest.raises(LeaderbookError) as refused:
        call()
    return refused.value


def test_the_number_cannot_be_shown():
    with pytest.raises(ValueError):
        repr(HUGE)


def test_a_place_is_kept_per_respondent_and_round_and_overwritten_as_they_move(backend_store):
    store = backend_store
    ana, ben = store.add_respondent("Ana").id, store.add_respondent("Ben").id
    first, second = store.start_round().id, store.start_round().id
    assert store.load_place(ana, first) is None
    store.save_place(ana, first, "welcome")
    store.save_place(ana, first, "leader-skills")
    store.save_place(ana, second, "results")
    assert (store.load_place(ana, first), store.load_place(ana, second), store.load_place(ben, first)) == (
        "leader-skills", "results", None)
    assert store.round_visitors(first) == frozenset({ana})
    assert store.round_pulse(first) == (0, 1)


@pytest.mark.parametrize("call, message", [
    (lambda s, r: s.save_place(HUGE, r, "welcome"), OUT_OF_RANGE.format("a respondent id")),
    (lambda s, r: s.save_place(1, HUGE, "welcome"), OUT_OF_RANGE.format("a round id")),
    (lambda s, r: s.load_place(HUGE, r), OUT_OF_RANGE.format("a respondent id")),
    (lambda s, r: s.load_place(1, -HUGE), OUT_OF_RANGE.format("a round id")),
    (lambda s, r: s.save_place(1, r, HUGE),
     "a step is named by lowercase letters, digits and dashes, not a number too large for an id"),
    (lambda s, r: s.save_place(True, r, "welcome"), "a respondent id must be a whole number, not True"),
    (lambda s, r: s.save_place(1, r, "Welcome"),
     "a step is named by lowercase letters, digits and dashes, not the text 'Welcome'"),
    (lambda s, r: s.round_worksheets(HUGE, "convergence-map"), OUT_OF_RANGE.format("a round id")),
    (lambda s, r: s.round_worksheets(r, HUGE),
     "a worksheet is named by text of 1 to 50 characters, not a number too large for an id"),
    (lambda s, r: s.worksheet_cutoff(HUGE), OUT_OF_RANGE.format("a snapshot id")),
    (lambda s, r: s.record_worksheet_cutoff(1, HUGE),
     "worksheets_upto (a worksheet version id, or 0) is out of range: it is a whole number from 0 to "
     "2**31 - 1, not a number too large for an id"),
    (lambda s, r: s.record_worksheet_cutoff(1, -1),
     "worksheets_upto (a worksheet version id, or 0) is out of range: it is a whole number from 0 to "
     "2**31 - 1, not -1"),
    (lambda s, r: s.add_team("Blue", HUGE),
     "the anonymity threshold is out of range: it is a whole number from 0 to 2**31 - 1, "
     "not a number too large for an id"),
    (lambda s, r: s.add_team("Blue", 2.5),
     "the anonymity threshold must be a whole number, not the decimal number 2.5"),
])
def test_refused_arguments_give_the_stores_usual_message_and_write_nothing(backend_store, call, message):
    store = backend_store
    round_id = store.start_round().id
    store.save_place(store.add_respondent("Ana").id, round_id, "welcome")
    before = (store.round_visitors(round_id), store.teams())
    refused = refusal(lambda: call(store, round_id))
    assert type(refused) is InputError, "refused by the store's checks, not by Python (ValueError) or the database"
    assert str(refused) == message
    assert (store.round_visitors(round_id), store.teams()) == before


def test_a_snapshot_keeps_one_worksheet_cutoff(backend_store):
    store = backend_store
    team = store.add_team("Blue", 3)
    people = [store.add_respondent(name, team.id).id for name in ("Ana", "Ben", "Cleo")]
    round_id = store.start_round("", team.id).id
    store.save_worksheet(people[0], round_id, "convergence-map", {})
    upto = store.newest_worksheet_id()
    assert upto > 0
    snapshot = store.add_snapshot(team.id, round_id, "maps", people, *store.newest_event_ids())
    assert store.worksheet_cutoff(snapshot.id) is None
    store.record_worksheet_cutoff(snapshot.id, upto)
    assert store.worksheet_cutoff(snapshot.id) == upto
    assert str(refusal(lambda: store.record_worksheet_cutoff(snapshot.id, upto))) == (
        f"snapshot {snapshot.id} already has its worksheet cutoff")
    assert isinstance(refusal(lambda: store.record_worksheet_cutoff(snapshot.id + 1, upto)), NotFoundError)
    assert list(store.round_worksheets(round_id, "convergence-map", as_of=upto)) == [people[0]]
    assert store.round_worksheets(round_id, "convergence-map", as_of=upto - 1) == {}


def test_a_store_that_lacks_the_newer_tables_gains_them_on_open_and_keeps_its_rows(backend_url):
    with Store(backend_url) as store:
        ana, round_id = store.add_respondent("Ana").id, store.start_round().id
        store.save_place(ana, round_id, "plan")
        url = store.url
    # As a store written before the worksheet cutoffs existed: the table is not there.
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE lb_snapshot_worksheets"))
    assert "lb_snapshot_worksheets" not in inspect(engine).get_table_names()
    with Store(backend_url) as store:
        assert {"lb_places", "lb_snapshot_worksheets"} <= set(inspect(engine).get_table_names())
        assert store.load_place(ana, round_id) == "plan"
        assert store.worksheet_cutoff(1) is None
    engine.dispose()
