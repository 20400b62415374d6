"""A team round's answers from the store as long tables, ready for :mod:`workbook.aggregate`.

Each answer becomes a row with its rater group (from the invite it was given
through), its section and item refs (``instrument/section[/item]``), its value
as a number and its points (0–1). Free text goes to a table of its own, action
plans to a third. pandas is imported here, so only the coach's pages load it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pandas as pd

from .instruments import builtin_instruments
from .model import NOT_APPLICABLE, Instrument, Item, Section
from .scoring import item_points
from .store import Store
from .teams import rater_groups

SCORED_COLUMNS = ("round_id", "respondent_id", "subject_id", "group", "section", "item", "value", "points")


@dataclass(frozen=True)
class Entry:
    instrument: Instrument
    section: Section
    item: Item

    @property
    def section_ref(self) -> str:
        return f"{self.instrument.id}/{self.section.id}"

    @property
    def ref(self) -> str:
        return f"{self.instrument.id}/{self.section.id}/{self.item.id}"


class Catalogue:
    """Every item of the instruments by ref, with their sections in guided order, for labels and lookups."""

    def __init__(self, instruments: Iterable[Instrument] = ()):
        self.instruments = tuple(instruments) or builtin_instruments()
        self.entries: dict[str, Entry] = {}
        self.sections: dict[str, tuple[Instrument, Section]] = {}
        self._by_key: dict[tuple[str, int, str], Entry] = {}
        for instrument in self.instruments:
            for section in instrument.sections:
                self.sections[f"{instrument.id}/{section.id}"] = (instrument, section)
                for item in section.items:
                    entry = Entry(instrument, section, item)
                    self.entries.setdefault(entry.ref, entry)
                    self._by_key[(instrument.id, instrument.version, item.id)] = entry

    def find(self, instrument_id: str, version: int, item_id: str) -> Entry | None:
        return self._by_key.get((instrument_id, version, item_id))

    def section_title(self, ref: str) -> str:
        found = self.sections.get(ref)
        return f"{found[0].title} · {found[1].title}" if found else ref

    def item_text(self, ref: str) -> str:
        entry = self.entries.get(ref)
        return entry.item.text if entry else ref

    def refs_of_kind(self, kind: str) -> list[str]:
        return [ref for ref, entry in self.entries.items() if entry.item.kind == kind]

    def countable_items(self) -> int:
        """How many items a member answers to finish (free text is optional)."""
        return sum(1 for entry in self.entries.values() if entry.item.kind != "text")


def number(item: Item, value) -> float:
    """An answer as a number: the rating or severity, 1/0 for a checklist; NaN for not applicable."""
    if value is None or value == NOT_APPLICABLE or item.kind == "text":
        return np.nan
    return float(value)


@dataclass(frozen=True)
class RoundAnswers:
    """One round's current answers: scored rows, free text and action plans."""

    round_id: int
    scored: pd.DataFrame
    texts: pd.DataFrame
    actions: pd.DataFrame
    answered: dict[tuple[int, int | None], int]  # (respondent, subject) → countable items answered


def round_answers(store: Store, round_id: int, catalogue: Catalogue) -> RoundAnswers:
    """Load a round's current answers; answers to items no instrument knows are left out."""
    groups = rater_groups(store, round_id)
    scored, texts, answered = [], [], {}
    for answer in store.latest_answers(round_id=round_id):
        entry = catalogue.find(answer.instrument_id, answer.instrument_version, answer.item_id)
        if entry is None:
            continue
        group = "self" if answer.subject_id is None else groups.get((answer.respondent_id, answer.subject_id), "peer")
        if entry.item.kind == "text":
            if isinstance(answer.value, str) and answer.value.strip():
                texts.append((answer.respondent_id, answer.subject_id, group, entry.ref, answer.value))
            continue
        key = (answer.respondent_id, answer.subject_id)
        answered[key] = answered.get(key, 0) + 1
        value = number(entry.item, answer.value)
        points = item_points(entry.item, answer.value)
        scored.append((round_id, answer.respondent_id, answer.subject_id, group, entry.section_ref, entry.ref,
                       value, np.nan if points is None else points))
    frame = pd.DataFrame(scored, columns=list(SCORED_COLUMNS))
    frame = frame.astype({"round_id": "int64", "respondent_id": "int64", "subject_id": "Int64",
                          "value": "float64", "points": "float64"})
    frame["section"] = pd.Categorical(frame["section"], categories=list(catalogue.sections))
    frame["item"] = pd.Categorical(frame["item"], categories=list(catalogue.entries))
    text_frame = pd.DataFrame(texts, columns=["respondent_id", "subject_id", "group", "item", "text"])
    return RoundAnswers(round_id, frame, text_frame, _actions(store, round_id), answered)


def _actions(store: Store, round_id: int) -> pd.DataFrame:
    rows = [(respondent_id, action.get("gap") or "(no gap named)", action.get("what", ""), action.get("status", ""))
            for (respondent_id, _), plan in store.plans(round_id).items() for action in plan]
    return pd.DataFrame(rows, columns=["respondent_id", "gap", "what", "status"])


def self_assessments(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows in which people assess themselves: what the team's own scores are made of."""
    return frame[frame["group"] == "self"]


def about(frame: pd.DataFrame, subject_id: int, group: str | None = None) -> pd.DataFrame:
    """The rows others gave about ``subject_id`` (of one rater group, or all but self)."""
    rows = frame[(frame["subject_id"] == subject_id).fillna(False).to_numpy(dtype=bool)]
    rows = rows[rows["group"] != "self"]
    return rows if group is None else rows[rows["group"] == group]
