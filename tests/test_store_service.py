"""The store service and its client: a real Tornado server on a real Unix socket, over a real SQLite store.

A page kernel under ``leaderbook serve`` reaches the server's store only
through these calls (pages/store_service.py, workbook/store/client.py): each
whitelisted call must give what the store itself gives, and anything else (a
call not on the list, an argument of the wrong type or size, a caller that is
not one of the server's kernels, a kernel reaching past its own link) must be
refused with nothing written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import stat
from urllib.parse import urlsplit

import pytest

from pages.request import invite_token
from pages.store_service import CALLS, MAX_BODY
from workbook.assess.plan import new_action
from workbook.errors import AnswerError, InvalidInvite, LeaderbookError, StoreError
from workbook.exports.own_copy import own_copy
from workbook.instruments import find_instrument
from workbook.instruments.programme import Programme
from workbook.store.invites import resolve_invite
from workbook.team.admin import create_team

from store_services import Served

SKILLS = find_instrument("leader-skills")
WHY = find_instrument("why-converge")


@pytest.fixture
def served(store, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    running = Served(store, site)
    yield running
    running.stop()


@pytest.fixture
def individual(store):
    """An individual leader's round and invite token: ``(respondent, round, token)``."""
    ana = store.add_respondent("Ana")
    round_ = store.start_round()
    return ana, round_, store.add_invite(ana.id, round_.id)


def written(store) -> tuple:
    """Everything a page could write, counted."""
    respondents = store.respondents()
    return (store.count_answers(), [(r.id, r.name) for r in respondents],
            [store.load_plan(r.id, rd.id) for r in respondents for rd in store.rounds()],
            [store.load_place(r.id, rd.id) for r in respondents for rd in store.rounds()])


def test_the_socket_is_the_users_alone(served):
    socket_mode = os.stat(served.socket_path).st_mode
    directory_mode = os.stat(os.path.dirname(served.socket_path)).st_mode
    assert stat.S_ISSOCK(socket_mode)
    assert stat.S_IMODE(socket_mode) == 0o600
    assert stat.S_IMODE(directory_mode) == 0o700


def test_every_whitelisted_call_gives_what_the_store_gives(served, store, individual):
    ana, round_, token = individual
    client = served.client()
    made = []

    def call(name, *args, **kwargs):
        made.append(name)
        return getattr(client, name)(*args, **kwargs)

    assert call("invite_for_token", token) == store.invite_for_token(token)
    assert call("respondent", ana.id) == store.respondent(ana.id)
    assert call("round", round_.id) == store.round(round_.id)
    assert call("member_language", ana.id) is None == store.member_language(ana.id)  # no roster gave one
    assert call("round_programme", round_.id) is None
    item = SKILLS.sections[0].items[0]
    recorded = call("record_answer", ana.id, round_.id, SKILLS, item.id, 3, "my note", subject_id=None)
    [stored] = store.latest_answers(ana.id, round_.id, SKILLS.id, subject_id=None)
    # As the store's own record_answer gives it: the stamp aware, in UTC (SQLite reads it back naive).
    assert recorded == dataclasses.replace(stored, recorded_at=stored.recorded_at.replace(tzinfo=dt.timezone.utc))
    assert (call("latest_answers", ana.id, round_.id, SKILLS.id, subject_id=None, include_cleared=True)
            == store.latest_answers(ana.id, round_.id, SKILLS.id, subject_id=None, include_cleared=True))
    plan = [new_action("Ask my team for feedback every month")]
    assert call("save_plan", ana.id, round_.id, plan) == store.load_plan(ana.id, round_.id)
    assert call("load_plan", ana.id, round_.id) == store.load_plan(ana.id, round_.id) != []
    sheet = call("save_worksheet", ana.id, round_.id, "cost-of-non-training", {"people": 12})
    assert call("load_worksheet", ana.id, round_.id, "cost-of-non-training") == sheet
    assert sheet == store.load_worksheet(ana.id, round_.id, "cost-of-non-training")
    assert call("save_place", ana.id, round_.id, "leader-skills") is None
    assert call("load_place", ana.id, round_.id) == "leader-skills" == store.load_place(ana.id, round_.id)
    assert call("rename_respondent", ana.id, "Ana Lima") == store.respondent(ana.id) == type(ana)(ana.id, "Ana Lima")
    # The own copy is made by the server, and recorded in its audit trail as the member's.
    copy = call("own_copy", ana.id, round_.id)
    assert copy == {**own_copy(store, ana.id), "made_at": copy["made_at"]}
    assert copy["respondent"]["name"] == "Ana Lima" and [a["note"] for a in copy["answers"]] == ["my note"]
    assert [e.actor for e in store.entries() if e.action == "own-copy"] == ["member"]
    assert set(made) == set(CALLS)


