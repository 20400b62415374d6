"""PageLanguage: the part of a page that sets ``<html lang>`` and ``<html dir>`` to the language it speaks.

A kernel cannot touch the document around its widgets, and with a preheated
Voila kernel the page's HTML is made before anyone's language is known, so
this invisible control's front end (``static/page_language.js``, served by
anywidget like the radio group) sets them in the browser whenever
``language`` changes: ``dir`` is ``rtl`` for a right-to-left language.

The page's template (``templates/voila/leaderbook``) writes a few words of its
own around the widgets, the skip link and the step list's name, before any
language is known; they are sent here too, translated, and put in place.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
from traitlets import Dict, Enum, Unicode

from workbook.basics.i18n import N_, SOURCE_LANGUAGE, resolve_language, text_direction, translator

from ._browser import _BrowserInput


#: The template's own words, by the name its script knows them by (in English, as the template writes them).
TEMPLATE_WORDS = {"skip": N_("Skip to the step's content"), "steps": N_("Steps")}


class PageLanguage(_BrowserInput, anywidget.AnyWidget):
    """Put ``language`` (a tag such as "fr") on the page's ``<html>``; call :meth:`speak` to change it."""

    _esm = Path(__file__).parent / "static" / "page_language.js"

    language = Unicode(SOURCE_LANGUAGE, help="The page's language, as <html lang> says it.").tag(sync=True)
    direction = Enum(("ltr", "rtl"), "ltr", help="Which way the page's text runs, as <html dir> says it."
                     ).tag(sync=True)
    words = Dict(help="The template's own words in the page's language, by name (TEMPLATE_WORDS)."
                 ).tag(sync=True)

    #: The browser changes nothing here.
    _browser_keys = ()

    def __init__(self, language: str = SOURCE_LANGUAGE, **kwargs):
        kwargs.setdefault("layout", {"display": "none"})
        super().__init__(**kwargs)
        self.speak(language)

    def speak(self, language: str) -> None:
        with self.hold_sync():
            self.language = resolve_language(language)
            self.direction = text_direction(language)
            _ = translator(language).gettext
            self.words = {name: _(english) for name, english in TEMPLATE_WORDS.items()}
