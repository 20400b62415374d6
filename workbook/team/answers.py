"""Answers as long tables, ready for :mod:`workbook.team.aggregate`.

What the release rule (:mod:`workbook.team.release`) publishes is read through
:mod:`workbook.team.figures`, which builds these tables once per published
snapshot (its group's answers as of the snapshot) and keeps their sums.
Each answer becomes a row with its rater group (from the invite it was given
through), its section and item refs (``str`` of :class:`workbook.instruments.model.Ref`), its value
as a number and its points (0–1). Free text goes to a table of its own, action
plans to a third; refs are named through :class:`workbook.instruments.catalogue.Catalogue`.
pandas is imported here, so only the coach's pages load it.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from ..instruments.catalogue import Catalogue
from ..assess.convergence import shared_gap
from ..instruments.model import NOT_APPLICABLE, Instrument, Item
from ..assess.scoring import item_points

SCORED_COLUMNS = ("round_id", "respondent_id", "subject_id", "group", "section", "item", "value", "points")
TEXT_COLUMNS = ("respondent_id", "subject_id", "group", "item", "text")


def team_catalogue(store, round_ids) -> tuple[Catalogue, dict[int, tuple[Instrument, ...]]]:
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


def long_tables(round_id: int, answers, catalogue: Catalogue) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(scored, texts)`` of ``answers``, pairs of (Answer, rater group): the long tables of this module.

    Answers to items no instrument of the catalogue knows are left out.
    """
    scored, texts = [], []
    for answer, group in answers:
        _add_row(scored, texts, catalogue, round_id, answer, group)
    frame = pd.DataFrame(scored, columns=list(SCORED_COLUMNS))
    frame = frame.astype({"round_id": "int64", "respondent_id": "int64", "subject_id": "Int64",
                          "value": "float64", "points": "float64"})
    frame["section"] = pd.Categorical(frame["section"], categories=list(catalogue.sections))
    frame["item"] = pd.Categorical(frame["item"], categories=list(catalogue.entries))
    return frame, text_table_of(texts)


def scored_frame_of_rows(round_id: int, rows, catalogue: Catalogue) -> pd.DataFrame:
    """The scored long table of plain answer rows (``Store.latest_answer_rows`` with a rater group
    added: ``(respondent_id, subject_id, instrument_id, instrument_version, item_id, value JSON,
    group)``): the same table as :func:`long_tables`, each distinct item and value decoded once."""
    decoded: dict[str, object] = {}
    scoring: dict[tuple, tuple | None] = {}
    scored = []
    for respondent_id, subject_id, instrument_id, version, item_id, raw, group in rows:
        key = (instrument_id, version, item_id, raw)
        found = scoring.get(key, False)
        if found is False:
            entry = catalogue.find(instrument_id, version, item_id)
            found = None
            if entry is not None and entry.item.kind != "text":
                value = decoded[raw] if raw in decoded else decoded.setdefault(raw, json.loads(raw))
                points = item_points(entry.item, value)
                found = (entry.section_ref, entry.ref, _as_number(entry.item, value),
                         np.nan if points is None else points)
            scoring[key] = found
        if found is not None:
            scored.append((round_id, respondent_id, subject_id, group, *found))
    frame = pd.DataFrame(scored, columns=list(SCORED_COLUMNS))
    frame = frame.astype({"round_id": "int64", "respondent_id": "int64", "subject_id": "Int64",
                          "value": "float64", "points": "float64"})
    frame["section"] = pd.Categorical(frame["section"], categories=list(catalogue.sections))
    frame["item"] = pd.Categorical(frame["item"], categories=list(catalogue.entries))
    return frame


def text_table_of(texts: list) -> pd.DataFrame:
    """Free-text rows ``(respondent_id, subject_id, group, item ref, text)`` as a table."""
    return pd.DataFrame(texts, columns=list(TEXT_COLUMNS))


def free_text_row(catalogue: Catalogue, answer, group: str) -> tuple | None:
    """The free-text row of an answer, or None when it is not a non-empty answer to a text item."""
    entry = catalogue.find(answer.instrument_id, answer.instrument_version, answer.item_id)
    if entry is None or entry.item.kind != "text":
        return None
    if not (isinstance(answer.value, str) and answer.value.strip()):
        return None
    return answer.respondent_id, answer.subject_id, group, entry.ref, answer.value


def _add_row(scored: list, texts: list, catalogue: Catalogue, round_id: int, answer, group: str) -> None:
    entry = catalogue.find(answer.instrument_id, answer.instrument_version, answer.item_id)
    if entry is None:
        return
    if entry.item.kind == "text":
        row = free_text_row(catalogue, answer, group)
        if row is not None:
            texts.append(row)
        return
    value = _as_number(entry.item, answer.value)
    points = item_points(entry.item, answer.value)
    scored.append((round_id, answer.respondent_id, answer.subject_id, group, entry.section_ref, entry.ref,
                   value, np.nan if points is None else points))


def action_rows(plans: dict) -> pd.DataFrame:
    """Action plans ``{(respondent_id, round_id): plan}`` as one table: ``respondent_id``, ``gap``, ``what``,
    ``status``; the gap named as :func:`workbook.assess.convergence.shared_gap` shares it."""
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