def test_a_raters_page_reads_its_rounds_programme_and_the_leader_it_rates(served, store):
    programme = Programme("Onboarding", instruments=(WHY.key,))
    made = create_team(store, "Blue", "Ana,Ben", leader="Ana", workbook=(programme.to_json(), {}))
    link = next(link for link in made.links if link.subject_id is not None)
    token = invite_token(urlsplit(link.url).query)
    client = served.client()
    invite = client.invite_for_token(token)
    assert invite == store.invite_for_token(token) and invite.subject_id == link.subject_id
    assert client.respondent(link.subject_id) == store.respondent(link.subject_id)
    assert client.round_programme(made.round.id) == store.round_programme(made.round.id)
    item = WHY.sections[0].items[0]
    client.record_answer(link.respondent_id, made.round.id, WHY, item.id, 2,
                         subject_id=link.subject_id)
    assert [a.item_id for a in store.latest_answers(link.respondent_id, made.round.id, subject_id=link.subject_id)] \
        == [item.id]
    # The round asks WHY only: an answer to another instrument is refused, whatever the kernel says it is.
    with pytest.raises(AnswerError):
        client.record_answer(link.respondent_id, made.round.id, SKILLS, SKILLS.sections[0].items[0].id, 3,
                             subject_id=link.subject_id)


def test_the_stores_own_refusals_come_back_as_the_same_errors(served, store, individual):
    ana, round_, token = individual
    client = served.client()
    assert client.invite_for_token("not-a-token") is None
    client.invite_for_token(token)
    before = written(store)
    item = SKILLS.sections[0].items[0]
    with pytest.raises(AnswerError):
        client.record_answer(ana.id, round_.id, SKILLS, item.id, 99)
    with pytest.raises(AnswerError):
        client.record_answer(ana.id, round_.id, SKILLS, "no-such-item", 3)
    with pytest.raises(LeaderbookError):
        client.rename_respondent(ana.id, "   ")
    with pytest.raises(LeaderbookError):
        client.save_plan(ana.id, round_.id, [{"nonsense": True}])
    assert written(store) == before
    store.close_round(round_.id)
    with pytest.raises(AnswerError):
        client.record_answer(ana.id, round_.id, SKILLS, item.id, 3)
    assert written(store) == before
    # resolve_invite works on the client as on the store: a revoked link is not valid.
    store.revoke_invites(ana.id)
    with pytest.raises(InvalidInvite):
        resolve_invite(client, token)


@pytest.mark.parametrize("name, arguments", [
    ("add_respondent", {"name": "Mallory"}),
    ("close_round", {"round_id": 1}),
    ("start_round", {}),
    ("revoke_invites", {"respondent_id": 1}),
    ("_write", {}),
])
def test_a_call_not_on_the_whitelist_is_refused_and_writes_nothing(served, store, individual, name, arguments):
    client = served.client()
    client.invite_for_token(individual[2])
    before = written(store), store.rounds()
    with pytest.raises(StoreError):
        client.call(name, **arguments)
    assert (written(store), store.rounds()) == before


