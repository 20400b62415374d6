"""Characters no output can carry: found in new text, replaced in old text on the way out.

Control characters other than tab, newline and carriage return (``\\x07``,
``\\x00``, ...) are refused by XLSX (openpyxl), are not valid XML, and print
as nothing or garbage; an unpaired surrogate (``\\ud800``) cannot be encoded
as UTF-8 at all, so one of them would stop a CSV, JSON or report from being
written. Text in the store from before such text was refused at the door can
still hold them, so every export and report passes its text through
:func:`printable`, which puts ``U+FFFD`` (the replacement character) in
their place: the output is always written, and the reader sees where
something was.
"""

from __future__ import annotations

import re

#: C0 controls but tab, newline and carriage return; DEL and the C1 controls;
#: unpaired surrogates; and U+FFFE/U+FFFF, which XML forbids too.
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

REPLACEMENT = "\ufffd"


def find_unprintable(text: str) -> str | None:
    """The first character of ``text`` that no output can carry, or None when there is none."""
    found = UNPRINTABLE.search(text)
    return found.group() if found else None


def describe(character: str) -> str:
    """``U+0007``: how a message names a character that cannot be shown."""
    return f"U+{ord(character):04X}"


def printable(value):
    """``value`` with every unprintable character replaced, through dicts, lists and tuples.

    Anything that is not text is returned as it is, so figures, booleans and
    dates pass through unchanged.
    """
    if isinstance(value, str):
        return UNPRINTABLE.sub(REPLACEMENT, value) if UNPRINTABLE.search(value) else value
    if isinstance(value, dict):
        return {printable(key): printable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(printable(item) for item in value)
    return value
