"""The English a page's own files say, to check a page in another language shows none of it.

:func:`english_phrases` extracts, with Babel (as ``pybabel extract`` does), the
messages of the given Python modules and Jinja templates, and keeps the
phrases a reader would notice: each message's fixed parts (between its
placeholders and tags) of two words or more, for every message the language
translates differently. A page rendered in that language must show none of
them; a member's or a team's own words are data, never among them.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_file

from workbook.basics.i18n import translator

ROOT = Path(__file__).resolve().parents[1]
#: What splits a message into the parts a reader sees as written: placeholders, tags, entities.
_SPLIT = re.compile(r"%\(\w+\)s|<[^>]+>|&\w+;|\{\w+\}")


def messages_of(*patterns: str) -> list[str | tuple[str, ...]]:
    """Every message (a plural as its tuple) in the files ``patterns`` match under the project's root."""
    found = []
    for pattern in patterns:
        files = sorted(ROOT.glob(pattern))
        assert files, f"no file matches {pattern}"
        for path in files:
            method = "python" if path.suffix == ".py" else "jinja2.ext:babel_extract"
            options = {} if path.suffix == ".py" else {"extensions": "jinja2.ext.i18n"}
            found += [message for _, message, _, _ in extract_from_file(method, str(path), options=options)]
    return found


def english_phrases(language: str, *patterns: str) -> set[str]:
    """The phrases of the messages in ``patterns`` that ``language`` says otherwise (see the module)."""
    words = translator(language)
    phrases = set()
    for message in messages_of(*patterns):
        singular, plural = (message[0], message[1]) if isinstance(message, tuple) else (message, None)
        for text, said in ((singular, words.ngettext(singular, plural, 1) if plural else words.gettext(singular)),
                           (plural, words.ngettext(singular, plural, 2) if plural else None)):
            if text is None or said == text:
                continue  # the same in both languages (a name, an example): not a sign of English
            phrases |= {part.strip(" .,:;()·") for part in _SPLIT.split(text)}
    return {p for p in phrases if len(p.split()) >= 2}


def english_shown(shown: str, phrases: set[str]) -> list[str]:
    """The ``phrases`` that ``shown`` (a page's text) contains."""
    flat = " ".join(shown.split())
    return sorted(p for p in phrases if " ".join(p.split()) in flat)
