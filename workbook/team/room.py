"""Who is in the room: how many of a round's people have joined, are answering, have finished.

:class:`RoomWatch` counts the people of a round who have joined (went past
their workbook's welcome, which the page remembers as their place, or
answered), are answering (answered an item that counts), and have finished,
as :mod:`workbook.team.progress` tallies them for the dashboard and the
release rule too. It asks the store one cheap question per poll
(:meth:`Store.round_pulse`) and reads more, only the answer events it has not
seen, when that moved; its first poll counts the round in one query. Pure core: the console page only draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..assess.progress import Tally
from ..instruments.model import Instrument
from ..store import Store
from .progress import RoundProgress


@dataclass(frozen=True)
class RoomCounts:
    """How many of a round's people are in: counts only (names only through :attr:`people`)."""

    invited: int = 0
    joined: int = 0  # went past their workbook's welcome, or gave an answer
    answering: int = 0  # answered an item that counts (as the dashboard's "in progress"), not finished
    finished: int = 0
    people: tuple[tuple[str, str], ...] = ()  # (name, state), by name: shown only when the coach asks


class RoomWatch:
    """The live counts of one round, kept up to date by :meth:`poll` at one small query per call."""

    def __init__(self, store: Store, round_id: int, instruments: tuple[Instrument, ...], names: dict[int, str]):
        self.store, self.round_id, self.names = store, round_id, names
        self._progress = RoundProgress(store, round_id, instruments)
        self._pulse: tuple[int, int] | None = None
        self._gave_any: set[int] = set()
        self.counts = RoomCounts()

    def poll(self) -> bool:
        """Bring the counts up to date; True when they changed (the console redraws only then)."""
        pulse = self.store.round_pulse(self.round_id)
        if pulse == self._pulse:
            return False
        first = self._pulse is None
        self._pulse = pulse
        if first:  # one count of the round, not a fold of every event since it began
            self._gave_any.update(self._progress.start_counted())
        self._gave_any.update(answer.respondent_id for answer in self._progress.catch_up())
        before, self.counts = self.counts, self._count()
        return self.counts != before

    def _count(self) -> RoomCounts:
        links: dict[int, list[Tally]] = {}
        for link in self._progress.links():
            links.setdefault(link.respondent_id, []).append(link.tally)
        visitors = self.store.round_visitors(self.round_id)
        people = []
        for person, tallies in links.items():
            if all(t.finished for t in tallies):
                state = "finished"
            elif any(t.started for t in tallies):
                state = "answering"
            else:
                state = "joined" if person in visitors or person in self._gave_any else "not yet"
            people.append((self.names.get(person, f"member {person}"), state))
        states = [state for _, state in people]
        return RoomCounts(invited=len(people), joined=sum(s != "not yet" for s in states),
                          answering=states.count("answering"), finished=states.count("finished"),
                          people=tuple(sorted(people, key=lambda p: p[0].casefold())))
