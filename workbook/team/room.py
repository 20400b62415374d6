"""Who is in the room: how many of a round's people have joined, are answering, have finished.

:class:`RoomWatch` counts the people of a round who have joined (went past
their workbook's welcome, which the page remembers as their place, or
answered), are answering, and have finished (the one definition of
:mod:`workbook.assess.progress`). It asks the store one cheap question per
poll (:meth:`Store.round_pulse`) and reads more, only the answer events it
has not seen, when that moved. Pure core: the console page only draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..assess.progress import answered, counted_items, total_items
from ..instruments.model import Instrument
from ..store import Store


@dataclass(frozen=True)
class RoomCounts:
    """How many of a round's people are in: counts only (names only through :attr:`people`)."""

    invited: int = 0
    joined: int = 0  # went past their workbook's welcome, or gave an answer
    answering: int = 0  # gave an answer, not finished
    finished: int = 0
    people: tuple[tuple[str, str], ...] = ()  # (name, state), by name: shown only when the coach asks


class RoomWatch:
    """The live counts of one round, kept up to date by :meth:`poll` at one small query per call."""

    def __init__(self, store: Store, round_id: int, instruments: tuple[Instrument, ...], names: dict[int, str]):
        self.store, self.round_id, self.names = store, round_id, names
        self._wanted = {(i.id, i.version): {item.id for item in counted_items(i)} for i in instruments}
        self._total = total_items(instruments)
        self._pulse: tuple[int, int] | None = None
        self._upto = 0  # the newest answer event read
        self._latest: dict[tuple, bool] = {}  # (respondent, subject, instrument, version, item) -> answered
        self._answered: dict[tuple[int, int | None], int] = {}  # counted items answered, per link
        self._gave_any: set[int] = set()
        self.counts = RoomCounts()

    def poll(self) -> bool:
        """Bring the counts up to date; True when they changed (the console redraws only then)."""
        pulse = self.store.round_pulse(self.round_id)
        if pulse == self._pulse:
            return False
        self._pulse = pulse
        for event_id, answer in self.store.answers_since(self.round_id, self._upto):
            self._upto = event_id
            self._gave_any.add(answer.respondent_id)
            wanted = self._wanted.get((answer.instrument_id, answer.instrument_version), ())
            if answer.item_id not in wanted:
                continue
            key = (answer.respondent_id, answer.subject_id, answer.instrument_id, answer.instrument_version,
                   answer.item_id)
            link = (answer.respondent_id, answer.subject_id)
            was, now = self._latest.get(key, False), answered(answer.value)
            self._latest[key] = now
            self._answered[link] = self._answered.get(link, 0) + (now - was)
        before, self.counts = self.counts, self._count()
        return self.counts != before

    def _count(self) -> RoomCounts:
        links: dict[int, set[int | None]] = {}
        for invite in self.store.invites(self.round_id, include_revoked=True):
            links.setdefault(invite.respondent_id, set()).add(invite.subject_id)
        visitors = self.store.round_visitors(self.round_id)
        people = []
        for person, subjects in links.items():
            if all(self._answered.get((person, s), 0) >= self._total for s in subjects):
                state = "finished"
            elif person in self._gave_any:
                state = "answering"
            else:
                state = "joined" if person in visitors else "not yet"
            people.append((self.names.get(person, f"member {person}"), state))
        states = [state for _, state in people]
        return RoomCounts(invited=len(people), joined=sum(s != "not yet" for s in states),
                          answering=states.count("answering"), finished=states.count("finished"),
                          people=tuple(sorted(people, key=lambda p: p[0].casefold())))
