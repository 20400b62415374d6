"""The live session console's data: counts in the room, topics revealed only above the threshold.

A real SQLite store; a team round that answers a small programme of one
instrument (a rated, a checklist, a mistakes and a free-text section), so a
member finishes with a handful of answers.
"""

from __future__ import annotations

import pytest

from workbook.errors import LeaderbookError
from workbook.instruments.loader import parse_instrument
from workbook.instruments.programme import Programme
from workbook.team.room import RoomWatch
from workbook.team.session import choose_action, reveal, session_topics
from workbook.team.session_outcome import session_outcome
from workbook.team.admin import create_team

from pg_fixtures import backend_url  # noqa: F401  (a fixture: every use runs on SQLite and PostgreSQL)
from samples import SMALL_INSTRUMENT

OWN = parse_instrument(SMALL_INSTRUMENT, "sample.yaml")
RATED, NOTES, FLAGS = "sample/rated", "sample/notes", "sample/flags"


def programme() -> tuple[dict, dict]:
    return Programme("Session", instruments=("sample.yaml",)).to_json(), {"sample.yaml": SMALL_INSTRUMENT}


@pytest.fixture
def team(store):
    return create_team(store, "Room", "Ana,Ben,Cleo,Dev,Eve", workbook=programme())


def finish(store, made, member: int, rating: int = 4, comment: str = "") -> None:
    """Member ``member`` (0-based) answers every counted item, and the free text when given."""
    link = made.links[member]
    entries = [("r1", rating), ("r2", rating), ("r3", 2), ("c1", True), ("c2", False), ("m1", 2), ("m2", 0)]
    if comment:
        entries.append(("t1", comment))
    store.record_answers(link.respondent_id, made.round.id, OWN, entries)


def watch(store, made) -> RoomWatch:
    names = {link.respondent_id: link.member for link in made.links}
    return RoomWatch(store, made.round.id, (OWN,), names)


def test_counts_follow_who_joined_answers_and_finished(store, team):
    room = watch(store, team)
    assert room.poll() is True
    assert (room.counts.invited, room.counts.joined, room.counts.answering, room.counts.finished) == (5, 0, 0, 0)
    assert room.poll() is False, "nothing moved: nothing to redraw"
    store.save_place(team.links[0].respondent_id, team.round.id, "sample")
    assert room.poll() is True and room.counts.joined == 1 and room.counts.answering == 0
    store.record_answer(team.links[1].respondent_id, team.round.id, OWN, "r1", 3)
    assert room.poll() is True
    assert (room.counts.joined, room.counts.answering, room.counts.finished) == (2, 1, 0)
    finish(store, team, 1)
    finish(store, team, 2)
    assert room.poll() is True
    assert (room.counts.joined, room.counts.answering, room.counts.finished) == (3, 0, 2)
    # A cleared answer un-finishes: the same definition as the member's own progress.
    store.record_answer(team.links[2].respondent_id, team.round.id, OWN, "r1", None)
    assert room.poll() is True and room.counts.finished == 1 and room.counts.answering == 1
    # Free text does not count towards finishing.
    store.record_answer(team.links[1].respondent_id, team.round.id, OWN, "t1", "Nothing changes.")
    assert room.poll() is False
    assert dict(room.counts.people) == {"Ana": "joined", "Ben": "finished", "Cleo": "answering",
                                        "Dev": "not yet", "Eve": "not yet"}


def test_saves_through_another_server_reach_the_console(backend_url):
    """Other servers write to the same store (SQLite file or PostgreSQL): the console reads the store."""
    from workbook.store import Store

    with Store(backend_url) as console_store, Store(backend_url) as other_server:
        made = create_team(other_server, "Room", "Ana,Ben,Cleo,Dev,Eve", workbook=programme())
        room = watch(console_store, made)
        room.poll()
        finish(other_server, made, 3)
        other_server.save_place(made.links[0].respondent_id, made.round.id, "sample")
        assert room.poll() is True
        assert (room.counts.joined, room.counts.finished) == (2, 1)
        assert room.poll() is False


def test_a_topic_cannot_be_revealed_below_the_threshold(store, team):
    finish(store, team, 0)
    finish(store, team, 1)
    topics = {t.ref: t for t in session_topics(store, team.team, team.round.id)}
    assert list(topics) == ["sample/rated", "sample/checked", "sample/flags", "sample/notes"]
    assert not any(t.revealable for t in topics.values())
    assert all(t.score is None and not t.spreads and not t.flags and not t.cards for t in topics.values())
    with pytest.raises(LeaderbookError, match="Opens once 3 people"):
        reveal(store, team.round.id, tuple(topics.values()), RATED)
    with pytest.raises(LeaderbookError):
        choose_action(store, team.round.id, tuple(topics.values()), RATED, "Meet weekly")
    assert store.session_events(team.round.id) == []


def test_a_topic_opens_at_the_threshold_with_its_figures_and_readings(store, team):
    for member, rating in ((0, 5), (1, 4), (2, 3)):
        finish(store, team, member, rating)
    topics = session_topics(store, team.team, team.round.id)
    rated = next(t for t in topics if t.ref == RATED)
    assert rated.revealable and rated.n == 3
    assert [s.distribution for s in rated.spreads[:2]] == [{3: 1, 4: 1, 5: 1}] * 2
    assert rated.readings()["score"].startswith("The team scores ")
    flags = next(t for t in topics if t.ref == FLAGS)
    assert [(f.text, f.flagged, f.n) for f in flags.flags] == [("Mistake one shows.", 3, 3)]
    assert reveal(store, team.round.id, topics, RATED) is rated
    with pytest.raises(LeaderbookError, match="no such topic"):
        reveal(store, team.round.id, topics, "sample/nothing")


