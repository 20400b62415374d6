"""Where a visitor was: the step of the workbook each respondent last had open, per round.

A part of :class:`workbook.store.Store` (mixed in). A reload starts a new
kernel, so the page's position has to live in the store like everything
else. It is one small row per respondent and round (``lb_places``),
overwritten as the visitor moves: a position is not an answer, it has no
history, is never exported, and a closed round may still be read from where
its reader left it.
"""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from . import checks, schema
from .connection import now


class Places:
    """The visitor's place (mixed into Store, which supplies ``_read`` and ``_write``)."""

    def save_place(self, respondent_id: int, round_id: int, step: str) -> None:
        """Remember that ``respondent_id`` last had ``step`` open in ``round_id``.

        ``step`` is a step's key: lowercase letters, digits and dashes ("welcome", an instrument id).
        """
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        round_id = checks.record_id(round_id, "a round id")
        step = checks.step(step)
        stamp = now()
        p = schema.places.c
        key = (p.respondent_id == respondent_id) & (p.round_id == round_id)
        for _ in range(2):  # a second try covers another kernel inserting the same row first
            try:
                with self._write() as conn:
                    if conn.execute(update(schema.places).where(key).values(step=step, saved_at=stamp)).rowcount == 0:
                        conn.execute(insert(schema.places).values(respondent_id=respondent_id, round_id=round_id,
                                                                  step=step, saved_at=stamp))
                return
            except IntegrityError:
                continue

    def load_place(self, respondent_id: int, round_id: int) -> str | None:
        """The step ``respondent_id`` last had open in ``round_id``, or None if none was kept."""
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        round_id = checks.record_id(round_id, "a round id")
        p = schema.places.c
        with self._read() as conn:
            return conn.execute(select(p.step).where(p.respondent_id == respondent_id, p.round_id == round_id)
                                ).scalar()
