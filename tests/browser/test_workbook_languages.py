"""The respondent's page in French, Spanish and Arabic, in a real Chromium: no English left.

One ``leaderbook serve`` for the module; for each of fr-FR, es-ES and ar a
browser context whose locale is that language (so Chromium sends it as
``Accept-Language``) opens the invite link. The page must say its language
on ``<html lang>`` and its direction on ``<html dir>``; then every step is
opened at 1280 and at 360 px, and its visible text (and the names a screen
reader reads: ``aria-label``, ``title``, ``placeholder``) must hold no
English interface string, and axe-core must find no violation.

"English interface string" means every message of the catalogue
(``leaderbook.pot``) and every English text of the built-in instruments,
cut at their placeholders and markup into fixed parts, kept where a match
means something, and only where the language's translation differs. So the
check can fail, the same detector is first run on the English page, where
it must find the English it looks for.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

from test_workbook_accessibility import violations

pytestmark = pytest.mark.browser

#: Chromium's locale for each language, the ``<html lang>`` and ``dir`` the page must set.
LOCALES = {"fr-FR": ("fr", "ltr"), "es-ES": ("es", "ltr"), "ar": ("ar", "rtl")}
WIDTHS = (1280, 360)
#: The steps (from 0) answered on the way, so the results, charts, summary and suggested actions that
#: follow have something to say, and are read too: a question of each kind, the cost worksheet.
ANSWERED_STEPS = (1, 4, 7, 9)
LOCALE_DIR = Path(__file__).resolve().parents[2] / "workbook" / "locale"
PAGE_MS = 90_000

#: What a message is cut at: gettext and format placeholders, and markup.
CUT = re.compile(r"%\(\w+\)[sdfr]|%[sdf]|%%|\{[^{}]*\}|<[^>]*>|&\w+;")
#: A part at least this long (or of two words or more) is looked for anywhere in the text...
LONG_PART = 12
#: ...a shorter one only as a whole line (a button, a label), and only from this length.
SHORT_PART = 3

#: The page's text: what is rendered, line by line, then what assistive technology reads.
PAGE_TEXT = """() => {
  const root = document.body;
  const said = [];
  for (const el of root.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
    if (!el.checkVisibility() || el.closest("[aria-hidden=true]")) continue;  // not read out
    for (const name of ["aria-label", "title", "placeholder", "alt"]) {
      const value = el.getAttribute(name);
      if (value) said.push(value);
    }
  }
  const drawn = [...root.querySelectorAll("svg text, svg title")].map(el => el.textContent);
  // The summary's preview is a sandboxed frame (its document unreachable from here): read its srcdoc.
  const framed = [];
  for (const frame of root.querySelectorAll("iframe[srcdoc]")) {
    if (!frame.checkVisibility()) continue;
    const doc = new DOMParser().parseFromString(frame.getAttribute("srcdoc"), "text/html");
    doc.querySelectorAll("style, script").forEach(el => el.remove());
    framed.push(`lang=${doc.documentElement.lang} dir=${doc.documentElement.dir}`);
    for (const el of doc.body.querySelectorAll("h1, h2, h3, p, li, dt, dd, th, td, figcaption")) {
      framed.push(el.textContent);
    }
    drawn.push(...[...doc.querySelectorAll("svg text, svg title")].map(el => el.textContent));
  }
  return {shown: [root.innerText, ...framed].join("\\n"), said, drawn};
}"""


def parts(text: str) -> list[str]:
    """The fixed parts of a message: cut at placeholders and markup, whitespace made single."""
    found = []
    for part in CUT.split(text):
        part = " ".join(part.split()).strip(" .,:;·()–-…")
        if len(part) >= SHORT_PART and re.search(r"[A-Za-z]", part):
            found.append(part)
    return found


def meaningful(part: str) -> bool:
    return len(part) >= LONG_PART or len(part.split()) >= 2


@lru_cache(maxsize=None)
def english_strings(language: str) -> frozenset[str]:
    """Every English interface part whose ``language`` translation differs from it."""
    from babel.messages.pofile import read_po

    from workbook.instruments import builtin_instruments, translated

    pairs: list[tuple[str, str]] = []
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "leaderbook.po", "rb") as po:
        catalogue = read_po(po, locale=language)
    for message in catalogue:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        theirs = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs += [(source, " ".join(theirs)) for source in english]
    for source in builtin_instruments():
        other = translated(source, language)
        pairs.append((source.title, other.title))
        pairs.append((source.description, other.description))
        pairs += zip(source.scale.labels, other.scale.labels)
        for section, their_section in zip(source.sections, other.sections):
            pairs += [(section.title, their_section.title), (section.help, their_section.help)]
            pairs += zip(section.actions, their_section.actions)
            for item, their_item in zip(section.items, their_section.items):
                pairs += [(item.text, their_item.text), (item.help, their_item.help)]
                pairs += zip(item.actions, their_item.actions)
                if item.scale is not None and their_item.scale is not None:
                    pairs += zip(item.scale.labels, their_item.scale.labels)
    found = set()
    for english, theirs in pairs:
        kept = " ".join(theirs.split())
        found.update(part for part in parts(english) if part not in kept)
    return frozenset(found)


@lru_cache(maxsize=None)
def citations() -> tuple[str, ...]:
    """How the built-in instruments name their sources ("000 · Leadership and management features"):
    the section of an English seed document, cited as written (a tooltip on the question), so never
    an interface string. Longest first, so a longer citation is taken out before one it contains."""
    from workbook.instruments import builtin_instruments

    found = {str(source) for instrument in builtin_instruments() for section in instrument.sections
             for source in (section.source, *(item.source for item in section.items)) if source is not None}
    return tuple(sorted(found, key=len, reverse=True))


def without_citations(text: dict) -> dict:
    def strip(line: str) -> str:
        for citation in citations():
            line = line.replace(citation, "")
        return line

    return {"shown": text["shown"], "said": [strip(said) for said in text["said"]], "drawn": text["drawn"]}


def english_in(text: dict, language: str) -> list[str]:
    """The English interface strings in a page's text (as PAGE_TEXT gives it), sorted."""
    text = without_citations(text)
    shown = " ".join(text["shown"].split())
    lines = {" ".join(line.split()).strip(" .,:;·()–-…") for line in
             [*text["shown"].splitlines(), *text["said"], *text["drawn"]]}
    everything = " ".join([shown, *text["said"], *text["drawn"]])
    found = {part for part in english_strings(language)
             if (part in lines) or (meaningful(part) and re.search(rf"(?<![A-Za-z]){re.escape(part)}(?![A-Za-z])",
                                                                   everything))}
    # A part inside a longer part found is the same finding.
    return sorted(part for part in found if not any(part != other and part in other for other in found))