def test_cards_appear_only_once_k_people_wrote(store, team):
    finish(store, team, 0, comment="Budgets freeze <b>again</b>.")
    finish(store, team, 1, comment="Nobody follows up.")
    finish(store, team, 2)
    notes = next(t for t in session_topics(store, team.team, team.round.id) if t.ref == NOTES)
    assert notes.cards == (), "two comments: fewer than k people wrote"
    # Three more finish, one with a comment: a new snapshot (k more people) holds three comments.
    finish(store, team, 3, comment="We lose the thread after the course.")
    finish(store, team, 4)
    topics = session_topics(store, team.team, team.round.id)
    notes = next(t for t in topics if t.ref == NOTES)
    assert notes.cards == ()  # 4 and 5 finished: fewer than k more than the published 3, nothing new
    assert next(t for t in topics if t.ref == RATED).n == 3


def test_cards_shown_from_three_writers_sorted_and_kept_as_typed(store, team):
    for member, text in enumerate(("zeta <b>x</b>", "Alpha", "mid")):
        finish(store, team, member, comment=text)
    notes = next(t for t in session_topics(store, team.team, team.round.id) if t.ref == NOTES)
    assert notes.revealable and notes.cards == ("Alpha", "mid", "zeta <b>x</b>")


def test_the_sessions_actions_are_checked_and_kept_append_only(store, team):
    for member in range(3):
        finish(store, team, member)
    topics = session_topics(store, team.team, team.round.id)
    reveal(store, team.round.id, topics, RATED)
    action = choose_action(store, team.round.id, topics, RATED, "  Meet weekly on the rated things ",
                           owner="Ben", due="2026-12-31")
    assert action["what"] == "Meet weekly on the rated things" and action["gap"] == RATED
    with pytest.raises(LeaderbookError, match="due date"):
        choose_action(store, team.round.id, topics, RATED, "Another", due="next week")
    with pytest.raises(LeaderbookError, match="what will be done"):
        choose_action(store, team.round.id, topics, RATED, "   ")
    with pytest.raises(LeaderbookError):
        choose_action(store, team.round.id, topics, RATED, ["not", "text"])
    outcome = session_outcome(store, team.round.id)
    assert outcome.revealed == (RATED,)
    assert [a["what"] for a in outcome.actions] == ["Meet weekly on the rated things"]


def test_the_store_refuses_malformed_session_events(store, team):
    with pytest.raises(LeaderbookError):
        store.add_session_event(team.round.id, "delete", RATED)
    with pytest.raises(LeaderbookError):
        store.add_session_event(team.round.id, "reveal", "no-slash")
    with pytest.raises(LeaderbookError):  # an item is not a topic: topics are sections
        store.add_session_event(team.round.id, "reveal", RATED + "/r1")
    with pytest.raises(LeaderbookError):
        store.add_session_event(team.round.id, "reveal", "sample/<b>")
    with pytest.raises(LeaderbookError):
        store.add_session_event(team.round.id, "reveal", RATED, {"id": "a", "what": "x"})
    with pytest.raises(LeaderbookError):
        store.add_session_event(team.round.id, "action", RATED)
    assert store.session_events(team.round.id) == []


def test_the_pulse_is_one_query_that_moves_with_answers_and_visits(store, team):
    before = store.round_pulse(team.round.id)
    assert before == (0, 0)
    finish(store, team, 0)
    moved = store.round_pulse(team.round.id)
    assert moved[0] > 0 and moved[1] == 0
    store.save_place(team.links[0].respondent_id, team.round.id, "sample")
    assert store.round_pulse(team.round.id) == (moved[0], 1)
    assert [event_id for event_id, _ in store.answers_since(team.round.id, moved[0] - 1)] == [moved[0]]


def test_a_topics_readings_are_said_in_the_language_asked_its_numbers_written_as_it_writes_them(
        store, team, installed_catalogues):
    closed = session_topics(store, team.team, team.round.id)[0]
    assert not closed.revealable and closed.waiting_in("es").startswith("Se abre en cuanto 3 personas han terminado")
    for member, rating in ((0, 5), (1, 4), (2, 4)):
        finish(store, team, member, rating)
    topics = session_topics(store, team.team, team.round.id)
    rated = next(t for t in topics if t.ref == RATED)
    english, french, arabic = rated.readings(), rated.readings("fr"), rated.readings("ar")
    assert set(english) == set(french) == set(arabic), "the same parts read in every language"
    score = english["score"].split("scores ", 1)[1].split(" of 100", 1)[0]
    assert "." in score, "a score with a decimal, to see how each language writes it"
    assert french["score"].startswith("L'équipe obtient ici ") and score.replace(".", ",") in french["score"]
    assert "(3 personnes)" in french["score"]
    assert arabic["score"].startswith("درجة الفريق هنا") and "3 أشخاص" in arabic["score"]
    flags = next(t for t in topics if t.ref == FLAGS)
    assert flags.readings("es")["flags"] == "La más señalada: «Mistake one shows.», por 3 de 3."
