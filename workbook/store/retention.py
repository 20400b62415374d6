"""Retention periods: how long a closed round keeps its answers, and erasing them when it ends.

A part of :class:`workbook.store.Store` (mixed in). A round given a period
(``keep_days``) keeps its answers, notes, plans, worksheets and the places
its people reached until ``keep_days`` after it closed; then
:meth:`RetentionRecords.erase_round_content` removes them for good, and
only what was published about the round (its snapshots' figures, which hold
no one's answers) remains. The team layer (:mod:`workbook.team.retention`)
makes sure those figures are made before anything is erased.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, update

from ..errors import LeaderbookError, StoreError
from . import checks, schema
from .connection import now
from .engine import WRITE_OPTION
from .erasing import rebuild_and_checkpoint, secure_delete_on, vacuum_tables

#: The longest period a round may be given (ten years): a bound, not a policy.
MAX_KEEP_DAYS = 3650
#: What a round's content is: the tables erased when its period ends.
ROUND_CONTENT = ("lb_answers", "lb_plans", "lb_worksheets", "lb_places")


@dataclass(frozen=True)
class Retention:
    """A round's retention period, when it ends, and whether it has been applied."""

    round_id: int
    team_id: int | None
    keep_days: int
    closed_at: _dt.datetime | None
    erased_at: _dt.datetime | None

    @property
    def ends_at(self) -> _dt.datetime | None:
        """When the answers are due to go: ``keep_days`` after the round closed (None while open)."""
        if self.closed_at is None:
            return None
        closed = self.closed_at if self.closed_at.tzinfo else self.closed_at.replace(tzinfo=_dt.timezone.utc)
        return closed + _dt.timedelta(days=self.keep_days)

    def due(self, at: _dt.datetime) -> bool:
        return self.erased_at is None and self.ends_at is not None and self.ends_at <= at


class RetentionRecords:
    """Rounds' retention periods and the erasure of a round's content (mixed into Store)."""

    def set_retention(self, round_id: int, keep_days: int) -> Retention:
        """Give a round a retention period of ``keep_days`` (1 to 3650) after it closes, or change it."""
        round_id = checks.record_id(round_id, "a round id")
        if isinstance(keep_days, bool) or not isinstance(keep_days, int) or not 1 <= keep_days <= MAX_KEEP_DAYS:
            raise LeaderbookError(f"a retention period is a whole number of days from 1 to {MAX_KEEP_DAYS}, "
                                  f"not {keep_days!r}")
        r = schema.round_retention.c
        with self._write() as conn:
            self._require(conn, schema.rounds, round_id, "round")
            kept = conn.execute(select(r.erased_at).where(r.round_id == round_id)).first()
            if kept is not None and kept.erased_at is not None:
                raise LeaderbookError(f"round {round_id}'s retention period has ended and its answers are erased")
            if kept is None:
                conn.execute(insert(schema.round_retention).values(round_id=round_id, keep_days=keep_days,
                                                                    set_at=now()))
            else:
                conn.execute(update(schema.round_retention).where(r.round_id == round_id)
                             .values(keep_days=keep_days, set_at=now()))
        return self.retention(round_id)

    def retention(self, round_id: int) -> Retention | None:
        """A round's retention period (None when it keeps its answers until someone erases them)."""
        round_id = checks.record_id(round_id, "a round id")
        found = self.retentions(round_ids=[round_id])
        return found[0] if found else None

    def retentions(self, *, round_ids=None) -> list[Retention]:
        """Every round given a retention period (or those of ``round_ids``), oldest round first."""
        r, rounds = schema.round_retention.c, schema.rounds.c
        query = (select(r.round_id, rounds.team_id, r.keep_days, rounds.closed_at, r.erased_at)
                 .join(schema.rounds, rounds.id == r.round_id).order_by(r.round_id))
        if round_ids is not None:
            query = query.where(r.round_id.in_([checks.record_id(i, "a round id") for i in round_ids]))
        with self._read() as conn:
            return [Retention(*row) for row in conn.execute(query)]

    def erase_round_content(self, round_id: int) -> dict[str, int]:
        """Erase a round's answers, notes, plans, worksheets and places for good; ``{table: rows}``.

        Marks the round's retention period applied. Published snapshots and their figures stay.
        """
        round_id = checks.record_id(round_id, "a round id")
        if getattr(self._local, "conn", None) is not None:
            raise StoreError("erasing a round's content is its own transaction: call it outside store.transaction()")
        removed: dict[str, int] = {}
        sqlite = self.engine.dialect.name == "sqlite"
        with self.engine.connect() as conn:
            if sqlite:
                secure_delete_on(conn)
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                self._require(conn, schema.rounds, round_id, "round")
                for name in ROUND_CONTENT:
                    table = schema.metadata.tables[name]
                    removed[name] = conn.execute(delete(table).where(table.c.round_id == round_id)).rowcount
                r = schema.round_retention.c
                conn.execute(update(schema.round_retention).where(r.round_id == round_id, r.erased_at.is_(None))
                             .values(erased_at=now()))
            if sqlite:
                rebuild_and_checkpoint(conn)
        if not sqlite:
            vacuum_tables(self.engine, ROUND_CONTENT)
        return removed

    def round_holds_content(self, round_id: int) -> bool:
        """Whether a round still holds any answer, plan, worksheet or place."""
        round_id = checks.record_id(round_id, "a round id")
        with self._read() as conn:
            for name in ROUND_CONTENT:
                table = schema.metadata.tables[name]
                if conn.execute(select(func.count()).select_from(table).where(table.c.round_id == round_id)
                                ).scalar():
                    return True
        return False
