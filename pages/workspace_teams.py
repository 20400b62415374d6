"""The workspace's overview: every team, its rounds, and each member's completion in the latest round.

Completion is a state per member (not yet, joined, answering, finished, or
link revoked), counted by :class:`workbook.team.room.RoomWatch`, the one
count the session console shows too: never what anyone answered.
"""

from __future__ import annotations

from dataclasses import dataclass

from ipywidgets import HTML

from workbook.basics.i18n import SOURCE_LANGUAGE, translator

from workbook.store import Store
from workbook.store.team_records import Team
from workbook.team.room import RoomCounts, RoomWatch
from workbook.team.round_programme import round_instruments
from ._views import render
from .room_words import group_name, state_name


@dataclass(frozen=True)
class MemberState:
    name: str
    role: str  # "self-assessment", or who they rate and how
    state: str  # not yet | joined | answering | finished | link revoked
    said: str = ""  # the state as the page says it (its language)


@dataclass(frozen=True)
class TeamOverview:
    name: str
    threshold: int
    confidential: bool
    rounds: tuple
    round: str
    counts: RoomCounts
    members: tuple[MemberState, ...]


def team_overview(store: Store, team: Team, language: str = SOURCE_LANGUAGE) -> TeamOverview:
    """One team as the workspace lists it: rounds, counts and each member's state in the latest round,
    its words (roles, states) in ``language``."""
    _ = translator(language).gettext
    rounds = tuple(store.rounds(team.id))
    people = store.respondents(team.id)
    names = {m.id: m.name for m in people}
    if not rounds:
        return TeamOverview(team.name, team.threshold, team.confidential, (), "", RoomCounts(),
                            tuple(MemberState(m.name, "", "not yet", state_name("not yet", language))
                                  for m in people))
    latest = rounds[-1]
    room = RoomWatch(store, latest.id, round_instruments(store, latest.id), names)
    room.poll()
    states = dict(room.counts.people)
    invites = store.invites(latest.id, include_revoked=True)
    live = {i.respondent_id for i in invites if not i.revoked}
    roles: dict[int, list[str]] = {}
    for invite in invites:
        if invite.subject_id is not None:
            role = _("rates %(leader)s (%(group)s)") % {"leader": names.get(invite.subject_id, "?"),
                                                        "group": group_name(invite.rater_group, language)}
            if role not in roles.setdefault(invite.respondent_id, []):
                roles[invite.respondent_id].append(role)
    invited = {i.respondent_id for i in invites}
    members = []
    for member in people:
        if member.id not in invited:
            continue
        state = states.get(member.name, "not yet") if member.id in live else "link revoked"
        members.append(MemberState(member.name, "; ".join(roles.get(member.id, [])) or _("self-assessment"), state,
                                   state_name(state, language)))
    return TeamOverview(team.name, team.threshold, team.confidential, rounds, latest.label, room.counts,
                        tuple(members))


class TeamsView(HTML):
    """The list of teams, redrawn from the store by :meth:`refresh`."""

    def __init__(self, store: Store, *, language: str = SOURCE_LANGUAGE):
        super().__init__(_dom_classes=("lb-ws-teams",))
        self.store, self.language = store, language
        self.refresh()

    def refresh(self) -> None:
        self.value = render("workspace_teams.html.j2", language=self.language,
                            teams=[team_overview(self.store, t, self.language) for t in self.store.teams()])
