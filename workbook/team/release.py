"""The release rule: which people a team's figures may be about, over the team's whole history.

The anonymity threshold ``k`` alone is not enough: two figures about groups
that differ by one person give that person's answers away by subtraction
(an export with three people and one with four; one round and the next
without one member). So team figures are never computed from the live
answers. They are computed from *published snapshots*: for one group (a
round's self-assessments, or one rater group's answers about a leader) a
snapshot names the people it is about and the newest answer event it
includes, and is kept in the store, append-only.

A new snapshot of a group is published only when

* it is about at least ``k`` people, each of whom has finished (see
  :mod:`workbook.assess.progress`), and
* its people differ from those of every snapshot published before in the
  same round by at least ``k`` (so at least ``k`` were added, none removed
  unless ``k`` were), and from every snapshot of the same group in other
  rounds either not at all or by at least ``k``; and in the same round it
  counts at least ``k`` more people than each of them (a group shrinks only
  when a member is erased, :mod:`workbook.team.erasure`: then ``k`` more must
  finish before anything new is published, and the erased one's id stays in
  the snapshots so the rule still counts them).

Until then the last published snapshot is what everyone sees: the
dashboard, every export, every report, free text and action plans all read
snapshots, through the figures each snapshot keeps (:mod:`workbook.team.figures`). Members' convergence maps are a
group of their own (:data:`MAPS`: those who finished and saved a map), read
through :func:`published_maps` as of the worksheet version its snapshot
includes. A person who changes an answer
changes nothing anyone sees until ``k`` more people have finished. A rater
group about a leader is its own group, and "others" is the union of the
published rater groups, so no figure shown minus another gives a group of
fewer than ``k``. Revoked links keep their answers (revoking stops new
answers, it does not unsay old ones), so a group never shrinks by revoking.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..basics.i18n import N_
from .anonymity import apart_enough, effective_threshold, shown
from ..assess.convergence import WORKSHEET
from ..instruments.model import Instrument
from ..store import Store
from .progress import LinkTally, RoundProgress
from ..store.team_records import Snapshot, Team

SELF = "self"
#: How every view (dashboard, waiting notes, reliability, exports, reports) names the group of a
#: round's self-assessments: the one wording (marked for translation: a report says it in its language).
SELF_LABEL = N_("members (self-assessments)")
#: The group of a round's convergence maps: the members who finished and saved a map.
MAPS = "maps"


def about_scope(subject_id: int, group: str) -> str:
    return f"about:{subject_id}:{group}"


def scope_parts(scope: str) -> tuple[int | None, str]:
    """``(subject_id, rater group)`` of a scope: ``(None, "self")`` for self-assessments."""
    if scope in (SELF, MAPS):
        return None, scope
    _, subject, group = scope.split(":", 2)
    return int(subject), group


@dataclass(frozen=True)
class GroupState:
    """One group of a round: who has finished now, and who the published figures are about."""

    scope: str
    finished: frozenset[int]
    published: Snapshot | None

    @property
    def shown(self) -> int:
        return len(self.published.respondents) if self.published else 0

    @property
    def waiting(self) -> int:
        """Finished people the published figures do not include yet."""
        return len(self.finished - (self.published.respondents if self.published else frozenset()))


def finished_groups(store: Store, round_id: int, instruments: tuple[Instrument, ...], *,
                    links: tuple[LinkTally, ...] | None = None) -> dict[str, frozenset[int]]:
    """Per group (scope), the people who have finished the round's programme, from the live answers
    (or from ``links``, the round's :meth:`~workbook.team.progress.RoundProgress.links` with uninvited ones).

    "Finished" is :func:`workbook.team.progress.round_tallies`', as the dashboard and the page count it.
    """
    if links is None:
        links = RoundProgress(store, round_id, instruments).count().links(uninvited=True)
    found: dict[str, set[int]] = {}
    for link in links:
        if not link.tally.finished:
            continue
        scope = SELF if link.subject_id is None else about_scope(link.subject_id, link.rater_group)
        found.setdefault(scope, set()).add(link.respondent_id)
    return {scope: frozenset(people) for scope, people in found.items()}


def may_publish(candidate: frozenset[int], round_id: int, earlier: list[Snapshot], k: int) -> bool:
    """The rule itself: ``earlier`` is every snapshot of the same group, in any round."""
    if not shown(len(candidate), k):
        return False
    for snapshot in earlier:
        differ = len(candidate ^ snapshot.respondents)
        if snapshot.round_id == round_id and not apart_enough(differ, k):
            return False  # the same answers: fewer than k new people would be readable by subtraction
        if snapshot.round_id == round_id and not apart_enough(len(candidate) - len(snapshot.respondents), k):
            # A group shrinks only by an erasure: it must grow by k past what was published, so that two
            # figures of one round are never about numbers of people fewer than k apart.
            return False
        if snapshot.round_id != round_id and differ and not apart_enough(differ, k):
            return False  # other answers, but people's answers stay alike from one round to the next
    return True


@dataclass(frozen=True)
class Publication:
    """What one call of the rule found: each group's state, and every link's tally it was decided on."""

    groups: dict[str, GroupState]
    #: Every link of the round (uninvited ones too), counted as of the newest event the rule saw.
    links: tuple[LinkTally, ...]

    @property
    def invited_links(self) -> tuple[LinkTally, ...]:
        """The links of the round's invites (what the coach's progress lists)."""
        return tuple(link for link in self.links if link.invited)


def publish(store: Store, team: Team, round_id: int, instruments: tuple[Instrument, ...]) -> dict[str, GroupState]:
    """Publish what the rule allows for a round, then say, per group, what is published and what waits."""
    return publication(store, team, round_id, instruments).groups


def publication(store: Store, team: Team, round_id: int, instruments: tuple[Instrument, ...]) -> Publication:
    """:func:`publish`, with the tallies it was decided on (so a view need not count the round again).

    One transaction with the team locked: two viewers at once publish once. The
    people who finished are counted as of the newest answer event, which is
    what a new snapshot includes.
    """
    k = effective_threshold(team.threshold)
    with store.transaction():
        store.lock_team(team.id)
        answers_upto, plans_upto = store.newest_event_ids()
        worksheets_upto = store.newest_worksheet_id()
        links = RoundProgress(store, round_id, instruments).count(as_of=answers_upto or None).links(uninvited=True)
        finished = finished_groups(store, round_id, instruments, links=links)
        mappers = map_holders(store, round_id, finished.get(SELF, frozenset()), worksheets_upto)
        if mappers:
            finished[MAPS] = mappers
        history = store.snapshots(team.id)
        for scope, people in sorted(finished.items()):
            same_group = [s for s in history if s.scope == scope]
            if may_publish(people, round_id, same_group, k):
                snapshot = store.add_snapshot(team.id, round_id, scope, people, answers_upto, plans_upto)
                if scope == MAPS:
                    store.record_worksheet_cutoff(snapshot.id, worksheets_upto)
                history.append(snapshot)
    latest: dict[str, Snapshot] = {}
    for snapshot in history:
        if snapshot.round_id == round_id:
            latest[snapshot.scope] = snapshot
    groups = {scope: GroupState(scope, finished.get(scope, frozenset()), latest.get(scope))
              for scope in sorted(set(finished) | set(latest))}
    return Publication(groups, links)


def map_holders(store: Store, round_id: int, finished: frozenset[int], worksheets_upto: int) -> frozenset[int]:
    """The finished members who saved a convergence map (by worksheet version ``worksheets_upto``):
    the people the maps' group is about.

    Having saved a map counts, not what it holds now: a map emptied later
    still counts (it names nothing), so the group never shrinks, as a
    group of finished people never does.
    """
    if not finished or not worksheets_upto:
        return frozenset()
    maps = store.round_worksheets(round_id, WORKSHEET, as_of=worksheets_upto)
    return frozenset(person for person in maps if person in finished)


def published_maps(store: Store, state: GroupState | None) -> dict[int, dict]:
    """``{respondent_id: map}`` of the maps' group as its published snapshot has them ({} if none is)."""
    if state is None or state.published is None:
        return {}
    upto = store.worksheet_cutoff(state.published.id)
    if not upto:
        return {}
    maps = store.round_worksheets(state.published.round_id, WORKSHEET, as_of=upto)
    return {person: maps[person] for person in sorted(state.published.respondents) if person in maps}
