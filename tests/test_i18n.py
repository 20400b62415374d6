"""The interface's languages: catalogues that compile and are complete, extraction that finds
nothing they miss, and a translator per language tag with English as the fallback.

Babel is the toolchain here (as in the build hook); the page itself reads the
compiled catalogues with the standard library's gettext only.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from workbook.exports.answers import COLUMNS
from workbook.instruments import translated
from workbook.basics.i18n import (LOCALE_DIR, SOURCE_LANGUAGE, available_languages, known_language,
                                  preferred_language, resolve_language, template_functions, text_direction,
                                  translator)

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/leaderbook.po"))
TEMPLATE = LOCALE_DIR / "leaderbook.pot"


def read(path: Path):
    with path.open("rb") as source:
        return read_po(source, abort_invalid=True)


def catalogue_problems(path: Path) -> list[str]:
    """Every message of the catalogue at ``path`` that is fuzzy, untranslated or fails Babel's checks."""
    problems = []
    for message in read(path):
        if not message.id:
            continue  # the header
        name = message.id if isinstance(message.id, str) else message.id[0]
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"{path.parent.parent.name}: fuzzy: {name!r}")
        if not all(forms):
            problems.append(f"{path.parent.parent.name}: untranslated: {name!r}")
        problems += [f"{path.parent.parent.name}: {error}: {name!r}" for error in message.check(read(path))]
    return problems


def compiled_copy(tmp_path: Path) -> Path:
    """The shipped catalogues compiled as the build hook compiles them, in a folder of their own."""
    locale = tmp_path / "locale"
    for po in SHIPPED:
        target = locale / po.relative_to(LOCALE_DIR)
        target.parent.mkdir(parents=True)
        with target.with_suffix(".mo").open("wb") as mo:
            write_mo(mo, read(po), use_fuzzy=False)
    return locale