#: English words no French, Spanish or Arabic sentence uses: a text outside the catalogue (a string
#: never wrapped in gettext) still gives itself away by them.
ENGLISH_WORDS = frozenset("""the of and your you is are this that with than what how does for from by which
each not be have will can our we it its they their there when who to why""".split())


def english_sentences(text: dict) -> list[str]:
    """Lines of three words or more with an English word in them: English the catalogue does not know."""
    found = set()
    text = without_citations(text)
    for line in [*text["shown"].splitlines(), *text["said"], *text["drawn"]]:
        words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)*", line)  # whole words: "noté" is no "not"
        if len(words) >= 3 and ENGLISH_WORDS & {word.lower() for word in words}:
            found.add(" ".join(line.split())[:120])
    return sorted(found)


#: A number drawn the English way: a decimal point, or a comma grouping thousands.
ENGLISH_NUMBER = re.compile(r"(?<![\d.,])\d+\.\d(?![\d.])|(?<![\d.,])\d{1,3},\d{3}(?![\d,])")


def english_numbers(text: dict, language: str) -> list[str]:
    """Numbers written as in English where ``language`` writes them otherwise (French, Spanish)."""
    if language not in ("fr", "es"):
        return []
    return sorted({match.group() for line in [text["shown"], *text["drawn"]]
                   for match in ENGLISH_NUMBER.finditer(line)})


def open_workbook(browser, url: str, locale: str, width: int = WIDTHS[0]):
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(".lb-state-ready", timeout=PAGE_MS)
    return context, page


