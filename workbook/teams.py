"""Team rounds: a team, its members, one invite link per member and round.

A round's invites say who answers about whom: every member assesses
themselves (rater group ``self``), and when the team has a leader, every
other member also rates the leader (``direct-report`` unless said otherwise:
``peer`` or ``manager``). A new round copies the live invites of the last
one, so the same relations carry over. Tokens are returned once, for the
links, and stored only as hashes.
"""

from __future__ import annotations

import datetime as _dt
import secrets
from dataclasses import dataclass

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from .anonymity import MIN_THRESHOLD, check_threshold
from .errors import LeaderbookError, NotFoundError
from .links import DEFAULT_BASE_URL, coach_url, invite_url
from .store import Respondent, Round, Store, checks, schema
from .text_check import check_text
from .store.invites import RATER_GROUPS, InvalidInvite, hash_token, revoke_invites
# Coach tokens have the shape of invite tokens, and are refused before any query the same way.
from .store.invites import TOKEN_SHAPE

#: How a member relates to the leader they rate, when nothing else is said.
DEFAULT_RATER_GROUP = "direct-report"
OTHERS_GROUPS = tuple(g for g in RATER_GROUPS if g != "self")


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


@dataclass(frozen=True)
class Team:
    id: int
    name: str
    threshold: int


@dataclass(frozen=True)
class Link:
    """One invite link: who answers, about whom, and the URL that carries the token."""

    member: str
    respondent_id: int
    rater_group: str
    subject: str | None
    subject_id: int | None
    url: str

    @property
    def purpose(self) -> str:
        if self.subject is None:
            return "self-assessment"
        return f"rates {self.subject} as {self.rater_group.replace('-', ' ')}"


@dataclass(frozen=True)
class TeamRound:
    """What creating a team or a round gives the coach: the links, shown once."""

    team: Team
    round: Round
    links: tuple[Link, ...]
    coach_url: str | None = None
    closed: tuple[Round, ...] = ()


@dataclass(frozen=True)
class TeamStatus:
    team: Team
    members: tuple[Respondent, ...]
    rounds: tuple[Round, ...]
    answering: int  # members with at least one answer in the latest round


def parse_members(spec: str) -> list[tuple[str, str]]:
    """``"Ana, Ben:peer, Cleo"`` → ``[("Ana", "direct-report"), ("Ben", "peer"), ...]``.

    The group after a colon says how the member relates to the leader they rate.
    """
    members = []
    for part in (spec or "").split(","):
        name, _, group = part.partition(":")
        name, group = name.strip(), group.strip() or DEFAULT_RATER_GROUP
        if not name:
            continue
        if group not in OTHERS_GROUPS:
            raise LeaderbookError(f"member {name!r}: rater group {group!r} is not one of: {', '.join(OTHERS_GROUPS)}")
        members.append((name, group))
    return members


def _check_name(what: str, name: str) -> str:
    return checks.name(name, f"a {what}")


# -- looking things up ------------------------------------------------------


def find_team(store: Store, name: str) -> Team:
    name = check_text(name, "a team's name", max_length=checks.MAX_NAME_LENGTH)
    t = schema.teams.c
    with store._read() as conn:
        row = conn.execute(select(t.id, t.name, t.threshold).where(t.name == name)).first()
        if row is None:
            known = [r.name for r in conn.execute(select(t.name).order_by(t.name))]
    if row is None:
        hint = f" (teams: {', '.join(known)})" if known else " (there are no teams yet: see `leaderbook team create`)"
        raise NotFoundError(f"no team named {name!r}{hint}")
    return Team(row.id, row.name, row.threshold)


def team_by_id(store: Store, team_id: int) -> Team:
    team_id = checks.record_id(team_id, "a team id")
    t = schema.teams.c
    with store._read() as conn:
        row = conn.execute(select(t.id, t.name, t.threshold).where(t.id == team_id)).first()
    if row is None:
        raise NotFoundError(f"no team with id {team_id}")
    return Team(row.id, row.name, row.threshold)