def extracted_messages() -> set[str]:
    """Every message ``pybabel extract -F babel.cfg`` finds in the source (its singular id)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(ROOT), method_map, options_map):
        found.add(message if isinstance(message, str) else message[0])
    return found


def catalogue_ids(path: Path) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in read(path) if m.id}


# -- the catalogues ---------------------------------------------------------------------------

def test_arabic_french_and_spanish_are_shipped():
    assert [po.parent.parent.name for po in SHIPPED] == ["ar", "es", "fr"]


@pytest.mark.parametrize("po", SHIPPED, ids=lambda p: p.parent.parent.name)
def test_every_message_of_a_shipped_catalogue_is_translated_and_not_fuzzy(po):
    assert catalogue_problems(po) == []


def test_the_check_fails_on_an_untranslated_a_fuzzy_and_a_mismatched_message(tmp_path):
    bad = tmp_path / "xx" / "LC_MESSAGES" / "leaderbook.po"
    bad.parent.mkdir(parents=True)
    bad.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                   'msgid "Yes"\nmsgstr ""\n\n'
                   '#, fuzzy\nmsgid "No"\nmsgstr "Non"\n\n'
                   'msgid "%(count)s saved"\nmsgstr "%(nombre)s enregistrés"\n', encoding="utf-8")
    problems = catalogue_problems(bad)
    assert "xx: untranslated: 'Yes'" in problems
    assert "xx: fuzzy: 'No'" in problems
    assert any("'%(count)s saved'" in p and "fuzzy" not in p for p in problems)


def test_the_shipped_catalogues_compile_and_translate(tmp_path):
    locale = compiled_copy(tmp_path)
    assert available_languages(locale) == ("en", "ar", "es", "fr")
    assert translator("fr", locale).gettext("Yes") == "Oui"
    assert translator("ar-EG", locale).gettext("Yes") == "نعم"
    assert translator("fr-FR", locale).gettext("No") == "Non"
    assert translator("es-MX", locale).gettext("Yes") == "Sí"
    # Spanish has three plural forms (the third for millions): each is filled.
    actions = [translator("es", locale).ngettext("%(count)s action", "%(count)s actions", n) % {"count": n}
               for n in (1, 3, 1000000)]
    assert actions == ["1 acción", "3 acciones", "1000000 acciones"]


def test_extraction_finds_no_message_the_catalogues_miss():
    """Every wrapped string of the source is in the template (.pot) and in every shipped catalogue."""
    found = extracted_messages()
    assert {"Yes", "Next", "All changes saved", "Welcome", "Your action plan"} <= found  # widgets, pages, templates
    assert sorted(found - catalogue_ids(TEMPLATE)) == []
    for po in SHIPPED:
        assert (po.parent.parent.name, sorted(found - catalogue_ids(po))) == (po.parent.parent.name, [])


def test_the_template_holds_no_message_the_source_dropped():
    assert sorted(catalogue_ids(TEMPLATE) - extracted_messages()) == []


# -- choosing a language ------------------------------------------------------------------------

@pytest.fixture
def locale(tmp_path):
    return compiled_copy(tmp_path)


@pytest.mark.parametrize("tag", ["fr", "fr-FR", "fr_CA", "FR", " fr-be "])
def test_a_french_tag_resolves_to_french(tag, locale):
    assert resolve_language(tag, locale) == "fr"


@pytest.mark.parametrize("tag", ["de", "en-GB", "", None, 3, "fr;drop table", "x" * 40, "../fr", "f"])
def test_an_unknown_or_malformed_tag_resolves_to_english(tag, locale):
    assert resolve_language(tag, locale) == SOURCE_LANGUAGE
    assert known_language(tag, locale) in (None, "en")


def test_the_browsers_preferred_languages_are_followed_in_order(locale):
    assert preferred_language("de-CH, fr;q=0.9, en;q=0.8", locale) == "fr"
    assert preferred_language("en-US,en;q=0.9,fr;q=0.8", locale) == "en"
    assert preferred_language("fr;q=0.2, en;q=0.5", locale) == "en"
    assert preferred_language("fr;q=0, de", locale) is None
    assert preferred_language("de, it", locale) is None
    assert preferred_language("de, es", locale) == "es"
    assert preferred_language("fr;q=abc", locale) is None
    assert preferred_language("fr" * 400, locale) is None


def test_english_is_the_fallback(locale):
    assert translator("de", locale).gettext("Yes") == "Yes"
    assert translator("fr", locale).gettext("A message no catalogue has") == "A message no catalogue has"
    assert translator("fr", locale).ngettext("one", "many", 2) == "many"


def test_the_direction_is_right_to_left_only_for_a_right_to_left_language(locale):
    assert text_direction("ar-EG", locale) == "rtl"
    assert text_direction("fr", locale) == "ltr"
    assert text_direction("en", locale) == "ltr"
    without_arabic = locale.parent / "without-arabic"
    shutil.copytree(locale, without_arabic, ignore=shutil.ignore_patterns("ar"))
    assert text_direction("ar", without_arabic) == "ltr"  # no Arabic catalogue: the page shows English


def test_templates_get_the_functions_of_their_own_language():
    functions = template_functions("fr")
    assert set(functions) == {"_", "gettext", "ngettext", "language"}
    assert template_functions("de")["_"]("Yes") == "Yes"


def test_the_runtime_reads_catalogues_without_babel():
    code = ("import sys; import workbook.basics.i18n as i; i.translator('fr').gettext('Yes'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"


# -- a page's widgets in French -------------------------------------------------------------------

# (installed_catalogues, the shipped catalogues compiled in place, is in conftest.py: the coach's pages
# use it too.)

def test_the_translator_turns_yes_into_oui(installed_catalogues):
    assert translator("fr").gettext("Yes") == "Oui"
    assert translator("fr").ngettext("Show %(count)d suggestion", "Show %(count)d suggestions", 2) == \
        "Afficher %(count)d suggestions"


def test_a_checklist_item_and_the_stepper_speak_the_language_they_are_given(installed_catalogues):
    from widgets import ChecklistItem, SaveStatus, Stepper
    from widgets.testing import find, options, text
    from workbook.instruments import builtin_instruments

    instrument = next(i for i in builtin_instruments() if any(s.kind == "checklist" for s in i.sections))
    item = next(item for s in instrument.sections if s.kind == "checklist" for item in s.items)
    french, english = (ChecklistItem.from_item(item, instrument, language=lang) for lang in ("fr", "en"))
    assert options(find(french, role="radio group")) == ("Oui", "Non")
    assert options(find(english, role="radio group")) == ("Yes", "No")
    stepper = Stepper([("Un", french), ("Deux", english)], language="fr")
    stepper.go(1)  # on the second step, both Back and Next show
    assert find(stepper, role="button", label="Précédent") and find(stepper, role="button", label="Suivant")
    assert "Étape 2 sur 2" in text(stepper)
    assert "Non enregistré" in text(SaveStatus(french, language="fr"))


# -- the page's language --------------------------------------------------------------------------

def test_the_query_string_then_the_browser_choose_the_pages_language(installed_catalogues):
    from pages.language import requested_language

    assert requested_language("invite=abc&lang=fr") == "fr"
    assert requested_language("lang=fr-CA", "en") == "fr"
    assert requested_language("lang=en", "fr-FR") == "en"
    assert requested_language("", "de-DE, fr;q=0.7") == "fr"
    assert requested_language("", None) == "en"
    # Anything but one known tag is ignored, and the browser decides.
    assert requested_language("lang=de", "fr-FR,fr;q=0.9") == "fr"
    assert requested_language("lang=%3Cscript%3E", None) == "en"
    assert requested_language("lang=fr&lang=en", "de") == "en"
    assert requested_language("lang=../../fr", None) == "en"


def test_a_voila_request_brings_its_language_to_the_visit(installed_catalogues, monkeypatch):
    """The variables Voila puts in a page kernel's environment (the query string, and the
    Accept-Language header ``leaderbook serve`` asks it to pass on) decide the visitor's language."""
    from pages.language import ACCEPT_LANGUAGE_ENV, visitor_language

    from pages.request import query_string

    assert visitor_language("lang=fr") == "en"  # no request outside Voila: the page is English
    monkeypatch.setenv("VOILA_REQUEST_URL", "http://127.0.0.1/voila/render/workbook.ipynb")
    monkeypatch.setenv("QUERY_STRING", "invite=x")
    monkeypatch.setenv(ACCEPT_LANGUAGE_ENV, "fr-BE,fr;q=0.9,en;q=0.5")
    assert visitor_language(query_string()) == "fr"
    monkeypatch.setenv("QUERY_STRING", "invite=x&lang=en")
    assert visitor_language(query_string()) == "en"


