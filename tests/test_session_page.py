"""The session console's link, gate and widget, without a browser: a real SQLite store, real widgets.

The browser test (tests/browser/test_session_console.py) drives the same console through Voila.
"""

from __future__ import annotations

import json

import pytest

from pages.gate import INVALID, Admission, PageGate, link_of_request
from pages.session_page import SessionConsole
from workbook.cli import main
from workbook.instruments.loader import parse_instrument
from workbook.instruments.programme import Programme
from workbook.errors import InvalidInvite
from workbook.store.invites import resolve_invite
from workbook.team.admin import create_team, resolve_coach_token

from samples import SMALL_INSTRUMENT

pytestmark = pytest.mark.usefixtures("sent")
OWN = parse_instrument(SMALL_INSTRUMENT, "sample.yaml")
RATED = "sample/rated"


@pytest.fixture
def made(store):
    programme = Programme("Session", instruments=("sample.yaml",)).to_json(), {"sample.yaml": SMALL_INSTRUMENT}
    return create_team(store, "Room", "Ana,Ben,Cleo,Dev", workbook=programme)


def finish(store, made, member: int, comment: str = "") -> None:
    entries = [("r1", 4), ("r2", 3), ("r3", 2), ("c1", True), ("c2", True), ("m1", 1), ("m2", 0)]
    store.record_answers(made.links[member].respondent_id, made.round.id, OWN,
                         entries + ([("t1", comment)] if comment else []))


def token_of(url: str) -> str:
    return url.rsplit("coach=", 1)[1]


