"""Everything the coach dashboard and the team report show, as data, threshold applied.

:func:`team_dashboard` loads every round of a team, aggregates with
:mod:`workbook.aggregate` and returns a :class:`Dashboard` whose tables all
carry ``n`` and ``suppressed``. Completion is per member but says only how
far each one got, never what they answered.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import aggregate as agg
from .anonymity import effective_threshold
from .errors import NotFoundError
from .store import Round, Store
from .team_answers import Catalogue, RoundAnswers, about, round_answers, self_assessments
from .teams import OTHERS_GROUPS, Team, current_round, find_team, round_relations


@dataclass(frozen=True)
class Progress:
    """How far one member got with one of their links: never what they answered."""

    member: str
    purpose: str
    answered: int
    total: int

    @property
    def finished(self) -> bool:
        return self.answered >= self.total

    @property
    def state(self) -> str:
        if self.finished:
            return "finished"
        return "in progress" if self.answered else "not started"


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

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of figures by name: what tests walk to check the threshold held."""
        found = {"heatmap": self.heatmap, "sections": self.sections, "items": self.items,
                 "mistakes": self.mistakes, "texts": self.texts, "actions": self.actions}
        if self.change is not None:
            found["change"] = self.change
        for view in self.subjects:
            found[f"gaps:{view.name}"] = view.gaps
            found[f"groups:{view.name}"] = view.groups
        return found


def team_dashboard(store: Store, team_name: str | None = None, *, team: Team | None = None,
                   round_id: int | None = None, threshold: int | None = None,
                   instruments=()) -> Dashboard:
    """The dashboard of a team's round (its latest by default), with its change from the round before."""
    team = team or find_team(store, team_name)
    threshold = effective_threshold(team.threshold, threshold)
    catalogue = Catalogue(instruments)
    rounds = tuple(store.rounds(team.id))
    shown = current_round(store, team) if round_id is None else next(
        (r for r in rounds if r.id == round_id), None)
    if shown is None:
        raise NotFoundError(f"team {team.name!r} has no round with id {round_id}")
    loaded = {r.id: round_answers(store, r.id, catalogue) for r in rounds if r.id <= shown.id}
    heatmap = pd.concat({r.id: agg.section_table(self_assessments(loaded[r.id].scored), threshold)
                         for r in rounds if r.id in loaded}, names=["round_id", "section"])
    current = loaded[shown.id]
    own = self_assessments(current.scored)
    figures = agg.aggregate_answers(own, threshold)
    earlier = [r for r in rounds if r.id < shown.id]
    previous = earlier[-1] if earlier else None
    change = None
    if previous is not None:
        before = agg.section_table(self_assessments(loaded[previous.id].scored), threshold)
        change = agg.change_table(before, figures.sections, threshold)
    names = {m.id: m.name for m in store.respondents(team.id)}
    return Dashboard(
        team=team, threshold=threshold, rounds=rounds, round=shown, previous=previous, catalogue=catalogue,
        progress=_progress(store, current, names, catalogue), heatmap=heatmap,
        sections=figures.sections, items=figures.items,
        mistakes=agg.mistake_table(figures.items, catalogue.refs_of_kind("mistakes"), threshold),
        change=change, subjects=_subjects(current, names, figures.sections["n"], threshold),
        texts=agg.text_table(current.texts[current.texts["group"] == "self"], threshold),
        actions=agg.action_table(current.actions, threshold),
        members_answering=int(own["respondent_id"].nunique()),
    )


def _progress(store: Store, current: RoundAnswers, names: dict[int, str], catalogue: Catalogue) -> tuple[Progress, ...]:
    relations = round_relations(store, current.round_id)
    # Someone whose link was revoked after answering still shows, with what they did.
    for key in current.answered:
        if not any((r, s) == key for r, _, s in relations):
            relations.append((key[0], "self" if key[1] is None else "peer", key[1]))
    total = catalogue.countable_items()
    shown = []
    for respondent_id, group, subject_id in relations:
        purpose = "self-assessment" if subject_id is None else (
            f"rates {names.get(subject_id, subject_id)} as {group.replace('-', ' ')}")
        shown.append(Progress(names.get(respondent_id, str(respondent_id)), purpose,
                              current.answered.get((respondent_id, subject_id), 0), total))
    return tuple(shown)


def _subjects(current: RoundAnswers, names: dict[int, str], team_n: pd.Series,
              threshold: int) -> tuple[SubjectView, ...]:
    frame = current.scored
    subject_ids = sorted(int(s) for s in frame["subject_id"].dropna().unique())
    views = []
    for subject_id in subject_ids:
        own = frame[(frame["respondent_id"] == subject_id) & (frame["group"] == "self")]
        others = agg.section_table(about(frame, subject_id), threshold)
        gaps = agg.gap_table(agg.person_section_scores(own), others, threshold, team_n)
        groups = agg.group_breakdown(about(frame, subject_id), OTHERS_GROUPS, threshold)
        views.append(SubjectView(subject_id, names.get(subject_id, str(subject_id)), gaps, groups))
    return tuple(views)
