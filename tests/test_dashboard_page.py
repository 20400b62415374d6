"""The coach's dashboard page (``templates/dashboard.ipynb``) in the coach's language, without a browser.

A real SQLite store and the page's real widgets, opened as Voila opens them:
the request's query string and Accept-Language in the kernel's environment.
The team report inside it is the reports' own (their language is theirs to
give); this is the page around it: ``<html lang>``/``dir``, the language
switch, the round picker and the short page a link that is not valid gets.
"""

from __future__ import annotations

import pytest

from own_words import english_phrases, english_shown
from pages.coach_page import open_coach_page
from pages.language import ACCEPT_LANGUAGE_ENV
from widgets import PageLanguage
from widgets.testing import find, markup, text
from workbook.team.admin import create_team, new_round

DASHBOARD_FILES = ("pages/coach_page.py", "pages/templates/coach_message.html.j2",
                   "pages/templates/language_switch.html.j2")


@pytest.fixture
def request_for(monkeypatch, tmp_path, installed_catalogues):
    """Put a dashboard request's variables where Voila puts them, for a page on ``tmp_path``'s store."""
    monkeypatch.setenv("VOILA_REQUEST_URL", "http://127.0.0.1/voila/render/dashboard.ipynb")
    monkeypatch.setenv("LEADERBOOK_DATA", str(tmp_path))

    def request(query: str, accept_language: str = "") -> None:
        monkeypatch.setenv("QUERY_STRING", query)
        monkeypatch.setenv(ACCEPT_LANGUAGE_ENV, accept_language)
    return request


@pytest.fixture
def coach(store):
    """The coach token of a team with two rounds (so the page offers the earlier one)."""
    made = create_team(store, "Room", "Ana,Ben,Cleo")
    new_round(store, "Room")
    return made.coach_url.rsplit("coach=", 1)[1]


def document_of(widget) -> tuple[str, str]:
    shown = find(widget, kind=PageLanguage, include_hidden=True)
    return shown.language, shown.direction


def test_a_french_dashboard_link_speaks_french_and_its_switch_keeps_the_coach_token(request_for, coach):
    request_for(f"coach={coach}&lang=fr", "es-ES,es;q=0.9")  # the link's choice before the browser's
    page = open_coach_page()
    assert page.valid and page.language == "fr"
    widget = page.widget()
    assert document_of(widget) == ("fr", "ltr")
    assert "Cycle" in text(widget), "the round picker, in French"
    nav = markup(widget)
    assert 'aria-label="Langue"' in nav and 'aria-current="true">Français' in nav
    for other in ("en", "es", "ar"):
        assert f'href="?coach={coach}&amp;lang={other}"' in nav, other


def test_the_browsers_arabic_sets_the_dashboard_right_to_left(request_for, coach):
    request_for(f"coach={coach}", "ar-SA,ar;q=0.9,en;q=0.4")
    widget = open_coach_page().widget()
    assert document_of(widget) == ("ar", "rtl")
    assert "الجولة" in text(widget) and 'aria-label="اللغة"' in markup(widget)


def test_with_no_language_asked_the_dashboard_is_english(request_for, coach):
    request_for(f"coach={coach}", "de-DE,de;q=0.9")  # a language with no catalogue: English
    widget = open_coach_page().widget()
    assert document_of(widget) == ("en", "ltr") and "Round" in text(widget)


@pytest.mark.parametrize("language, said, detail", [
    ("fr", "Ce lien n'est pas valide", "nouveau lien de tableau de bord"),
    ("es", "Este enlace no es válido", "nuevo enlace al panel"),
    ("ar", "هذا الرابط غير صالح", "رابطًا جديدًا للوحة المتابعة")])
def test_a_dashboard_link_that_is_not_valid_says_so_in_the_links_language(request_for, store, language, said,
                                                                           detail):
    request_for(f"coach=not-a-token&lang={language}")
    page = open_coach_page()
    assert not page.valid
    widget = page.widget()
    assert document_of(widget)[0] == language
    assert said in text(widget) and detail in text(widget)
    assert english_shown(text(widget), english_phrases(language, *DASHBOARD_FILES)) == []
    assert "href=" not in markup(widget), "no switch: a link that is not valid is not offered again"
