"""Text made printable on the way out: old text may hold what the door now refuses.

:mod:`workbook.basics.text_check` refuses, where text comes in, the characters no
output can carry: control characters other than tab and newline (XLSX,
being XML, cannot hold them) and unpaired surrogates (UTF-8 cannot encode
them, so CSV, JSON and HTML fail). Text stored before that check, or written
to the database by other means, can still hold them; every export and
report passes its text through :func:`printable`, which puts ``U+FFFD``
(the replacement character) where each one was, so the output is always
written and the reader sees where something was. The characters are the
same ones the door refuses: there is one rule.
"""

from __future__ import annotations

from .text_check import FORBIDDEN

REPLACEMENT = "\ufffd"


def printable(value):
    """``value`` with every character the door refuses replaced, through dicts, lists and tuples.

    Anything that is not text is returned as it is, so figures, booleans and
    dates pass through unchanged.
    """
    if isinstance(value, str):
        return FORBIDDEN.sub(REPLACEMENT, value) if FORBIDDEN.search(value) else value
    if isinstance(value, dict):
        return {printable(key): printable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(printable(item) for item in value)
    return value

def shorten(text: str, length: int = 40) -> str:
    """``text`` on one line, cut after a whole word (never inside one) with "…" if longer than ``length``.

    A first word longer than ``length`` is kept whole: a quote never shows half a word.
    """
    words = " ".join(str(text).split())
    if len(words) <= length:
        return words
    cut = words[: length + 1].rsplit(" ", 1)[0] if " " in words[: length + 1] else words.split(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"
