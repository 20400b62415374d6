"""The coach's workspace without a browser: a real SQLite store, real widgets driven as the page would.

The browser test (tests/browser/test_workspace.py) walks the same page through Voila, with real email.
"""

from __future__ import annotations

import json
import re

import pytest

from pages.gate import INVALID, Admission, PageGate
from pages.voila_app import link_is_live
from pages.workspace_page import Workspace
from widgets.testing import choose, click, fill, markup, send, text
from workbook.cli import main
from workbook.team.admin import create_team

pytestmark = pytest.mark.usefixtures("sent")
ROSTER = ("name,email,role,leader\n"
          "Ana,ana@example.org,self,\n"
          "Ben,ben@example.org,peer,Ana\n"
          "Cleo,cleo@example.org,direct-report,Ana\n"
          "Dev,dev@example.org,manager,Ana\n")
LINK = re.compile(r"invite=[A-Za-z0-9_-]{20,}")


def upload(workspace, name: str, content: bytes) -> None:
    send(workspace.create_form.roster, {"value": [{"name": name, "type": "text/csv", "size": len(content), "content": memoryview(content),
                     "last_modified": 0}]})


def teams_in(store) -> list[str]:
    return [t.name for t in store.teams()]


def is_live(store):
    return lambda kind, token: link_is_live(store, kind, token)


def test_a_workspace_token_opens_the_workspace_only_and_no_other_token_opens_it(store):
    made = create_team(store, "Room", "Ana,Ben,Cleo")
    workspace, coach = store.add_workspace_token(), made.coach_url.rsplit("coach=", 1)[1]
    invite = made.links[0].url.rsplit("invite=", 1)[1]
    gate = PageGate(is_live(store), max_pages=10)
    assert isinstance(gate.admit("workspace.ipynb", f"workspace={workspace}"), Admission)
    for notebook, query in (("dashboard.ipynb", f"coach={workspace}"), ("session.ipynb", f"coach={workspace}"),
                            ("workbook.ipynb", f"invite={workspace}"), ("workspace.ipynb", f"workspace={coach}"),
                            ("workspace.ipynb", f"workspace={invite}"), ("workspace.ipynb", f"coach={coach}"),
                            ("workspace.ipynb", f"invite={invite}"), ("workspace.ipynb", "")):
        assert gate.admit(notebook, query) is INVALID, (notebook, query)


def test_workspace_link_rotate_stops_the_earlier_links(tmp_path, capsys, store):
    assert main(["workspace-link", "--data", str(tmp_path), "--json"]) == 0
    first = json.loads(capsys.readouterr().out)["workspace_url"].rsplit("workspace=", 1)[1]
    assert main(["workspace-link", "--data", str(tmp_path)]) == 0
    second = capsys.readouterr().out.splitlines()[0]
    assert second.startswith("Coach's workspace: http://127.0.0.1:8866/voila/render/workspace.ipynb?workspace=")
    second = second.rsplit("workspace=", 1)[1]
    assert store.workspace_token_live(first) and store.workspace_token_live(second)
    assert main(["workspace-link", "--rotate", "--data", str(tmp_path), "--json"]) == 0
    third = json.loads(capsys.readouterr().out)["workspace_url"].rsplit("workspace=", 1)[1]
    assert not store.workspace_token_live(first) and not store.workspace_token_live(second)
    assert store.workspace_token_live(third)


