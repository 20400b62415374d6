"""Team rounds: links, relations, revoking, closing, new rounds, the coach's link, and the CLI."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from workbook.cli import main
from workbook.errors import AnswerError, LeaderbookError, NotFoundError
from workbook.instruments import builtin_instruments
from workbook.basics.links import coach_url, invite_url
from workbook.store import Store, schema
from workbook.errors import InvalidInvite
from workbook.store.invites import hash_token, resolve_invite
from workbook.team.admin import (add_member, close_round, create_team, find_team, new_coach_link, new_round,
                            parse_members, reissue_links, resolve_coach_token, revoke_member, team_status)


def token_of(url: str, name: str = "invite") -> str:
    return parse_qs(urlsplit(url).query)[name][0]


@pytest.fixture
def store(tmp_path):
    with Store(data=tmp_path) as opened:
        yield opened


def test_links_have_the_shape_serve_answers():
    assert invite_url("abc", "http://host:9000/") == "http://host:9000/voila/render/workbook.ipynb?invite=abc"
    assert coach_url("xyz") == "http://127.0.0.1:8866/voila/render/dashboard.ipynb?coach=xyz"


def test_member_specs_name_how_each_relates_to_the_leader():
    assert parse_members(" Ana, Ben:peer ,, Cleo:manager") == [
        ("Ana", "direct-report"), ("Ben", "peer"), ("Cleo", "manager")]
    with pytest.raises(LeaderbookError, match="rater group 'boss'"):
        parse_members("Ana:boss")


def test_creating_a_team_gives_each_member_a_link_that_reaches_only_them(store):
    made = create_team(store, "Blue", "Ana,Ben,Cleo", base_url="http://coach.example:8866")
    assert [link.member for link in made.links] == ["Ana", "Ben", "Cleo"]
    assert all(link.url.startswith("http://coach.example:8866/voila/render/workbook.ipynb?invite=")
               for link in made.links)
    for link in made.links:
        invite = resolve_invite(store, token_of(link.url))
        assert (invite.respondent_id, invite.round_id, invite.rater_group) == (link.respondent_id, made.round.id, "self")
    assert len({token_of(link.url) for link in made.links}) == 3
    assert resolve_coach_token(store, token_of(made.coach_url, "coach")) == made.team
    assert [m.team_id for m in store.respondents()] == [made.team.id] * 3


def test_tokens_are_stored_only_as_hashes(store):
    made = create_team(store, "Blue", "Ana,Ben,Cleo")
    tokens = {token_of(link.url) for link in made.links} | {token_of(made.coach_url, "coach")}
    with store._read() as conn:
        stored = {row.token_hash for row in conn.execute(schema.invites.select())}
        stored |= {row.token_hash for row in conn.execute(schema.coach_tokens.select())}
    assert stored == {hash_token(t) for t in tokens}
    assert not stored & tokens


def test_a_leader_is_rated_by_everyone_else(store):
    made = create_team(store, "Blue", "Ana,Ben:peer,Cleo:manager", leader="Lea")
    about_lea = {link.member: link.rater_group for link in made.links if link.subject == "Lea"}
    assert about_lea == {"Ana": "direct-report", "Ben": "peer", "Cleo": "manager"}
    assert {link.member for link in made.links if link.subject is None} == {"Lea", "Ana", "Ben", "Cleo"}


@pytest.mark.parametrize("members,words", [
    ("", "at least one member"),
    ("Ana,Ana", "appear twice"),
    ("Ana," + "x" * 201, "at most 200"),
])
def test_a_team_that_makes_no_sense_is_refused(store, members, words):
    with pytest.raises(LeaderbookError, match=words):
        create_team(store, "Blue", members)
    assert team_status(store) == []


def test_the_threshold_is_never_below_three(store):
    with pytest.raises(LeaderbookError, match="at least 3"):
        create_team(store, "Blue", "Ana,Ben,Cleo", threshold=2)
    assert create_team(store, "Blue", "Ana,Ben,Cleo", threshold=5).team.threshold == 5


def test_team_names_are_unique(store):
    create_team(store, "Blue", "Ana")
    with pytest.raises(LeaderbookError, match="already exists"):
        create_team(store, "Blue", "Ben")
    with pytest.raises(NotFoundError, match="teams: Blue"):
        find_team(store, "Red")


def test_a_revoked_link_stops_working_and_keeps_the_answers(store):
    made = create_team(store, "Blue", "Ana,Ben,Cleo")
    ana = made.links[0]
    instrument = builtin_instruments()[0]
    store.record_answer(ana.respondent_id, made.round.id, instrument, instrument.items[0].id, 3)
    assert revoke_member(store, "Blue", "Ana") == 1
    with pytest.raises(InvalidInvite):
        resolve_invite(store, token_of(ana.url))
    assert store.count_answers() == 1
    fresh = reissue_links(store, "Blue", "Ben")
    with pytest.raises(InvalidInvite):
        resolve_invite(store, token_of(made.links[1].url))
    assert resolve_invite(store, token_of(fresh[0].url)).respondent_id == made.links[1].respondent_id


def test_a_member_added_later_rates_the_leader_too(store):
    create_team(store, "Blue", "Ana,Ben", leader="Lea")
    links = add_member(store, "Blue", "Dan", rater_group="peer")
    assert [(link.subject, link.rater_group) for link in links] == [(None, "self"), ("Lea", "peer")]
    with pytest.raises(LeaderbookError, match="already has a member"):
        add_member(store, "Blue", "Dan")


def test_a_closed_round_refuses_answers_and_says_so(store):
    made = create_team(store, "Blue", "Ana,Ben,Cleo")
    close_round(store, "Blue")
    instrument = builtin_instruments()[0]
    with pytest.raises(AnswerError, match="closed and accepts no more answers"):
        store.record_answer(made.links[0].respondent_id, made.round.id, instrument, instrument.items[0].id, 3)
    assert resolve_invite(store, token_of(made.links[0].url)).round_closed
    with pytest.raises(LeaderbookError, match="is closed; start a new one"):
        add_member(store, "Blue", "Dan")
    with pytest.raises(LeaderbookError, match="is closed"):
        close_round(store, "Blue")


def test_a_new_round_carries_the_relations_over_and_closes_the_old_one(store):
    first = create_team(store, "Blue", "Ana,Ben:peer", leader="Lea")
    second = new_round(store, "Blue", label="Autumn")
    relation = lambda link: (link.member, link.rater_group, link.subject)  # noqa: E731
    assert sorted(map(relation, second.links)) == sorted(map(relation, first.links))
    assert store.round(first.round.id).closed and not store.round(second.round.id).closed
    assert second.closed == (first.round,)
    assert {token_of(link.url) for link in second.links}.isdisjoint(token_of(link.url) for link in first.links)


def test_a_new_coach_link_replaces_the_old_one(store):
    made = create_team(store, "Blue", "Ana")
    fresh = new_coach_link(store, "Blue")
    with pytest.raises(InvalidInvite):
        resolve_coach_token(store, token_of(made.coach_url, "coach"))
    assert resolve_coach_token(store, token_of(fresh, "coach")).name == "Blue"
    for bad in ("", None, "short", token_of(fresh, "coach")[:-2] + "zz", token_of(made.links[0].url)):
        with pytest.raises(InvalidInvite):
            resolve_coach_token(store, bad)


# -- the CLI ----------------------------------------------------------------


def test_team_create_prints_one_link_per_member_and_a_coach_link(tmp_path, capsys):
    assert main(["team", "create", "Blue", "--members", "Ana,Ben,Cleo", "--data", str(tmp_path),
                 "--base-url", "http://10.1.2.3:8866"]) == 0
    out = capsys.readouterr().out
    invites = [line for line in out.splitlines() if "workbook.ipynb?invite=" in line]
    assert [line.split()[0] for line in invites] == ["Ana", "Ben", "Cleo"]
    assert "Coach dashboard: http://10.1.2.3:8866/voila/render/dashboard.ipynb?coach=" in out
    with Store(data=tmp_path) as store:
        token = invites[1].split("invite=")[1]
        assert store.respondent(resolve_invite(store, token).respondent_id).name == "Ben"


def test_team_commands_work_end_to_end(tmp_path, capsys):
    data = ["--data", str(tmp_path)]
    assert main(["team", "create", "Blue", "--members", "Ana,Ben", "--leader", "Lea", "--json", *data]) == 0
    created = json.loads(capsys.readouterr().out)
    assert len(created["links"]) == 5 and created["coach_url"]
    assert main(["team", "add-member", "Blue", "Cleo", "--group", "peer", *data]) == 0
    assert "rates Lea as peer" in capsys.readouterr().out
    assert main(["team", "revoke", "Blue", "Cleo", *data]) == 0
    assert "revoked 2 link(s)" in capsys.readouterr().out
    assert main(["team", "close", "Blue", *data]) == 0
    assert "accepts no more answers" in capsys.readouterr().out
    assert main(["team", "new-round", "Blue", "--label", "Autumn", *data]) == 0
    assert "Autumn" in capsys.readouterr().out
    assert main(["team", "list", "--json", *data]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["members"] == ["Lea", "Ana", "Ben", "Cleo"]
    assert [(r["label"], r["closed"]) for r in listed[0]["rounds"]] == [("Round 1", True), ("Autumn", False)]


def test_team_errors_are_one_line(tmp_path, capsys):
    assert main(["team", "close", "Nobody", "--data", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("leaderbook: error: no team named 'Nobody'") and err.count("\n") == 1
    assert main(["team", "create", "X", "--members", "A,B,C", "--threshold", "1", "--data", str(tmp_path)]) == 1
    assert "at least 3" in capsys.readouterr().err