def test_leaderbook_serve_asks_voila_for_the_browsers_languages(tmp_path):
    from pages.voila_app import ServerPlan, voila_config

    config = voila_config(ServerPlan(site=tmp_path, port=8123))
    assert list(config.VoilaConfiguration.http_header_envs) == ["Accept-Language"]


def test_a_page_opened_for_a_french_visitor_speaks_french_and_says_so_on_the_html(installed_catalogues, tmp_path):
    import dataclasses

    from pages.visit import current_visit
    from pages.workbook_page import WorkbookPage
    from widgets import PageLanguage
    from widgets.testing import find, text

    page = WorkbookPage.from_programme(tmp_path / "programme.json")  # none: every built-in instrument
    visit = dataclasses.replace(current_visit(page.store, page.practice), language="fr")
    page.open_for_visitor(visit)
    assert page.stepper.titles[0] == "Accueil"
    assert page.stepper.titles[-3:] == ["Résultats", "Plan d'action", "Synthèse"]
    assert find(page, role="button", label="Commencer")
    # leaderbook's own default title and introduction are translated; a coach's would show as written.
    assert "Diriger la formation : votre cahier de travail" in text(page) and "walks you through" not in text(page)
    assert "Toutes les modifications sont enregistrées" in text(page)
    document = find(page, kind=PageLanguage, include_hidden=True)
    assert (document.language, document.direction) == ("fr", "ltr")
    page.stepper.go(len(page.stepper.steps) - 1)
    assert "Télécharger votre synthèse" in text(page)
    assert "Download" not in text(page)