def test_typed_members_make_a_team_whose_links_and_completion_show(store):
    workspace = Workspace(store)
    fill(workspace.create_form.name, "Sales <b>leaders</b>")
    fill(workspace.create_form.members, "Ana, Ben:peer, Cleo")
    fill(workspace.create_form.leader, "Ana")
    click(workspace.create_form.create)
    assert teams_in(store) == ["Sales <b>leaders</b>"]
    assert "<b>leaders</b>" not in markup(workspace) and "Sales &lt;b&gt;leaders&lt;/b&gt;" in markup(workspace)
    assert len(LINK.findall(markup(workspace))) == 5  # three self-assessments, two ratings of Ana
    assert "dashboard.ipynb?coach=" in markup(workspace) and "session.ipynb?coach=" in markup(workspace)
    assert "Round 1: 0 of 3 joined" in text(workspace)
    choose(workspace.members.member, "Ben")
    click(workspace.members.revoke)
    assert "Revoked 2 links of Ben" in text(workspace)
    assert re.search(r"Ben rates Ana \(peer\) link revoked", text(workspace))
    # The revocation is in the audit trail, as done from the workspace; so is a download.
    from pages.workspace_downloads import team_file

    team = store.teams()[0]
    team_file(store, team, "aggregate", "json")
    assert [(e.actor, e.action, e.team) for e in store.entries()] == [
        ("workspace", "revoke", "Sales <b>leaders</b>"), ("workspace", "export", "Sales <b>leaders</b>")]


def test_a_bad_roster_is_refused_with_its_row_numbers_and_nothing_is_written(store):
    workspace = Workspace(store)
    fill(workspace.create_form.name, "Roster team")
    bad = ROSTER.replace("ben@example.org", "not an address").replace("manager,Ana", "boss,Ana")
    upload(workspace, "team.csv", bad.encode())
    click(workspace.create_form.create)
    shown = text(workspace.create_form.roster_note)
    assert "row 3:" in shown and "row 5:" in shown and "no team was created" in shown
    assert teams_in(store) == [] and store.respondents() == []
    upload(workspace, "team.exe", ROSTER.encode())
    click(workspace.create_form.create)
    assert "not a roster file" in text(workspace.create_form.roster_note) and teams_in(store) == []


def test_a_confidential_roster_team_shows_no_member_link_anywhere(store):
    workspace = Workspace(store)
    fill(workspace.create_form.name, "Quiet")
    upload(workspace, "team.csv", ROSTER.encode())
    send(workspace.create_form.confidential, {"value": True})
    click(workspace.create_form.create)
    assert teams_in(store) == ["Quiet"]
    fill(workspace.members.new_name, "Eve")
    click(workspace.members.add)
    assert "Added Eve" in text(workspace)
    assert LINK.findall(markup(workspace)) == [] and "invite=" not in text(workspace)
    assert workspace.members.reissue.disabled
    assert "Member links of a confidential team are not shown" in text(workspace)


def test_problems_show_beside_their_control_and_write_nothing(store):
    workspace = Workspace(store)
    form = workspace.create_form
    fill(form.members, "Ana,Ben,Cleo")
    send(form.threshold, {"value": 2})  # the browser may send anything: the kernel checks
    for box in form.choices:
        send(box, {"value": False})
    click(form.create)
    assert "needs a name" in text(form.name_note)
    assert "at least one instrument" in text(form.programme_note)
    assert teams_in(store) == []
    fill(form.name, "Room")
    send(form.choices[2], {"value": True})
    click(form.create)
    assert teams_in(store) == ["Room"]
    programme, _files = store.round_programme(store.rounds(store.teams()[0].id)[0].id)
    assert programme["instruments"] == ["why-converge@1"]


def test_the_email_panel_refuses_a_message_without_a_link_and_sends_nothing(store):
    from workbook.team.mail import MailServer

    server = MailServer.from_url("smtp://127.0.0.1:9?starttls=no", "coach@example.org")  # never reached
    workspace = Workspace(store, mail=server)
    fill(workspace.create_form.name, "Mailed")
    upload(workspace, "team.csv", ROSTER.encode())
    click(workspace.create_form.create)
    fill(workspace.mail.invite_body, "Hello {name}, no link here")
    click(workspace.mail.send_invitations)
    assert "needs {link}" in text(workspace.mail.message)
    assert "Nothing sent yet" in text(workspace.mail.log_view)
    send(workspace.mail.every_days, {"value": 7})
    click(workspace.mail.save_policy)
    assert "at most 3, 7 days apart" in text(workspace.mail.message)