def teams(store: Store) -> list[Team]:
    t = schema.teams.c
    with store._read() as conn:
        return [Team(r.id, r.name, r.threshold) for r in conn.execute(select(t.id, t.name, t.threshold).order_by(t.id))]


def find_member(store: Store, team: Team, name_or_id: str) -> Respondent:
    members = store.respondents(team.id)
    for member in members:
        if member.name == name_or_id or str(member.id) == str(name_or_id):
            return member
    raise NotFoundError(
        f"team {team.name!r} has no member {name_or_id!r} (members: {', '.join(m.name for m in members) or 'none'})"
    )


def current_round(store: Store, team: Team) -> Round:
    """The team's latest round (open or closed)."""
    rounds = store.rounds(team.id)
    if not rounds:
        raise NotFoundError(f"team {team.name!r} has no round yet")
    return rounds[-1]


def round_relations(store: Store, round_id: int) -> list[tuple[int, str, int | None]]:
    """The live invites of a round as ``(respondent_id, rater_group, subject_id)``, oldest first."""
    i = schema.invites.c
    query = (select(i.respondent_id, i.rater_group, i.subject_id)
             .where(i.round_id == round_id, i.revoked_at.is_(None)).order_by(i.id))
    with store._read() as conn:
        seen, relations = set(), []
        for row in conn.execute(query):
            key = (row.respondent_id, row.rater_group, row.subject_id)
            if key not in seen:
                seen.add(key)
                relations.append(key)
    return relations


def rater_groups(store: Store, round_id: int) -> dict[tuple[int, int | None], str]:
    """``{(respondent_id, subject_id): rater_group}`` for every invite of a round, revoked ones too.

    A revoked invite's answers still count: revoking stops new answers, it does not unsay old ones.
    """
    i = schema.invites.c
    query = select(i.respondent_id, i.subject_id, i.rater_group).where(i.round_id == round_id).order_by(i.id)
    with store._read() as conn:
        return {(r.respondent_id, r.subject_id): r.rater_group for r in conn.execute(query)}


# -- writing ----------------------------------------------------------------


def _insert_invite(conn, respondent_id: int, round_id: int, rater_group: str, subject_id: int | None) -> str:
    token = secrets.token_urlsafe(24)
    conn.execute(insert(schema.invites).values(
        token_hash=hash_token(token), respondent_id=respondent_id, round_id=round_id,
        rater_group=rater_group, subject_id=subject_id, created_at=_now(),
    ))
    return token


def _insert_coach_token(conn, team_id: int) -> str:
    token = secrets.token_urlsafe(24)
    conn.execute(insert(schema.coach_tokens).values(token_hash=hash_token(token), team_id=team_id, created_at=_now()))
    return token


def _links(conn, round_id: int, relations, names: dict[int, str], base_url: str) -> tuple[Link, ...]:
    links = []
    for respondent_id, group, subject_id in relations:
        token = _insert_invite(conn, respondent_id, round_id, group, subject_id)
        links.append(Link(names[respondent_id], respondent_id, group,
                          names.get(subject_id) if subject_id is not None else None, subject_id,
                          invite_url(token, base_url)))
    return tuple(links)


