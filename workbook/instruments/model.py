"""The typed, frozen shape of an instrument: Instrument → Section → Item.

Objects here are built by :mod:`workbook.instruments` from YAML and never
change afterwards, so widgets, scoring and the store can share them freely.
Checking whether an answer fits an item lives here too, because it depends
only on the item: the store and the widgets both call :meth:`Item.check_value`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union

from ..errors import AnswerError, InputError
from ..basics.i18n import N_
from ..basics.text_check import bad_character

KINDS = ("rating", "checklist", "mistakes", "text")
#: What an instrument, section or item id looks like: lower-case words joined by hyphens.
ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")
POLES = ("leader", "manager")

#: The value that marks a rating item as "not applicable": distinct from
#: every score and from "unanswered" (which is the absence of an answer).
NOT_APPLICABLE = "na"

#: Longest free-text answer kept, in characters.
MAX_TEXT_LENGTH = 5000
#: Longest note kept beside an answer, in characters.
MAX_NOTE_LENGTH = 2000

#: A JSON-able answer value: int (rating, severity), bool (checklist),
#: str (text, or ``"na"``), or None (the answer was cleared).
Value = Union[int, bool, str, None]


@dataclass(frozen=True)
class Ref:
    """Where a section or an item sits: ``instrument/section`` or ``instrument/section/item``.

    ``str(ref)`` is the canonical text the store, the action plans, the exports and the
    widgets' state keep; :meth:`parse` reads it back and refuses anything else.
    """

    instrument: str
    section: str
    item: str | None = None

    @classmethod
    def parse(cls, text: object) -> Ref:
        """The ref ``text`` spells, or InputError if it is not ``instrument/section[/item]`` made of ids."""
        parts = text.split("/") if isinstance(text, str) else ()
        if len(parts) not in (2, 3) or not all(ID_PATTERN.fullmatch(part) for part in parts):
            raise InputError(f"{text!r} is not a reference of the form instrument/section or instrument/section/item")
        return cls(*parts)

    @property
    def section_ref(self) -> Ref:
        """The section this ref is in (itself, for a section ref)."""
        return Ref(self.instrument, self.section)

    def __str__(self) -> str:
        if self.item is None:
            return f"{self.instrument}/{self.section}"
        return f"{self.instrument}/{self.section}/{self.item}"


@dataclass(frozen=True)
class Scale:
    """An ordered rating scale, ``min`` to ``max`` inclusive, with a label per point."""

    min: int
    max: int
    labels: tuple[str, ...] = ()

    def points(self) -> tuple[int, ...]:
        return tuple(range(self.min, self.max + 1))

    def label(self, point: int) -> str:
        if self.labels:
            return self.labels[point - self.min]
        return str(point)


DEFAULT_SCALE = Scale(1, 5, ("Never", "Rarely", "Sometimes", "Often", "Always"))

#: How strongly a mistake or obstacle shows up; 0 means it does not.
#: Its labels are the interface's (English here, marked for the catalogue), translated where they are shown.
SEVERITY_SCALE = Scale(0, 3, (N_("Not at all"), N_("Now and then"), N_("Often"), N_("Most of the time")))


@dataclass(frozen=True)
class Source:
    """Where a question comes from: a seed document and its section."""

    seed: str
    section: str

    def __str__(self) -> str:
        return f"{self.seed} · {self.section}"


@dataclass(frozen=True)
class Item:
    """One question. ``kind`` and ``scale`` are copied from its section."""

    id: str
    text: str
    kind: str
    scale: Scale | None = None
    help: str = ""
    concept: str = ""
    reverse: bool = False
    pole: str | None = None
    source: Source | None = None
    actions: tuple[str, ...] = ()

    def check_value(self, value: object) -> Value:
        """Return ``value`` if it is a valid answer to this item, else raise AnswerError.

        None is always accepted: it clears the answer.
        """
        if value is None:
            return None
        if self.kind in ("rating", "mistakes"):
            if self.kind == "rating" and value == NOT_APPLICABLE:
                return NOT_APPLICABLE
            # bool is an int in Python; a checkbox value is not a rating.
            if isinstance(value, bool) or not isinstance(value, int):
                raise AnswerError(
                    f"item {self.id!r} takes a whole number from {self.scale.min} to "
                    f"{self.scale.max}, not {value!r}"
                )
            if not self.scale.min <= value <= self.scale.max:
                raise AnswerError(
                    f"item {self.id!r}: {value} is outside the scale "
                    f"{self.scale.min}..{self.scale.max}"
                )
            return value
        if self.kind == "checklist":
            if not isinstance(value, bool):
                raise AnswerError(f"item {self.id!r} takes yes or no (true/false), not {value!r}")
            return value
        if not isinstance(value, str):
            raise AnswerError(f"item {self.id!r} takes text, not {value!r}")
        if len(value) > MAX_TEXT_LENGTH:
            raise AnswerError(
                f"item {self.id!r}: the answer is {len(value)} characters long; "
                f"at most {MAX_TEXT_LENGTH} are kept"
            )
        problem = bad_character(value)
        if problem is not None:
            raise AnswerError(f"item {self.id!r}: the answer contains {problem}")
        return value


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    kind: str
    items: tuple[Item, ...]
    help: str = ""
    source: Source | None = None
    actions: tuple[str, ...] = ()

    @property
    def scored(self) -> bool:
        return self.kind != "text"

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def source_of(self, item: Item) -> Source | None:
        return item.source or self.source


@dataclass(frozen=True)
class Instrument:
    id: str
    version: int
    title: str
    sections: tuple[Section, ...]
    description: str = ""
    step: int | None = None
    scale: Scale = DEFAULT_SCALE
    path: str | None = field(default=None, compare=False)

    @property
    def key(self) -> str:
        """``id@version``: how answers name the instrument they belong to."""
        return f"{self.id}@{self.version}"

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def find_item(self, item_id: str) -> tuple[Section, Item]:
        """The section and item with this id (item ids are unique per instrument)."""
        for section in self.sections:
            for item in section.items:
                if item.id == item_id:
                    return section, item
        raise AnswerError(f"instrument {self.key} has no item {item_id!r}")