def test_forgetting_a_member_asks_for_their_name_and_then_erases_them_for_good(store):
    workspace = Workspace(store)
    fill(workspace.create_form.name, "Blue")
    fill(workspace.create_form.members, "Ana, Ben:peer, Cleo, Dev")
    fill(workspace.create_form.leader, "Ana")
    click(workspace.create_form.create)
    team = store.teams()[0]
    ben = next(m for m in store.respondents(team.id) if m.name == "Ben")
    round_id = store.rounds(team.id)[-1].id
    [invite] = [i for i in store.invites(round_id) if i.respondent_id == ben.id and i.subject_id is None]
    forget = workspace.members.forget
    choose(workspace.members.member, "Ben")
    click(forget.start)
    assert "Erase Ben from Blue for good?" in text(forget) and "cannot be undone" in text(forget)
    fill(forget.typed, "ben")  # not exactly the name: nothing happens
    click(forget.confirm)
    assert "type the member's name exactly" in text(forget)
    assert [m.name for m in store.respondents(team.id)].count("Ben") == 1
    fill(forget.typed, "Ben")
    click(forget.confirm)
    assert "Erased Ben for good" in text(forget)
    assert "Ben" not in [m.name for m in store.respondents(team.id)]
    assert "Ben" not in workspace.members.member.options  # the list no longer offers them
    assert store.invites(round_id, include_revoked=True) and all(
        i.respondent_id != ben.id for i in store.invites(round_id, include_revoked=True))
    [entry] = [e for e in store.entries() if e.action == "erasure"]
    assert (entry.actor, entry.team) == ("workspace", "Blue") and "Ben" not in entry.detail
    assert invite is not None


# -- the coach's language (issue 20, item 4) -------------------------------------------------------

WORKSPACE_FILES = ("pages/workspace_*.py", "pages/templates/workspace_*.j2", "pages/room_words.py",
                   "pages/coach_page.py", "pages/templates/coach_message.html.j2")


@pytest.fixture
def voila_request(monkeypatch, tmp_path, installed_catalogues):
    """Set the variables Voila gives a page kernel: the request's query string and Accept-Language."""
    from pages.language import ACCEPT_LANGUAGE_ENV

    monkeypatch.setenv("VOILA_REQUEST_URL", "http://127.0.0.1/voila/render/workspace.ipynb")
    monkeypatch.setenv("LEADERBOOK_DATA", str(tmp_path))
    monkeypatch.delenv("LEADERBOOK_SMTP", raising=False)

    def request(query: str, accept_language: str = "") -> None:
        monkeypatch.setenv("QUERY_STRING", query)
        monkeypatch.setenv(ACCEPT_LANGUAGE_ENV, accept_language)
    return request


def document_of(page):
    from widgets import PageLanguage
    from widgets.testing import find

    shown = find(page, kind=PageLanguage, include_hidden=True)
    return shown.language, shown.direction


def test_a_french_workspace_link_speaks_french_and_its_switch_keeps_the_token(store, voila_request):
    from own_words import english_phrases, english_shown
    from pages.workspace_page import open_workspace

    token = store.add_workspace_token()
    voila_request(f"workspace={token}&lang=fr", "en-GB,en;q=0.9")  # the link's choice comes before the browser's
    workspace = open_workspace().widget()
    assert document_of(workspace) == ("fr", "ltr")
    assert "Espace du coach" in text(workspace) and "Pas encore d'équipe" in text(workspace)
    assert f"?workspace={token}&amp;lang=ar" in markup(workspace)
    assert 'aria-current="true">Français' in markup(workspace)
    fill(workspace.create_form.name, "Ventes")
    fill(workspace.create_form.members, "Ana, Ben:peer, Cleo")
    fill(workspace.create_form.leader, "Ana")
    click(workspace.create_form.create)
    choose(workspace.members.member, "Ben")
    click(workspace.members.revoke)
    shown = text(workspace)
    for french in ("Équipes", "Créer une équipe", "Membres et cycles", "Rapports et exports",
                   "0 sur 3 ont rejoint", "2 liens de Ben révoqués", "évalue Ana (pair)", "lien révoqué",
                   "auto-évaluation", "Liens de Ventes", "Tableau de bord", "Console de séance"):
        assert french in shown, french
    click(workspace.members.forget.start)
    assert "Effacer définitivement Ben de Ventes ?" in text(workspace)
    assert english_shown(text(workspace), english_phrases("fr", *WORKSPACE_FILES)) == []


