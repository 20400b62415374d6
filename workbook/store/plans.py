"""Action plans: each respondent's whole plan per round, kept as versions.

A part of :class:`workbook.store.Store` (mixed in). A save keeps the whole
plan as a new version (append-only, like answers), so a published snapshot
can read plans as they were at its plan version.
"""

from __future__ import annotations

import json

from sqlalchemy import func, insert, select

from ..assess.plan import check_plan
from . import checks, schema
from .connection import now


class Plans:
    """Saving and reading action plans (mixed into Store)."""

    def save_plan(self, respondent_id: int, round_id: int, actions: list[dict]) -> list[dict]:
        """Keep the whole plan as its newest version; returns the checked actions."""
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        round_id = checks.record_id(round_id, "a round id")
        clean = check_plan(actions)
        with self._write() as conn:
            self._check_open(conn, respondent_id, round_id)
            conn.execute(
                insert(schema.plans).values(respondent_id=respondent_id, round_id=round_id,
                                            actions=json.dumps(clean), saved_at=now())
            )
        return clean

    def load_plan(self, respondent_id: int, round_id: int) -> list[dict]:
        """The newest version of a respondent's plan in a round ([] if none was saved)."""
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        round_id = checks.record_id(round_id, "a round id")
        p = schema.plans.c
        query = (select(p.actions).where(p.respondent_id == respondent_id, p.round_id == round_id)
                 .order_by(p.id.desc()).limit(1))
        with self._read() as conn:
            found = conn.execute(query).scalar()
        return json.loads(found) if found else []

    def plans(self, round_id: int | None = None, *, as_of: int | None = None) -> dict[tuple[int, int], list[dict]]:
        """The current plan of every respondent (and round), keyed ``(respondent_id, round_id)``.

        ``as_of`` (a plan version id) reads them as they were after that version.
        """
        round_id = checks.optional_id(round_id, "a round id")
        as_of = checks.optional_id(as_of, "as_of (a plan version id)")
        p = schema.plans.c
        latest = select(func.max(p.id)).group_by(p.respondent_id, p.round_id)
        if round_id is not None:
            latest = latest.where(p.round_id == round_id)
        if as_of is not None:
            latest = latest.where(p.id <= as_of)
        with self._read() as conn:
            rows = conn.execute(select(schema.plans).where(p.id.in_(latest)))
            return {(r.respondent_id, r.round_id): json.loads(r.actions) for r in rows}
