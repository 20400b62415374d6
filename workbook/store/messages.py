"""The store's mail records: members' addresses, the extra tokens links sent by email carry,
the messages sent and each round's reminder rule.

A part of :class:`workbook.store.Store` (mixed in, as :class:`~workbook.store.team_records.TeamRecords`
is), read and written by :mod:`workbook.team.roster` and :mod:`workbook.team.mail` through these
public methods only. A message's row never holds its text, so no token is ever kept but as a hash.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update

from ..errors import InputError, NotFoundError
from . import checks, schema
from .tokens import hash_token, new_token

__all__ = ["MemberContact", "MessageEntry", "MessageRecords", "ReminderPolicy"]


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


def _aware(when: _dt.datetime | None) -> _dt.datetime:
    """``when`` (default: now) in UTC; a naive time is taken as UTC (SQLite hands them back naive)."""
    if when is None:
        return _now()
    if not isinstance(when, _dt.datetime):
        raise InputError(f"a time must be a datetime, not {type(when).__name__}")
    return when.replace(tzinfo=_dt.timezone.utc) if when.tzinfo is None else when.astimezone(_dt.timezone.utc)


@dataclass(frozen=True)
class MemberContact:
    respondent_id: int
    email: str
    language: str | None = None


@dataclass(frozen=True)
class MessageEntry:
    """One email to one member of a round: "sending" (handed over, not confirmed), "sent" or "failed"."""

    id: int
    round_id: int
    respondent_id: int
    kind: str
    email: str
    status: str
    reason: str | None
    created_at: _dt.datetime
    sent_at: _dt.datetime | None


@dataclass(frozen=True)
class ReminderPolicy:
    """At most ``max_reminders`` reminders to each unfinished member, ``every_days`` days apart at least."""

    max_reminders: int = 3
    every_days: int = 3


MAX_REMINDERS = 20
MAX_EVERY_DAYS = 365


def _entry(row) -> MessageEntry:
    return MessageEntry(row.id, row.round_id, row.respondent_id, row.kind, row.email, row.status, row.reason,
                        _aware(row.created_at), _aware(row.sent_at) if row.sent_at is not None else None)


class MessageRecords:
    """Contacts, extra invite tokens, messages and reminder policies (mixed into Store)."""

    # -- members' addresses ---------------------------------------------------

    def set_member_contact(self, respondent_id: int, email: str, language: str | None = None) -> MemberContact:
        """Keep (or replace) where a team member's emails go, and their language tag."""
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        email = checks.email(email)
        language = checks.language(language)
        c = schema.member_contacts.c
        with self._write() as conn:
            member = self._require(conn, schema.respondents, respondent_id, "respondent")
            if member.team_id is None:
                raise InputError(f"respondent {respondent_id} is in no team: only a team's members get emails")
            conn.execute(delete(schema.member_contacts).where(c.respondent_id == respondent_id))
            conn.execute(insert(schema.member_contacts).values(respondent_id=respondent_id, email=email,
                                                               language=language))
        return MemberContact(respondent_id, email, language)

    def member_language(self, respondent_id: int) -> str | None:
        """The language tag a member's roster gave them (None when none was given)."""
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        c = schema.member_contacts.c
        with self._read() as conn:
            return conn.execute(select(c.language).where(c.respondent_id == respondent_id)).scalar()

    def member_contacts(self, team_id: int) -> dict[int, MemberContact]:
        """``{respondent_id: contact}`` of a team's members who have an address."""
        team_id = checks.record_id(team_id, "a team id")
        c, r = schema.member_contacts.c, schema.respondents.c
        query = (select(c.respondent_id, c.email, c.language)
                 .join_from(schema.member_contacts, schema.respondents, c.respondent_id == r.id)
                 .where(r.team_id == team_id).order_by(c.respondent_id))
        with self._read() as conn:
            return {row.respondent_id: MemberContact(row.respondent_id, row.email, row.language)
                    for row in conn.execute(query)}

    # -- more live tokens for one invite ---------------------------------------

    def add_invite_token(self, invite_id: int) -> str:
        """Another live token for a live invite (the earlier ones keep working); returns it, kept nowhere."""
        invite_id = checks.record_id(invite_id, "an invite id")
        token = new_token()
        with self._write() as conn:
            row = conn.execute(select(schema.invites.c.revoked_at).where(schema.invites.c.id == invite_id)).first()
            if row is None:
                raise NotFoundError(f"no invite with id {invite_id}")
            if row.revoked_at is not None:
                raise InputError(f"invite {invite_id} is revoked: it takes no new link")
            conn.execute(insert(schema.invite_tokens).values(token_hash=hash_token(token), invite_id=invite_id,
                                                             created_at=_now()))
        return token

    def _invite_id_for_extra_token(self, conn, token_hash: str) -> int | None:
        t = schema.invite_tokens.c
        return conn.execute(select(t.invite_id).where(t.token_hash == token_hash)).scalar()

    # -- messages -------------------------------------------------------------

    def start_message(self, round_id: int, respondent_id: int, kind: str, email: str, *,
                      at: _dt.datetime | None = None) -> MessageEntry:
        """Record a message as "sending", before it is handed to the mail server."""
        round_id = checks.record_id(round_id, "a round id")
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        kind = checks.choice(kind, checks.MESSAGE_KINDS, "a message's kind")
        email = checks.email(email)
        at = _aware(at)
        with self._write() as conn:
            self._check_together(conn, respondent_id, round_id)
            new_id = conn.execute(insert(schema.messages).values(
                round_id=round_id, respondent_id=respondent_id, kind=kind, email=email, status="sending",
                created_at=at)).inserted_primary_key[0]
        return MessageEntry(new_id, round_id, respondent_id, kind, email, "sending", None, at, None)

    def finish_message(self, message_id: int, status: str, reason: object = None, *,
                       at: _dt.datetime | None = None) -> None:
        """Mark a "sending" message "sent" (the server accepted it) or "failed" (with the server's reason)."""
        message_id = checks.record_id(message_id, "a message id")
        status = checks.choice(status, ("sent", "failed"), "a finished message's status")
        reason = checks.reason(reason)
        at = _aware(at)
        m = schema.messages.c
        with self._write() as conn:
            done = conn.execute(update(schema.messages).where(m.id == message_id, m.status == "sending").values(
                status=status, reason=reason, sent_at=at if status == "sent" else None)).rowcount
            if not done:
                raise NotFoundError(f"no message {message_id} waiting for the server's answer")

    def messages(self, round_id: int) -> list[MessageEntry]:
        """Every message of a round, oldest first."""
        round_id = checks.record_id(round_id, "a round id")
        m = schema.messages.c
        with self._read() as conn:
            return [_entry(row) for row in conn.execute(
                select(schema.messages).where(m.round_id == round_id).order_by(m.id))]

    # -- reminders --------------------------------------------------------------

    def set_reminder_policy(self, round_id: int, max_reminders: int, every_days: int) -> ReminderPolicy:
        round_id = self.round(round_id).id
        policy = ReminderPolicy(checks.whole(max_reminders, "the most reminders", 0, MAX_REMINDERS),
                                checks.whole(every_days, "the days between reminders", 1, MAX_EVERY_DAYS))
        p = schema.reminder_policies.c
        with self._write() as conn:
            conn.execute(delete(schema.reminder_policies).where(p.round_id == round_id))
            conn.execute(insert(schema.reminder_policies).values(
                round_id=round_id, max_reminders=policy.max_reminders, every_days=policy.every_days))
        return policy

    def reminder_policy(self, round_id: int) -> ReminderPolicy | None:
        """The round's own reminder rule, or None."""
        round_id = checks.record_id(round_id, "a round id")
        p = schema.reminder_policies.c
        with self._read() as conn:
            row = conn.execute(select(p.max_reminders, p.every_days).where(p.round_id == round_id)).first()
        return ReminderPolicy(row.max_reminders, row.every_days) if row is not None else None
