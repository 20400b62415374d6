"""Erasing one respondent: every row about them removed for good, in one transaction.

A part of :class:`workbook.store.Store` (mixed in). What goes is everything
:mod:`.own_records` reads about them, and every answer others gave about
them (ratings of a leader are about the leader): their answers, notes and
free text, plans, worksheets (maps and calculators), place, invites (as the
one who answers or the one rated) with their further tokens, their address
and the messages sent to it. Their row in ``lb_respondents`` stays, named
:data:`~.checks.ERASED_NAME` and nothing else, so the id is never given to a
new person and the id sets of published snapshots still count them: the
release rule needs those sets so that a later snapshot differs by at least
``k`` from one published with them. Published figures are sums, no one's
answer, and stay as published (the team layer makes the figures of every
shown snapshot before it erases, and this refuses while one has none).

"For good": on SQLite the deletion runs with ``secure_delete`` on (the freed
space is overwritten with zeros), the file is then rebuilt (VACUUM: stale
copies SQLite may have left in free space earlier go too) and the
write-ahead log checkpointed into it and truncated, so neither the file nor
its WAL holds the deleted bytes; on PostgreSQL the touched tables are
vacuumed afterwards, so their dead rows are removed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import delete, func, or_, select, update

from ..errors import InputError, StoreError
from . import checks, schema
from .engine import WRITE_OPTION
from .erasing import rebuild_and_checkpoint, secure_delete_on, vacuum_tables

#: The tables an erasure deletes from (PostgreSQL vacuums them), and lb_respondents (renamed).
TOUCHED = (schema.answers, schema.plans, schema.worksheets, schema.places, schema.invite_tokens,
           schema.invites, schema.member_contacts, schema.messages, schema.respondents)


@dataclass(frozen=True)
class ErasureCounts:
    """How many rows of each kind an erasure removed, and whether the storage was cleared after it."""

    respondent_id: int
    answers: int  # answer events they gave (self-assessments and ratings of others)
    answers_about: int  # answer events others gave about them (ratings of them as a leader)
    plans: int  # plan versions
    worksheets: int  # worksheet versions (convergence maps, calculators)
    places: int
    invites: int  # their links, and the links of others to rate them
    invite_tokens: int  # the further tokens of those links
    contacts: int  # their address and language
    messages: int  # emails sent to them
    #: SQLite: the WAL was checkpointed and truncated (False: a reader held it; the deleted bytes
    #: may stay in the file until the next checkpoint); PostgreSQL: the tables were vacuumed.
    storage_cleared: bool

    @property
    def removed(self) -> dict[str, int]:
        """``{kind: rows removed}``, in the order of the fields."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in ("respondent_id", "storage_cleared")}


class UnkeptFigures(StoreError):
    """A snapshot the team's views show has no figures kept yet: make them, then erase."""


class Erasure:
    """Erasing a respondent (mixed into Store, which supplies the engine and ``_require``)."""

    def erase_respondent(self, respondent_id: int, *, actor: str = "cli") -> ErasureCounts:
        """Remove every row about ``respondent_id`` for good; their row stays, named "(erased)".

        Its own transaction, with the audit entry that says it happened (by
        ``actor``, naming the respondent by id only): both are written or
        neither. Refused inside :meth:`transaction` (the storage is cleared
        after the commit), and, with nothing changed, while a snapshot shown
        of their team has no figures kept (:class:`UnkeptFigures`: made
        afterwards, they would be made without them).
        """
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        if getattr(self._local, "conn", None) is not None:
            raise StoreError("an erasure is its own transaction: call it outside store.transaction()")
        sqlite = self.engine.dialect.name == "sqlite"
        with self.engine.connect() as conn:
            if sqlite:
                secure_delete_on(conn)
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                counts, team = self._erase(conn, respondent_id)
                self._local.conn = conn  # the audit entry joins this transaction
                try:
                    self.record("erasure", actor=actor, team=team, detail=f"respondent {respondent_id}: erased")
                finally:
                    self._local.conn = None
            if sqlite:
                cleared = rebuild_and_checkpoint(conn)
        if not sqlite:
            cleared = self._vacuum()
        return ErasureCounts(respondent_id, **counts, storage_cleared=cleared)

    def _erase(self, conn, respondent_id: int) -> tuple[dict[str, int], str | None]:
        """Delete their rows; returns the counts and their team's name."""
        person = self._require(conn, schema.respondents, respondent_id, "respondent")
        if person.name == checks.ERASED_NAME:
            raise InputError(f"respondent {respondent_id} is already erased")
        team = None
        if person.team_id is not None:
            team = conn.execute(select(schema.teams.c.name).where(schema.teams.c.id == person.team_id)).scalar()
            conn.execute(select(schema.teams.c.id).where(schema.teams.c.id == person.team_id).with_for_update())
            _require_figures(conn, person.team_id)
        a, i, t = schema.answers.c, schema.invites.c, schema.invite_tokens.c
        theirs = or_(i.respondent_id == respondent_id, i.subject_id == respondent_id)
        invite_ids = select(i.id).where(theirs).scalar_subquery()

        def gone(statement) -> int:
            return conn.execute(statement).rowcount

        counts = dict(
            answers=gone(delete(schema.answers).where(a.respondent_id == respondent_id)),
            answers_about=gone(delete(schema.answers).where(a.subject_id == respondent_id)),
            plans=gone(delete(schema.plans).where(schema.plans.c.respondent_id == respondent_id)),
            worksheets=gone(delete(schema.worksheets).where(schema.worksheets.c.respondent_id == respondent_id)),
            places=gone(delete(schema.places).where(schema.places.c.respondent_id == respondent_id)),
            invite_tokens=gone(delete(schema.invite_tokens).where(t.invite_id.in_(invite_ids))),
            invites=gone(delete(schema.invites).where(theirs)),
            contacts=gone(delete(schema.member_contacts)
                          .where(schema.member_contacts.c.respondent_id == respondent_id)),
            messages=gone(delete(schema.messages).where(schema.messages.c.respondent_id == respondent_id)),
        )
        conn.execute(update(schema.respondents).where(schema.respondents.c.id == respondent_id)
                     .values(name=checks.ERASED_NAME))
        return counts, team

    def _vacuum(self) -> bool:
        return vacuum_tables(self.engine, [table.name for table in TOUCHED])


def _require_figures(conn, team_id: int) -> None:
    """Refuse while the newest snapshot of a (round, group) of the team, the one views show, has no
    figures kept: made after the erasure, they would not be the figures that were published."""
    s, f = schema.snapshots.c, schema.snapshot_figures.c
    shown = select(func.max(s.id)).where(s.team_id == team_id).group_by(s.round_id, s.scope)
    missing = conn.execute(select(s.id).where(s.id.in_(shown), s.id.not_in(select(f.snapshot_id)))
                           .order_by(s.id)).scalars().all()
    if missing:
        raise UnkeptFigures(f"published snapshot(s) {', '.join(map(str, missing))} of this team have no figures kept "
                         f"yet; make them first (workbook.team.erasure.forget_member does), nothing was erased")