def test_team_create_prints_the_console_beside_the_dashboard(tmp_path, capsys):
    assert main(["team", "create", "Room", "--members", "Ana,Ben,Cleo", "--data", str(tmp_path), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert "/voila/render/session.ipynb?coach=" in printed["session_url"]
    assert token_of(printed["session_url"]) == token_of(printed["coach_url"]), "the console is the coach's page"


def test_leaderbook_session_prints_a_fresh_console_link(tmp_path, capsys, store):
    main(["team", "create", "Room", "--members", "Ana,Ben,Cleo", "--data", str(tmp_path), "--json"])
    first = json.loads(capsys.readouterr().out)["session_url"]
    assert main(["session", "Room", "--data", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    console = lines[0].split(": ", 1)[1]
    assert lines[0].startswith("Session console: http://127.0.0.1:8866/voila/render/session.ipynb?coach=")
    assert resolve_coach_token(store, token_of(console)).name == "Room"
    with pytest.raises(InvalidInvite):
        resolve_coach_token(store, token_of(first))
    assert main(["session", "Nobody", "--data", str(tmp_path)]) == 1


def test_the_gate_admits_the_console_with_a_coach_token_only(store, made):
    def live(kind, token):
        try:
            (resolve_invite if kind == "invite" else resolve_coach_token)(store, token)
        except InvalidInvite:
            return False
        return True

    gate = PageGate(live, max_pages=5)
    coach, invite = token_of(made.coach_url), made.links[0].url.rsplit("invite=", 1)[1]
    assert isinstance(gate.admit("session.ipynb", f"coach={coach}"), Admission)
    assert gate.admit("session.ipynb", f"invite={invite}") is INVALID
    assert gate.admit("session.ipynb", "coach=not-a-token") is INVALID
    # One coach token, two pages: each its own link, so one never replaces the other's kernel.
    dashboard = link_of_request("/voila/render/dashboard.ipynb", f"coach={coach}")
    console = link_of_request("/voila/render/session.ipynb", f"coach={coach}")
    assert dashboard and console and dashboard != console


def test_the_console_counts_reveals_at_the_threshold_and_keeps_the_groups_action(store, made):
    console = SessionConsole(store, made.team, made.round)
    assert 'data-count="finished"><span class="lb-count-n">0<' in console.counts_view.value
    assert "Not yet" in console.topic_view.value and console.buttons["reveal"].disabled
    console.key_commands.run("reveal")
    assert "Opens once 3 people" in console.note.value and "lb-revealed" not in console.topic_view.value
    for member in range(3):
        finish(store, made, member, comment=f"Comment {member} <script>x</script>")
    console.refresh()
    assert 'data-count="finished"><span class="lb-count-n">3<' in console.counts_view.value
    assert "Ana" not in console.counts_view.value, "counts only, until the coach shows the list"
    console.list_toggle.value = True
    assert "Ana" in console.counts_view.value
    console.key_commands.run("reveal")
    assert "lb-revealed" in console.topic_view.value and "<svg" in console.topic_view.value
    console.what.value, console.owner.value, console.due.value = "Meet weekly", "Ben", "31/12"
    console.add.click()
    assert "is not a date" in console.note.value
    console.due.value = "2026-12-31"
    console.add.click()
    assert "Kept: Meet weekly" in console.note.value and "Meet weekly" in console.topic_view.value
    console.key_commands.run("hide")
    assert "lb-revealed" not in console.topic_view.value
    for _ in range(3):
        console.key_commands.run("next")
    assert 'data-topic="sample/notes"' in console.topic_view.value
    console.key_commands.run("reveal")
    assert "Comment 0 &lt;script&gt;x&lt;/script&gt;" in console.topic_view.value
    assert "<script>" not in console.topic_view.value


def test_the_console_refuses_commands_it_does_not_know(store, made):
    console = SessionConsole(store, made.team, made.round)
    before = console.topic_view.value
    console.key_commands.run("delete-everything")
    assert console.key_commands.refused == 1 and console.topic_view.value == before
    console.key_commands.run("next")
    assert 'data-topic="sample/checked"' in console.topic_view.value


def test_the_dashboard_and_report_carry_the_sessions_actions(store, made):
    from workbook.team.dashboard import team_dashboard
    from workbook.reports.team import team_report

    for member in range(3):
        finish(store, made, member)
    console = SessionConsole(store, made.team, made.round)
    console.key_commands.run("reveal")
    console.what.value = "Pair up <b>monthly</b>"
    console.add.click()
    d = team_dashboard(store, team=made.team)
    assert d.session.revealed == (RATED,) and [a["what"] for a in d.session.actions] == ["Pair up <b>monthly</b>"]
    report = team_report(d)
    assert "Chosen in the live session" in report and "Pair up &lt;b&gt;monthly&lt;/b&gt;" in report


def _visible_words(html: str) -> str:
    import html as entities
    import re

    return entities.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_the_console_speaks_the_coachs_language_through_the_same_walk(store, made):
    """A French console says what the English one says, in French, with numbers as French writes
    them; an Arabic one puts the page right to left; the switch keeps the coach's token."""
    english = SessionConsole(store, made.team, made.round)
    french = SessionConsole(store, made.team, made.round, language="fr", link_query="coach=tok")
    assert "Pas encore" in french.topic_view.value and "Not yet" not in french.topic_view.value
    french.key_commands.run("reveal")
    assert "S'ouvre dès que 3 personnes" in _visible_words(french.note.value)
    for member in range(3):
        finish(store, made, member)
    for console in (english, french):
        console.refresh()
        console.key_commands.run("reveal")
    assert "lb-revealed" in french.topic_view.value
    shown, said_in_english = _visible_words(french.topic_view.value), _visible_words(english.topic_view.value)
    assert "L'équipe obtient ici" in shown and "The team scores" in said_in_english
    assert "How the answers spread" in said_in_english and "Répartition des réponses" in shown
    assert "The team scores" not in shown and "How the answers spread" not in shown
    labels = {button.description for button in french.buttons.values()}
    assert "Révéler" in labels and "Reveal" not in labels
    language, switch = french.children[0], french.children[1]
    assert (language.language, language.direction) == ("fr", "ltr")
    assert 'href="?coach=tok&amp;lang=es"' in switch.value
    arabic = SessionConsole(store, made.team, made.round, language="ar")
    assert (arabic.children[0].language, arabic.children[0].direction) == ("ar", "rtl")
    assert "اكشف" in {button.description for button in arabic.buttons.values()}


# -- the coach's language (issue 20, item 4) -------------------------------------------------------

CONSOLE_FILES = ("pages/session_page.py", "pages/templates/session_*.j2", "pages/room_words.py",
                 "workbook/team/session.py", "pages/coach_page.py", "pages/templates/coach_message.html.j2")


def test_a_french_console_says_its_words_readings_and_numbers_in_french(store, made, installed_catalogues):
    from own_words import english_phrases, english_shown
    from widgets import PageLanguage
    from widgets.testing import find, markup, text

    console = SessionConsole(store, made.team, made.round, language="fr",
                             link_query=f"coach={token_of(made.coach_url)}")
    document = find(console, kind=PageLanguage, include_hidden=True)
    assert (document.language, document.direction) == ("fr", "ltr")
    assert "séance en direct" in text(console) and "Thème 1 sur 4" in text(console)
    assert find(console, role="button", label="Révéler") and console.list_toggle.description == "Afficher la liste"
    console.key_commands.run("reveal")
    assert "S'ouvre dès que 3 personnes ont terminé" in text(console.note)
    for member in range(3):
        finish(store, made, member, comment=f"Commentaire {member}")
    console.refresh()
    console.list_toggle.value = True
    assert "a rejoint" in text(console.counts_view) and "terminé" in text(console.counts_view)
    console.key_commands.run("reveal")
    shown = text(console)
    assert "Répartition des réponses" in shown and "L'équipe obtient ici" in shown and "sur 100" in shown
    console.what.value, console.due.value = "Se voir chaque semaine", "2026-12-31"
    console.add.click()
    assert "Enregistrée : Se voir chaque semaine" in text(console.note)
    assert "Le groupe a choisi" in text(console) and "d'ici le 2026-12-31" in text(console)
    assert english_shown(text(console), english_phrases("fr", *CONSOLE_FILES)) == []
    for _ in range(3):
        console.key_commands.run("next")
    console.key_commands.run("reveal")
    assert "Avec leurs mots" in text(console) and "3 commentaires, anonymes" in text(console)
    assert english_shown(text(console), english_phrases("fr", *CONSOLE_FILES)) == []
    # The switch is this console's link in each language, its coach token kept.
    assert f"?coach={token_of(made.coach_url)}&amp;lang=es" in markup(console)


def test_a_console_link_opens_in_the_browsers_arabic_right_to_left(store, made, installed_catalogues, monkeypatch,
                                                                     tmp_path):
    from pages.language import ACCEPT_LANGUAGE_ENV
    from pages.session_page import open_session_page
    from widgets import PageLanguage
    from widgets.testing import find, text

    monkeypatch.setenv("VOILA_REQUEST_URL", "http://127.0.0.1/voila/render/session.ipynb")
    monkeypatch.setenv("LEADERBOOK_DATA", str(tmp_path))
    monkeypatch.setenv("QUERY_STRING", f"coach={token_of(made.coach_url)}")
    monkeypatch.setenv(ACCEPT_LANGUAGE_ENV, "ar,en;q=0.5")
    page = open_session_page()
    assert page.console is not None and page.language == "ar"
    document = find(page.widget(), kind=PageLanguage, include_hidden=True)
    assert (document.language, document.direction) == ("ar", "rtl")
    assert "جلسة مباشرة" in text(page.widget()) and find(page.widget(), role="button", label="اكشف")
    page.console.stop()
    # A link that is not valid says so in the link's own language.
    monkeypatch.setenv("QUERY_STRING", "coach=not-a-token&lang=fr")
    refused = open_session_page()
    assert refused.console is None and "Ce lien n'est pas valide" in text(refused.widget())
    assert "nouveau lien de séance" in text(refused.widget())
