"""Forgetting a member (SQLite and PostgreSQL): after ``forget``, nothing they wrote and not their
name is anywhere: not in a row of any table, not in the SQLite file's bytes or its WAL, not in an
export or a report; the published figures are exactly as before; the audit trail says an erasure
happened, by id only; a wrong or ambiguous name changes nothing; the CLI asks to type the name."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import String, Text, event, or_, select

from pg_fixtures import backend_store, backend_url  # noqa: F401  (fixtures: each test runs on both backends)
from samples import SMALL_INSTRUMENT
from workbook.cli import main
from workbook.errors import InputError, LeaderbookError, NotFoundError
from workbook.exports.answers import MAP_COLUMNS, answer_rows, map_rows, write_rows
from workbook.exports.own_copy import own_copy, own_copy_json
from workbook.exports.team import aggregate_export, write_aggregates
from workbook.instruments.loader import parse_instrument
from workbook.instruments.programme import Programme
from workbook.reports.individual import individual_html, individual_report
from workbook.reports.team import team_report
from workbook.store import Store, schema
from workbook.store.erasure import UnkeptFigures
from workbook.team.admin import add_member, create_team
from workbook.team.dashboard import team_dashboard
from workbook.team.erasure import forget_member

OWN = parse_instrument(SMALL_INSTRUMENT, "sample.yaml")
LEADER = "Anastasia Leadwell"
FORGOTTEN = "Bartholomew Quillfeather"
MEMBERS = [LEADER, (FORGOTTEN, "peer"), ("Cleopatra Ironside", "peer"), ("Desmond Farrowby", "peer"),
           ("Evangeline Marsh", "peer")]
NAMES = [LEADER] + [name for name, _ in MEMBERS[1:]]
#: What only the forgotten member wrote, one sentence per place it is kept.
TEXT = "The regional office decides our budget behind closed doors xq91"
NOTE = "I rated low because of the merger nobody mentions vz27"
PLAN = "Ask the regional office for the minutes of March kp53"
MAP = "Win back the northern warehouse staff jm48"
EMAIL = "bartholomew.quillfeather@example.org"
SECRETS = (FORGOTTEN, TEXT, NOTE, PLAN, MAP, EMAIL)


def answers_of(number: int, text: str) -> list[tuple[str, object]]:
    return [("r1", 1 + number % 5), ("r2", 1 + (number * 2) % 5), ("r3", 5 - number % 5),
            ("c1", number % 2 == 0), ("c2", True), ("m1", number % 3), ("m2", 0), ("t1", text)]


def a_map(goal: str) -> dict:
    return {"goals": [{"id": "g1", "name": goal, "priority": "high"}],
            "programmes": [{"id": "p1", "name": "Coaching circle"}],
            "links": [{"goal": "g1", "programme": "p1", "strength": "direct"}]}


def make_team(store):
    """A team of five on the sample instrument; the leader is rated by the four others as peers.

    Everyone answers everything (the forgotten member writes his sentences), saves a plan and a map;
    he has an address and an email record. The dashboard is viewed, so the rule publishes.
    """
    programme = Programme("Check-in", instruments=("sample.yaml",)).to_json()
    made = create_team(store, "Figures", MEMBERS, leader=LEADER, threshold=3,
                       workbook=(programme, {"sample.yaml": SMALL_INSTRUMENT}))
    round_id = made.round.id
    for number, link in enumerate(made.links):
        mine = link.member == FORGOTTEN
        text = TEXT if mine and link.subject_id is None else f"Nothing much changes here ({number})."
        store.record_answers(link.respondent_id, round_id, OWN, answers_of(number, text), subject_id=link.subject_id)
        if mine and link.subject_id is not None:
            store.record_answer(link.respondent_id, round_id, OWN, "r1", 1, note=NOTE, subject_id=link.subject_id)
    for number, link in enumerate(link for link in made.links if link.subject_id is None):
        mine = link.member == FORGOTTEN
        store.save_plan(link.respondent_id, round_id, [
            {"id": "a1", "what": PLAN if mine else f"Meet the team ({number})", "gap": "sample/rated",
             "owner": "", "due": "", "measure": "", "level": "", "status": "planned"}])
        store.save_worksheet(link.respondent_id, round_id, "convergence-map",
                             a_map(MAP if mine else "Grow sales"))
        store.save_place(link.respondent_id, round_id, "sample")
    forgotten = ids(made)[FORGOTTEN]
    store.set_member_contact(forgotten, EMAIL, "en")
    sent = store.start_message(round_id, forgotten, "invitation", EMAIL)
    store.finish_message(sent.id, "failed", f"550 no mailbox {EMAIL}")
    team_dashboard(store, team=made.team)
    return made


@pytest.fixture
def made(backend_store):
    return make_team(backend_store)


def ids(made) -> dict[str, int]:
    return {link.member: link.respondent_id for link in made.links}


def rows_naming(store, needles) -> list[tuple[str, str, object]]:
    """Every (table, column, value) of every text column of every table that holds one of ``needles``."""
    found = []
    with store.engine.connect() as conn:
        for table in schema.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, (String, Text)):
                    continue
                hit = or_(*(column.contains(needle, autoescape=True) for needle in needles))
                found += [(table.name, column.name, value)
                          for value in conn.execute(select(column).where(hit)).scalars()]
    return found


def every_row(store) -> dict[str, list]:
    with store.engine.connect() as conn:
        return {table.name: sorted(map(repr, conn.execute(select(table)).all()))
                for table in schema.metadata.sorted_tables}


def store_bytes(store) -> bytes:
    """The SQLite file and its WAL (when there is one), as they are on disk."""
    path = Path(store.engine.url.database)
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def everything_shown(store, made) -> bytes:
    """Every export and report a coach can make of the store, as bytes."""
    shown = [write_rows(answer_rows(store, [OWN], history=history), fmt, None)
             for history in (False, True) for fmt in ("csv", "json")]
    shown += [write_rows(rows, "csv", None, columns=MAP_COLUMNS[table]) for table, rows in map_rows(store).items()]
    shown.append(write_aggregates(aggregate_export(store, "Figures", instruments=[OWN]), "json", None))
    shown.append(team_report(team_dashboard(store, team=made.team)).encode())
    for respondent_id in ids(made).values():
        shown.append(individual_html(individual_report(store, respondent_id, instruments=[OWN])).encode())
        shown.append(own_copy_json(own_copy(store, respondent_id, [OWN])))
    return b"\n".join(shown)


def found_in(data: bytes, needles) -> list[str]:
    return [needle for needle in needles if needle.encode() in data]


def test_after_forget_nothing_they_wrote_or_their_name_is_in_any_row_export_or_report(backend_store, made):
    store = backend_store
    # The checks can fail: before, every secret is in the rows, and the shown ones in what is shown.
    assert {needle for needle in SECRETS if rows_naming(store, [needle])} == set(SECRETS)
    assert found_in(everything_shown(store, made), [FORGOTTEN, TEXT, PLAN]) == [FORGOTTEN, TEXT, PLAN]

    done = forget_member(store, "Figures", FORGOTTEN)

    assert rows_naming(store, SECRETS) == []
    assert found_in(everything_shown(store, made), SECRETS) == []
    counts = done.counts.removed
    assert counts["answers"] == 2 * len(OWN.items) + 1 and counts["answers_about"] == 0
    assert (counts["plans"], counts["worksheets"], counts["places"]) == (1, 1, 1)
    assert (counts["invites"], counts["contacts"], counts["messages"]) == (2, 1, 1)
    assert done.counts.storage_cleared
    # The row stays, with its id, so published snapshots still name who they counted.
    erased = store.respondent(done.respondent_id)
    assert erased.erased and erased.name == "(erased)"
    assert all(done.respondent_id != m.id for m in store.respondents(made.team.id))
    assert any(done.respondent_id in s.respondents for s in store.snapshots(made.team.id))
    # Everyone else's rows are kept.
    others = [i for name, i in ids(made).items() if name != FORGOTTEN]
    assert {a.respondent_id for a in store.latest_answers(round_id=made.round.id)} == set(others)


def test_on_sqlite_neither_the_file_nor_its_wal_holds_their_bytes(tmp_path):
    with Store(data=tmp_path) as store:
        # As on a system whose SQLite deletes without overwriting: the erasure must turn it on itself.
        event.listen(store.engine, "connect", lambda conn, _: conn.execute("PRAGMA secure_delete=OFF"))
        store.engine.dispose()
        make_team(store)
        before = store_bytes(store)
        assert found_in(before, SECRETS) == list(SECRETS), "the check can fail: the bytes are there before"
        forget_member(store, "Figures", FORGOTTEN)
        assert found_in(store_bytes(store), SECRETS) == []
        # The others' words are still there: the check reads the live bytes.
        assert b"Nothing much changes here" in store_bytes(store)


def test_published_figures_are_exactly_as_before(backend_store, made):
    store = backend_store
    before = team_dashboard(store, team=made.team)
    published = len(store.snapshots(made.team.id))
    forget_member(store, "Figures", FORGOTTEN)
    after = team_dashboard(store, team=made.team)
    pd.testing.assert_frame_equal(after.sections, before.sections)
    pd.testing.assert_frame_equal(after.items, before.items)
    pd.testing.assert_frame_equal(after.heatmap, before.heatmap)
    assert len(after.subjects) == len(before.subjects) == 1
    pd.testing.assert_frame_equal(after.subjects[0].gaps, before.subjects[0].gaps)
    pd.testing.assert_frame_equal(after.subjects[0].groups, before.subjects[0].groups)
    assert after.members_answering == before.members_answering == len(NAMES)
    assert after.maps.maps == before.maps.maps == len(NAMES) and after.maps.shown
    pd.testing.assert_frame_equal(after.maps.goals, before.maps.goals)
    pd.testing.assert_frame_equal(after.maps.pairs, before.maps.pairs)
    # Words are read live: what was left of the group's would say which were theirs, so none is shown.
    assert len(before.texts) and len(before.actions) and not before.texts["suppressed"].all()
    assert len(after.texts) == 0 and len(after.actions) == 0
    # The group shrank by one: nothing new is published (it must grow by k past what was), nothing waits.
    assert len(store.snapshots(made.team.id)) == published
    assert not any(w.scope == "self" for w in after.waiting)


def test_after_an_erasure_the_group_is_published_again_only_k_people_later(backend_store, made):
    store = backend_store
    forget_member(store, "Figures", FORGOTTEN)
    published = {s.id for s in store.snapshots(made.team.id) if s.scope == "self"}
    for number in range(4):
        links = add_member(store, "Figures", f"Newcomer {number}", rater_group="peer")
        member = next(link.respondent_id for link in links if link.subject_id is None)
        store.record_answers(member, made.round.id, OWN, answers_of(number, f"Newcomer's words ({number})."))
        shown = team_dashboard(store, team=made.team)
        new = [s for s in store.snapshots(made.team.id) if s.scope == "self" and s.id not in published]
        if number < 3:  # 4 + 1, 4 + 2 or 4 + 3 people against the 5 published: not k more
            assert new == [] and shown.members_answering == len(NAMES)
    [snapshot] = new
    assert len(snapshot.respondents) == len(NAMES) - 1 + 4 == len(NAMES) + 3
    assert shown.members_answering == len(NAMES) + 3
    texts = [text for answers in shown.texts["answers"] for text in answers]
    assert len(texts) == len(NAMES) + 3 and TEXT not in texts


def test_forgetting_the_leader_removes_the_ratings_of_them_and_keeps_the_published_ones(backend_store, made):
    store = backend_store
    before = team_dashboard(store, team=made.team)
    done = forget_member(store, "Figures", LEADER)
    assert done.counts.answers_about == 4 * len(OWN.items) + 1  # the four peers' ratings, and one note
    assert done.counts.invites == 1 + 4  # her own link, and each peer's link to rate her
    assert [a for a in store.latest_answers(round_id=made.round.id) if a.subject_id is not None] == []
    after = team_dashboard(store, team=made.team)
    pd.testing.assert_frame_equal(after.sections, before.sections)
    [subject] = after.subjects
    assert subject.name == "(erased)"
    pd.testing.assert_frame_equal(subject.groups, before.subjects[0].groups)
    earlier = before.subjects[0].gaps
    pd.testing.assert_frame_equal(subject.gaps.loc[earlier.index, ["n", "others"]], earlier[["n", "others"]],
                                  check_names=False)  # no own scores: the index has lost its name
    # Her own scores were one person's answers read live: gone with her.
    assert subject.gaps["self"].isna().all() and not earlier["self"].isna().all()
    assert rows_naming(store, [LEADER]) == []


def test_the_audit_trail_says_an_erasure_happened_by_id_only(backend_store, made):
    store = backend_store
    done = forget_member(store, "Figures", FORGOTTEN, actor="workspace")
    [entry] = [e for e in store.entries() if e.action == "erasure"]
    assert (entry.actor, entry.team, entry.detail) == ("workspace", "Figures", f"respondent {done.respondent_id}: erased")
    for e in store.entries():
        assert not found_in(e.detail.encode(), SECRETS), e


@pytest.mark.parametrize("member, error", [("Nobody Atall", NotFoundError), ("#99999", NotFoundError),
                                           ("", LeaderbookError), ("ambiguous", LeaderbookError)])
def test_an_unknown_or_ambiguous_member_is_refused_and_nothing_changes(backend_store, made, member, error):
    store = backend_store
    if member == "ambiguous":  # two members by one name (a store allows it; the coach's tools do not)
        store.rename_respondent(ids(made)["Cleopatra Ironside"], FORGOTTEN)
        member = FORGOTTEN
    kept = every_row(store)
    with pytest.raises(error) as refused:
        forget_member(store, "Figures", member)
    if member == FORGOTTEN:
        assert "#" in str(refused.value)  # says how to name the one meant
    assert every_row(store) == kept


def test_one_already_erased_is_refused(backend_store, made):
    store = backend_store
    done = forget_member(store, "Figures", f"#{ids(made)[FORGOTTEN]}")
    kept = every_row(store)
    with pytest.raises(LeaderbookError, match="already erased"):
        forget_member(store, "Figures", f"#{done.respondent_id}")
    with pytest.raises(InputError, match="already erased"):
        store.erase_respondent(done.respondent_id)
    with pytest.raises(InputError, match="erased"):
        store.add_respondent("(erased)", made.team.id)  # the marker is no one's name
    with pytest.raises(InputError, match="erased"):
        store.rename_respondent(done.respondent_id, "Someone Else")
    assert every_row(store) == kept


def test_the_store_refuses_to_erase_while_a_shown_snapshot_has_no_figures(backend_store, made):
    store = backend_store
    with store.engine.begin() as conn:  # as a store from before figures were kept
        conn.execute(schema.snapshot_figures.delete())
    kept = every_row(store)
    with pytest.raises(UnkeptFigures):
        store.erase_respondent(ids(made)[FORGOTTEN])
    assert every_row(store) == kept
    # forget_member makes them first, from the answers as published, and then erases.
    before = team_dashboard(store, team=made.team)
    with store.engine.begin() as conn:
        conn.execute(schema.snapshot_figures.delete())
    forget_member(store, "Figures", FORGOTTEN)
    pd.testing.assert_frame_equal(team_dashboard(store, team=made.team).sections, before.sections)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_cli_forgets_with_yes_and_asks_for_the_name_on_a_terminal(tmp_path, capsys, monkeypatch):
    data = str(tmp_path)
    with Store(data=data) as store:
        made = make_team(store)
        kept = every_row(store)

    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal, no --yes: refused
    assert main(["team", "forget", "Figures", FORGOTTEN, "--data", data]) == 1
    assert "--yes" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", _Terminal("Bartholomew\n"))  # the wrong name typed: refused
    assert main(["team", "forget", "Figures", FORGOTTEN, "--data", data]) == 1
    assert "nothing was erased" in capsys.readouterr().err
    with Store(data=data) as store:
        assert every_row(store) == kept

    monkeypatch.setattr("sys.stdin", _Terminal(FORGOTTEN + "\n"))
    assert main(["team", "forget", "Figures", FORGOTTEN, "--data", data, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["removed"]["plans"] == 1 and printed["storage_cleared"] is True
    assert main(["team", "forget", "Figures", "Desmond Farrowby", "--data", data, "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Erased member #" in out and "plan version(s)" in out and "Desmond" not in out
    with Store(data=data) as store:
        assert rows_naming(store, [FORGOTTEN, "Desmond Farrowby", TEXT]) == []
        assert len([e for e in store.entries() if e.action == "erasure"]) == 2
        assert made.team.id == store.team_named("Figures").id