def test_the_maps_editor_is_sent_every_text_it_looks_up():
    """``convergence_map.js`` shows ``t("English")``: each such text, and each choice it lists, must be
    among those the widget translates (and extraction finds), or it would stay English."""
    import re

    from widgets.convergence_map import CHOICE_TEXTS, EDITOR_TEXTS
    from workbook.assess.convergence import EVALUATIONS, HORIZONS, PRIORITIES, STRENGTHS

    script = (ROOT / "widgets" / "static" / "convergence_map.js").read_text(encoding="utf-8")
    looked_up = {eval(text) for text in re.findall(r'(?<![\w.$])t\(("(?:[^"\\]|\\.)*")', script)}  # noqa: S307
    assert len(looked_up) > 30
    assert sorted(looked_up - set(EDITOR_TEXTS)) == []
    assert sorted({*PRIORITIES, *HORIZONS, *EVALUATIONS, "none", *STRENGTHS} - set(CHOICE_TEXTS)) == []


def test_the_map_editor_gets_its_texts_in_french(installed_catalogues):
    from widgets import ConvergenceMap

    def texts(widget):  # what the widget sends the browser's editor to look its words up in
        return widget.get_state("_texts")["_texts"]

    assert texts(ConvergenceMap()) == {}
    french = texts(ConvergenceMap(language="fr"))
    assert french["Strategic goals"] == "Objectifs stratégiques"
    assert french["some"] == "partiel"


def test_the_connection_watch_says_what_it_says_in_the_pages_language(installed_catalogues):
    from widgets import ConnectionWatch

    watch = ConnectionWatch(None, language="fr")  # what it watches matters only to its pings
    assert watch.message == "Non connecté : vos dernières réponses ne sont pas enregistrées"
    assert watch.saving_message == "Enregistrement…"
    watch.speak("en")
    assert watch.message == "Not connected: your last answers are not saved"
    assert ConnectionWatch(None, language="fr", message="Hors ligne").message == "Hors ligne"


def test_a_french_page_asks_the_instruments_in_french_and_keeps_answers_keyed_alike(installed_catalogues, tmp_path):
    """The instruments' own text follows the page's language (workbook/instruments/builtin/fr/), and an
    answer given on the French page is stored under the same instrument, version and item ids."""
    import dataclasses

    import yaml

    from pages.visit import current_visit
    from pages.workbook_page import WorkbookPage
    from workbook.instruments import BUILTIN_DIR, builtin_instruments
    from widgets.testing import text

    english = builtin_instruments()
    page = WorkbookPage.from_programme(tmp_path / "programme.json")
    visit = dataclasses.replace(current_visit(page.store, page.practice), language="fr")
    page.open_for_visitor(visit)
    french = {i.id: yaml.safe_load((BUILTIN_DIR / "fr" / f"{i.id}.yaml").read_text(encoding="utf-8"))
              for i in english}
    titles = page.stepper.titles
    assert [title for title in titles if title in {french[i.id]["title"] for i in english}] == \
        [french[i.id]["title"] for i in english]
    assert [(i.key, [item.id for item in i.items]) for i in page.instruments] == \
        [(i.key, [item.id for item in i.items]) for i in english]
    page.stepper.go(titles.index(french[english[0].id]["title"]))
    first = english[0]
    section = first.sections[0]
    shown = text(page)
    assert french[first.id]["sections"][section.id]["items"][section.items[0].id]["text"] in shown
    assert section.items[0].text not in shown


def test_the_switch_then_the_roster_then_the_browser_choose_the_language(installed_catalogues):
    from pages.language import requested_language

    assert requested_language("invite=x&lang=fr", "es-ES", member_language="es") == "fr"
    assert requested_language("invite=x", "en-GB,en;q=0.8", member_language="fr-CA") == "fr"
    assert requested_language("invite=x", "fr", member_language="tlh") == "fr"  # no catalogue: the browser's
    assert requested_language("invite=x", None, member_language=None) == "en"


def test_the_welcome_offers_this_link_in_every_language_and_the_choice_stays_in_the_link(installed_catalogues):
    import re

    from pages.workbook_page import language_switch

    switch = language_switch("invite=AbCdEfGhIjKlMnOpQrStUv", "fr")
    links = dict(re.findall(r'href="([^"]+)" lang="(\w+)"', switch))
    assert set(links.values()) >= {"en"} and "fr" not in links.values()  # the current one is no link
    assert all(href.startswith("?invite=AbCdEfGhIjKlMnOpQrStUv&amp;lang=") for href in links)
    assert 'aria-current="true">Français<' in switch and 'aria-label="Langue"' in switch
    assert language_switch("", "fr") == ""  # outside Voila there is no link to open again


