"""Invite links: a random token per respondent and round, stored only as a hash.

The token in a link's query string is user input. It is looked up by its
hash, so a stolen database yields no working link, and anything that is not
a live token (unknown, mangled, revoked, or for a closed round) is refused
the same way, without saying which.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import InvalidInvite
from .records import RATER_GROUPS
from .tokens import TOKEN_SHAPE, hash_token

if TYPE_CHECKING:  # a page kernel resolves its invite through the store client, without SQLAlchemy
    from .store import Store

__all__ = ["RATER_GROUPS", "TOKEN_SHAPE", "InvalidInvite", "Invite", "create_invite", "hash_token",
           "resolve_invite", "revoke_invites"]


@dataclass(frozen=True)
class Invite:
    id: int
    respondent_id: int
    round_id: int
    rater_group: str
    subject_id: int | None
    round_closed: bool


def create_invite(store: Store, respondent_id: int, round_id: int, rater_group: str = "self",
                  subject_id: int | None = None) -> str:
    """A new invite; returns the token, which is not kept anywhere but in the link."""
    return store.add_invite(respondent_id, round_id, rater_group, subject_id)


def resolve_invite(store: Store, token: object) -> Invite:
    """The live invite for ``token``, or InvalidInvite. A closed round still resolves (read-only)."""
    found = store.invite_for_token(token)
    if found is None or found.revoked:
        raise InvalidInvite()
    return Invite(found.id, found.respondent_id, found.round_id, found.rater_group, found.subject_id,
                  store.round(found.round_id).closed)


def revoke_invites(store: Store, respondent_id: int, round_id: int | None = None) -> int:
    """Revoke a respondent's live invites (of one round, or all); returns how many."""
    return store.revoke_invites(respondent_id, round_id)
