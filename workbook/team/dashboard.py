"""Everything the coach dashboard and the team report show, as data, threshold applied.

:func:`team_dashboard` loads every round of a team as its published
snapshots have it (:mod:`workbook.team.release`), through the figures each
snapshot keeps (:mod:`workbook.team.figures`), makes the tables with
:mod:`workbook.team.aggregate` and returns a :class:`Dashboard` whose tables all
carry ``n`` and ``suppressed``. Completion is per member, live, and says only
how far each one got against the round's programme, never what they answered.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import aggregate as agg
from .anonymity import effective_threshold
from .maps import MapAgreement
from .figures import RoundFigures, own_section_scores, round_figures
from ..instruments.catalogue import Catalogue
from ..errors import NotFoundError
from ..instruments.model import Instrument
from ..assess.progress import Tally
from .progress import round_tallies
from .release import MAPS, SELF, SELF_LABEL, GroupState, scope_parts
from .session_outcome import SessionOutcome, session_outcome
from ..store import Round, Store
from .answers import team_catalogue
from .admin import OTHERS_GROUPS, Team, current_round, find_team


@dataclass(frozen=True)
class Progress:
    """How far one member got with one of their links: never what they answered."""

    member: str
    purpose: str
    tally: Tally
    revoked: bool = False

    @property
    def answered(self) -> int:
        return self.tally.answered

    @property
    def total(self) -> int:
        return self.tally.total

    @property
    def finished(self) -> bool:
        return self.tally.finished

    @property
    def state(self) -> str:
        state = "finished" if self.tally.finished else "in progress" if self.tally.started else "not started"
        # A revoked link's answers are kept: the state says both.
        return f"{state}, link revoked" if self.revoked else state


@dataclass(frozen=True)
class Waiting:
    """A group whose newest answers are not shown yet, and why: what the coach reads instead of figures."""

    scope: str
    label: str
    shown: int  # people the published figures are about
    waiting: int  # people who finished since, not in any figure yet
    threshold: int

    @property
    def explanation(self) -> str:
        if self.shown == 0:
            return (f"{self.waiting} {self.label} finished: their figures appear once {self.threshold} have "
                    f"(no figure is ever about fewer people).")
        return (f"{self.label.capitalize()}: the figures are about the {self.shown} who had finished when they were "
                f"published; {self.waiting} more finished since. New figures appear once {self.threshold} more "
                f"have, so that nobody's answers can be read from the difference.")


@dataclass(frozen=True)
class SubjectView:
    """How the raters see one leader, against the leader's own view."""

    subject_id: int
    name: str
    gaps: pd.DataFrame  # per section: n (others), self, others, gap — largest gap first
    groups: pd.DataFrame  # per (section, group): raters and score; n is the section's smallest group