def test_a_team_answering_in_three_languages_has_one_set_of_figures(installed_catalogues, tmp_path):
    """Six members open their links in French, Spanish and Arabic and answer through their pages: the
    dashboard and the aggregate export show the very figures the same answers give in English."""
    import dataclasses

    import pandas as pd

    from pages.visit import visit_for_invite
    from pages.workbook_page import WorkbookPage
    from workbook.exports.team import aggregate_export
    from workbook.instruments import builtin_instruments
    from workbook.instruments.programme import Programme, resolve_instruments
    from workbook.store import Store
    from workbook.team.admin import create_team
    from workbook.team.dashboard import team_dashboard

    instrument = next(i for i in builtin_instruments() if i.id == "leader-skills")
    members = ["Ana", "Ben", "Cleo", "Dev", "Eve", "Fay"]

    def answer(number: int, item) -> int:
        return item.scale.min + (number * 2 + len(item.id)) % len(item.scale.points())

    def team_in(folder, languages):
        store = Store(data=folder)
        programme = Programme("World", instruments=(instrument.key,)).to_json()
        made = create_team(store, "World", ",".join(members), threshold=3, workbook=(programme, {}))
        for number, (link, language) in enumerate(zip(made.links, languages)):
            page = WorkbookPage(Programme(), resolve_instruments(Programme()), store)
            visit = visit_for_invite(store, link.url.rsplit("invite=", 1)[1])
            page.open_for_visitor(dataclasses.replace(visit, language=language))
            shown = next(i for i in page.instruments if i.id == instrument.id)
            assert (language == "en") == (shown.title == instrument.title)
            for item in shown.items:
                if item.kind != "text":
                    page.binding.record(shown, item.id, answer(number, item) if item.scale else number % 2 == 0)
        return store

    languages = ["fr", "es", "ar", "fr", "es", "ar"]
    with team_in(tmp_path / "world", languages) as world, team_in(tmp_path / "english", ["en"] * 6) as english:
        mixed, plain = team_dashboard(world, "World"), team_dashboard(english, "World")
        assert not mixed.sections.empty and int(mixed.sections["n"].max()) == 6
        pd.testing.assert_frame_equal(mixed.sections, plain.sections)
        pd.testing.assert_frame_equal(mixed.items, plain.items)
        strip = lambda rows: [{k: v for k, v in row.items() if k != "generated_at"} for row in rows]  # noqa: E731
        assert strip(aggregate_export(world, "World")["sections"]) == strip(aggregate_export(english, "World")["sections"])
        # Exported in French, the same answers give the same figures under the same keys; only the words differ.
        french, plain = aggregate_export(world, "World", language="fr"), aggregate_export(english, "World")
        figures = lambda rows: [{k: v for k, v in row.items() if k not in ("generated_at", "title", "reading")}  # noqa: E731
                                for row in rows]
        for level in ("sections", "items", "reliability"):
            assert figures(french[level]) == figures(plain[level])
        french_titles = {row["title"] for row in french["items"]}
        assert {item.text for item in translated(instrument, "fr").items if item.kind != "text"} <= french_titles
        assert not french_titles & {item.text for item in instrument.items}
        assert {row["reading"] for row in french["reliability"]} == {translator("fr").gettext(row["reading"])
                                                                     for row in plain["reliability"]} != {""}


def test_numbers_read_as_the_pages_language_writes_them():
    """Through Babel, and only for a language other than English (an English page never imports it)."""
    from workbook.basics.numbers import format_change, format_money, format_number, format_score
    from workbook.basics.i18n import template_functions
    from workbook.views import environment

    def render_string(source, **context):
        return environment().from_string(source).render(**context)

    assert (format_score(37.5), format_score(37.5, language="fr"), format_score(37.5, language="es")) == \
        ("37.5", "37,5", "37,5")
    assert format_number(12500, 0, language="fr") in ("12\u202f500", "12\xa0500")  # a narrow or plain no-break space
    assert format_money(12500.4, "€", language="es") == "€12.500" and format_change(2.5, language="fr") == "+2,5"
    assert format_score(37.5, language="ar") == "37.5"  # Western digits, as our Arabic texts write them
    assert format_number(3.25, 1, language="tlh") == "3.2"  # a language Babel does not know: as in English
    assert render_string("{{ 37.5|score }} / {{ 2.5|change }}", **template_functions("fr")) == "37,5 / +2,5"
    assert render_string("{{ 37.5|score }}", **template_functions("en")) == "37.5"


