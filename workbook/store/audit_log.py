"""The audit trail: one entry per thing the coach did (and per copy a member took of what is kept
about them), readable with ``leaderbook audit``.

A part of :class:`workbook.store.Store` (mixed in). Append-only: there is a
way to add an entry and a way to read them, none to change or remove one
(and the database's triggers refuse it too). An entry's detail is a short
note the caller writes, and callers never put answers, tokens or a member's
name in it: a member is named by their respondent id ("respondent 17: ..."),
so an erased person's name is not left behind in a trail nothing may change.
It may name things stored long ago (a round label) that may hold what the
door now refuses, so it is made one printable line here, not refused: a
coach's export must never fail because its audit line could not be written.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from sqlalchemy import insert, select

from ..basics.printable import printable
from ..errors import InputError
from . import schema

#: What an entry may say was done.
ACTIONS = frozenset({"export", "report", "reissue", "revoke", "erasure", "email", "new-round", "close-round",
                     "late-member", "own-copy", "retention"})
#: Where it was done from ("member": a member's own link, downloading their own copy).
ACTORS = frozenset({"cli", "workspace", "dashboard", "member"})
DETAIL_LENGTH = 500


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: _dt.datetime
    actor: str
    action: str
    team: str | None
    detail: str


def _one_line(text: object, what: str, length: int) -> str:
    """``text`` as one printable line of at most ``length`` characters (cut with "…")."""
    if not isinstance(text, str):
        raise InputError(f"an audit entry's {what} is text, not {type(text).__name__}")
    line = " ".join(printable(text).split())  # newlines and tabs become spaces, the rest U+FFFD
    return line if len(line) <= length else line[: length - 1] + "…"


class AuditLog:
    """The audit trail (mixed into Store)."""

    def record(self, action: str, *, actor: str = "cli", team: str | None = None, detail: str = "") -> None:
        """Add one entry, timed now (UTC)."""
        if action not in ACTIONS:
            raise InputError(f"{action!r} is not an audited action; one of {', '.join(sorted(ACTIONS))}")
        if actor not in ACTORS:
            raise InputError(f"{actor!r} is not an audit actor; one of {', '.join(sorted(ACTORS))}")
        if team is not None:
            team = _one_line(team, "team", 200)
        detail = _one_line(detail, "detail", DETAIL_LENGTH)
        with self._write() as conn:
            conn.execute(insert(schema.audit).values(at=_dt.datetime.now(_dt.timezone.utc), actor=actor,
                                                     action=action, team=team, detail=detail))

    def entries(self, team: str | None = None, limit: int | None = None) -> list[AuditEntry]:
        """The entries oldest first; of one team when given; the newest ``limit`` when given."""
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
            raise InputError("the limit is a whole number of entries, 1 or more")
        c = schema.audit.c
        query = select(schema.audit).order_by(c.id.desc())
        if team is not None:
            query = query.where(c.team == team)
        if limit is not None:
            query = query.limit(limit)
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [AuditEntry(r.id, r.at if r.at.tzinfo else r.at.replace(tzinfo=_dt.timezone.utc), r.actor,
                           r.action, r.team, r.detail) for r in reversed(rows)]
