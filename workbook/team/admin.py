"""Team rounds: a team, its members, one invite link per member and round.

A round's invites say who answers about whom: every member assesses
themselves (rater group ``self``), and when the team has a leader, every
other member also rates the leader (``direct-report`` unless said otherwise:
``peer`` or ``manager``). A new round copies the live invites of the last
one, so the same relations carry over, and keeps the programme of the last
one unless given another. Tokens are returned once, for the links, and
stored only as hashes. Everything goes through the store's public methods.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .anonymity import MIN_THRESHOLD, check_threshold
from ..errors import InputError, InvalidInvite, LeaderbookError, NotFoundError
from ..basics.links import DEFAULT_BASE_URL, coach_url, invite_url, session_url
from ..store import Respondent, Round, Store, checks
from ..basics.text_check import check_text, describe
from ..store.invites import RATER_GROUPS
from ..store.team_records import Team

__all__ = ["DEFAULT_RATER_GROUP", "OTHERS_GROUPS", "Link", "Team", "TeamRound", "TeamStatus", "add_member",
           "close_round", "create_team", "current_round", "find_member", "find_team", "new_coach_link", "new_round",
           "new_session_links", "parse_members", "rater_groups", "reissue_links", "resolve_coach_token", "revoke_member",
           "round_relations", "team_by_id", "team_status", "teams"]

#: How a member relates to the leader they rate, when nothing else is said.
DEFAULT_RATER_GROUP = "direct-report"
OTHERS_GROUPS = tuple(g for g in RATER_GROUPS if g != "self")


@dataclass(frozen=True)
class Link:
    """One invite link: who answers, about whom, and the URL that carries the token."""

    member: str
    respondent_id: int
    rater_group: str
    subject: str | None
    subject_id: int | None
    url: str | None  # None in a confidential team: its links go to the member by email only

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
    session_url: str | None = None  # the live session console: the coach's page too, same token


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


def _member_pairs(members: object) -> list[tuple[object, object]]:
    """``(name, rater_group)`` of each member: from a spec string, or a list of names or pairs."""
    if isinstance(members, str):
        return parse_members(members)
    if not isinstance(members, (list, tuple)):
        raise InputError(f"members are a spec string or a list of names, not {describe(members)}")
    pairs = []
    for member in members:
        if isinstance(member, str):
            pairs.append((member, DEFAULT_RATER_GROUP))
        elif isinstance(member, (list, tuple)) and len(member) == 2:
            pairs.append(tuple(member))
        else:
            raise InputError(f"a member is a name or a (name, rater group) pair, not {describe(member)}")
    return pairs


def _check_name(what: str, name: str) -> str:
    return checks.name(name, f"a {what}")


def _check_group(group: str) -> str:
    if group not in OTHERS_GROUPS:
        raise LeaderbookError(f"rater group {group!r} is not one of: {', '.join(OTHERS_GROUPS)}")
    return group


# -- looking things up ------------------------------------------------------


def find_team(store: Store, name: str) -> Team:
    name = check_text(name, "a team's name", max_length=checks.MAX_NAME_LENGTH)
    found = store.team_named(name)
    if found is None:
        known = [t.name for t in sorted(store.teams(), key=lambda t: t.name)]
        hint = f" (teams: {', '.join(known)})" if known else " (there are no teams yet: see `leaderbook team create`)"
        raise NotFoundError(f"no team named {name!r}{hint}")
    return found


def team_by_id(store: Store, team_id: int) -> Team:
    return store.team(team_id)


def teams(store: Store) -> list[Team]:
    return store.teams()


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
    seen, relations = set(), []
    for invite in store.invites(round_id):
        key = (invite.respondent_id, invite.rater_group, invite.subject_id)
        if key not in seen:
            seen.add(key)
            relations.append(key)
    return relations


def rater_groups(store: Store, round_id: int) -> dict[tuple[int, int | None], str]:
    """``{(respondent_id, subject_id): rater_group}`` for every invite of a round, revoked ones too.

    A revoked invite's answers still count: revoking stops new answers, it does not unsay old ones.
    """
    return {(i.respondent_id, i.subject_id): i.rater_group for i in store.invites(round_id, include_revoked=True)}


# -- writing ----------------------------------------------------------------


def _links(store: Store, round_id: int, relations, names: dict[int, str], base_url: str, *,
           shown: bool = True) -> tuple[Link, ...]:
    """A new invite per relation, with its link; without ``shown`` (a confidential team) the token is
    dropped at once and the link has no URL: the member's link then goes by email only
    (:mod:`workbook.team.mail` adds a fresh token to the invite for each message)."""
    links = []
    for respondent_id, group, subject_id in relations:
        token = store.add_invite(respondent_id, round_id, group, subject_id)
        links.append(Link(names[respondent_id], respondent_id, group,
                          names.get(subject_id) if subject_id is not None else None, subject_id,
                          invite_url(token, base_url) if shown else None))
    return tuple(links)


def _keep_programme(store: Store, round_id: int, workbook) -> None:
    if workbook is None:
        return
    from .round_programme import programme_record

    programme, files = workbook if isinstance(workbook, tuple) else programme_record(Path(workbook))
    store.set_round_programme(round_id, programme, files)


def create_team(
    store: Store,
    name: str,
    members,
    *,
    leader: str | None = None,
    threshold: int = MIN_THRESHOLD,
    label: str = "",
    base_url: str = DEFAULT_BASE_URL,
    workbook: str | Path | None = None,
    confidential: bool = False,
) -> TeamRound:
    """A new team with its first round: every member gets a link, and the coach one.

    ``members`` is a spec string (see :func:`parse_members`) or a list of names
    or ``(name, rater_group)`` pairs. With a ``leader`` (one of the members, or
    added), every other member also gets a link to rate the leader. With a
    ``workbook`` folder (made by ``leaderbook new``), the round asks that
    programme instead of every built-in instrument. A ``confidential`` team's
    coach never sees one member's answers, nor their links: the result's links
    carry no URL (send them by email, :func:`workbook.team.mail.send_invitations`).
    """
    name = _check_name("team", name)
    threshold = check_threshold(threshold)
    pairs = [(_check_name("member", m), _check_group(g)) for m, g in _member_pairs(members)]
    if leader is not None:
        leader = _check_name("leader", leader)
        if leader not in [m for m, _ in pairs]:
            pairs.insert(0, (leader, DEFAULT_RATER_GROUP))
    if not pairs:
        raise LeaderbookError("a team needs at least one member (--members \"Ana,Ben,Cleo\")")
    duplicates = sorted({m for m, _ in pairs if [n for n, _ in pairs].count(m) > 1})
    if duplicates:
        raise LeaderbookError(f"member names must differ within a team: {', '.join(duplicates)} appear twice")
    if workbook is not None and not isinstance(workbook, tuple):
        from .round_programme import programme_record

        workbook = programme_record(Path(workbook))  # checked before anything is written
    with store.transaction():
        team = store.add_team(name, threshold, confidential=confidential)
        ids = {member: store.add_respondent(member, team.id).id for member, _ in pairs}
        round_ = store.start_round(label or "Round 1", team.id)
        _keep_programme(store, round_.id, workbook)
        relations = [(ids[m], "self", None) for m, _ in pairs]
        if leader is not None:
            relations += [(ids[m], g, ids[leader]) for m, g in pairs if m != leader]
        links = _links(store, round_.id, relations, {v: k for k, v in ids.items()}, base_url,
                       shown=not confidential)
        token = store.add_coach_token(team.id)
    return TeamRound(team, round_, links, coach_url(token, base_url), session_url=session_url(token, base_url))


def new_round(store: Store, team_name: str, *, label: str = "", base_url: str = DEFAULT_BASE_URL,
              workbook: str | Path | None = None, actor: str = "cli") -> TeamRound:
    """A new round for the same team and relations; the open rounds before it are closed.

    It asks the programme of ``workbook`` when given, else the previous round's.
    """
    team = find_team(store, team_name)
    previous = current_round(store, team)
    relations = round_relations(store, previous.id)
    names = {m.id: m.name for m in store.respondents(team.id)}
    if not relations:
        relations = [(member_id, "self", None) for member_id in names]
    if workbook is not None:
        from .round_programme import programme_record

        programme = programme_record(Path(workbook))
    else:
        programme = store.round_programme(previous.id)
    closed = tuple(r for r in store.rounds(team.id) if not r.closed)
    with store.transaction():
        for round_ in closed:
            store.close_round(round_.id)
        round_ = store.start_round(label, team.id)
        _keep_programme(store, round_.id, programme)
        links = _links(store, round_.id, relations, names, base_url, shown=not team.confidential)
        store.record("new-round", actor=actor, team=team.name,
                     detail=f"{round_.label}: {len(links)} link(s); closed {len(closed)} round(s)")
    return TeamRound(team, round_, links, None, closed)


def _open_round(store: Store, team: Team) -> Round:
    round_ = current_round(store, team)
    if round_.closed:
        raise LeaderbookError(
            f"{round_.label} of team {team.name!r} is closed; start a new one with `leaderbook team new-round`"
        )
    return round_


def add_member(store: Store, team_name: str, name: str, *, rater_group: str = DEFAULT_RATER_GROUP,
               base_url: str = DEFAULT_BASE_URL, actor: str = "cli") -> tuple[Link, ...]:
    """A new member in the team's open round: a self-assessment link, and one per leader rated."""
    team = find_team(store, team_name)
    name = _check_name("member", name)
    _check_group(rater_group)
    if any(m.name == name for m in store.respondents(team.id)):
        raise LeaderbookError(f"team {team.name!r} already has a member named {name!r}")
    round_ = _open_round(store, team)
    subjects = sorted({s for _, _, s in round_relations(store, round_.id) if s is not None})
    names = {m.id: m.name for m in store.respondents(team.id)}
    with store.transaction():
        member_id = store.add_respondent(name, team.id).id
        names[member_id] = name
        relations = [(member_id, "self", None)] + [(member_id, rater_group, s) for s in subjects]
        links = _links(store, round_.id, relations, names, base_url, shown=not team.confidential)
        store.record("late-member", actor=actor, team=team.name,
                     detail=f"respondent {member_id}: joined {round_.label} ({rater_group}), {len(links)} link(s)")
        return links