# -- the coach's reports, exports and team in the coach's language --------------------------------------

def _answered_team(folder):
    """A team of four and a leader they rate, answers given once: a report's figures are the same in any
    language. Lea's raters give her 75; her own answers give a score with a decimal. They flag mistakes too."""
    from workbook.assess.plan import new_action
    from workbook.instruments import builtin_instruments
    from workbook.store import Store
    from workbook.team.admin import create_team

    from samples import programme_of

    skills = next(i for i in builtin_instruments() if i.id == "leader-skills")
    mistakes = next(i for i in builtin_instruments() if i.id == "mistakes-obstacles")
    store = Store(data=folder)
    made = create_team(store, "Blue", "Ana,Ben,Cleo,Dev", leader="Lea", workbook=programme_of(skills, mistakes))
    selves = iter((2, 2, 3, 3, None))  # Lea's own answers alternate 2 and 3: a score with a decimal
    for link in made.links:
        value = next(selves) if link.subject is None else 4
        store.record_answers(link.respondent_id, made.round.id, skills,
                             [(item.id, value or 2 + n % 2) for n, item in enumerate(skills.items)],
                             subject_id=link.subject_id)
        # Mistakes on the interface's own severity scale, its labels said in the report's language.
        store.record_answers(link.respondent_id, made.round.id, mistakes,
                             [(item.id, 3 if n == 0 else n % 3) for n, item in enumerate(mistakes.items)],
                             subject_id=link.subject_id)
    lea = next(link.respondent_id for link in made.links if link.member == "Lea" and link.subject is None)
    store.save_plan(lea, made.round.id, [new_action("Weekly one-to-ones", gap="leader-skills/core-skills")])
    return store, made, skills, lea


def _words(html: str) -> set[str]:
    """The text a reader sees: every text node, unescaped, styles and drawings aside."""
    import html as markup
    import re

    html = re.sub(r"<(style|svg)\b.*?</\1>", "", html, flags=re.S)
    return {markup.unescape(text).strip() for text in re.split(r"<[^>]+>", html) if text.strip()}


def test_a_french_team_report_speaks_french_through_and_through(installed_catalogues, tmp_path):
    import re

    from workbook.reports.team import team_report
    from workbook.team.dashboard import team_dashboard

    store, made, skills, _ = _answered_team(tmp_path)
    with store:
        english = team_report(team_dashboard(store, "Blue"))
        french = team_report(team_dashboard(store, "Blue"), language="fr")
    french_skills = translated(skills, "fr")
    assert french_skills.title != skills.title
    assert all(f"{french_skills.title} · {section.title}" in _words(french) for section in french_skills.sections)
    assert "Scores de l'équipe par section" in _words(french) and "Team scores per section" in _words(english)
    assert "Most of the time" in _words(english) and "La plupart du temps" in _words(french)
    assert french.startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert re.search(r"<strong>\d+,\d</strong>", french) and not re.search(r"<strong>\d+\.\d</strong>", french)
    assert re.search(r"<strong>\d+\.\d</strong>", english)
    # Every word the English report shows is gone from the French one, but the team's own data and the few
    # words French writes alike.
    data = {"Blue — Round 1", "Blue · Round 1", "Round 1", "Weekly one-to-ones", "Ana", "Ben", "Cleo", "Dev", "Lea",
            "n", "rWG(J) (n)", "Score", "Section", "Actions", "Alpha (n, k)"}
    left = {word for word in _words(english) & _words(french)
            if word not in data and not re.fullmatch(r"[\d\s.,+–/%=*()-]+|n=\d+", word)}
    assert left == set()


