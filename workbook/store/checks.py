"""The store's arguments, checked before the database sees them.

Every public method of the store (and of the core around it: teams, invites,
reports and exports by id) calls these first. A wrong type, an id no row can
have, text too long for its column or with characters no output can carry is
refused here with a sentence a person understands, so SQLite (which would
keep almost anything) and PostgreSQL (which raises its own errors) refuse the
same things with the same message, and nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..errors import AnswerError, InputError
from ..instruments.model import MAX_NOTE_LENGTH, Instrument
from ..basics.text_check import FORBIDDEN as FORBIDDEN_IN_TEXT, check_text, describe, quote
from .records import ERASED_NAME  # noqa: F401 (the name an erased row keeps; no one else may have it)

#: Ids live in the store's Integer columns, 32-bit on PostgreSQL (which refuses a larger
#: parameter outright): outside this range no row can have the id, on any backend.
MIN_ID, MAX_ID = -(2**31), 2**31 - 1
#: The sizes of the columns in schema.py, enforced here for SQLite too.
MAX_NAME_LENGTH = 200
MAX_LABEL_LENGTH = 200
MAX_KEY_LENGTH = 100  # an instrument's or an item's id
MAX_VERSION = 2**31 - 1  # instrument_version is a 32-bit integer column
#: A step of the workbook is named by a short key: "welcome", an instrument id, "results", "plan", "summary".
STEP_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
MAX_WORKSHEET_NAME_LENGTH = 50


def record_id(value: object, what: str) -> int:
    """A row id: a whole number (not a bool, a float or text that looks like one)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{what} must be a whole number, not {describe(value)}")
    if not MIN_ID <= value <= MAX_ID:
        raise InputError(f"{what} is out of range: ids are whole numbers below 2**31")
    return value


def optional_id(value: object, what: str) -> int | None:
    return None if value is None else record_id(value, what)


def count(value: object, what: str) -> int:
    """A whole number that is not a row id (a threshold, the newest event id a snapshot includes):
    0 or more, and small enough for the store's 32-bit Integer columns."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{what} must be a whole number, not {describe(value)}")
    if not 0 <= value <= MAX_ID:
        raise InputError(f"{what} is out of range: it is a whole number from 0 to 2**31 - 1, not {describe(value)}")
    return value


def step(value: object) -> str:
    """The key of a step of the workbook: lowercase letters, digits and dashes, 1 to 100 of them."""
    if not isinstance(value, str) or not STEP_KEY.match(value):
        raise InputError(f"a step is named by lowercase letters, digits and dashes, not {describe(value)}")
    return value


def worksheet_name(value: object) -> str:
    """A worksheet's name as stored (any, not only the page's own: team views read them by name)."""
    if not isinstance(value, str) or not 0 < len(value) <= MAX_WORKSHEET_NAME_LENGTH:
        raise InputError(f"a worksheet is named by text of 1 to {MAX_WORKSHEET_NAME_LENGTH} characters, "
                         f"not {describe(value)}")
    return value


def name(value: object, who: str) -> str:
    """A person's or a team's name (``who``: "a respondent", "a team"): 1 to 200 characters, trimmed."""
    found = check_text(value, f"{who}'s name", max_length=MAX_NAME_LENGTH, strip=True)
    if not found:
        raise InputError(f"{who} needs a name")
    return found


def respondent_name(value: object) -> str:
    """A respondent's name, as :func:`name`; never :data:`ERASED_NAME`, which marks an erased row."""
    found = name(value, "a respondent")
    if found == ERASED_NAME:
        raise InputError(f"{ERASED_NAME!r} is the name an erased person's row keeps: give a person another")
    return found


def label(value: object, what: str = "a round's label") -> str:
    """A round's label: text up to 200 characters; empty means "number it for me"."""
    if value is None:
        return ""
    return check_text(value, what, max_length=MAX_LABEL_LENGTH, strip=True)