@pytest.mark.parametrize("arguments", [
    {"respondent_id": "1"},  # an id as text
    {"respondent_id": True},  # a bool is not an id
    {"respondent_id": 1.0},
    {"value": {"dict": "is no answer"}},
    {"item_id": ["a list"]},
    {"note": 7},
    {"subject_id": "none"},
    {"extra": "argument"},
])
def test_arguments_of_the_wrong_type_are_refused_and_write_nothing(served, store, individual, arguments):
    ana, round_, token = individual
    client = served.client()
    client.invite_for_token(token)
    good = {"respondent_id": ana.id, "round_id": round_.id, "instrument_id": SKILLS.id,
            "instrument_version": SKILLS.version, "item_id": SKILLS.sections[0].items[0].id, "value": 3,
            "note": None, "subject_id": None}
    client.call("record_answer", **good)  # the call itself is fine
    before = written(store)
    with pytest.raises(StoreError, match="record_answer"):
        client.call("record_answer", **{**good, **arguments})
    assert written(store) == before


def test_oversized_values_are_refused_and_write_nothing(served, store, individual):
    ana, round_, token = individual
    client = served.client()
    client.invite_for_token(token)
    before = written(store)
    with pytest.raises(StoreError, match="larger than"):
        client.save_plan(ana.id, round_.id, [{"what": "x" * (MAX_BODY + 10)}])
    with pytest.raises(StoreError, match="note"):
        client.record_answer(ana.id, round_.id, SKILLS, SKILLS.sections[0].items[0].id, 3, "n" * 20_000)
    with pytest.raises(StoreError, match="name"):
        client.rename_respondent(ana.id, "A" * 20_000)
    assert written(store) == before


def test_only_the_servers_kernels_may_call_and_each_only_for_its_own_link(served, store, individual):
    ana, round_, token = individual
    ben = store.add_respondent("Ben")
    other_round = store.start_round()
    store.add_invite(ben.id, other_round.id)
    before = written(store)
    for stranger in (served.client("kernel-a", "wrong secret"), served.client("kernel-z", "any"),
                     served.client("", "")):
        with pytest.raises(StoreError, match="page kernels"):
            stranger.invite_for_token(token)
    kernel = served.client()
    with pytest.raises(StoreError, match="not opened a link"):  # nothing until it resolved its invite
        kernel.load_plan(ana.id, round_.id)
    kernel.invite_for_token(token)
    with pytest.raises(StoreError, match="may not touch"):
        kernel.respondent(ben.id)
    with pytest.raises(StoreError, match="may not touch"):
        kernel.save_place(ben.id, other_round.id, "leader-skills")
    with pytest.raises(StoreError, match="may not touch"):
        kernel.record_answer(ana.id, other_round.id, SKILLS, SKILLS.sections[0].items[0].id, 3)
    with pytest.raises(StoreError, match="may not touch"):
        kernel.rename_respondent(ben.id, "Mallory")
    with pytest.raises(StoreError, match="may not touch"):  # nobody's own copy but the link's
        kernel.own_copy(ben.id, round_.id)
    # Another kernel has no grant of its own, whatever kernel-a opened; a forgotten kernel loses its grant.
    with pytest.raises(StoreError, match="not opened a link"):
        served.client("kernel-b").load_plan(ana.id, round_.id)
    served.service.forget("kernel-a")
    with pytest.raises(StoreError, match="not opened a link"):
        kernel.load_plan(ana.id, round_.id)
    assert written(store) == before


def test_a_server_that_is_gone_is_a_store_error_the_page_shows_as_not_saved(served, store, individual):
    ana, round_, token = individual
    client = served.client()
    client.invite_for_token(token)
    served.stop()
    with pytest.raises(StoreError, match="could not be reached"):
        client.record_answer(ana.id, round_.id, SKILLS, SKILLS.sections[0].items[0].id, 3)
    with pytest.raises(StoreError):
        client.load_place(ana.id, round_.id)
    assert store.count_answers() == 0
