"""Invite links: a random token per respondent and round, stored only as a hash.

The token in a link's query string is user input. It is looked up by its
hash, so a stolen database yields no working link, and anything that is not
a live token (unknown, mangled, revoked, or for a closed round) is refused
the same way, without saying which.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import insert, select, update

from ..errors import LeaderbookError
from . import checks, schema
from .store import Store

RATER_GROUPS = ("self", "manager", "peer", "direct-report")
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class InvalidInvite(LeaderbookError):
    """The link is not valid: unknown, mangled or revoked."""

    def __init__(self, message: str = "this link is not valid"):
        super().__init__(message)


@dataclass(frozen=True)
class Invite:
    id: int
    respondent_id: int
    round_id: int
    rater_group: str
    subject_id: int | None
    round_closed: bool


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_invite(store: Store, respondent_id: int, round_id: int, rater_group: str = "self",
                  subject_id: int | None = None) -> str:
    """A new invite; returns the token, which is not kept anywhere but in the link."""
    if not isinstance(rater_group, str) or rater_group not in RATER_GROUPS:
        shown = repr(rater_group[:40]) if isinstance(rater_group, str) else type(rater_group).__name__
        raise LeaderbookError(f"rater group {shown} is not one of: {', '.join(RATER_GROUPS)}")
    respondent_id = store.respondent(respondent_id).id
    round_id = store.round(round_id).id
    subject_id = checks.optional_id(subject_id, "a subject id")
    token = secrets.token_urlsafe(24)
    with store._write() as conn:
        # The subject exists, and all three take part in the round (an unknown subject
        # would otherwise be the database's IntegrityError).
        store._check_together(conn, respondent_id, round_id, subject_id)
        conn.execute(insert(schema.invites).values(
            token_hash=hash_token(token), respondent_id=respondent_id, round_id=round_id,
            rater_group=rater_group, subject_id=subject_id, created_at=_dt.datetime.now(_dt.timezone.utc),
        ))
    return token


def resolve_invite(store: Store, token: object) -> Invite:
    """The live invite for ``token``, or InvalidInvite. A closed round still resolves (read-only)."""
    if not isinstance(token, str) or not TOKEN_SHAPE.match(token):
        raise InvalidInvite()
    i, r = schema.invites.c, schema.rounds.c
    query = (select(i.id, i.respondent_id, i.round_id, i.rater_group, i.subject_id, i.revoked_at, r.closed_at)
             .join(schema.rounds, r.id == i.round_id)
             .where(i.token_hash == hash_token(token)))
    with store._read() as conn:
        row = conn.execute(query).first()
    if row is None or row.revoked_at is not None:
        raise InvalidInvite()
    return Invite(row.id, row.respondent_id, row.round_id, row.rater_group, row.subject_id, row.closed_at is not None)


def revoke_invites(store: Store, respondent_id: int, round_id: int | None = None) -> int:
    """Revoke a respondent's live invites (of one round, or all); returns how many."""
    respondent_id = checks.record_id(respondent_id, "a respondent id")
    round_id = checks.optional_id(round_id, "a round id")
    i = schema.invites.c
    query = update(schema.invites).where(i.respondent_id == respondent_id, i.revoked_at.is_(None))
    if round_id is not None:
        query = query.where(i.round_id == round_id)
    with store._write() as conn:
        return conn.execute(query.values(revoked_at=_dt.datetime.now(_dt.timezone.utc))).rowcount