def create_team(
    store: Store,
    name: str,
    members,
    *,
    leader: str | None = None,
    threshold: int = MIN_THRESHOLD,
    label: str = "",
    base_url: str = DEFAULT_BASE_URL,
) -> TeamRound:
    """A new team with its first round: every member gets a link, and the coach one.

    ``members`` is a spec string (see :func:`parse_members`) or a list of names
    or ``(name, rater_group)`` pairs. With a ``leader`` (one of the members, or
    added), every other member also gets a link to rate the leader.
    """
    name = _check_name("team", name)
    label = checks.label(label)
    threshold = check_threshold(threshold)
    pairs = parse_members(members) if isinstance(members, str) else [
        (m, DEFAULT_RATER_GROUP) if isinstance(m, str) else tuple(m) for m in members
    ]
    pairs = [(_check_name("member", m), g) for m, g in pairs]
    if leader is not None:
        leader = _check_name("leader", leader)
        if leader not in [m for m, _ in pairs]:
            pairs.insert(0, (leader, DEFAULT_RATER_GROUP))
    if not pairs:
        raise LeaderbookError("a team needs at least one member (--members \"Ana,Ben,Cleo\")")
    duplicates = sorted({m for m, _ in pairs if [n for n, _ in pairs].count(m) > 1})
    if duplicates:
        raise LeaderbookError(f"member names must differ within a team: {', '.join(duplicates)} appear twice")
    for _, group in pairs:
        if group not in OTHERS_GROUPS:
            raise LeaderbookError(f"rater group {group!r} is not one of: {', '.join(OTHERS_GROUPS)}")
    now = _now()
    try:
        with store._write() as conn:
            team_id = conn.execute(insert(schema.teams).values(name=name, threshold=threshold, created_at=now)
                                   ).inserted_primary_key[0]
            ids = {}
            for member, _ in pairs:
                ids[member] = conn.execute(insert(schema.respondents).values(name=member, team_id=team_id,
                                                                             created_at=now)).inserted_primary_key[0]
            round_label = label or "Round 1"
            round_id = conn.execute(insert(schema.rounds).values(label=round_label, team_id=team_id, created_at=now)
                                    ).inserted_primary_key[0]
            relations = [(ids[m], "self", None) for m, _ in pairs]
            if leader is not None:
                relations += [(ids[m], g, ids[leader]) for m, g in pairs if m != leader]
            links = _links(conn, round_id, relations, {v: k for k, v in ids.items()}, base_url)
            coach = coach_url(_insert_coach_token(conn, team_id), base_url)
    except IntegrityError:
        raise LeaderbookError(f"a team named {name!r} already exists; choose another name") from None
    return TeamRound(Team(team_id, name, threshold), Round(round_id, round_label, team_id), links, coach)


def new_round(store: Store, team_name: str, *, label: str = "", base_url: str = DEFAULT_BASE_URL) -> TeamRound:
    """A new round for the same team and relations; the open rounds before it are closed."""
    label = checks.label(label)
    team = find_team(store, team_name)
    previous = current_round(store, team)
    relations = round_relations(store, previous.id)
    names = {m.id: m.name for m in store.respondents(team.id)}
    if not relations:
        relations = [(member_id, "self", None) for member_id in names]
    closed = tuple(r for r in store.rounds(team.id) if not r.closed)
    with store._write() as conn:
        now = _now()
        conn.execute(update(schema.rounds).where(schema.rounds.c.team_id == team.id,
                                                 schema.rounds.c.closed_at.is_(None)).values(closed_at=now))
        count = conn.execute(select(func.count()).select_from(schema.rounds)
                             .where(schema.rounds.c.team_id == team.id)).scalar()
        round_label = label or f"Round {count + 1}"
        round_id = conn.execute(insert(schema.rounds).values(label=round_label, team_id=team.id, created_at=now)
                                ).inserted_primary_key[0]
        links = _links(conn, round_id, relations, names, base_url)
    return TeamRound(team, Round(round_id, round_label, team.id), links, None, closed)


def _open_round(store: Store, team: Team) -> Round:
    round_ = current_round(store, team)
    if round_.closed:
        raise LeaderbookError(
            f"{round_.label} of team {team.name!r} is closed; start a new one with `leaderbook team new-round`"
        )
    return round_


