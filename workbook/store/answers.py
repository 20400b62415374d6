"""Answers: append-only events, and the current answer per item read from them.

A part of :class:`workbook.store.Store` (mixed in). Every change of an answer
is a new event (a cleared answer is an event whose value is None), so any
earlier state can be read back with ``as_of``; the current answer is the
newest event per respondent, round, subject, instrument and item.
"""

from __future__ import annotations

import json
from typing import Iterable

from sqlalchemy import func, insert, select
from sqlalchemy.exc import OperationalError

from ..errors import StoreError
from ..instruments.model import Instrument, Value
from . import checks, schema
from .connection import now
from .records import ALL_SUBJECTS, Answer


def answer_from_row(row) -> Answer:
    """An Answer from a row of lb_answers, or from the dict of values about to be inserted."""
    get = row.get if isinstance(row, dict) else row._mapping.get
    return Answer(
        respondent_id=get("respondent_id"), round_id=get("round_id"), instrument_id=get("instrument_id"),
        instrument_version=get("instrument_version"), item_id=get("item_id"),
        value=json.loads(get("value")) if get("value") is not None else None,
        note=get("note"), recorded_at=get("recorded_at"), subject_id=get("subject_id"),
    )


def latest_ids(subject_id, as_of=None, **where):
    """A query of the id of the newest event per (respondent, round, subject, instrument, item)."""
    a = schema.answers.c
    query = select(func.max(a.id)).group_by(a.respondent_id, a.round_id, a.subject_id, a.instrument_id, a.item_id)
    if as_of is not None:
        query = query.where(a.id <= as_of)
    for name, value in where.items():
        if value is not None:
            query = query.where(getattr(a, name) == value)
    if subject_id is None:
        query = query.where(a.subject_id.is_(None))
    elif subject_id is not ALL_SUBJECTS:
        query = query.where(a.subject_id == subject_id)
    return query


class Answers:
    """Recording and reading answers (mixed into Store, which supplies ``_check_open`` and the connection)."""

    def record_answer(self, respondent_id: int, round_id: int, instrument: Instrument, item_id: str, value: Value,
                      note: str | None = None, subject_id: int | None = None) -> Answer:
        """Check ``value`` against the item and append it as the newest answer."""
        return self.record_answers(respondent_id, round_id, instrument, [(item_id, value, note)], subject_id)[0]

    def record_answers(self, respondent_id: int, round_id: int, instrument: Instrument, entries: Iterable[tuple],
                       subject_id: int | None = None) -> list[Answer]:
        """Several answers in one transaction: all are written, or (on any bad one) none.

        Each entry is ``(item_id, value)`` or ``(item_id, value, note)``.
        """
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        round_id = checks.record_id(round_id, "a round id")
        instrument = checks.instrument(instrument)
        subject_id = checks.optional_id(subject_id, "a subject id")
        stamp = now()
        rows = []
        for item_id, value, note in checks.entries(entries):
            _, item = instrument.find_item(item_id)
            value = item.check_value(value)
            note = checks.note(note, item_id)
            rows.append(
                dict(respondent_id=respondent_id, round_id=round_id, subject_id=subject_id,
                     instrument_id=instrument.id, instrument_version=instrument.version, item_id=item_id,
                     value=json.dumps(value), note=note or None, recorded_at=stamp)
            )
        if not rows:
            return []
        try:
            with self._write() as conn:
                self._check_open(conn, respondent_id, round_id, subject_id)
                conn.execute(insert(schema.answers), rows)
        except OperationalError as exc:
            raise StoreError(f"the answer could not be saved: {exc.orig}") from None
        return [answer_from_row(row) for row in rows]

    def latest_answers(self, respondent_id: int | None = None, round_id: int | None = None,
                       instrument_id: str | None = None, *, subject_id=ALL_SUBJECTS, include_cleared: bool = False,
                       as_of: int | None = None) -> list[Answer]:
        """The current answer per item: the newest event, cleared answers left out.

        ``subject_id`` narrows to answers about one person (None: self-assessments);
        by default answers about anyone are returned. ``as_of`` (an answer event
        id, see :meth:`newest_event_ids`) reads them as they were after that event.
        """
        as_of = checks.optional_id(as_of, "as_of (an answer event id)")
        respondent_id = checks.optional_id(respondent_id, "a respondent id")
        round_id = checks.optional_id(round_id, "a round id")
        instrument_id = checks.optional_key(instrument_id, "an instrument id")
        if subject_id is not ALL_SUBJECTS:
            subject_id = checks.optional_id(subject_id, "a subject id")
        include_cleared = checks.flag(include_cleared, "include_cleared")
        latest = latest_ids(subject_id, as_of, respondent_id=respondent_id, round_id=round_id,
                            instrument_id=instrument_id)
        query = select(schema.answers).where(schema.answers.c.id.in_(latest)).order_by(schema.answers.c.id)
        with self._read() as conn:
            found = [answer_from_row(row) for row in conn.execute(query)]
        return found if include_cleared else [a for a in found if a.value is not None]

    def answer_values(self, respondent_id: int, round_id: int, instrument_id: str,
                      subject_id: int | None = None) -> dict[str, Value]:
        """``{item_id: value}`` of the current answers about ``subject_id`` (None: about themselves)."""
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        round_id = checks.record_id(round_id, "a round id")
        instrument_id = checks.key(instrument_id, "an instrument id")
        found = self.latest_answers(respondent_id, round_id, instrument_id, subject_id=subject_id)
        return {a.item_id: a.value for a in found}

    def answer_history(self, respondent_id: int, round_id: int | None = None) -> list[Answer]:
        """Every answer event of a respondent (in one round, or all), oldest first."""
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        round_id = checks.optional_id(round_id, "a round id")
        query = select(schema.answers).where(schema.answers.c.respondent_id == respondent_id)
        if round_id is not None:
            query = query.where(schema.answers.c.round_id == round_id)
        with self._read() as conn:
            return [answer_from_row(row) for row in conn.execute(query.order_by(schema.answers.c.id))]

    def answering_count(self, round_id: int) -> int:
        """How many people gave at least one answer in a round."""
        round_id = checks.record_id(round_id, "a round id")
        a = schema.answers.c
        with self._read() as conn:
            return conn.execute(select(func.count(func.distinct(a.respondent_id))).where(a.round_id == round_id)
                                ).scalar()

    def count_answers(self) -> int:
        """How many answer events the store holds (every change counts)."""
        with self._read() as conn:
            return conn.execute(select(func.count()).select_from(schema.answers)).scalar()
