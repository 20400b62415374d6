"""Where a widget's answers go: one respondent's round in a :class:`workbook.Store`.

Widgets never talk to the store directly; they get a :class:`StoreBinding`
(or nothing, and then they work unsaved). Every method is a single short
store call, so a widget can write through on every change.
"""

from __future__ import annotations

from typing import NamedTuple

from workbook.instruments.model import Instrument, Value


class Stored(NamedTuple):
    """The current answer to one item and its note."""

    value: Value
    note: str


class StoreBinding:
    """A respondent's round in a store: what widgets restore from and write to.

    ``subject_id`` is the leader being rated when the answers are about
    someone else (None for a self-assessment).
    """

    def __init__(self, store, respondent_id: int, round_id: int, subject_id: int | None = None):
        self.store = store
        self.respondent_id = respondent_id
        self.round_id = round_id
        self.subject_id = subject_id

    def __repr__(self) -> str:
        return f"StoreBinding(respondent={self.respondent_id}, round={self.round_id})"

    def answers(self, instrument: Instrument) -> dict[str, Stored]:
        """``{item_id: Stored(value, note)}`` for this instrument; cleared items keep their note."""
        found = self.store.latest_answers(self.respondent_id, self.round_id, instrument.id,
                                          subject_id=self.subject_id, include_cleared=True)
        return {a.item_id: Stored(a.value, a.note or "") for a in found if a.value is not None or a.note}

    def values(self, instrument: Instrument) -> dict[str, Value]:
        """``{item_id: value}`` of the current answers, as scoring takes them."""
        return {item_id: stored.value for item_id, stored in self.answers(instrument).items()
                if stored.value is not None}

    def record(self, instrument: Instrument, item_id: str, value: Value, note: str | None = None) -> None:
        """Write one answer through; raises the store's error (AnswerError, StoreError...) if refused."""
        self.store.record_answer(self.respondent_id, self.round_id, instrument, item_id, value,
                                 note or None, subject_id=self.subject_id)

    def plan(self) -> list[dict]:
        return self.store.load_plan(self.respondent_id, self.round_id)

    def save_plan(self, actions: list[dict]) -> list[dict]:
        """Keep the whole plan as its newest version; raises PlanError if it is malformed."""
        return self.store.save_plan(self.respondent_id, self.round_id, actions)

    def worksheet(self, name: str) -> dict | None:
        """The newest saved inputs of a worksheet (a calculator), or None."""
        return self.store.load_worksheet(self.respondent_id, self.round_id, name)

    def save_worksheet(self, name: str, data: dict):
        """Keep a worksheet's inputs as their newest version; raises the store's error if refused."""
        return self.store.save_worksheet(self.respondent_id, self.round_id, name, data)
