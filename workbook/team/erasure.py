"""Forgetting a team member: everything kept about them erased, published figures left as published.

:func:`forget_member` finds the member, makes the figures of every snapshot
the team's views show (so none is ever computed again without them), erases
them from the store (:meth:`workbook.store.Store.erase_respondent`: answers,
notes, free text, plans, worksheets, links, address, messages, and the
ratings others gave of them) and writes an audit entry that names them by
id only (in the erasure's own transaction). Their row keeps the id and the name "(erased)": published
snapshots name ids, and the release rule needs them to keep holding.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import LeaderbookError, NotFoundError
from ..store import Respondent, Store
from ..store.erasure import ErasureCounts, UnkeptFigures
from .admin import Team, find_team
from .answers import team_catalogue
from .figures import round_figures

#: Tries at making the figures and erasing, should someone publish in between (then there are new
#: figures to make first; the store refuses to erase while any shown snapshot has none).
TRIES = 3


@dataclass(frozen=True)
class Forgotten:
    """What forgetting a member did: who (by id only), in which team, and the rows removed."""

    team: Team
    respondent_id: int
    counts: ErasureCounts


def find_member_to_forget(store: Store, team: Team, member: str) -> Respondent:
    """The one member of ``team`` named ``member`` exactly, or "#ID"; refused when unknown, ambiguous
    or already erased (nothing is changed)."""
    if not isinstance(member, str) or not member.strip():
        raise LeaderbookError("name the member to forget: their name, or #ID (their respondent id)")
    member = member.strip()
    members = store.respondents(team.id, include_erased=True)  # to say so of one already erased
    if member.startswith("#") and member[1:].isdigit():
        found = [m for m in members if m.id == int(member[1:])]
    else:
        found = [m for m in members if m.name == member]
    if not found:
        known = ", ".join(f"{m.name} (#{m.id})" for m in members if not m.erased) or "none"
        raise NotFoundError(f"team {team.name!r} has no member {member!r} (members: {known})")
    if len(found) > 1:
        ids = ", ".join(f"#{m.id}" for m in found)
        raise LeaderbookError(f"team {team.name!r} has {len(found)} members named {member!r} ({ids}): "
                              f"name the one to forget by #ID")
    if found[0].erased:
        raise LeaderbookError(f"member #{found[0].id} of team {team.name!r} is already erased")
    return found[0]


def make_shown_figures(store: Store, team: Team) -> None:
    """Publish what the rule allows and keep the figures of every snapshot the team's views show,
    each round with its own programme, as the dashboard makes them."""
    rounds = store.rounds(team.id)
    catalogue, per_round = team_catalogue(store, [r.id for r in rounds])
    for round_ in rounds:
        round_figures(store, team, round_.id, catalogue, per_round[round_.id])


def forget_member(store: Store, team_name: str, member: str, *, actor: str = "cli") -> Forgotten:
    """Erase ``member`` (a name, or "#ID") of team ``team_name`` for good; see the module's note."""
    team = find_team(store, team_name)
    person = find_member_to_forget(store, team, member)
    for attempt in range(TRIES):
        make_shown_figures(store, team)
        try:
            counts = store.erase_respondent(person.id, actor=actor)
            break
        except UnkeptFigures:
            if attempt == TRIES - 1:
                raise
    return Forgotten(team, person.id, counts)


__all__ = ["Forgotten", "find_member_to_forget", "forget_member", "make_shown_figures"]
