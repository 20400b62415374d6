"""Progress and "finished": one definition, used by the page, the widgets and the dashboard.

A member has finished an instrument when every item that counts is
answered ("not applicable" is an answer). Free text is optional, so text
items do not count, except in an instrument made only of text, where
they are all there is. Nothing here imports pandas: the respondent's page
uses it.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from ..instruments.model import Instrument, Item


def counted_items(instrument: Instrument) -> tuple[Item, ...]:
    """The items a member answers to finish the instrument."""
    items = tuple(instrument.items)
    required = tuple(item for item in items if item.kind != "text")
    return required or items


def answered(value) -> bool:
    """Whether a stored value is an answer (empty text and a cleared answer are not)."""
    return value is not None and value != ""


def answered_count(instrument: Instrument, values: Mapping[str, object]) -> int:
    """How many of the instrument's counted items ``values`` (item id → answer) answers."""
    return sum(1 for item in counted_items(instrument) if answered(values.get(item.id)))


def completion(instrument: Instrument, values: Mapping[str, object]) -> float:
    """The share (0–1) of the instrument's counted items answered."""
    total = len(counted_items(instrument))
    return answered_count(instrument, values) / total if total else 1.0


def total_items(instruments: Iterable[Instrument]) -> int:
    """How many items a member answers to finish a programme."""
    return sum(len(counted_items(i)) for i in instruments)


def programme_answered(instruments: Iterable[Instrument], answers: Mapping[str, Mapping[str, object]]) -> int:
    """Counted items answered across a programme; ``answers`` maps instrument id → {item id: answer}."""
    return sum(answered_count(i, answers.get(i.id, {})) for i in instruments)


def finished(instruments: Iterable[Instrument], answers: Mapping[str, Mapping[str, object]]) -> bool:
    instruments = tuple(instruments)
    return programme_answered(instruments, answers) >= total_items(instruments)
