"""Progress and "finished": one definition, used by the page, the widgets, the dashboard,
the release rule and the session console.

A member has finished an instrument when every item that counts is
answered ("not applicable" is an answer; a cleared answer and empty text
are not). Free text is optional, so text items do not count, except in an
instrument made only of text, where they are all there is.

:class:`Tallies` folds answer records into one :class:`Tally` per link
(answered, total, started, finished): the respondent's page tallies its own
link with it, and :mod:`workbook.team.progress` tallies every link of a round
with it for the coach's views. Nothing here imports the store or pandas: the
respondent's page uses it.
"""

from __future__ import annotations

from dataclasses import dataclass
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


def total_items(instruments: Iterable[Instrument]) -> int:
    """How many items a member answers to finish a programme."""
    return sum(len(counted_items(i)) for i in instruments)


@dataclass(frozen=True)
class Tally:
    """How far one link got with a programme: counts only, never what was answered.

    A link is one person answering about themselves or about one leader. Made
    by :class:`Tallies`, the one count the respondent's page, the coach's
    dashboard, the release rule and the session console all read.
    """

    answered: int  # counted items answered, across the programme
    total: int  # counted items in the programme (:func:`total_items`)
    #: ``(instrument id, counted items answered, counted items)`` per instrument of the programme, in its order.
    per_instrument: tuple[tuple[str, int, int], ...] = ()

    @property
    def started(self) -> bool:
        return self.answered > 0

    @property
    def finished(self) -> bool:
        return self.answered >= self.total

    @property
    def completion(self) -> float:
        """The share (0–1) of the programme's counted items answered."""
        return min(1.0, self.answered / self.total) if self.total else 1.0

    def answered_in(self, instrument_id: str) -> int:
        """Counted items of one instrument answered (0 for an instrument not in the programme)."""
        return next((done for key, done, _ in self.per_instrument if key == instrument_id), 0)

    def completion_of(self, instrument_id: str) -> float:
        """The share (0–1) of one instrument's counted items answered (0 for one not in the programme)."""
        for key, done, total in self.per_instrument:
            if key == instrument_id:
                return min(1.0, done / total) if total else 1.0
        return 0.0


class Tallies:
    """The :class:`Tally` of every link, folded from answer records one at a time.

    A record is anything with the fields of :class:`workbook.store.Answer`
    (``respondent_id``, ``subject_id``, ``instrument_id``,
    ``instrument_version``, ``item_id``, ``value``). Records are added oldest
    first, so the newest per item wins, as it does in the store: adding a
    round's current answers (``Store.latest_answers``) once, or every answer
    event as it comes (``Store.answers_since``), ends in the same tallies. An
    answer counts when it is to the version of the instrument the programme
    holds, to an item that counts (:func:`counted_items`), and is an answer
    (:func:`answered`: a cleared answer or empty text is not; "not
    applicable" is).
    """

    def __init__(self, instruments: Iterable[Instrument]):
        self.instruments = tuple(instruments)
        self._counted = {(i.id, i.version): frozenset(item.id for item in counted_items(i)) for i in self.instruments}
        self._sizes = tuple((i.id, len(self._counted[i.id, i.version])) for i in self.instruments)
        self._total = total_items(self.instruments)
        self._answered: dict[tuple, bool] = {}  # (respondent, subject, instrument, item) -> counts now
        self._counts: dict[tuple[int, int | None], dict[str, int]] = {}  # per link, per instrument id
        self._made: dict[tuple[int, int | None], Tally] = {}  # tallies made since their link last moved

    def add(self, records: Iterable) -> "Tallies":
        """Fold ``records`` (oldest first) in; returns ``self``."""
        for record in records:
            link = (record.respondent_id, record.subject_id)
            key = (*link, record.instrument_id, record.item_id)
            counts = record.item_id in self._counted.get((record.instrument_id, record.instrument_version), ()) \
                and answered(record.value)
            was = self._answered.get(key, False)
            if counts != was:
                per = self._counts.setdefault(link, {})
                per[record.instrument_id] = per.get(record.instrument_id, 0) + (1 if counts else -1)
                self._made.pop(link, None)
            self._answered[key] = counts
        return self

    def add_counts(self, counts: Iterable[tuple[int, int | None, str, int]]) -> "Tallies":
        """Take per-link counts made elsewhere (``Store.answered_counts``: respondent, subject,
        instrument id, counted items answered) instead of folding every answer: the same tallies
        from a few rows. Only for a fresh Tallies: counts carry no item, so records cannot follow."""
        if self._answered or self._counts:
            raise ValueError("add_counts() is for a fresh Tallies")
        for respondent_id, subject_id, instrument_id, count in counts:
            if count:
                per = self._counts.setdefault((respondent_id, subject_id), {})
                per[instrument_id] = per.get(instrument_id, 0) + count
        return self

    def know(self, records: Iterable) -> "Tallies":
        """Take note of where items stood (their newest records) without counting them again: for
        tallies made by :meth:`add_counts`, before folding newer records of those items."""
        for record in records:
            key = (record.respondent_id, record.subject_id, record.instrument_id, record.item_id)
            self._answered[key] = record.item_id in self._counted.get(
                (record.instrument_id, record.instrument_version), ()) and answered(record.value)
        return self

    def knows(self, key: tuple) -> bool:
        """Whether the item ``(respondent, subject, instrument id, item id)`` has been folded or noted."""
        return key in self._answered

    def counted_item_ids(self) -> dict[tuple[str, int], frozenset[str]]:
        """``{(instrument id, version): item ids that count}`` of the programme: what a count asks for."""
        return dict(self._counted)

    def links(self) -> tuple[tuple[int, int | None], ...]:
        """Every ``(respondent_id, subject_id)`` that has counted an answer, in the order first seen."""
        return tuple(self._counts)

    def tally(self, respondent_id: int, subject_id: int | None = None) -> Tally:
        """The tally of one link: ``subject_id`` None for a person's own answers."""
        link = (respondent_id, subject_id)
        made = self._made.get(link)
        if made is None:  # a live console asks every link each time one moved: make only the moved ones again
            per = self._counts.get(link, {})
            made = self._made[link] = Tally(sum(per.values()), self._total,
                                            tuple((key, per.get(key, 0), size) for key, size in self._sizes))
        return made