def test_the_browsers_arabic_sets_the_workspace_right_to_left(store, voila_request):
    from own_words import english_phrases, english_shown
    from pages.workspace_page import open_workspace
    from workbook.team.mail import MailServer

    token = store.add_workspace_token()
    voila_request(f"workspace={token}", "ar-EG,ar;q=0.9,en;q=0.5")
    page = open_workspace()
    assert document_of(page.widget()) == ("ar", "rtl")
    assert "مساحة عمل المدرّب" in text(page.widget())
    # The email panel too (a workspace made with a mail server), in the language it is given.
    server = MailServer.from_url("smtp://127.0.0.1:9?starttls=no", "coach@example.org")  # never reached
    workspace = Workspace(store, mail=server, language="ar")
    fill(workspace.create_form.name, "Mailed")
    upload(workspace, "team.csv", ROSTER.encode())
    click(workspace.create_form.create)
    send(workspace.mail.every_days, {"value": 7})
    click(workspace.mail.save_policy)
    assert "بفاصل 7 أيام" in text(workspace.mail.message)
    assert "لم يُرسَل شيء بعد" in text(workspace.mail.log_view)
    # The messages' own default texts are the mail module's, sent to members as written: left out here.
    panel_words = text(workspace).replace(workspace.mail.invite_body.value, "").replace(
        workspace.mail.remind_body.value, "")
    assert english_shown(panel_words, english_phrases("ar", *WORKSPACE_FILES)) == []


def test_a_workspace_link_that_is_not_valid_says_so_in_the_links_language(store, voila_request):
    from pages.workspace_page import open_workspace

    voila_request("workspace=not-a-token&lang=es")
    page = open_workspace().widget()
    assert document_of(page) == ("es", "ltr")
    assert "Este enlace no es válido" in text(page) and "leaderbook workspace-link" in text(page)
    assert "this link is not valid" not in text(page).lower() and "Run `" not in text(page)


def test_a_download_made_from_a_french_workspace_says_so_in_french(store, installed_catalogues):
    workspace = Workspace(store, language="fr")
    fill(workspace.create_form.name, "Calme")
    upload(workspace, "team.csv", ROSTER.encode())
    send(workspace.create_form.confidential, {"value": True})
    click(workspace.create_form.create)
    choose(workspace.downloads.what, "Les réponses de l'équipe")
    click(workspace.downloads.make)
    assert "l'équipe 'Calme' est confidentielle" in text(workspace.downloads.message)
    choose(workspace.downloads.what, "Les chiffres agrégés de l'équipe")
    click(workspace.downloads.make)
    assert "Télécharger calme-aggregate.json" in text(workspace.downloads.link)


def test_the_message_log_of_a_spanish_workspace_says_what_was_sent_in_spanish(store, installed_catalogues):
    from smtp_servers import smtp_server
    from workbook.team.mail import MailServer

    with smtp_server() as box:
        server = MailServer.from_url(f"smtp://127.0.0.1:{box.port}?starttls=no", "coach@example.org")
        workspace = Workspace(store, mail=server, language="es")
        fill(workspace.create_form.name, "Correo")
        upload(workspace, "team.csv", ROSTER.encode())
        click(workspace.create_form.create)
        click(workspace.mail.send_invitations)
        assert len(box.messages) == 4
    log = text(workspace.mail.log_view)
    assert "Mensajes enviados a Correo" in log and log.count("invitación") == 4
    assert len(re.findall(r"\benviado\b", log)) == 4
    assert "invitation" not in log and " sent " not in f" {log} "
