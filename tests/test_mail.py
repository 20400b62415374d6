"""Invitations and reminders by email, against a real SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter

import pytest

from pg_fixtures import backend_store, backend_url  # noqa: F401  (fixtures)
from smtp_servers import smtp_server
from workbook.cli import main
from workbook.errors import InvalidInvite, MailError
from workbook.instruments import find_instrument
from workbook.store import Store
from workbook.store.invites import resolve_invite
from workbook.team.admin import create_team, revoke_member
from workbook.team.mail import (DEFAULT_INVITATION, DEFAULT_REMINDER, MailServer, MessageTemplate, message_log,
                                send_invitations, send_reminders, set_reminder_policy)
from workbook.team.roster import create_team_from_roster, read_roster

WHY = find_instrument("why-converge")
PEOPLE = [("Ana", "self", ""), ("Ben", "peer", "Ana"), ("Cleo", "peer", "Ana"), ("Dev", "manager", "Ana"),
          ("Gus", "self", ""), ("Hana", "direct-report", "Gus")]
TOKEN = re.compile(r"invite=([A-Za-z0-9_-]{20,64})")


def roster(people=PEOPLE) -> bytes:
    return ("name,email,role,leader\n" + "".join(f"{n},{n.lower()}@example.org,{r},{leader}\n"
                                                  for n, r, leader in people)).encode()


@pytest.fixture
def programme(tmp_path):
    assert main(["new", str(tmp_path / "programme"), "--instrument", "why-converge"]) == 0
    return tmp_path / "programme"


def server_for(box) -> MailServer:
    return MailServer.from_url(f"smtp://127.0.0.1:{box.port}?starttls=no", "Coach <coach@example.org>")


def tokens_for(box, address: str) -> list[str]:
    return [TOKEN.search(m.get_content()).group(1) for m in box.to(address)]


def finish(store, member_id, round_id, subject_id):
    entries = [(item.id, 4 if item.kind == "rating" else True) for item in WHY.items if item.kind != "text"]
    store.record_answers(member_id, round_id, WHY, entries, subject_id=subject_id)


def test_invitations_reach_each_member_with_their_own_working_link(backend_store, programme):
    made = create_team_from_roster(backend_store, "Six", read_roster(roster(), "r.csv"), workbook=programme)
    ids = {m.name: m.id for m in backend_store.respondents(made.team.id)}
    seen = []
    with smtp_server() as box:
        report = send_invitations(backend_store, "Six", server_for(box), DEFAULT_INVITATION,
                                  progress=lambda done, total: seen.append((done, total)))
        again = send_invitations(backend_store, "Six", server_for(box), DEFAULT_INVITATION)
    assert sorted(report.sent) == sorted(ids) and report.complete and seen[-1] == (6, 6)
    assert again.sent == () and len(box.messages) == 6, "an invitation goes once"
    for name, member_id in ids.items():
        (message,) = box.to(f"{name.lower()}@example.org")
        assert message["Subject"] == "Your leaderbook workbook" and f"Hello {name}," in message.get_content()
        invite = resolve_invite(backend_store, tokens_for(box, f"{name.lower()}@example.org")[0])
        assert invite.respondent_id == member_id
        assert (invite.subject_id is None) == (name in ("Ana", "Gus"))
    # The links made with the team still work too (an invite holds several live tokens).
    first = made.links[0].url.rsplit("invite=", 1)[1]
    assert resolve_invite(backend_store, first).respondent_id == ids["Ana"]
    log = message_log(backend_store, "Six")
    assert {(r.member, r.kind, r.status) for r in log} == {(n, "invitation", "sent") for n in ids}


def test_revoking_a_member_stops_every_link_they_were_sent(tmp_path):
    with Store(data=tmp_path) as store, smtp_server() as box:
        create_team_from_roster(store, "Six", read_roster(roster(), "r.csv"))
        send_invitations(store, "Six", server_for(box), DEFAULT_INVITATION)
        (token,) = tokens_for(box, "ben@example.org")
        assert resolve_invite(store, token)
        revoke_member(store, "Six", "Ben")
        with pytest.raises(InvalidInvite):
            resolve_invite(store, token)
        assert send_invitations(store, "Six", server_for(box), DEFAULT_INVITATION).sent == ()


def test_reminders_go_only_to_the_unfinished_at_most_n_times_d_days_apart(tmp_path, programme):
    with Store(data=tmp_path) as store, smtp_server() as box:
        made = create_team_from_roster(store, "Six", read_roster(roster(), "r.csv"), workbook=programme)
        ids = {m.name: m.id for m in store.respondents(made.team.id)}
        set_reminder_policy(store, "Six", max_reminders=2, every_days=3)
        send_invitations(store, "Six", server_for(box), DEFAULT_INVITATION)
        finish(store, ids["Ana"], made.round.id, None)
        finish(store, ids["Ben"], made.round.id, ids["Ana"])
        store.record_answers(ids["Cleo"], made.round.id, WHY, [(WHY.items[0].id, 3)], subject_id=ids["Ana"])
        start = dt.datetime.now(dt.timezone.utc)

        def remind(days):
            return send_reminders(store, "Six", server_for(box), DEFAULT_REMINDER, now=start + dt.timedelta(days=days))

        assert remind(1).sent == (), "too soon after the invitation"
        first = remind(3.1)
        assert sorted(first.sent) == ["Cleo", "Dev", "Gus", "Hana"], "the finished (Ana, Ben) are not reminded"
        assert dict(first.skipped)["Ana"] == "finished"
        assert remind(5).sent == (), "three days between reminders"
        finish(store, ids["Cleo"], made.round.id, ids["Ana"])
        assert sorted(remind(6.5).sent) == ["Dev", "Gus", "Hana"]
        assert remind(20).sent == (), "at most two reminders"
    per_person = Counter(m["To"].addresses[0].addr_spec for m in box.messages)
    assert per_person == {"ana@example.org": 1, "ben@example.org": 1, "cleo@example.org": 2,
                          "dev@example.org": 3, "gus@example.org": 3, "hana@example.org": 3}
    reminder = next(m for m in box.to("dev@example.org") if m["Subject"].startswith("Reminder"))
    assert resolve_invite(store_again(tmp_path), TOKEN.search(reminder.get_content()).group(1))
    assert resolve_invite(store_again(tmp_path), tokens_for(box, "dev@example.org")[0]), \
        "the invitation's link still works after a reminder"


def store_again(folder):
    return Store(data=folder)


def test_a_refused_recipient_is_recorded_with_the_reason_and_the_others_are_sent(backend_store):
    create_team_from_roster(backend_store, "Six", read_roster(roster(), "r.csv"))
    with smtp_server(refuse=frozenset({"cleo@example.org"})) as box:
        report = send_invitations(backend_store, "Six", server_for(box), DEFAULT_INVITATION)
    assert sorted(report.sent) == ["Ana", "Ben", "Dev", "Gus", "Hana"] and not box.to("cleo@example.org")
    assert report.failed == (("Cleo", "550 5.1.1 <cleo@example.org>: mailbox unavailable"),)
    (cleo,) = [r for r in message_log(backend_store, "Six") if r.member == "Cleo"]
    assert cleo.status == "failed" and "mailbox unavailable" in cleo.reason and cleo.email == "cleo@example.org"
    with smtp_server() as box:  # the next run sends the failed one only
        assert send_invitations(backend_store, "Six", server_for(box), DEFAULT_INVITATION).sent == ("Cleo",)


def test_a_dropped_connection_is_resumed_without_duplicates(tmp_path):
    with Store(data=tmp_path) as store:
        create_team_from_roster(store, "Six", read_roster(roster(), "r.csv"))
        with smtp_server(drop_after=2) as box:
            first = send_invitations(store, "Six", server_for(box), DEFAULT_INVITATION)
            assert len(first.sent) == 2 and len(first.failed) == 1 and first.stopped
            box.drop_after = None
            second = send_invitations(store, "Six", server_for(box), DEFAULT_INVITATION)
            assert len(second.sent) == 4 and second.complete
            third = send_invitations(store, "Six", server_for(box), DEFAULT_INVITATION)
            assert third.sent == ()
        counted = Counter(m["To"].addresses[0].addr_spec for m in box.messages)
        assert sorted(counted.values()) == [1] * 6 and len(counted) == 6


def test_an_interrupted_send_is_unknown_and_resent_only_when_asked(tmp_path):
    with Store(data=tmp_path) as store, smtp_server() as box:
        made = create_team_from_roster(store, "Six", read_roster(roster(), "r.csv"))
        ben = next(m.id for m in store.respondents(made.team.id) if m.name == "Ben")
        store.start_message(made.round.id, ben, "invitation", "ben@example.org")  # a crash left it "sending"
        report = send_invitations(store, "Six", server_for(box), DEFAULT_INVITATION)
        assert report.unknown == ("Ben",) and "Ben" not in report.sent and not box.to("ben@example.org")
        assert [r.status for r in message_log(store, "Six") if r.member == "Ben"] == ["unknown: may have been sent"]
        retried = send_invitations(store, "Six", server_for(box), DEFAULT_INVITATION, retry_unknown=True)
        assert retried.sent == ("Ben",) and len(box.to("ben@example.org")) == 1


def test_templates_refuse_unknown_placeholders_and_header_injection(tmp_path):
    with pytest.raises(MailError, match=r"\{token\}"):
        MessageTemplate("Hi", "{token} {link}")
    with pytest.raises(MailError, match=r"needs \{link\}"):
        MessageTemplate("Hi {name}", "no link here")
    with pytest.raises(MailError, match="line break"):
        MessageTemplate("Hi\r\nBcc: all@example.org", "{link}")
    with pytest.raises(MailError, match="plainly"):
        MessageTemplate("Hi {name!r}", "{link}")
    with pytest.raises(MailError, match="stray brace"):
        MessageTemplate("Hi {name", "{link}")
    with pytest.raises(MailError, match=r"\{due\}"):
        MessageTemplate("By {due}", "{link}").render("Ana", "http://x")
    subject, body = MessageTemplate("For {name}, by {due}", "{link}\n{{braces}}").render("Ana", "L", "1 July 2025")
    assert subject == "For Ana, by 1 July 2025" and body == "L\n{braces}"
    with Store(data=tmp_path) as store, smtp_server() as box:
        create_team(store, "Lines", "Ana,Ben,Cleo")
        members = {m.name: m.id for m in store.respondents(store.team_named("Lines").id)}
        store.rename_respondent(members["Ben"], "Ben\nBcc: everyone@example.org")
        for member_id in members.values():
            store.set_member_contact(member_id, f"m{member_id}@example.org")
        report = send_invitations(store, "Lines", server_for(box), MessageTemplate("For {name}", "{link}"))
        assert [name for name, _ in report.failed] == ["Ben\nBcc: everyone@example.org"]
        assert "line break" in report.failed[0][1] and len(box.messages) == 2
        assert all(m["Bcc"] is None for m in box.messages)


def test_smtp_urls_and_no_password_anywhere():
    server = MailServer.from_url("smtp://coach%40example.org:s%3Acr%2Fet@mail.example.org", "coach@example.org")
    assert (server.host, server.port, server.security) == ("mail.example.org", 587, "starttls")
    assert server.username == "coach@example.org" and server.password == "s:cr/et"
    assert "s:cr/et" not in repr(server) and "s:cr/et" not in str(server)
    assert MailServer.from_url("smtps://u:p@mail.example.org", "c@example.org").port == 465
    assert MailServer.from_url("smtp://relay.local:25?starttls=no", "c@example.org").security == "none"
    for url, said in [("http://mail.example.org", "smtp://"), ("smtp://", "no host"),
                      ("smtp://u:secret@mail.example.org:25?starttls=no", "clear text"),
                      ("smtp://mail.example.org?tls=1", "unknown setting"), ("smtp://h:99999", "not a URL"),
                      ("smtps://h?starttls=no", "smtps://")]:
        with pytest.raises(MailError, match=re.escape(said)) as caught:
            MailServer.from_url(url, "c@example.org")
        assert "secret" not in str(caught.value)
    with pytest.raises(MailError, match="no sender"):
        MailServer.from_url("smtp://h", "")
    with pytest.raises(MailError, match="not an address"):
        MailServer.from_url("smtp://h", "coach@")


def test_a_confidential_team_never_shows_a_members_link(tmp_path, capsys):
    folder = tmp_path / "data"
    (tmp_path / "team.csv").write_bytes(roster())
    with smtp_server() as box:
        url = f"smtp://127.0.0.1:{box.port}?starttls=no"
        assert main(["team", "create", "Secret", "--roster", str(tmp_path / "team.csv"), "--confidential",
                     "--data", str(folder)]) == 0
        assert main(["team", "create", "Plain", "--members", "Olga,Pia,Quin", "--confidential",
                     "--data", str(folder), "--json"]) == 0
        assert main(["team", "email", "Plain", "Olga", "olga@example.org", "--data", str(folder)]) == 0
        assert main(["team", "invite", "Secret", "--smtp", url, "--sender", "coach@example.org",
                     "--data", str(folder)]) == 0
        assert main(["team", "invite", "Plain", "--smtp", url, "--sender", "coach@example.org",
                     "--data", str(folder)]) == 0
        assert main(["team", "reissue", "Secret", "Ben", "--data", str(folder)]) != 0
        assert main(["team", "messages", "Secret", "--data", str(folder)]) == 0
        assert main(["team", "messages", "Secret", "--data", str(folder), "--json"]) == 0
        assert main(["team", "new-round", "Secret", "--data", str(folder)]) == 0
    said = capsys.readouterr()
    sent = [TOKEN.search(m.get_content()).group(1) for m in box.messages]
    assert len(sent) == 7 and "token=" not in said.out + said.err and "invite=" not in said.out + said.err
    assert "(by email only)" in said.out and "not sent Pia: no email address" in said.out
    with Store(data=folder) as store:
        made = create_team(store, "Third", "Ana,Ben,Cleo", leader="Ana", confidential=True)
        assert made.links and all(link.url is None for link in made.links) and made.coach_url
        assert resolve_invite(store, sent[0])
        logged = json.dumps([r.__dict__ for r in message_log(store, "Secret")], default=str)
        assert not any(token in logged for token in sent)


def test_the_cli_reads_the_server_from_the_environment_and_shows_progress(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "data"
    (tmp_path / "team.csv").write_bytes(roster())
    (tmp_path / "note.txt").write_text("Dear {name}, answer by {due}:\n{link}\n", encoding="utf-8")
    with smtp_server() as box:
        monkeypatch.setenv("LEADERBOOK_SMTP", f"smtp://127.0.0.1:{box.port}?starttls=no")
        monkeypatch.setenv("LEADERBOOK_SENDER", "coach@example.org")
        assert main(["team", "create", "Six", "--roster", str(tmp_path / "team.csv"), "--data", str(folder)]) == 0
        assert main(["team", "invite", "Six", "--message", str(tmp_path / "note.txt"), "--data", str(folder)]) == 1
        assert not box.messages, "{due} without --due: nothing is sent"
        assert main(["team", "invite", "Six", "--message", str(tmp_path / "note.txt"), "--due", "2025-07-01",
                     "--subject", "Workbook for {name}", "--data", str(folder)]) == 0
        assert main(["team", "reminders", "Six", "--max", "0", "--every", "2", "--data", str(folder)]) == 0
        assert main(["team", "remind", "Six", "--data", str(folder)]) == 0
        assert main(["team", "reminders", "Six", "--max", "-1", "--every", "2", "--data", str(folder)]) == 1
        assert main(["team", "invite", "Six", "--smtp", "ftp://x", "--data", str(folder)]) == 1
    said = capsys.readouterr()
    assert len(box.messages) == 6 and "sending 6/6" in said.err and "6 invitation(s) sent" in said.out
    assert box.messages[0].get_content().startswith("Dear Ana, answer by 1 July 2025:")
    assert box.messages[0]["Subject"] == "Workbook for Ana"
    assert "0 reminder(s) sent" in said.out
    assert [line for line in said.err.splitlines() if line.startswith("leaderbook: error")][-1].count("\n") == 0
