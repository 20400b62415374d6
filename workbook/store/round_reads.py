"""Reads of a whole round for the coach's views, in as few rows as each view needs.

A part of :class:`workbook.store.Store` (mixed in). A round of a thousand
people holds some 150,000 current answers; the coach's views need counts
(how far each link got), the free text, and a few people's own answers, not
every answer decoded in Python. Each read here is one SQL statement over the
newest event per key (the same "newest wins" as
:meth:`~workbook.store.answers.Answers.latest_answers`), or the few events a
caller folds itself.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from sqlalchemy import and_, func, or_, select

from . import checks, schema
from .answers import Answer, answer_from_row

#: Keys asked about per query by latest_for_keys (a live poll brings a handful).
_KEYS_PER_QUERY = 200
#: JSON of the values that are not an answer: a cleared answer and empty text.
_NOT_ANSWERED = ("null", '""')


class RoundReads:
    """Round-wide reads for team views (mixed into Store)."""

    def answered_counts(self, round_id: int, counted: Mapping[tuple[str, int], Iterable[str]], *,
                        as_of: int | None = None) -> list[tuple[int, int | None, str, int]]:
        """``(respondent_id, subject_id, instrument_id, answered)`` per link and instrument of a round.

        ``counted`` maps ``(instrument_id, version)`` to the item ids that count
        (:func:`workbook.assess.progress.counted_items`); an answer counts when
        it is the newest for its item, to one of those items of that version,
        and not cleared or empty (:func:`workbook.assess.progress.answered`).
        Links with nothing counted are left out. ``as_of``: as after that answer event.
        """
        round_id = checks.record_id(round_id, "a round id")
        as_of = checks.optional_id(as_of, "as_of (an answer event id)")
        a = schema.answers.c
        wanted = [and_(a.instrument_id == instrument_id, a.instrument_version == version,
                       a.item_id.in_(sorted(set(items))))
                  for (instrument_id, version), items in sorted(counted.items()) if items]
        if not wanted:
            return []
        newest = select(func.max(a.id)).where(a.round_id == round_id).group_by(
            a.respondent_id, a.subject_id, a.instrument_id, a.item_id)
        if as_of is not None:
            newest = newest.where(a.id <= as_of)
        query = (select(a.respondent_id, a.subject_id, a.instrument_id, func.count())
                 .where(a.id.in_(newest), a.value.not_in(_NOT_ANSWERED), or_(*wanted))
                 .group_by(a.respondent_id, a.subject_id, a.instrument_id))
        with self._read() as conn:
            return [(row[0], row[1], row[2], row[3]) for row in conn.execute(query)]

    def latest_answer_rows(self, round_id: int, *, as_of: int | None = None) -> list[tuple]:
        """The current answers of a round as plain rows, oldest first: ``(respondent_id, subject_id,
        instrument_id, instrument_version, item_id, value)``, ``value`` still JSON text (cleared left out).

        One columnar pass for the rare reads that need every answer (making a snapshot's figures):
        no object per answer, and the caller decodes each distinct value once.
        """
        round_id = checks.record_id(round_id, "a round id")
        as_of = checks.optional_id(as_of, "as_of (an answer event id)")
        a = schema.answers.c
        newest = select(func.max(a.id)).where(a.round_id == round_id).group_by(
            a.respondent_id, a.subject_id, a.instrument_id, a.item_id)
        if as_of is not None:
            newest = newest.where(a.id <= as_of)
        query = (select(a.respondent_id, a.subject_id, a.instrument_id, a.instrument_version, a.item_id, a.value)
                 .where(a.id.in_(newest), a.value != "null").order_by(a.id))
        with self._read() as conn:
            return [tuple(row) for row in conn.execute(query)]

    def text_events(self, round_id: int, *, as_of: int | None = None) -> list[tuple[int, Answer]]:
        """A round's answer events whose value is text or cleared (as of event ``as_of``), oldest first,
        each with its id.

        Free text is the only text a team view shows, and a text item holds
        nothing but text and cleared events, so folding these (newest per item
        wins) gives every current free-text answer at any cutoff without
        reading the rest. Besides free text only "not applicable" is stored as
        text; callers tell them apart by item.
        """
        round_id = checks.record_id(round_id, "a round id")
        as_of = checks.optional_id(as_of, "as_of (an answer event id)")
        a = schema.answers.c
        query = select(schema.answers).where(a.round_id == round_id, or_(a.value.like('"%'), a.value == "null"))
        if as_of is not None:
            query = query.where(a.id <= as_of)
        with self._read() as conn:
            return [(row.id, answer_from_row(row)) for row in conn.execute(query.order_by(a.id))]

    def own_answers_of(self, round_id: int, respondent_ids: Iterable[int], *,
                       as_of: int | None = None) -> dict[int, list[Answer]]:
        """``{respondent_id: [answers]}``: the current self-assessment answers of a few people of a round."""
        round_id = checks.record_id(round_id, "a round id")
        as_of = checks.optional_id(as_of, "as_of (an answer event id)")
        people = sorted({checks.record_id(i, "a respondent id") for i in respondent_ids})
        found: dict[int, list[Answer]] = {person: [] for person in people}
        if not people:
            return found
        a = schema.answers.c
        newest = select(func.max(a.id)).where(a.round_id == round_id, a.subject_id.is_(None),
                                              a.respondent_id.in_(people)).group_by(
            a.respondent_id, a.instrument_id, a.item_id)
        if as_of is not None:
            newest = newest.where(a.id <= as_of)
        query = select(schema.answers).where(a.id.in_(newest), a.value != "null").order_by(a.id)
        with self._read() as conn:
            for row in conn.execute(query):
                answer = answer_from_row(row)
                found[answer.respondent_id].append(answer)
        return found

    def answered_by(self, round_id: int, *, as_of: int | None = None) -> frozenset[int]:
        """The people who sent any answer event in a round (as of event ``as_of``), cleared ones too."""
        round_id = checks.record_id(round_id, "a round id")
        as_of = checks.optional_id(as_of, "as_of (an answer event id)")
        a = schema.answers.c
        query = select(a.respondent_id).where(a.round_id == round_id).distinct()
        if as_of is not None:
            query = query.where(a.id <= as_of)
        with self._read() as conn:
            return frozenset(conn.execute(query).scalars())

    def latest_for_keys(self, round_id: int, keys: Iterable[tuple], *, as_of: int) -> list[Answer]:
        """The newest event (as of ``as_of``, cleared ones too) of each ``(respondent_id, subject_id,
        instrument_id, item_id)`` key of a round that has one: what a live count needs to know about
        an item before folding its new events."""
        round_id = checks.record_id(round_id, "a round id")
        as_of = checks.record_id(as_of, "as_of (an answer event id)")
        keys = sorted(set(keys), key=repr)
        a = schema.answers.c
        found: list[Answer] = []
        for start in range(0, len(keys), _KEYS_PER_QUERY):
            wanted = [and_(a.respondent_id == checks.record_id(respondent, "a respondent id"),
                           a.subject_id.is_(None) if subject is None else a.subject_id == subject,
                           a.instrument_id == instrument_id, a.item_id == item_id)
                      for respondent, subject, instrument_id, item_id in keys[start:start + _KEYS_PER_QUERY]]
            newest = select(func.max(a.id)).where(a.round_id == round_id, a.id <= as_of, or_(*wanted)).group_by(
                a.respondent_id, a.subject_id, a.instrument_id, a.item_id)
            with self._read() as conn:
                found += [answer_from_row(row) for row in
                          conn.execute(select(schema.answers).where(a.id.in_(newest)).order_by(a.id))]
        return found
