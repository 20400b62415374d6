"""The store's team records: teams, invites, coach links, round programmes, published snapshots.

A part of :class:`workbook.store.Store` (it is mixed in), so that the team
code outside the store reads and writes through public methods only. Group
several calls into one transaction with ``store.transaction()``.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass

from sqlalchemy import insert, select, update

from ..errors import InputError, LeaderbookError, NotFoundError
from ..instruments.model import Ref
from . import checks, schema
from .connection import now
from .records import RATER_GROUPS, InviteRecord
from .tokens import hash_token, new_token, token_shaped

#: What a live session records: a topic shown to the room, an action the group chose on one.
SESSION_EVENT_KINDS = ("reveal", "action")


@dataclass(frozen=True)
class Team:
    id: int
    name: str
    threshold: int
    confidential: bool = False


@dataclass(frozen=True)
class Snapshot:
    """A published snapshot: the people one group's figures are about, and up to which events."""

    id: int
    team_id: int
    round_id: int
    scope: str
    respondents: frozenset[int]
    answers_upto: int
    plans_upto: int


@dataclass(frozen=True)
class SessionEvent:
    """One thing a live session decided: a topic revealed, or an action chosen on a topic."""

    id: int
    round_id: int
    kind: str
    topic: str
    action: dict | None
    recorded_at: _dt.datetime


def _team(row) -> Team:
    return Team(row.id, row.name, row.threshold, bool(row.confidential))


def _invite(row) -> InviteRecord:
    return InviteRecord(row.id, row.respondent_id, row.round_id, row.rater_group, row.subject_id,
                        row.revoked_at is not None)


