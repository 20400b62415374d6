"""Respondents and rounds, and the rule that ties them: who may answer in which round.

A part of :class:`workbook.store.Store` (mixed in). A re-assessment is a new
round, never an edit of an old one; a closed round keeps its answers and
accepts no more.
"""

from __future__ import annotations


from sqlalchemy import func, insert, select, update

from ..errors import AnswerError, InputError, NotFoundError
from . import checks, schema
from .connection import now
from .records import Respondent, Round


class People:
    """Respondents and rounds (mixed into Store, which supplies ``_read`` and ``_write``)."""

    @staticmethod
    def _require(conn, table, row_id: int, what: str):
        """The row of ``table`` with this id, or NotFoundError (not the database's IntegrityError)."""
        row = conn.execute(select(table).where(table.c.id == row_id)).first()
        if row is None:
            raise NotFoundError(f"no {what} with id {row_id}")
        return row

    def add_respondent(self, name: str, team_id: int | None = None) -> Respondent:
        name = checks.respondent_name(name)
        team_id = checks.optional_id(team_id, "a team id")
        with self._write() as conn:
            if team_id is not None:
                self._require(conn, schema.teams, team_id, "team")
            new_id = conn.execute(
                insert(schema.respondents).values(name=name, team_id=team_id, created_at=now())
            ).inserted_primary_key[0]
        return Respondent(new_id, name, team_id)

    def respondent(self, respondent_id: int) -> Respondent:
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        with self._read() as conn:
            row = conn.execute(select(schema.respondents).where(schema.respondents.c.id == respondent_id)).first()
        if row is None:
            raise NotFoundError(f"no respondent with id {respondent_id}")
        return Respondent(row.id, row.name, row.team_id)

    def rename_respondent(self, respondent_id: int, name: str) -> Respondent:
        """Give a respondent another name (1 to 200 characters, trimmed); their answers stay theirs."""
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        name = checks.respondent_name(name)
        with self._write() as conn:
            row = self._require(conn, schema.respondents, respondent_id, "respondent")
            if row.name == checks.ERASED_NAME:
                raise InputError(f"respondent {respondent_id} was erased: their row takes no name again")
            conn.execute(update(schema.respondents).where(schema.respondents.c.id == respondent_id)
                         .values(name=name))
        return Respondent(respondent_id, name, row.team_id)

    def respondents(self, team_id: int | None = None, *, include_erased: bool = False) -> list[Respondent]:
        """The respondents (of one team), oldest first; an erased one only with ``include_erased``
        (they are no one's member any more: what is left of them is an id published figures name)."""
        team_id = checks.optional_id(team_id, "a team id")
        include_erased = checks.flag(include_erased, "include_erased")
        query = select(schema.respondents).order_by(schema.respondents.c.id)
        if team_id is not None:
            query = query.where(schema.respondents.c.team_id == team_id)
        if not include_erased:
            query = query.where(schema.respondents.c.name != checks.ERASED_NAME)
        with self._read() as conn:
            return [Respondent(r.id, r.name, r.team_id) for r in conn.execute(query)]

    def start_round(self, label: str = "", team_id: int | None = None) -> Round:
        """A new assessment round; a re-assessment is a new round, never an edit."""
        label = checks.label(label)
        team_id = checks.optional_id(team_id, "a team id")
        with self._write() as conn:
            if team_id is not None:
                self._require(conn, schema.teams, team_id, "team")
            if not label:
                same_team = (schema.rounds.c.team_id.is_(None) if team_id is None
                             else schema.rounds.c.team_id == team_id)
                count = conn.execute(select(func.count()).select_from(schema.rounds).where(same_team)).scalar()
                label = f"Round {count + 1}"
            new_id = conn.execute(
                insert(schema.rounds).values(label=label, team_id=team_id, created_at=now())
            ).inserted_primary_key[0]
        return Round(new_id, label, team_id)

    def round(self, round_id: int) -> Round:
        round_id = checks.record_id(round_id, "a round id")
        with self._read() as conn:
            row = conn.execute(select(schema.rounds).where(schema.rounds.c.id == round_id)).first()
        if row is None:
            raise NotFoundError(f"no round with id {round_id}")
        return Round(row.id, row.label, row.team_id, row.closed_at)

    def rounds(self, team_id: int | None = None) -> list[Round]:
        team_id = checks.optional_id(team_id, "a team id")
        query = select(schema.rounds).order_by(schema.rounds.c.id)
        if team_id is not None:
            query = query.where(schema.rounds.c.team_id == team_id)
        with self._read() as conn:
            return [Round(r.id, r.label, r.team_id, r.closed_at) for r in conn.execute(query)]

    def close_round(self, round_id: int) -> None:
        round_id = self.round(round_id).id
        with self._write() as conn:
            conn.execute(
                update(schema.rounds)
                .where(schema.rounds.c.id == round_id, schema.rounds.c.closed_at.is_(None))
                .values(closed_at=now())
            )

    # -- who answers where ------------------------------------------------------

    def _check_together(self, conn, respondent_id: int, round_id: int, subject_id: int | None = None):
        """The round's row, once respondent, round (and subject) exist and belong together.

        A team's members answer in their team's rounds, and only they do; a
        person outside any team answers in rounds outside any team.
        """
        respondent = self._require(conn, schema.respondents, respondent_id, "respondent")
        round_ = self._require(conn, schema.rounds, round_id, "round")
        if respondent.team_id != round_.team_id:
            why = ("they are a member of a team, and it is not one of that team's rounds"
                   if round_.team_id is None or respondent.team_id is not None
                   else "it is a team's round, and they are not a member of that team")
            raise AnswerError(f"respondent {respondent_id} does not take part in round {round_id}: {why}")
        if subject_id is not None:
            subject = self._require(conn, schema.respondents, subject_id, "respondent (the subject of the answers)")
            if subject.team_id != round_.team_id:
                raise AnswerError(f"respondent {subject_id}, whom the answers are about, "
                                  f"does not take part in round {round_id}")
        return round_

    def _check_open(self, conn, respondent_id: int, round_id: int, subject_id: int | None = None) -> None:
        """As _check_together, and the round is still open: answers, plans and worksheets are refused after."""
        if self._check_together(conn, respondent_id, round_id, subject_id).closed_at is not None:
            raise AnswerError("this round is closed and accepts no more answers")
