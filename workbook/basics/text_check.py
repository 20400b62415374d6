"""The one rule for text that comes in: characters every output can carry.

Text is checked once, where it enters (a name, a label, a note, a free-text
answer, a plan's field, a worksheet's message), so every export and report
can be written later: XLSX (XML 1.0) cannot hold control characters, and
UTF-8 (CSV, JSON, HTML) cannot hold half of a surrogate pair. Tab and newline
are the only control characters allowed; U+FFFE and U+FFFF are refused too,
since XML forbids them.
"""

from __future__ import annotations

import re

from ..errors import InputError

#: C0 controls but tab and newline, DEL and the C1 controls, lone surrogates, and XML's two non-characters.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def describe(value: object, width: int = 40) -> str:
    """A short, printable account of a refused value, safe for any size or type."""
    if value is None:
        return "nothing (None)"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        # str() of a 5,000-digit number raises in Python 3.11+; a long number is described, not shown.
        return str(value) if abs(value) < 10**18 else "a number too large for an id"
    if isinstance(value, float):
        return f"the decimal number {value!r}"
    if isinstance(value, str):
        shown = repr(value[:width]) + ("…" if len(value) > width else "")
        return f"the text {shown}"
    return f"a {type(value).__name__}"


def quote(value: object, width: int = 40) -> str:
    """A name as written in a message: text quoted (and cut short), anything else described."""
    if isinstance(value, str):
        return repr(value[:width]) + ("…" if len(value) > width else "")
    return describe(value, width)


def bad_character(text: str) -> str | None:
    """Why ``text`` cannot be kept, or None when every character can be."""
    found = FORBIDDEN.search(text)
    if found is None:
        return None
    char = found.group()
    code = f"U+{ord(char):04X}"
    if "\ud800" <= char <= "\udfff":
        return f"half of a surrogate pair ({code}) at position {found.start() + 1}, which is not a character"
    if char == "\x00":
        return f"a NUL character ({code}) at position {found.start() + 1}"
    if char in "\ufffe\uffff":
        return f"the non-character {code} at position {found.start() + 1}"
    return (f"the control character {code} at position {found.start() + 1}; "
            "tab and newline are the only control characters allowed")


def check_text(value: object, what: str, *, max_length: int, error: type[Exception] = InputError,
               required: bool = False, strip: bool = False) -> str:
    """``value`` as text a store and every output can keep, or ``error`` saying what is wrong.

    The length is checked before anything else looks at the text, so a 10 MB
    string costs no more than a short one to refuse.
    """
    if not isinstance(value, str):
        raise error(f"{what} must be text, not {describe(value)}")
    if len(value) > max_length:
        raise error(f"{what} is {len(value):,} characters long; at most {max_length:,} are kept")
    problem = bad_character(value)
    if problem is not None:
        raise error(f"{what} contains {problem}")
    if strip:
        value = value.strip()
    if required and not value:
        raise error(f"{what} is empty")
    return value