class TeamRecords:
    """Team, invite, coach-link, programme and snapshot records (mixed into Store)."""

    # -- teams ----------------------------------------------------------------

    def add_team(self, name: str, threshold: int, *, confidential: bool = False) -> Team:
        name = name.strip() if isinstance(name, str) else ""
        if not name or len(name) > 200:
            raise LeaderbookError("a team needs a name of 1 to 200 characters")
        threshold = checks.count(threshold, "the anonymity threshold")
        confidential = bool(confidential)
        with self._write() as conn:
            if conn.execute(select(schema.teams.c.id).where(schema.teams.c.name == name)).first() is not None:
                raise LeaderbookError(f"a team named {name!r} already exists; choose another name")
            new_id = conn.execute(insert(schema.teams).values(
                name=name, threshold=threshold, confidential=confidential, created_at=now())).inserted_primary_key[0]
        return Team(new_id, name, threshold, confidential)

    def team(self, team_id: int) -> Team:
        team_id = checks.record_id(team_id, "a team id")
        with self._read() as conn:
            row = conn.execute(select(schema.teams).where(schema.teams.c.id == team_id)).first()
        if row is None:
            raise NotFoundError(f"no team with id {team_id}")
        return _team(row)

    def team_named(self, name: str) -> Team | None:
        if not isinstance(name, str):
            return None
        with self._read() as conn:
            row = conn.execute(select(schema.teams).where(schema.teams.c.name == name)).first()
        return _team(row) if row is not None else None

    def teams(self) -> list[Team]:
        with self._read() as conn:
            return [_team(r) for r in conn.execute(select(schema.teams).order_by(schema.teams.c.id))]

    def lock_team(self, team_id: int) -> None:
        """Inside a transaction: hold the team's row until it ends, so two publishers queue.

        (SQLite already serialises write transactions; PostgreSQL needs the row lock.)
        """
        with self._write() as conn:
            conn.execute(select(schema.teams.c.id).where(schema.teams.c.id == team_id).with_for_update())

    # -- invites --------------------------------------------------------------

    def add_invite(self, respondent_id: int, round_id: int, rater_group: str = "self",
                   subject_id: int | None = None) -> str:
        """A new invite; returns its token, which is kept nowhere but in the link."""
        if not isinstance(rater_group, str) or rater_group not in RATER_GROUPS:
            shown = repr(rater_group[:40]) if isinstance(rater_group, str) else type(rater_group).__name__
            raise LeaderbookError(f"rater group {shown} is not one of: {', '.join(RATER_GROUPS)}")
        respondent_id = self.respondent(respondent_id).id
        round_id = self.round(round_id).id
        subject_id = checks.optional_id(subject_id, "a subject id")
        token = new_token()
        with self._write() as conn:
            # The subject exists, and all three take part in the round (an unknown subject
            # would otherwise be the database's IntegrityError).
            self._check_together(conn, respondent_id, round_id, subject_id)
            conn.execute(insert(schema.invites).values(
                token_hash=hash_token(token), respondent_id=respondent_id, round_id=round_id,
                rater_group=rater_group, subject_id=subject_id, created_at=now()))
        return token

    def invites(self, round_id: int, *, include_revoked: bool = False) -> list[InviteRecord]:
        """A round's invites, oldest first (live ones only, unless ``include_revoked``)."""
        round_id = checks.record_id(round_id, "a round id")
        i = schema.invites.c
        query = select(schema.invites).where(i.round_id == round_id).order_by(i.id)
        if not include_revoked:
            query = query.where(i.revoked_at.is_(None))
        with self._read() as conn:
            return [_invite(row) for row in conn.execute(query)]

    def invite_for_token(self, token: object) -> InviteRecord | None:
        """The invite whose token this is (revoked or not), or None; malformed tokens never reach a query."""
        if not token_shaped(token):
            return None
        digest = hash_token(token)
        with self._read() as conn:
            row = conn.execute(select(schema.invites).where(schema.invites.c.token_hash == digest)).first()
            if row is None:  # a link sent by email carries one of the invite's further tokens
                invite_id = self._invite_id_for_extra_token(conn, digest)
                if invite_id is not None:
                    row = conn.execute(select(schema.invites).where(schema.invites.c.id == invite_id)).first()
        return _invite(row) if row is not None else None

    def revoke_invites(self, respondent_id: int, round_id: int | None = None) -> int:
        """Revoke a respondent's live invites (of one round, or all); returns how many."""
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        round_id = checks.optional_id(round_id, "a round id")
        i = schema.invites.c
        query = update(schema.invites).where(i.respondent_id == respondent_id, i.revoked_at.is_(None))
        if round_id is not None:
            query = query.where(i.round_id == round_id)
        with self._write() as conn:
            return conn.execute(query.values(revoked_at=now())).rowcount

    # -- the coach's links ----------------------------------------------------

    def add_coach_token(self, team_id: int, *, revoke_earlier: bool = False) -> str:
        """A new coach token for the team (earlier ones stop working with ``revoke_earlier``)."""
        team_id = self.team(team_id).id
        token = new_token()
        c = schema.coach_tokens.c
        with self._write() as conn:
            if revoke_earlier:
                conn.execute(update(schema.coach_tokens).where(c.team_id == team_id, c.revoked_at.is_(None))
                             .values(revoked_at=now()))
            conn.execute(insert(schema.coach_tokens).values(token_hash=hash_token(token), team_id=team_id,
                                                            created_at=now()))
        return token

    def coach_token_team(self, token: object) -> int | None:
        """The id of the team whose live coach token this is, else None."""
        if not token_shaped(token):
            return None
        c = schema.coach_tokens.c
        with self._read() as conn:
            row = conn.execute(select(c.team_id, c.revoked_at).where(c.token_hash == hash_token(token))).first()
        return row.team_id if row is not None and row.revoked_at is None else None

    # -- a round's programme --------------------------------------------------

    def set_round_programme(self, round_id: int, programme: dict, files: dict[str, str]) -> None:
        """Keep the programme a round answers (once: a round's programme never changes)."""
        round_id = self.round(round_id).id
        if not isinstance(programme, dict) or not isinstance(files, dict):
            raise LeaderbookError("a round's programme is a JSON object and its files a mapping of name to text")
        with self._write() as conn:
            if conn.execute(select(schema.round_programmes.c.round_id)
                            .where(schema.round_programmes.c.round_id == round_id)).first() is not None:
                raise LeaderbookError(f"round {round_id} already has its programme")
            conn.execute(insert(schema.round_programmes).values(
                round_id=round_id, programme=json.dumps(programme, ensure_ascii=False),
                files=json.dumps(files, ensure_ascii=False)))

    def round_programme(self, round_id: int) -> tuple[dict, dict[str, str]] | None:
        """``(programme, files)`` kept for a round, or None (the round asks every built-in instrument)."""
        round_id = checks.record_id(round_id, "a round id")
        rp = schema.round_programmes.c
        with self._read() as conn:
            row = conn.execute(select(rp.programme, rp.files).where(rp.round_id == round_id)).first()
        return (json.loads(row.programme), json.loads(row.files)) if row is not None else None

    # -- published snapshots --------------------------------------------------

    def add_snapshot(self, team_id: int, round_id: int, scope: str, respondents, answers_upto: int,
                     plans_upto: int) -> Snapshot:
        """Publish a snapshot (append-only: a published snapshot is never changed or taken back)."""
        team_id, round_id = self.team(team_id).id, self.round(round_id).id
        if not isinstance(scope, str) or not 0 < len(scope) <= 100:
            raise LeaderbookError("a snapshot's scope is text of 1 to 100 characters")
        people = sorted(checks.record_id(r, "a respondent id") for r in respondents)
        answers_upto, plans_upto = checks.count(answers_upto, "answers_upto"), checks.count(plans_upto, "plans_upto")
        with self._write() as conn:
            new_id = conn.execute(insert(schema.snapshots).values(
                team_id=team_id, round_id=round_id, scope=scope, respondents=json.dumps(people),
                answers_upto=answers_upto, plans_upto=plans_upto, created_at=now())).inserted_primary_key[0]
        return Snapshot(new_id, team_id, round_id, scope, frozenset(people), answers_upto, plans_upto)

    def snapshots(self, team_id: int) -> list[Snapshot]:
        """Every snapshot published for a team, oldest first."""
        team_id = checks.record_id(team_id, "a team id")
        s = schema.snapshots.c
        with self._read() as conn:
            rows = conn.execute(select(schema.snapshots).where(s.team_id == team_id).order_by(s.id))
            return [Snapshot(r.id, r.team_id, r.round_id, r.scope, frozenset(json.loads(r.respondents)),
                             r.answers_upto, r.plans_upto) for r in rows]

    # -- a live session's decisions -------------------------------------------

    def add_session_event(self, round_id: int, kind: str, topic: str, action: dict | None = None) -> SessionEvent:
        """Append what a session decided: ``kind`` "reveal" (a topic shown) or "action" (with the action,
        checked as a plan's actions are). Nothing is ever changed or taken back."""
        from ..assess.plan import check_action

        round_id = self.round(round_id).id
        if not isinstance(kind, str) or kind not in SESSION_EVENT_KINDS:
            raise LeaderbookError(f"a session event is one of: {', '.join(SESSION_EVENT_KINDS)}")
        try:
            ref = Ref.parse(topic)
        except InputError:
            ref = None
        if ref is None or ref.item is not None:
            raise LeaderbookError("a topic is a section's ref, like instrument/section")
        topic = str(ref)
        if (kind == "action") != (action is not None):
            raise LeaderbookError("an action event carries its action, and only an action event does")
        clean = check_action(action) if action is not None else None
        stamp = now()
        with self._write() as conn:
            new_id = conn.execute(insert(schema.session_events).values(
                round_id=round_id, kind=kind, topic=topic, recorded_at=stamp,
                action=json.dumps(clean, ensure_ascii=False) if clean is not None else None)).inserted_primary_key[0]
        return SessionEvent(new_id, round_id, kind, topic, clean, stamp)

    def session_events(self, round_id: int) -> list[SessionEvent]:
        """Everything the sessions of a round decided, oldest first."""
        round_id = checks.record_id(round_id, "a round id")
        e = schema.session_events.c
        with self._read() as conn:
            rows = conn.execute(select(schema.session_events).where(e.round_id == round_id).order_by(e.id))
            return [SessionEvent(r.id, r.round_id, r.kind, r.topic, json.loads(r.action) if r.action else None,
                                 r.recorded_at) for r in rows]