def answer_what_is_shown(page) -> None:
    """Choose an answer in every question of the open step and type into its cost worksheet; wait
    until the page says every answer is saved."""
    groups = page.locator(".lb-step-body [role=radiogroup]")
    for index in range(groups.count()):
        options = groups.nth(index).locator("[role=radio]")
        options.nth(min(2, options.count() - 1)).click()
    people = page.locator(".lb-calc-field-people input")
    if people.count():
        people.first.fill("37")
        people.first.press("Enter")
        page.wait_for_selector(".lb-calc-cost .lb-calc-result")
    page.wait_for_selector(".lb-status.lb-status-saved", timeout=10_000)


def open_step(page, index: int) -> None:
    """Open the step and wait until its text stops changing (its widgets rendered)."""
    page.locator(".lb-step-list button").nth(index).click()
    page.wait_for_selector(f".lb-step-list button:nth-child({index + 1}).lb-step-current")
    settled(page)


def settled(page) -> None:
    before = None
    for _ in range(20):
        now = page.evaluate("document.querySelector('#rendered_cells').innerText")
        if now == before:
            return
        before = now
        page.wait_for_timeout(150)


def test_the_detector_finds_english_on_the_english_page(workbook_server, browser):
    context, page = open_workbook(browser, workbook_server.url, "en-US")
    try:
        assert page.evaluate("document.documentElement.lang") == "en"
        open_step(page, 1)  # the first instrument: its title, items and scale labels are all English
        text = page.evaluate(PAGE_TEXT)
        found = english_in(text, "fr")
        assert len(found) >= 5, found
        assert any(label in found for label in ("Rarely", "Sometimes", "Often")), found
        assert english_in({"shown": "Jamais Rarement Parfois", "said": [], "drawn": []}, "fr") == []
        assert english_sentences({"shown": "Cost of lost hours\nCoût des heures perdues", "said": [],
                                  "drawn": []}) == ["Cost of lost hours"]
        assert english_sentences({"shown": "Le processus de convergence\nEl coste de no formar\n"
                                           "Chaque domaine est noté de 0 à 100\nTodo lo que has introducido",
                                  "said": [], "drawn": []}) == []
        assert english_numbers({"shown": "3.5 et 12,500", "said": [], "drawn": ["2.5"]}, "fr") == \
            ["12,500", "2.5", "3.5"]
    finally:
        context.close()


@pytest.mark.parametrize("locale", list(LOCALES))
def test_every_step_speaks_the_browsers_language(workbook_server, browser, locale, tmp_path):
    language, direction = LOCALES[locale]
    context, page = open_workbook(browser, workbook_server.url, locale)
    try:
        assert (page.evaluate("document.documentElement.lang"),
                page.evaluate("document.documentElement.dir")) == (language, direction)
        count = page.locator(".lb-step-list button").count()
        assert count >= 13
        problems = {}
        for index in range(count):
            open_step(page, index)
            if index in ANSWERED_STEPS:
                answer_what_is_shown(page)
                settled(page)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                text = page.evaluate(PAGE_TEXT)
                (tmp_path / f"{language}-step-{index + 1:02d}-{width}.json").write_text(
                    json.dumps(text, indent=1, ensure_ascii=False), encoding="utf-8")
                found = {"English": english_in(text, language), "not in the catalogue": english_sentences(text),
                         "numbers": english_numbers(text, language),
                         "axe": violations(page)}
                if language == "ar" and width == 360:
                    page.screenshot(path=str(tmp_path / f"ar-step-{index + 1:02d}-360.png"))
                    # The worksheets lie below the fold: each one in a picture of its own.
                    for number, sheet in enumerate(page.locator(".lb-calculator:visible").all(), 1):
                        sheet.screenshot(path=str(tmp_path / f"ar-step-{index + 1:02d}-360-sheet{number}.png"))
                # The document writes dir only for right to left (left to right is every document's default).
                framed_as = f"lang={language} dir={'rtl' if direction == 'rtl' else ''}"
                if "lb-summary-preview" in page.content() and framed_as not in text["shown"].splitlines():
                    found["summary's lang and dir"] = [line for line in text["shown"].splitlines()
                                                       if line.startswith("lang=")]
                found = {key: value for key, value in found.items() if value}
                if found:
                    problems[f"step {index + 1} at {width}px"] = found
            page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)
    finally:
        context.close()