def test_an_arabic_report_reads_right_to_left_and_an_individual_one_speaks_spanish(installed_catalogues, tmp_path):
    from workbook.reports.individual import individual_html, individual_report
    from workbook.reports.team import team_report
    from workbook.team.dashboard import team_dashboard

    store, made, skills, lea = _answered_team(tmp_path)
    with store:
        arabic = team_report(team_dashboard(store, "Blue"), language="ar")
        spanish = individual_html(individual_report(store, lea, language="es"))
        english = individual_html(individual_report(store, lea))
    assert '<html lang="ar" dir="rtl">' in arabic and "درجات الفريق حسب القسم" in arabic
    assert '<html lang="es">' in spanish and 'dir="rtl"' not in spanish
    assert "Cómo te ven los demás" in spanish and "How others see you" in english
    assert translated(skills, "es").sections[0].title in spanish and skills.sections[0].title not in spanish


def test_the_cli_writes_a_report_and_exports_in_the_language_asked(installed_catalogues, tmp_path):
    import csv
    import json

    from workbook.cli import main
    from workbook.instruments import builtin_instruments

    store, made, skills, _ = _answered_team(tmp_path)
    store.close()
    report, answers, figures = tmp_path / "report.html", tmp_path / "answers.csv", tmp_path / "figures.json"
    assert main(["report", "--data", str(tmp_path), "--team", "Blue", "-o", str(report), "--language", "fr-FR"]) == 0
    assert '<html lang="fr">' in report.read_text(encoding="utf-8")
    assert main(["export", "--data", str(tmp_path), "-o", str(answers), "--language", "es"]) == 0
    with answers.open(encoding="utf-8", newline="") as written:
        rows = list(csv.DictReader(written))
    mistakes = next(i for i in builtin_instruments() if i.id == "mistakes-obstacles")
    spanish = {i.id: translated(i, "es") for i in (skills, mistakes)}
    assert tuple(rows[0]) == COLUMNS  # the column names stay the machine's
    assert {row["instrument"] for row in rows} == {i.title for i in spanish.values()}
    assert {row["item"] for row in rows} == {item.text for i in spanish.values() for item in i.items}
    assert {row["value_label"] for row in rows if row["instrument_id"] == mistakes.id} == {
        "En absoluto", "De vez en cuando", "A menudo", "La mayor parte del tiempo"}
    sheet = tmp_path / "answers.xlsx"
    assert main(["export", "--data", str(tmp_path), "--format", "xlsx", "-o", str(sheet), "--language", "es"]) == 0
    from openpyxl import load_workbook

    cells = list(load_workbook(sheet, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert cells[0] == COLUMNS and {row[COLUMNS.index("instrument")] for row in cells[1:]} == {
        i.title for i in spanish.values()}
    assert main(["export", "--data", str(tmp_path), "--team", "Blue", "--aggregate", "--format", "json",
                 "-o", str(figures), "--language", "ar"]) == 0
    titles = {row["title"] for row in json.loads(figures.read_text(encoding="utf-8"))["sections"]}
    arabic = [translated(i, "ar") for i in (skills, mistakes)]
    every = {f"{i.title} · {section.title}" for i in arabic for section in i.sections}
    assert {f"{arabic[0].title} · {section.title}" for section in arabic[0].sections} <= titles <= every


def test_team_create_gives_the_roster_its_language_where_a_row_gives_none(installed_catalogues, tmp_path, capsys):
    from workbook.cli import main
    from workbook.store import Store

    roster = tmp_path / "team.csv"
    roster.write_text("name,email,role,leader,language\nAna,ana@example.org,self,,\n"
                      "Ben,ben@example.org,direct-report,Ana,fr\nCleo,cleo@example.org,peer,Ana,\n", encoding="utf-8")
    assert main(["team", "create", "Blue", "--data", str(tmp_path), "--roster", str(roster), "--language", "es"]) == 0
    with Store(data=tmp_path) as store:
        languages = {m.name: store.member_language(m.id) for m in store.respondents()}
    assert languages == {"Ana": "es", "Ben": "fr", "Cleo": "es"}
    # A member's language is kept with their address: without a roster there is none, and --language says so.
    assert main(["team", "create", "Red", "--data", str(tmp_path), "--members", "Dee,Eli,Fox", "--language", "es"]) == 1
    assert "--language goes with --roster" in capsys.readouterr().err
    with Store(data=tmp_path) as store:
        assert [team.name for team in store.teams()] == ["Blue"]
