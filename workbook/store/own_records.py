"""Everything the store keeps about one respondent, read at one moment for their own copy.

A part of :class:`workbook.store.Store` (mixed in). The other parts read the
current state (the newest answer, the newest plan); a member who asks for
what is kept about them is owed every version, so this part reads the whole
history of one respondent's rows, in the order they were written, in one
read transaction (one consistent moment, while others go on saving).

What it returns is only theirs: rows whose ``respondent_id`` is theirs. Of
anyone else it names only the leader a link asks them to rate (whom they
rate is part of their link). It never returns a token or a token's hash,
and no row id of a table others write to (ids would tell how many others
saved in between): versions are numbered per respondent instead.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
from dataclasses import dataclass

from sqlalchemy import select

from . import checks, schema
from .answers import Answer, answer_from_row


def _utc(when: _dt.datetime | None) -> _dt.datetime | None:
    """A stored time in UTC; SQLite hands stored times back naive, and they were written in UTC."""
    if when is None:
        return None
    return when.replace(tzinfo=_dt.timezone.utc) if when.tzinfo is None else when.astimezone(_dt.timezone.utc)


@dataclass(frozen=True)
class LinkRecord:
    """One invite of the respondent: where it lets them answer, about whom, and when it was made and revoked.

    ``sent_at``: when each further link to the same invite was made (one per email sent).
    """

    round_id: int
    rater_group: str
    subject_id: int | None
    subject_name: str | None
    made_at: _dt.datetime
    revoked_at: _dt.datetime | None
    sent_at: tuple[_dt.datetime, ...]


@dataclass(frozen=True)
class Version:
    """One saved version of a plan (``name`` None, ``data`` the list of actions) or a worksheet."""

    number: int  # 1, 2, ... per respondent, round and (for worksheets) name, in the order saved
    round_id: int
    name: str | None
    saved_at: _dt.datetime
    data: object


@dataclass(frozen=True)
class PlaceRecord:
    round_id: int
    step: str
    saved_at: _dt.datetime


@dataclass(frozen=True)
class MessageRecord:
    """One email sent (or tried) to the respondent; its text is never kept."""

    round_id: int
    kind: str
    email: str
    status: str
    reason: str | None
    created_at: _dt.datetime
    sent_at: _dt.datetime | None


@dataclass(frozen=True)
class RespondentRecords:
    """Every row the store keeps about one respondent, oldest first within each kind."""

    respondent_id: int
    name: str
    team_name: str | None
    created_at: _dt.datetime
    email: str | None
    language: str | None
    rounds: dict[int, str]  # the label of every round named below
    links: tuple[LinkRecord, ...]
    answers: tuple[Answer, ...]
    plans: tuple[Version, ...]
    worksheets: tuple[Version, ...]
    places: tuple[PlaceRecord, ...]
    messages: tuple[MessageRecord, ...]


def _answer(row) -> Answer:
    answer = answer_from_row(row)
    return dataclasses.replace(answer, recorded_at=_utc(answer.recorded_at))


def _numbered(rows) -> list[Version]:
    """Versions numbered 1, 2, ... per (round, name), rows given oldest first."""
    counts: dict[tuple, int] = {}
    found = []
    for row, name, data in rows:
        key = (row.round_id, name)
        counts[key] = counts.get(key, 0) + 1
        found.append(Version(counts[key], row.round_id, name, _utc(row.saved_at), data))
    return found


class OwnRecords:
    """One respondent's whole history (mixed into Store, which supplies ``_read`` and ``_require``)."""

    def respondent_records(self, respondent_id: int) -> RespondentRecords:
        """Everything kept about ``respondent_id``, every version, in the order it was written."""
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        r, i, t = schema.respondents.c, schema.invites.c, schema.invite_tokens.c
        with self._read() as conn:
            person = self._require(conn, schema.respondents, respondent_id, "respondent")
            team_name = (conn.execute(select(schema.teams.c.name).where(schema.teams.c.id == person.team_id))
                         .scalar() if person.team_id is not None else None)
            contact = conn.execute(select(schema.member_contacts)
                                   .where(schema.member_contacts.c.respondent_id == respondent_id)).first()
            invites = conn.execute(select(schema.invites).where(i.respondent_id == respondent_id)
                                   .order_by(i.id)).all()
            sent: dict[int, list] = {}
            if invites:
                for row in conn.execute(select(t.invite_id, t.created_at)
                                        .where(t.invite_id.in_([row.id for row in invites])).order_by(t.id)):
                    sent.setdefault(row.invite_id, []).append(_utc(row.created_at))
            subjects = {row.subject_id for row in invites if row.subject_id is not None}
            subject_names = ({row.id: row.name for row in conn.execute(
                select(r.id, r.name).where(r.id.in_(subjects)))} if subjects else {})
            a = schema.answers.c
            answers = [_answer(row) for row in conn.execute(
                select(schema.answers).where(a.respondent_id == respondent_id).order_by(a.id))]
            p = schema.plans.c
            plans = conn.execute(select(schema.plans).where(p.respondent_id == respondent_id).order_by(p.id)).all()
            w = schema.worksheets.c
            worksheets = conn.execute(select(schema.worksheets).where(w.respondent_id == respondent_id)
                                      .order_by(w.id)).all()
            pl = schema.places.c
            places = conn.execute(select(schema.places).where(pl.respondent_id == respondent_id)
                                  .order_by(pl.saved_at)).all()
            m = schema.messages.c
            messages = conn.execute(select(schema.messages).where(m.respondent_id == respondent_id)
                                    .order_by(m.id)).all()
            round_ids = ({row.round_id for row in (*invites, *plans, *worksheets, *places, *messages)}
                         | {answer.round_id for answer in answers})
            rounds = ({row.id: row.label for row in conn.execute(
                select(schema.rounds.c.id, schema.rounds.c.label).where(schema.rounds.c.id.in_(round_ids)))}
                      if round_ids else {})
        return RespondentRecords(
            respondent_id=respondent_id, name=person.name, team_name=team_name, created_at=_utc(person.created_at),
            email=contact.email if contact is not None else None,
            language=contact.language if contact is not None else None,
            rounds=rounds,
            links=tuple(LinkRecord(row.round_id, row.rater_group, row.subject_id, subject_names.get(row.subject_id),
                                   _utc(row.created_at), _utc(row.revoked_at), tuple(sent.get(row.id, ())))
                        for row in invites),
            answers=tuple(answers),
            plans=tuple(_numbered(((row, None, json.loads(row.actions)) for row in plans))),
            worksheets=tuple(_numbered(((row, row.name, json.loads(row.data)) for row in worksheets))),
            places=tuple(PlaceRecord(row.round_id, row.step, _utc(row.saved_at)) for row in places),
            messages=tuple(MessageRecord(row.round_id, row.kind, row.email, row.status, row.reason,
                                         _utc(row.created_at), _utc(row.sent_at)) for row in messages),
        )
