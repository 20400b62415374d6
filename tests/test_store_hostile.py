"""The store's public API under hostile arguments, on SQLite and on PostgreSQL.

Every call either succeeds or raises a LeaderbookError, never a database or
Python error; a refused call leaves every table's row count as it was; and
the refusals that differ by backend when the database is left to judge (an
instrument id too long for its column, a NUL in a note, a 300-character
round label) give the same message on both.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from workbook.errors import LeaderbookError
from workbook.instruments.loader import parse_instrument
from workbook.store import ALL_SUBJECTS, schema
from workbook.store.invites import create_invite, resolve_invite, revoke_invites
from workbook.basics.text_check import FORBIDDEN

from pg_fixtures import backend_store, backend_url  # noqa: F401  (fixtures)
from samples import SMALL_INSTRUMENT

INSTRUMENT = parse_instrument(SMALL_INSTRUMENT, "sample.yaml")
INSTRUMENT_STRATEGY = st.just(INSTRUMENT)

# -- hostile values ---------------------------------------------------------------

BAD_CHARACTERS = ["\x00", "\x07", "\x1b", "\r", "\x7f", "\x85", "\ud800", "\udfff", "\ufffe"]
hostile_text = st.one_of(
    st.text(max_size=30),
    st.builds(lambda a, c, b: a + c + b, st.text(max_size=5), st.sampled_from(BAD_CHARACTERS), st.text(max_size=5)),
    st.sampled_from(["", "   ", "x" * 101, "x" * 201, "x" * 301, "x" * 2001, "x" * 5001, "é" * 300]),
    st.just("x" * 10_000_000),
)
hostile_number = st.one_of(
    st.sampled_from([0, -1, 2**31, 2**63, -(2**63) - 1, 2**70, -(2**70), 10**400]),
    st.integers(min_value=-5, max_value=12),
    st.booleans(),
    st.sampled_from([1.0, 2.5, float("nan"), float("inf")]),
)
hostile_other = st.sampled_from([None, [], [1], {}, {"id": 1}, (1, 2), b"1", object(), "1", "sample", ALL_SUBJECTS])
hostile = st.one_of(hostile_number, hostile_text, hostile_other)

hostile_instrument = st.one_of(
    st.just(INSTRUMENT),
    st.just(dataclasses.replace(INSTRUMENT, id="i" * 101)),
    st.just(dataclasses.replace(INSTRUMENT, version=2**40)),
    st.just(dataclasses.replace(INSTRUMENT, version=True)),
    hostile,
)
answer_value = st.one_of(st.integers(min_value=-2, max_value=7), st.booleans(), st.just("na"), hostile)
entry = st.one_of(
    st.tuples(st.sampled_from(["r1", "r2", "c1", "m1", "t1"]), answer_value),
    st.tuples(st.sampled_from(["r1", "t1"]), answer_value, hostile_text),
    st.tuples(hostile, hostile),
    hostile,
)
action = st.one_of(
    st.fixed_dictionaries({"id": st.just("a"), "what": hostile_text}),
    st.fixed_dictionaries({"id": hostile, "what": st.just("Meet the sponsors"), "due": hostile}),
    st.dictionaries(hostile_text, hostile, max_size=3),
    hostile,
)
worksheet = st.one_of(
    st.dictionaries(st.sampled_from(["people", "hours_lost", "reduction", "colour"]), hostile_number, max_size=3),
    st.fixed_dictionaries({"priority": st.fixed_dictionaries({"message": hostile_text, "status": hostile})}),
    hostile,
)


# -- the calls --------------------------------------------------------------------


def calls(ids):
    """Every public call of the store: ``{name: [a strategy of valid-looking values per argument]}``.

    The ids are drawn from the rows the fixture made (respondents, rounds and a
    team mixed), so unknown ids and people in the wrong round come up too.
    """
    an_id = st.sampled_from([*ids, 99])
    maybe_id = st.one_of(st.none(), an_id)
    fair_text = st.text(max_size=20)
    return {
        "add_respondent": [fair_text, maybe_id],
        "respondent": [an_id],
        "respondents": [maybe_id],
        "rename_respondent": [an_id, fair_text],
        "start_round": [fair_text, maybe_id],
        "round": [an_id],
        "rounds": [maybe_id],
        "close_round": [an_id],
        "record_answer": [an_id, an_id, INSTRUMENT_STRATEGY, st.sampled_from(["r1", "r2", "c1", "m1", "t1"]),
                          answer_value, st.one_of(st.none(), fair_text), maybe_id],
        "record_answers": [an_id, an_id, INSTRUMENT_STRATEGY, st.lists(entry, max_size=3), maybe_id],
        "latest_answers": [maybe_id, maybe_id, st.one_of(st.none(), st.just("sample"))],
        "answer_values": [an_id, an_id, st.just("sample")],
        "answer_history": [an_id, maybe_id],
        "save_worksheet": [an_id, an_id, st.sampled_from(["cost-of-non-training", "justification-planner"]),
                           worksheet],
        "load_worksheet": [an_id, an_id, st.sampled_from(["cost-of-non-training", "justification-planner"])],
        "save_plan": [an_id, an_id, st.lists(action, max_size=2)],
        "load_plan": [an_id, an_id],
        "plans": [maybe_id],
        "save_place": [an_id, an_id, st.sampled_from(["welcome", "sample", "results"])],
        "load_place": [an_id, an_id],
        "round_pulse": [an_id],
        "round_visitors": [an_id],
        "answers_since": [an_id, st.integers(0, 5)],
        "answering_count": [an_id],
        "round_worksheets": [an_id, st.sampled_from(["convergence-map", "cost-of-non-training"])],
        "record_worksheet_cutoff": [an_id, st.integers(0, 5)],
        "worksheet_cutoff": [an_id],
        "create_invite": [an_id, an_id, st.sampled_from(["self", "peer"]), maybe_id],
        "resolve_invite": [st.text(alphabet="abcXYZ019_-", min_size=20, max_size=64)],
        "revoke_invites": [an_id, maybe_id],
    }


def draw_call(data, ids):
    """A call whose arguments are valid-looking but for none, one or two of them, which are hostile."""
    specs = calls(ids)
    name = data.draw(st.sampled_from(sorted(specs)), label="call")
    arity = len(specs[name])
    spoiled = data.draw(st.sets(st.integers(0, arity - 1), max_size=min(2, arity)), label="hostile arguments")
    args = tuple(data.draw(hostile_instrument if specs[name][i] is INSTRUMENT_STRATEGY else hostile)
                 if i in spoiled else data.draw(specs[name][i]) for i in range(arity))
    return name, args


FUNCTIONS = {"create_invite": create_invite, "resolve_invite": resolve_invite, "revoke_invites": revoke_invites}


def invoke(store, name, args):
    if name in FUNCTIONS:
        return FUNCTIONS[name](store, *args)
    if name == "latest_answers":
        return store.latest_answers(*args, subject_id=ALL_SUBJECTS)
    return getattr(store, name)(*args)


def row_counts(store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {table.name: conn.execute(select(func.count()).select_from(table)).scalar()
                for table in schema.metadata.sorted_tables}


@pytest.fixture
def seeded(backend_store):
    """A store with a person outside any team, a team of two with its round, and an open round of its own."""
    store = backend_store
    solo = store.add_respondent("Solo").id
    own_round = store.start_round("Spring").id
    store.record_answer(solo, own_round, INSTRUMENT, "r1", 3)
    with store._write() as conn:
        team_id = conn.execute(schema.teams.insert().values(name="Blue", threshold=3, created_at=func.now())
                               ).inserted_primary_key[0]
    members = [store.add_respondent(name, team_id).id for name in ("Ana", "Ben")]
    team_round = store.start_round("", team_id).id
    return store, sorted({solo, own_round, team_id, team_round, *members})


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_every_call_succeeds_or_is_refused_cleanly_with_nothing_written(seeded, data):
    store, ids = seeded
    name, args = draw_call(data, ids)
    before = row_counts(store)
    try:
        invoke(store, name, args)
        event(f"{name} done")
    except LeaderbookError as refused:
        event(f"{name} refused")
        assert str(refused), f"{name} refused without a reason"
        # The message is printable: no control character from the argument leaks into a terminal.
        assert not FORBIDDEN.search(str(refused).replace("\n", " ")), str(refused)
        assert row_counts(store) == before, f"{name} was refused but wrote: {refused}"


# -- the same refusal on both backends ----------------------------------------------------------


def _refusal(call) -> str:
    with pytest.raises(LeaderbookError) as refused:
        call()
    return str(refused.value)


def test_refusals_that_the_database_used_to_judge_read_the_same_on_both_backends(backend_store):
    store = backend_store
    who, round_id = store.add_respondent("Ana").id, store.start_round().id
    before = row_counts(store)
    long_id = dataclasses.replace(INSTRUMENT, id="i" * 101)
    assert _refusal(lambda: store.record_answer(who, round_id, long_id, "r1", 3)) == (
        "the instrument's id is 101 characters long; at most 100 are kept")
    assert _refusal(lambda: store.record_answer(who, round_id, INSTRUMENT, "r1", 3, note="before\x00after")) == (
        "the note on item 'r1' contains a NUL character (U+0000) at position 7")
    assert _refusal(lambda: store.record_answer(who, round_id, INSTRUMENT, "t1", "a\x07")) == (
        "item 't1': the answer contains the control character U+0007 at position 2; "
        "tab and newline are the only control characters allowed")
    assert _refusal(lambda: store.start_round("x" * 300)) == (
        "a round's label is 300 characters long; at most 200 are kept")
    assert _refusal(lambda: store.start_round("x" * 10_000_000)) == (
        "a round's label is 10,000,000 characters long; at most 200 are kept")
    assert _refusal(lambda: store.start_round(7)) == "a round's label must be text, not 7"
    assert _refusal(lambda: store.add_respondent("Ana\ud800")) == (
        "a respondent's name contains half of a surrogate pair (U+D800) at position 4, which is not a character")
    assert _refusal(lambda: store.respondent(2**70)) == (
        "a respondent id is out of range: ids are whole numbers below 2**31")
    assert _refusal(lambda: store.record_answer(True, round_id, INSTRUMENT, "r1", 3)) == (
        "a respondent id must be a whole number, not True")
    assert _refusal(lambda: store.record_answer(who, round_id, "sample", "r1", 3)) == (
        "an answer needs an Instrument, not the text 'sample' "
        "(load it with find_instrument or load_instrument first)")
    assert _refusal(lambda: store.record_answers(who, round_id, INSTRUMENT, [None])) == (
        "each answer is an (item id, value[, note]) pair, not nothing (None)")
    assert _refusal(lambda: store.add_respondent("Cleo", team_id=99)) == "no team with id 99"
    assert _refusal(lambda: store.record_answer(who, round_id, INSTRUMENT, "r1", 3, subject_id=99)) == (
        "no respondent (the subject of the answers) with id 99")
    assert row_counts(store) == before


def test_a_member_answers_in_their_team_rounds_only(backend_store):
    store = backend_store
    with store._write() as conn:
        team_id = conn.execute(schema.teams.insert().values(name="Blue", threshold=3, created_at=func.now())
                               ).inserted_primary_key[0]
    member, outsider = store.add_respondent("Ana", team_id).id, store.add_respondent("Solo").id
    team_round, own_round = store.start_round("", team_id).id, store.start_round("Mine").id
    before = row_counts(store)
    assert _refusal(lambda: store.record_answer(member, own_round, INSTRUMENT, "r1", 3)) == (
        f"respondent {member} does not take part in round {own_round}: they are a member of a team, "
        "and it is not one of that team's rounds")
    assert "it is a team's round, and they are not a member of that team" in _refusal(
        lambda: store.record_answer(outsider, team_round, INSTRUMENT, "r1", 3))
    assert "whom the answers are about" in _refusal(
        lambda: store.record_answer(member, team_round, INSTRUMENT, "r1", 3, subject_id=outsider))
    assert "does not take part" in _refusal(lambda: store.save_plan(outsider, team_round, []))
    assert row_counts(store) == before
    store.record_answer(member, team_round, INSTRUMENT, "r1", 3)
    store.record_answer(outsider, own_round, INSTRUMENT, "r1", 3)
    assert store.count_answers() == 2


def test_a_long_round_label_from_the_command_line_is_one_line_on_both_backends(backend_url):
    def run(*args):
        return subprocess.run(["leaderbook", *args, "--db", backend_url], capture_output=True, text=True,
                              env={**os.environ, "LEADERBOOK_DATA": ""})

    assert run("team", "create", "Blue", "--members", "Ana,Ben,Cleo").returncode == 0
    result = run("team", "new-round", "Blue", "--label", "x" * 300)
    assert result.returncode != 0
    assert result.stderr == "leaderbook: error: a round's label is 300 characters long; at most 200 are kept\n"
    listed = run("team", "list", "--json")
    assert listed.returncode == 0 and listed.stdout.count('"label"') == 1, listed.stdout


# -- the team functions of the core ------------------------------------------------------------


def team_calls():
    from workbook.team import admin

    team_name = st.sampled_from(["Blue", "Red"])
    member = st.sampled_from(["Ana", "Ben", "Zed"])
    return {
        "create_team": (admin.create_team, [st.sampled_from(["Red", "Blue"]), st.just("Ana,Ben,Cleo")],
                        {"leader": st.one_of(st.none(), member), "threshold": st.just(3),
                         "label": st.text(max_size=10)}),
        "find_team": (admin.find_team, [team_name], {}),
        "new_round": (admin.new_round, [team_name], {"label": st.text(max_size=10)}),
        "add_member": (admin.add_member, [team_name, member], {"rater_group": st.just("peer")}),
        "revoke_member": (admin.revoke_member, [team_name, member], {"all_rounds": st.booleans()}),
        "reissue_links": (admin.reissue_links, [team_name, member], {}),
        "close_round": (admin.close_round, [team_name], {}),
        "new_coach_link": (admin.new_coach_link, [team_name], {}),
        "team_by_id": (admin.team_by_id, [st.integers(0, 3)], {}),
    }


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_team_functions_succeed_or_refuse_cleanly_with_nothing_written(backend_store, data):
    from workbook.team.admin import create_team, find_team

    store = backend_store
    try:
        find_team(store, "Blue")
    except LeaderbookError:
        create_team(store, "Blue", "Ana,Ben,Cleo", leader="Ana")
    specs = team_calls()
    name = data.draw(st.sampled_from(sorted(specs)), label="call")
    function, positional, keywords = specs[name]
    arguments = positional + list(keywords.values())
    spoiled = data.draw(st.sets(st.integers(0, len(arguments) - 1), max_size=2), label="hostile arguments")
    drawn = [data.draw(hostile if i in spoiled else strategy) for i, strategy in enumerate(arguments)]
    args, kwargs = drawn[:len(positional)], dict(zip(keywords, drawn[len(positional):]))
    before = row_counts(store)
    try:
        function(store, *args, **kwargs)
        event(f"{name} done")
    except LeaderbookError as refused:
        event(f"{name} refused")
        assert not FORBIDDEN.search(str(refused).replace("\n", " ")), str(refused)
        assert row_counts(store) == before, f"{name} was refused but wrote: {refused}"
