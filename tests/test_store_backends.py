"""The same store on SQLite and PostgreSQL: every test here runs once per backend."""

from __future__ import annotations

import threading

import pytest

from workbook.team.dashboard import team_dashboard
from workbook.errors import AnswerError, NotFoundError
from workbook.instruments.loader import parse_instrument
from workbook.store import Store
from workbook.errors import InvalidInvite
from workbook.store.invites import create_invite, resolve_invite, revoke_invites
from workbook.team.admin import add_member, close_round, create_team, new_round, resolve_coach_token, revoke_member

from pg_fixtures import backend_store, backend_url  # noqa: F401  (fixtures)
from samples import SMALL_INSTRUMENT

HOSTILE = "<script>alert(1)</script> =HYPERLINK(\"http://x\") ' ; DROP TABLE lb_answers; -- ünïcode ✓"


@pytest.fixture
def instrument():
    return parse_instrument(SMALL_INSTRUMENT, "sample.yaml")


def test_answers_are_events_and_the_latest_wins(backend_store, instrument):
    who = backend_store.add_respondent("Zoë Ångström").id
    round_id = backend_store.start_round().id
    backend_store.record_answer(who, round_id, instrument, "r1", 2)
    backend_store.record_answer(who, round_id, instrument, "r1", 4, note="after the review")
    backend_store.record_answer(who, round_id, instrument, "c1", True)
    backend_store.record_answer(who, round_id, instrument, "t1", HOSTILE)
    assert backend_store.answer_values(who, round_id, "sample") == {"r1": 4, "c1": True, "t1": HOSTILE}
    assert [a.value for a in backend_store.answer_history(who)] == [2, 4, True, HOSTILE]
    assert backend_store.respondent(who).name == "Zoë Ångström"
    assert backend_store.count_answers() == 4
    times = [a.recorded_at for a in backend_store.answer_history(who)]
    assert times == sorted(times)


def test_answers_about_someone_else_are_kept_apart_from_the_self_assessment(backend_store, instrument):
    rater = backend_store.add_respondent("Ana").id
    leader = backend_store.add_respondent("Lea").id
    round_id = backend_store.start_round().id
    backend_store.record_answer(rater, round_id, instrument, "r1", 1)
    backend_store.record_answer(rater, round_id, instrument, "r1", 5, subject_id=leader)
    latest = {(a.subject_id, a.item_id): a.value for a in backend_store.latest_answers(rater, round_id)}
    assert latest == {(None, "r1"): 1, (leader, "r1"): 5}


def test_a_bad_answer_in_a_batch_writes_nothing(backend_store, instrument):
    who = backend_store.add_respondent("Ana").id
    round_id = backend_store.start_round().id
    with pytest.raises(AnswerError):
        backend_store.record_answers(who, round_id, instrument, [("r1", 3), ("r2", 9)])
    assert backend_store.count_answers() == 0


def test_a_closed_round_refuses_answers_and_plans(backend_store, instrument):
    who = backend_store.add_respondent("Ana").id
    round_id = backend_store.start_round().id
    backend_store.record_answer(who, round_id, instrument, "r1", 3)
    backend_store.close_round(round_id)
    with pytest.raises(AnswerError, match="closed"):
        backend_store.record_answer(who, round_id, instrument, "r1", 4)
    with pytest.raises(AnswerError, match="closed"):
        backend_store.save_plan(who, round_id, [])
    assert backend_store.answer_values(who, round_id, "sample") == {"r1": 3}
    assert backend_store.round(round_id).closed


def test_plans_keep_their_newest_version(backend_store):
    who = backend_store.add_respondent("Ana").id
    round_id = backend_store.start_round().id
    backend_store.save_plan(who, round_id, [{"id": "a1", "what": "First draft"}])
    backend_store.save_plan(who, round_id, [{"id": "a1", "what": HOSTILE, "status": "done"}])
    assert backend_store.load_plan(who, round_id)[0]["what"] == HOSTILE
    assert backend_store.plans(round_id)[(who, round_id)][0]["status"] == "done"


def test_unknown_respondents_and_rounds_are_refused(backend_store, instrument):
    round_id = backend_store.start_round().id
    with pytest.raises(NotFoundError):
        backend_store.record_answer(999, round_id, instrument, "r1", 3)
    with pytest.raises(NotFoundError):
        backend_store.round(999)


def test_invites_resolve_by_hash_and_stop_when_revoked(backend_store):
    who = backend_store.add_respondent("Ana").id
    round_id = backend_store.start_round().id
    token = create_invite(backend_store, who, round_id)
    assert resolve_invite(backend_store, token).respondent_id == who
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), token + "x", "", None, "' OR 1=1 --"):
        with pytest.raises(InvalidInvite):
            resolve_invite(backend_store, bad)
    assert revoke_invites(backend_store, who) == 1
    with pytest.raises(InvalidInvite):
        resolve_invite(backend_store, token)


def test_a_team_round_lives_through_its_whole_cycle(backend_store, instrument):
    made = create_team(backend_store, "Blue", "Ana,Ben:peer,Cleo", leader="Lea")
    links = {(link.member, link.subject): link for link in made.links}
    assert len(made.links) == 7  # four self-assessments, three ratings of Lea
    token = made.coach_url.rsplit("coach=", 1)[1]
    assert resolve_coach_token(backend_store, token).name == "Blue"
    ben = links[("Ben", "Lea")]
    invite = resolve_invite(backend_store, ben.url.rsplit("invite=", 1)[1])
    assert (invite.rater_group, invite.subject_id) == ("peer", ben.subject_id)
    extra = add_member(backend_store, "Blue", "Dan")
    assert {link.subject for link in extra} == {None, "Lea"}
    assert revoke_member(backend_store, "Blue", "Dan") == 2
    closed = close_round(backend_store, "Blue")
    assert closed.closed
    with pytest.raises(AnswerError, match="closed"):
        backend_store.record_answer(ben.respondent_id, made.round.id, instrument, "r1", 3)
    again = new_round(backend_store, "Blue")
    assert again.round.label == "Round 2" and len(again.links) == 7  # Dan's revoked links do not carry over


def test_the_dashboard_reads_the_same_figures_on_either_backend(backend_store):
    from workbook.instruments import builtin_instruments

    first = builtin_instruments()[0]
    made = create_team(backend_store, "Green", "Ana,Ben,Cleo", workbook=({"instruments": [first.key]}, {}))
    item = next(i for i in first.items if i.kind == "rating")
    for value, link in zip((1, 3, 5), made.links):
        backend_store.record_answers(link.respondent_id, made.round.id, first,
                                     [(i.id, value if i.id == item.id else 3) for i in first.items])
    dashboard = team_dashboard(backend_store, "Green")
    row = dashboard.items.loc[f"{first.id}/{first.find_item(item.id)[0].id}/{item.id}"]
    assert (row["n"], row["mean"], row["suppressed"]) == (3, 3.0, False)


def test_many_writers_at_once_lose_nothing(backend_url, instrument):
    with Store(backend_url) as store:
        people = [store.add_respondent(f"Member {i}").id for i in range(8)]
        round_id = store.start_round().id
    errors = []

    def answer(who):
        try:
            with Store(backend_url) as mine:
                for step in range(15):
                    mine.record_answer(who, round_id, instrument, ("r1", "r2", "r3")[step % 3], 1 + step % 5)
        except Exception as exc:  # noqa: BLE001 — collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=answer, args=(who,)) for who in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Store(backend_url) as store:
        assert store.count_answers() == 8 * 15
        assert all(store.answer_values(who, round_id, "sample")["r3"] == 5 for who in people)
