"""A team round's published answers as long tables, ready for :mod:`workbook.team.aggregate`.

Only what the release rule (:mod:`workbook.team.release`) has published is read:
each group's answers as of its latest snapshot, from the people it names.
Each answer becomes a row with its rater group (from the invite it was given
through), its section and item refs (``str`` of :class:`workbook.instruments.model.Ref`), its value
as a number and its points (0–1). Free text goes to a table of its own, action
plans to a third; refs are named through :class:`workbook.instruments.catalogue.Catalogue`.
pandas is imported here, so only the coach's pages load it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..instruments.catalogue import Catalogue
from ..assess.convergence import shared_gap
from ..instruments.model import NOT_APPLICABLE, Instrument, Item
from .release import SELF, GroupState, about_scope, publish
from ..assess.scoring import item_points
from ..store import Store
from ..store.team_records import Team

SCORED_COLUMNS = ("round_id", "respondent_id", "subject_id", "group", "section", "item", "value", "points")


def team_catalogue(store: Store, round_ids) -> tuple[Catalogue, dict[int, tuple[Instrument, ...]]]:
    """The catalogue of every instrument these rounds ask, and each round's instruments."""
    from .round_programme import round_instruments

    per_round = {round_id: round_instruments(store, round_id) for round_id in round_ids}
    seen: dict[str, Instrument] = {}
    for instruments in per_round.values():
        for instrument in instruments:
            seen.setdefault(instrument.key, instrument)
    return Catalogue(tuple(seen.values()) or None), per_round


def _as_number(item: Item, value) -> float:
    """An answer as a number: the rating or severity, 1/0 for a checklist; NaN for not applicable."""
    if value is None or value == NOT_APPLICABLE or item.kind == "text":
        return np.nan
    return float(value)


@dataclass(frozen=True)
class RoundAnswers:
    """One round's published answers: scored rows, free text and action plans, and each group's state."""

    round_id: int
    scored: pd.DataFrame
    texts: pd.DataFrame
    actions: pd.DataFrame
    groups: dict[str, GroupState]


def published_answers(store: Store, team: Team, round_id: int, catalogue: Catalogue,
                      instruments: tuple[Instrument, ...]) -> RoundAnswers:
    """A round's answers as its groups' published snapshots have them (publishing what the rule allows).

    Answers to items no instrument of the catalogue knows are left out.
    """
    states = publish(store, team, round_id, instruments)
    snapshots = {scope: state.published for scope, state in states.items() if state.published is not None}
    rater = {(i.respondent_id, i.subject_id): i.rater_group for i in store.invites(round_id, include_revoked=True)}
    scored, texts = [], []
    for cutoff in sorted({s.answers_upto for s in snapshots.values()}):
        for answer in store.latest_answers(round_id=round_id, as_of=cutoff):
            group = SELF if answer.subject_id is None else rater.get((answer.respondent_id, answer.subject_id), "peer")
            scope = SELF if answer.subject_id is None else about_scope(answer.subject_id, group)
            snapshot = snapshots.get(scope)
            if snapshot is None or snapshot.answers_upto != cutoff or answer.respondent_id not in snapshot.respondents:
                continue
            _add_row(scored, texts, catalogue, round_id, answer, group)
    own = snapshots.get(SELF)
    plans = store.plans(round_id, as_of=own.plans_upto) if own is not None else {}
    actions = _actions({key: plan for key, plan in plans.items() if own and key[0] in own.respondents})
    return _tables(round_id, scored, texts, actions, catalogue, states)


def _add_row(scored: list, texts: list, catalogue: Catalogue, round_id: int, answer, group: str) -> None:
    entry = catalogue.find(answer.instrument_id, answer.instrument_version, answer.item_id)
    if entry is None:
        return
    if entry.item.kind == "text":
        if isinstance(answer.value, str) and answer.value.strip():
            texts.append((answer.respondent_id, answer.subject_id, group, entry.ref, answer.value))
        return
    value = _as_number(entry.item, answer.value)
    points = item_points(entry.item, answer.value)
    scored.append((round_id, answer.respondent_id, answer.subject_id, group, entry.section_ref, entry.ref,
                   value, np.nan if points is None else points))


def _tables(round_id: int, scored: list, texts: list, actions: pd.DataFrame, catalogue: Catalogue,
            states: dict[str, GroupState]) -> RoundAnswers:
    frame = pd.DataFrame(scored, columns=list(SCORED_COLUMNS))
    frame = frame.astype({"round_id": "int64", "respondent_id": "int64", "subject_id": "Int64",
                          "value": "float64", "points": "float64"})
    frame["section"] = pd.Categorical(frame["section"], categories=list(catalogue.sections))
    frame["item"] = pd.Categorical(frame["item"], categories=list(catalogue.entries))
    text_frame = pd.DataFrame(texts, columns=["respondent_id", "subject_id", "group", "item", "text"])
    return RoundAnswers(round_id, frame, text_frame, actions, states)


def _actions(plans: dict) -> pd.DataFrame:
    rows = [(respondent_id, shared_gap(action.get("gap") or "(no gap named)"), action.get("what", ""),
             action.get("status", ""))
            for (respondent_id, _), plan in plans.items() for action in plan]
    return pd.DataFrame(rows, columns=["respondent_id", "gap", "what", "status"])


def self_assessments(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows in which people assess themselves: what the team's own scores are made of."""
    return frame[frame["group"] == "self"]


def ratings_about(frame: pd.DataFrame, subject_id: int, group: str | None = None) -> pd.DataFrame:
    """The rows others gave about ``subject_id`` (of one rater group, or all but self)."""
    rows = frame[(frame["subject_id"] == subject_id).fillna(False).to_numpy(dtype=bool)]
    rows = rows[rows["group"] != "self"]
    return rows if group is None else rows[rows["group"] == group]
