"""The audit trail on a real store (SQLite and PostgreSQL): each coach action leaves one entry with
its time, actor, action and team; no entry holds a token or an answer; the database refuses to
change or remove an entry; ``leaderbook audit`` prints them oldest first, escaped for the terminal."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import DatabaseError

from workbook.cli import main
from workbook.errors import InputError
from workbook.exports.answers import answer_rows
from workbook.exports.team import aggregate_export
from workbook.instruments.loader import parse_instrument
from workbook.reports.individual import individual_report
from workbook.store import Store, schema
from workbook.store.engine import open_engine
from workbook.team.admin import add_member, close_round, create_team, new_round, reissue_links, revoke_member
from workbook.team.mail import DEFAULT_INVITATION, MailServer, send_invitations

from pg_fixtures import backend_store, backend_url  # noqa: F401  (fixtures)
from samples import SMALL_INSTRUMENT
from smtp_servers import smtp_server

SECRET_ANSWER = "Our budget is the real problem zq7"
TOKEN = re.compile(r"(?:invite|coach|token)=([A-Za-z0-9_-]{20,64})")


def _tokens(*urls) -> set[str]:
    return {m.group(1) for url in urls if url for m in TOKEN.finditer(url)}


def test_each_coach_action_leaves_one_entry_with_no_token_and_no_answer(backend_store):
    store = backend_store
    instrument = parse_instrument(SMALL_INSTRUMENT)
    before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)
    made = create_team(store, "Blue", ["Ana", "Ben", "Cleo"])
    ana = next(link for link in made.links if link.member == "Ana")
    store.record_answer(ana.respondent_id, made.round.id, instrument, "t1", SECRET_ANSWER, note=SECRET_ANSWER)
    urls = [made.coach_url, made.session_url, *(link.url for link in made.links)]

    assert revoke_member(store, "Blue", "Ben") >= 1
    urls += [link.url for link in reissue_links(store, "Blue", "Cleo", actor="workspace")]
    urls += [link.url for link in add_member(store, "Blue", "Dev")]
    aggregate_export(store, "Blue", actor="cli")
    rows = answer_rows(store, [instrument], actor="workspace", team="Blue")
    assert any(row.get("value") == SECRET_ANSWER or row.get("note") == SECRET_ANSWER for row in rows)
    store.set_member_contact(ana.respondent_id, "ana@example.org")
    with smtp_server() as box:
        report = send_invitations(store, "Blue", MailServer.from_url(
            f"smtp://127.0.0.1:{box.port}?starttls=no", "Coach <coach@example.org>"), DEFAULT_INVITATION)
        urls += [m.get_content() for m in box.to("ana@example.org")]
    assert report.sent == ("Ana",)
    closed = close_round(store, "Blue")
    urls += [link.url for link in new_round(store, "Blue", actor="workspace").links]

    entries = store.entries(team="Blue")
    assert [(e.actor, e.action) for e in entries] == [
        ("cli", "revoke"), ("workspace", "reissue"), ("cli", "late-member"), ("cli", "export"),
        ("workspace", "export"), ("cli", "email"), ("cli", "close-round"), ("workspace", "new-round")]
    after = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1)
    assert all(e.team == "Blue" and before <= e.at <= after for e in entries)
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    assert "1 sent" in entries[5].detail and closed.label in entries[6].detail
    # A member is named by their respondent id, never by name: an erased name must not stay in a
    # trail nothing may change.
    ids = {m.name: m.id for m in store.respondents(made.team.id)}
    assert entries[0].detail == f"respondent {ids['Ben']}: 1 link(s), latest round"
    assert entries[1].detail == f"respondent {ids['Cleo']}: 1 new link(s) in {closed.label}"
    assert entries[2].detail.startswith(f"respondent {ids['Dev']}: joined {closed.label} (direct-report), ")
    for entry in entries:
        assert not any(name in entry.detail for name in ("Ana", "Ben", "Cleo", "Dev")), entry
    tokens = _tokens(*urls)
    assert len(tokens) >= 8  # the links made above, the coach's and the emailed one
    for entry in entries:
        assert SECRET_ANSWER not in entry.detail and "zq7" not in entry.detail
        assert not any(token in entry.detail for token in tokens), entry
    assert [e.action for e in store.entries(team="Blue", limit=2)] == ["close-round", "new-round"]
    assert store.entries(team="Green") == []


def test_an_individual_report_is_recorded_by_the_respondent_id_not_their_name(tmp_path):
    with Store(data=tmp_path) as store:
        made = create_team(store, "Blue", ["Ana", "Ben", "Cleo"])
        ana = next(link for link in made.links if link.member == "Ana")
        individual_report(store, ana.respondent_id, round_id=made.round.id, actor="cli")
        [entry] = store.entries(team="Blue")
    assert (entry.actor, entry.action) == ("cli", "report")
    assert entry.detail == f"individual report of respondent {ana.respondent_id}, {made.round.label}"


def test_the_database_refuses_to_change_or_remove_an_entry(backend_store):
    backend_store.record("export", team="Blue", detail="aggregate figures")
    engine = open_engine(backend_store.url)  # a connection of its own, as psql or another program would be
    try:
        for statement in ("UPDATE lb_audit SET detail = 'nothing happened'", "DELETE FROM lb_audit"):
            with pytest.raises(DatabaseError, match="append-only"):
                with engine.begin() as conn:
                    conn.execute(text(statement))
    finally:
        engine.dispose()
    assert [e.detail for e in backend_store.entries()] == ["aggregate figures"]


@pytest.mark.parametrize("kwargs,words", [
    ({"action": "rewrite"}, "not an audited action"),
    ({"action": "export", "actor": "someone"}, "not an audit actor"),
    ({"action": "export", "detail": 7}, "is text"),
])
def test_a_bad_entry_is_refused_and_nothing_is_written(tmp_path, kwargs, words):
    with Store(data=tmp_path) as store:
        with pytest.raises(InputError, match=words):
            store.record(**kwargs)
        assert store.entries() == []


def test_a_detail_naming_old_text_is_kept_as_one_printable_line_not_refused(tmp_path):
    # Names and labels stored before the door's check may hold control characters: the
    # coach's action still happens, and its entry says so on one line.
    with Store(data=tmp_path) as store:
        store.record("export", team="Blue\x07", detail="two\nlines\x1b[2J\x7f")
        store.record("export", detail="x" * 501)
        first, second = store.entries()
    assert first.team == "Blue\ufffd" and first.detail == "two lines\ufffd[2J\ufffd"
    assert len(second.detail) == 500 and second.detail.endswith("…")


def test_leaderbook_audit_prints_entries_oldest_first_escaped(tmp_path, capsys):
    with Store(data=tmp_path) as store:
        create_team(store, "Blue", ["Ana", "Ben", "Cleo"])
        create_team(store, "Red", ["Dan", "Eve", "Fay"])
        close_round(store, "Blue")
        revoke_member(store, "Red", "Dan")
        aggregate_export(store, "Blue", actor="workspace")
        engine = open_engine(store.url)  # written by other means: the terminal must still be safe
        with engine.begin() as conn:
            conn.execute(insert(schema.audit).values(at=dt.datetime.now(dt.timezone.utc), actor="cli",
                                                     action="export", team="Blue", detail="x\x1b[2Jy"))
        engine.dispose()
    assert main(["audit", "--data", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[3] for line in lines] == ["close-round", "revoke", "export", "export"]
    assert lines[0].split()[2:5] == ["cli", "close-round", "Blue"]
    assert "\x1b" not in lines[3] and "x\ufffd[2Jy" in lines[3]
    assert main(["audit", "--data", str(tmp_path), "--team", "Blue", "--limit", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].split()[2:4] == ["workspace", "export"]
    assert main(["audit", "--data", str(tmp_path), "--team", "Green"]) == 0
    assert capsys.readouterr().out.strip() == "no audit entries for team 'Green'"
    with pytest.raises(SystemExit):
        main(["audit", "--data", str(tmp_path), "--limit", "0"])
