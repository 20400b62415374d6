"""The interface's languages: a translator per language tag, read from compiled gettext catalogues.

The source language is English: a message is written in English where it is
shown (wrapped in ``gettext``/``_``/``ngettext``, or ``N_`` for a constant
translated where it is used), and each other language has a catalogue,
``workbook/locale/<lang>/LC_MESSAGES/leaderbook.po``, compiled to ``.mo`` when
the package is built or installed (``hatch_build.py``). Only the standard
library's :mod:`gettext` reads them: Babel is the toolchain, never imported
by a page.

The language is always passed explicitly (a page holds its own): two pages in
one kernel may speak two languages, so nothing here keeps a current language.
"""

from __future__ import annotations

import gettext as _gettext
import re
from functools import lru_cache
from pathlib import Path

#: The catalogues of the interface, one folder per language.
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "leaderbook"
#: The language the messages are written in, and the one shown when no other fits.
SOURCE_LANGUAGE = "en"
#: Languages written right to left (the page sets ``dir="rtl"`` for them).
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur"})

#: A BCP 47-ish tag as browsers and people write it: "fr", "fr-FR", "fr_CA", "zh-Hant-TW".
_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,4}")
#: An Accept-Language header longer than this is not a browser's: ignore it.
MAX_HEADER = 500


def N_(message: str) -> str:  # noqa: N802 (the name gettext's tools look for)
    """Mark ``message`` for translation where it is defined; it is translated where it is shown."""
    return message


#: Each language named in itself, as a language switch shows it.
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"}


@lru_cache(maxsize=None)
def available_languages(localedir: Path = LOCALE_DIR) -> tuple[str, ...]:
    """The source language, then every language with a compiled catalogue, sorted."""
    found = {mo.parent.parent.name for mo in Path(localedir).glob(f"*/LC_MESSAGES/{DOMAIN}.mo")}
    return (SOURCE_LANGUAGE, *sorted(found - {SOURCE_LANGUAGE}))


def known_language(tag: object, localedir: Path = LOCALE_DIR) -> str | None:
    """The available language ``tag`` names ("fr-FR", "fr_CA" -> "fr"), or None when it names none
    (or is not a language tag at all)."""
    if not isinstance(tag, str) or not _TAG.fullmatch(tag.strip()):
        return None
    primary = re.split(r"[-_]", tag.strip())[0].lower()
    return primary if primary in available_languages(localedir) else None


def resolve_language(tag: object, localedir: Path = LOCALE_DIR) -> str:
    """The language to show for ``tag``: the available one it names, else English."""
    return known_language(tag, localedir) or SOURCE_LANGUAGE


def preferred_language(accept_language: object, localedir: Path = LOCALE_DIR) -> str | None:
    """The available language a browser prefers most (an ``Accept-Language`` header such as
    ``"fr-CH, fr;q=0.9, en;q=0.8"``), or None when it names none we have."""
    if not isinstance(accept_language, str) or len(accept_language) > MAX_HEADER:
        return None
    ranked = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        match = re.fullmatch(r"\s*q=([01](?:\.\d{0,3})?)\s*", params) if params else None
        if params and match is None:
            continue  # a malformed weight: skip this entry, as browsers never send one
        if match:
            weight = float(match.group(1))
        if weight > 0:
            ranked.append((-weight, position, tag.strip()))
    for _, _, tag in sorted(ranked):
        found = known_language(tag, localedir)
        if found:
            return found
    return None


def text_direction(language: str, localedir: Path = LOCALE_DIR) -> str:
    """``"rtl"`` when the language shown for ``language`` is written right to left, else ``"ltr"``
    (the page's ``dir``: a right-to-left tag with no catalogue shows English, left to right)."""
    return "rtl" if resolve_language(language, localedir) in RIGHT_TO_LEFT else "ltr"


@lru_cache(maxsize=None)
def translator(language: str, localedir: Path = LOCALE_DIR) -> _gettext.NullTranslations:
    """The translations for ``language`` (any tag; English, which translates nothing, when unknown)."""
    language = resolve_language(language, localedir)
    if language == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    with open(Path(localedir) / language / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb") as catalogue:
        return _gettext.GNUTranslations(catalogue)


def template_functions(language: str) -> dict:
    """What a Jinja template calls to translate (``_``, ``gettext``, ``ngettext``, and the
    ``{% trans %}`` tag), bound to ``language``: given with each render, never installed globally."""
    translations = translator(language)
    return {"_": translations.gettext, "gettext": translations.gettext, "ngettext": translations.ngettext,
            "language": resolve_language(language)}


def chosen_language(tag: object, localedir: Path = LOCALE_DIR) -> str:
    """The shipped language a coach asked for with ``--language`` (``"fr"``, ``"fr-FR"`` -> ``"fr"``;
    None or empty: English). A tag naming no shipped language is refused, naming the shipped ones,
    so that nothing is written in a language nobody chose."""
    if tag is None or (isinstance(tag, str) and not tag.strip()):
        return SOURCE_LANGUAGE
    found = known_language(tag, localedir)
    if found is None:
        from ..errors import InputError

        raise InputError(f"no language {tag!r}: choose one of {', '.join(available_languages(localedir))}")
    return found