def revoke_member(store: Store, team_name: str, member: str, *, all_rounds: bool = False, actor: str = "cli") -> int:
    """Revoke a member's links (of the latest round, or of every round); returns how many.

    What they answered before stays in the team's figures: revoking stops new
    answers, it does not unsay old ones (and a published figure cannot be taken back).
    """
    team = find_team(store, team_name)
    respondent = find_member(store, team, member)
    round_id = None if all_rounds else current_round(store, team).id
    with store.transaction():
        count = store.revoke_invites(respondent.id, round_id)
        store.record("revoke", actor=actor, team=team.name,
                     detail=f"respondent {respondent.id}: {count} link(s), {'every round' if all_rounds else 'latest round'}")
    return count


def reissue_links(store: Store, team_name: str, member: str, *, base_url: str = DEFAULT_BASE_URL,
                  actor: str = "cli") -> tuple[Link, ...]:
    """New links for a member who lost theirs: the old ones stop working, the answers stay.

    Refused for a confidential team: a link opens its member's answers, and the
    coach would hold it.
    """
    team = find_team(store, team_name)
    respondent = find_member(store, team, member)
    if team.confidential:
        raise LeaderbookError(
            f"team {team.name!r} is confidential: a new link would open {respondent.name}'s answers to whoever "
            f"holds it; revoke the lost link and add them again under another name "
            f"(`leaderbook team revoke` then `team add-member`) to start afresh")
    round_ = _open_round(store, team)
    relations = [r for r in round_relations(store, round_.id) if r[0] == respondent.id]
    if not relations:
        relations = [(respondent.id, "self", None)]
    names = {m.id: m.name for m in store.respondents(team.id)}
    with store.transaction():
        store.revoke_invites(respondent.id, round_.id)
        links = _links(store, round_.id, relations, names, base_url)
        store.record("reissue", actor=actor, team=team.name,
                     detail=f"respondent {respondent.id}: {len(links)} new link(s) in {round_.label}")
        return links