@dataclass(frozen=True)
class Dashboard:
    team: Team
    threshold: int
    rounds: tuple[Round, ...]
    round: Round
    previous: Round | None
    catalogue: Catalogue
    progress: tuple[Progress, ...]
    heatmap: pd.DataFrame  # per (round_id, section): n, score, sd — the team's self-assessments
    sections: pd.DataFrame
    items: pd.DataFrame
    mistakes: pd.DataFrame
    change: pd.DataFrame | None
    subjects: tuple[SubjectView, ...]
    texts: pd.DataFrame
    actions: pd.DataFrame
    members_answering: int = 0
    confidential: bool = False
    waiting: tuple[Waiting, ...] = ()
    #: Where the members' published convergence maps agree on which programme serves which goal.
    maps: MapAgreement | None = None
    #: Per (published group, section): alpha, rWG(J) and SD with their n (see :mod:`workbook.team.reliability`).
    reliability: pd.DataFrame | None = None
    #: What the round's live sessions decided: the topics shown to the room and the actions the group chose.
    session: SessionOutcome = SessionOutcome()

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of figures by name: what tests walk to check the threshold held."""
        found = {"heatmap": self.heatmap, "sections": self.sections, "items": self.items,
                 "mistakes": self.mistakes, "texts": self.texts, "actions": self.actions}
        if self.change is not None:
            found["change"] = self.change
        for view in self.subjects:
            found[f"gaps:{view.name}"] = view.gaps
            found[f"groups:{view.name}"] = view.groups
        if self.maps is not None:
            found.update({"map-goals": self.maps.goals, "map-programmes": self.maps.programmes,
                          "map-pairs": self.maps.pairs})
        if self.reliability is not None:
            found["reliability"] = self.reliability
        return found


def team_dashboard(store: Store, team_name: str | None = None, *, team: Team | None = None,
                   round_id: int | None = None, threshold: int | None = None,
                   instruments=()) -> Dashboard:
    """The dashboard of a team's round (its latest by default), with its change from the round before."""
    team = team or find_team(store, team_name)
    threshold = effective_threshold(team.threshold, threshold)
    rounds = tuple(store.rounds(team.id))
    shown = current_round(store, team) if round_id is None else next(
        (r for r in rounds if r.id == round_id), None)
    if shown is None:
        raise NotFoundError(f"team {team.name!r} has no round with id {round_id}")
    catalogue, per_round = team_catalogue(store, [r.id for r in rounds if r.id <= shown.id])
    if instruments:
        catalogue = Catalogue(instruments)
    loaded = {r.id: round_figures(store, team, r.id, catalogue, per_round[r.id]) for r in rounds if r.id <= shown.id}
    heatmap = pd.concat({r.id: loaded[r.id].section_table([SELF], threshold) for r in rounds if r.id in loaded},
                        names=["round_id", "section"])
    current = loaded[shown.id]
    figures = current.aggregates([SELF], threshold)
    earlier = [r for r in rounds if r.id < shown.id]
    previous = earlier[-1] if earlier else None
    change = None
    if previous is not None:
        change = agg.change_table(loaded[previous.id].section_table([SELF], threshold), figures.sections, threshold)
    # An erased leader's published figures stay, labelled "(erased)".
    names = {m.id: m.name for m in store.respondents(team.id, include_erased=True)}
    self_group = current.groups.get(SELF)
    return Dashboard(
        team=team, threshold=threshold, rounds=rounds, round=shown, previous=previous, catalogue=catalogue,
        progress=_progress(current.links, names), heatmap=heatmap,
        sections=figures.sections, items=figures.items,
        mistakes=agg.mistake_table(figures.items, catalogue.refs_of_kind("mistakes"), threshold),
        change=change,
        subjects=_subjects(store, current, names, figures.sections["n"], threshold, team.confidential),
        texts=agg.text_table(current.texts[current.texts["group"] == "self"], threshold),
        actions=agg.action_table(current.actions, threshold),
        members_answering=self_group.shown if self_group else 0,
        confidential=team.confidential,
        waiting=_waiting(current.groups, names, threshold),
        maps=current.maps(threshold),
        reliability=current.reliability(threshold, lambda scope: _group_label(scope, names)),
        session=session_outcome(store, shown.id),
    )


def round_progress(store: Store, round_id: int, instruments: tuple[Instrument, ...],
                   names: dict[int, str]) -> tuple[Progress, ...]:
    """Every link of a round with how far its member got against the round's programme.

    A revoked link is listed too, with what its member did before: their answers are kept.
    The counts are :func:`workbook.team.progress.round_tallies`', as the page, the release rule
    and the console count.
    """
    return _progress(round_tallies(store, round_id, instruments), names)


def _progress(links, names: dict[int, str]) -> tuple[Progress, ...]:
    shown = []
    for link in links:
        purpose = "self-assessment" if link.subject_id is None else (
            f"rates {names.get(link.subject_id, link.subject_id)} as {link.rater_group.replace('-', ' ')}")
        shown.append(Progress(names.get(link.respondent_id, str(link.respondent_id)), purpose, link.tally,
                              link.revoked))
    return tuple(shown)


def _group_label(scope: str, names: dict[int, str]) -> str:
    subject_id, group = scope_parts(scope)
    if group == MAPS:
        return "members (convergence maps)"
    if subject_id is None:
        return SELF_LABEL
    plural = {"direct-report": "direct reports", "peer": "peers", "manager": "managers"}.get(group, group)
    return f"{plural} rating {names.get(subject_id, subject_id)}"


def _waiting(groups: dict[str, GroupState], names: dict[int, str], threshold: int) -> tuple[Waiting, ...]:
    return tuple(Waiting(scope, _group_label(scope, names), state.shown, state.waiting, threshold)
                 for scope, state in groups.items() if state.waiting)


def _subjects(store: Store, current: RoundFigures, names: dict[int, str], team_n: pd.Series,
              threshold: int, confidential: bool) -> tuple[SubjectView, ...]:
    subject_ids = current.subjects()
    # In a confidential team the leader's own scores are one member's answers: left out.
    own = {} if confidential else own_section_scores(store, current, subject_ids)
    views = []
    for subject_id in subject_ids:
        self_scores = own.get(subject_id, pd.Series(dtype=float))
        others = current.section_table(current.rater_scopes(subject_id), threshold)
        gaps = agg.gap_table(self_scores, others, threshold, team_n)
        groups = current.group_breakdown(subject_id, OTHERS_GROUPS, threshold)
        views.append(SubjectView(subject_id, names.get(subject_id, str(subject_id)), gaps, groups))
    return tuple(views)