def add_member(store: Store, team_name: str, name: str, *, rater_group: str = DEFAULT_RATER_GROUP,
               base_url: str = DEFAULT_BASE_URL) -> tuple[Link, ...]:
    """A new member in the team's open round: a self-assessment link, and one per leader rated."""
    team = find_team(store, team_name)
    name = _check_name("member", name)
    if rater_group not in OTHERS_GROUPS:
        raise LeaderbookError(f"rater group {rater_group!r} is not one of: {', '.join(OTHERS_GROUPS)}")
    if any(m.name == name for m in store.respondents(team.id)):
        raise LeaderbookError(f"team {team.name!r} already has a member named {name!r}")
    round_ = _open_round(store, team)
    subjects = sorted({s for _, _, s in round_relations(store, round_.id) if s is not None})
    names = {m.id: m.name for m in store.respondents(team.id)}
    with store._write() as conn:
        member_id = conn.execute(insert(schema.respondents).values(name=name, team_id=team.id, created_at=_now())
                                 ).inserted_primary_key[0]
        names[member_id] = name
        relations = [(member_id, "self", None)] + [(member_id, rater_group, s) for s in subjects]
        return _links(conn, round_.id, relations, names, base_url)


def revoke_member(store: Store, team_name: str, member: str, *, all_rounds: bool = False) -> int:
    """Revoke a member's links (of the latest round, or of every round); returns how many."""
    team = find_team(store, team_name)
    respondent = find_member(store, team, member)
    round_id = None if all_rounds else current_round(store, team).id
    return revoke_invites(store, respondent.id, round_id)


def reissue_links(store: Store, team_name: str, member: str, *, base_url: str = DEFAULT_BASE_URL) -> tuple[Link, ...]:
    """New links for a member who lost theirs: the old ones stop working, the answers stay."""
    team = find_team(store, team_name)
    respondent = find_member(store, team, member)
    round_ = _open_round(store, team)
    relations = [r for r in round_relations(store, round_.id) if r[0] == respondent.id]
    if not relations:
        relations = [(respondent.id, "self", None)]
    revoke_invites(store, respondent.id, round_.id)
    names = {m.id: m.name for m in store.respondents(team.id)}
    with store._write() as conn:
        return _links(conn, round_.id, relations, names, base_url)


def close_round(store: Store, team_name: str) -> Round:
    """Close the team's latest round: it keeps its answers and accepts no more."""
    team = find_team(store, team_name)
    round_ = _open_round(store, team)
    store.close_round(round_.id)
    return store.round(round_.id)


def team_status(store: Store) -> list[TeamStatus]:
    """Every team with its members, rounds and how many members answered in the latest round."""
    statuses = []
    for team in teams(store):
        rounds = tuple(store.rounds(team.id))
        answering = 0
        if rounds:
            a = schema.answers.c
            with store._read() as conn:
                answering = conn.execute(select(func.count(func.distinct(a.respondent_id)))
                                         .where(a.round_id == rounds[-1].id)).scalar()
        statuses.append(TeamStatus(team, tuple(store.respondents(team.id)), rounds, answering))
    return statuses


# -- the coach's link -------------------------------------------------------


def new_coach_link(store: Store, team_name: str, *, base_url: str = DEFAULT_BASE_URL) -> str:
    """A fresh dashboard link for the team's coach; earlier coach links stop working."""
    team = find_team(store, team_name)
    c = schema.coach_tokens.c
    with store._write() as conn:
        conn.execute(update(schema.coach_tokens).where(c.team_id == team.id, c.revoked_at.is_(None))
                     .values(revoked_at=_now()))
        return coach_url(_insert_coach_token(conn, team.id), base_url)


def resolve_coach_token(store: Store, token: object) -> Team:
    """The team whose live coach token this is, or InvalidInvite ("this link is not valid")."""
    if not isinstance(token, str) or not TOKEN_SHAPE.match(token):
        raise InvalidInvite()
    c = schema.coach_tokens.c
    with store._read() as conn:
        row = conn.execute(select(c.team_id, c.revoked_at).where(c.token_hash == hash_token(token))).first()
    if row is None or row.revoked_at is not None:
        raise InvalidInvite()
    return team_by_id(store, row.team_id)
