"""What live views ask every second: has anything moved, and if so, what is new.

A part of :class:`workbook.store.Store` (mixed in). The session console and
the coach's dashboard poll these; each is one small indexed query when
nothing moved, and reads more only when the answer changed.
"""

from __future__ import annotations

from sqlalchemy import func, select

from . import checks, schema
from .answers import Answer, answer_from_row


class Polling:
    """Cheap reads of what changed (mixed into Store, which supplies ``_read``)."""

    def newest_event_ids(self) -> tuple[int, int]:
        """``(answers, plans)``: the id of the newest answer event and plan version (0 when none)."""
        with self._read() as conn:
            answers = conn.execute(select(func.max(schema.answers.c.id))).scalar() or 0
            plans = conn.execute(select(func.max(schema.plans.c.id))).scalar() or 0
        return answers, plans

    def round_pulse(self, round_id: int) -> tuple[int, int]:
        """``(newest answer event id, people who opened the round's page)`` of a round, in one query.

        A live view asks this every second and reads more only when it moved:
        the answers index (on round) finds the newest id, and the places of
        one round are at most one row per person.
        """
        round_id = checks.record_id(round_id, "a round id")
        a, p = schema.answers.c, schema.places.c
        newest = select(func.max(a.id)).where(a.round_id == round_id).scalar_subquery()
        visited = select(func.count()).select_from(schema.places).where(p.round_id == round_id).scalar_subquery()
        with self._read() as conn:
            row = conn.execute(select(newest, visited)).one()
        return row[0] or 0, row[1] or 0

    def answers_since(self, round_id: int, after: int) -> list[tuple[int, Answer]]:
        """A round's answer events newer than event ``after`` (0: all), oldest first, each with its id."""
        round_id = checks.record_id(round_id, "a round id")
        after = checks.record_id(after, "an answer event id")
        a = schema.answers.c
        query = select(schema.answers).where(a.round_id == round_id, a.id > after).order_by(a.id)
        with self._read() as conn:
            return [(row.id, answer_from_row(row)) for row in conn.execute(query)]

    def round_visitors(self, round_id: int) -> frozenset[int]:
        """The people who opened their page in a round (a page remembers where its reader is)."""
        round_id = checks.record_id(round_id, "a round id")
        p = schema.places.c
        with self._read() as conn:
            return frozenset(conn.execute(select(p.respondent_id).where(p.round_id == round_id)).scalars())