def close_round(store: Store, team_name: str, *, actor: str = "cli") -> Round:
    """Close the team's latest round: it keeps its answers and accepts no more."""
    team = find_team(store, team_name)
    round_ = _open_round(store, team)
    with store.transaction():
        store.close_round(round_.id)
        store.record("close-round", actor=actor, team=team.name, detail=round_.label)
    return store.round(round_.id)


def team_status(store: Store) -> list[TeamStatus]:
    """Every team with its members, rounds and how many members answered in the latest round."""
    statuses = []
    for team in teams(store):
        rounds = tuple(store.rounds(team.id))
        answering = store.answering_count(rounds[-1].id) if rounds else 0
        statuses.append(TeamStatus(team, tuple(store.respondents(team.id)), rounds, answering))
    return statuses


# -- the coach's link -------------------------------------------------------


def new_coach_link(store: Store, team_name: str, *, base_url: str = DEFAULT_BASE_URL) -> str:
    """A fresh dashboard link for the team's coach; earlier coach links stop working."""
    team = find_team(store, team_name)
    return coach_url(store.add_coach_token(team.id, revoke_earlier=True), base_url)


def new_session_links(store: Store, team_name: str, *, base_url: str = DEFAULT_BASE_URL) -> tuple[str, str]:
    """``(session console, dashboard)`` links of one fresh coach token; earlier coach links stop working."""
    team = find_team(store, team_name)
    token = store.add_coach_token(team.id, revoke_earlier=True)
    return session_url(token, base_url), coach_url(token, base_url)


def resolve_coach_token(store: Store, token: object) -> Team:
    """The team whose live coach token this is, or InvalidInvite ("this link is not valid")."""
    team_id = store.coach_token_team(token)
    if team_id is None:
        raise InvalidInvite()
    return store.team(team_id)