def key(value: object, what: str) -> str:
    """An instrument's or an item's id as stored: text up to 100 characters."""
    return check_text(value, what, max_length=MAX_KEY_LENGTH, required=True)


def optional_key(value: object, what: str) -> str | None:
    return None if value is None else key(value, what)


def flag(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(f"{what} must be True or False, not {describe(value)}")
    return value


def instrument(value: object) -> Instrument:
    """An Instrument object (not its id as text), with an id and version the store can keep."""
    if not isinstance(value, Instrument):
        hint = " (load it with find_instrument or load_instrument first)" if isinstance(value, str) else ""
        raise InputError(f"an answer needs an Instrument, not {describe(value)}{hint}")
    key(value.id, "the instrument's id")
    if isinstance(value.version, bool) or not isinstance(value.version, int) or not 0 <= value.version <= MAX_VERSION:
        raise InputError(f"instrument {value.id!r}: its version must be a whole number from 0 to {MAX_VERSION}")
    return value


def entries(value: object) -> list[tuple]:
    """``record_answers``' entries: a list of ``(item_id, value)`` or ``(item_id, value, note)``."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise InputError(f"answers are a list of (item id, value[, note]) pairs, not {describe(value)}")
    found = []
    for entry in value:
        if not isinstance(entry, (tuple, list)) or len(entry) not in (2, 3):
            raise InputError(f"each answer is an (item id, value[, note]) pair, not {describe(entry)}")
        item_id, answer, note_text = (tuple(entry) + (None,))[:3]
        found.append((key(item_id, "an item's id"), answer, note_text))
    return found


def note(value: object, item_id: str) -> str | None:
    """An answer's note: None, or text up to MAX_NOTE_LENGTH characters."""
    if value is None:
        return None
    return check_text(value, f"the note on item {item_id!r}", max_length=MAX_NOTE_LENGTH, error=AnswerError)


#: An address a mail server takes: one @, no spaces, quotes, brackets or separators, a dot in the domain.
EMAIL_SHAPE = re.compile(r"^[^@\s<>(),;:\"\[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
MAX_EMAIL_LENGTH = 254
#: A language tag shaped like BCP 47's: ``fr``, ``es-ES``, ``zh-Hant-TW`` (its shape only, not the registry).
LANGUAGE_SHAPE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
MAX_LANGUAGE_LENGTH = 35
MESSAGE_KINDS = ("invitation", "reminder")
MESSAGE_STATUSES = ("sending", "sent", "failed")
MAX_REASON_LENGTH = 1000


def email(value: object, what: str = "an email address") -> str:
    """An email address, trimmed: ``name@example.org`` (no display name, no spaces)."""
    found = check_text(value, what, max_length=MAX_EMAIL_LENGTH, strip=True)
    if not EMAIL_SHAPE.match(found):
        raise InputError(f"{what} {quote(found)} is not an address; write it as name@example.org")
    return found


def language(value: object) -> str | None:
    """A language tag (``fr``, ``es-ES``), or None when there is none."""
    if value is None:
        return None
    found = check_text(value, "a language", max_length=MAX_LANGUAGE_LENGTH, strip=True)
    if not found:
        return None
    if not LANGUAGE_SHAPE.match(found):
        raise InputError(f"the language {quote(found)} is not a language tag; write it like fr, de or es-ES")
    return found


def choice(value: object, allowed: tuple[str, ...], what: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise InputError(f"{what} is one of: {', '.join(allowed)}, not {quote(value)}")
    return value


def whole(value: object, what: str, low: int, high: int) -> int:
    """A count (not a row id) from ``low`` to ``high``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{what} must be a whole number, not {describe(value)}")
    if not low <= value <= high:
        raise InputError(f"{what} must be from {low} to {high}, not {value}")
    return value


def reason(value: object) -> str | None:
    """A mail server's reason, kept as text any output can carry: its odd characters become spaces."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = " ".join(FORBIDDEN_IN_TEXT.sub(" ", str(value)).split())  # one line
    return text[:MAX_REASON_LENGTH] or None
