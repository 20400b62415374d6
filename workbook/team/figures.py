"""Published figures: what each published group adds up to, made once and read by every team view.

When the release rule (:mod:`workbook.team.release`) publishes a snapshot, its
group's answers (as of the snapshot, from the people it names) are read once
and reduced to what the views show: per section the count, sum and sum of
squares of people's scores; per item the counts, sums and spread of answers;
the group's reliability figures; for the maps' group, the counts of named
goals, programmes and links. :meth:`~workbook.store.Store.save_snapshot_figures`
keeps them with the snapshot, once. The dashboard, the console's reveals,
reports and the aggregate export then read a round's figures in one small
query, whatever the size of the round, and add up groups where a view shows
their union ("others" about a leader is the sum of the rater groups'
figures, which are about disjoint people).

Nothing kept here is anyone's answer: only sums over a group the rule let
out, with the anonymity threshold applied when they are read
(:mod:`workbook.team.aggregate` makes the tables and suppresses). So a
published figure stays as published when a person it counted is erased.
Free text and action plans are people's own words, not figures: they are
read live from the answers and plans as of the snapshot (few rows), so an
erasure takes them away, and a group's words are not shown at all while its
snapshot counts an erased person (what was left would say whose went).

A snapshot published before figures were kept gets them the first time a
view reads it, from its answers, as every view computed them before.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from . import aggregate as agg
from ..instruments.catalogue import Catalogue
from ..instruments.model import Instrument
from .anonymity import MIN_THRESHOLD
from .answers import action_rows, free_text_row, long_tables, scored_frame_of_rows, text_table_of
from .maps import MapAgreement, agreement_of, map_counts
from .progress import LinkTally
from .release import MAPS, SELF, GroupState, about_scope, publication, published_maps, scope_parts
from .reliability import FIGURES, item_options, reliability_table
from ..store import Store
from ..store.team_records import Snapshot, Team

#: The layout of a snapshot's figures; a document of another version is made again from the answers.
FIGURES_VERSION = 1
_SECTION_COLUMNS = ("n", "sum", "sumsq")
_ITEM_COLUMNS = ("n", "sum", "sumsq", "points_sum", "points_n")


def _plain(value):
    """A table cell as JSON: NaN and None as None, numpy numbers as Python's."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    return value


def group_figures(frame: pd.DataFrame, options: dict[str, int]) -> dict:
    """The figures of one answering group (its long table of scored rows) as a JSON-able document.

    Reliability is computed at the lowest threshold any view may ask for (a published group
    is never smaller) and suppressed again at the viewer's threshold when read.
    """
    sections = agg.section_sums(frame)
    items = agg.item_sums(frame)
    reliability = reliability_table(frame, options, MIN_THRESHOLD)
    return {
        "version": FIGURES_VERSION,
        "sections": [[str(ref), int(row["n"]), float(row["sum"]), float(row["sumsq"])]
                     for ref, row in sections.iterrows()],
        "items": [[str(ref), int(row["n"]), float(row["sum"]), float(row["sumsq"]), float(row["points_sum"]),
                   int(row["points_n"]), [[int(value), int(count)] for value, count in sorted(row["distribution"].items())]]
                  for ref, row in items.iterrows()],
        # A section fewer than the lowest threshold answered comes suppressed (None): kept so.
        "reliability": [{"section": str(ref), **{key: _plain(value) for key, value in row.items() if key != "suppressed"}}
                        for ref, row in reliability.iterrows()],
    }


def maps_figures(maps: Iterable[dict]) -> dict:
    """The figures of the maps' group: :func:`workbook.team.maps.map_counts` of its published maps."""
    return {"version": FIGURES_VERSION, "maps": map_counts(maps)}


def _section_sums(document: dict) -> pd.DataFrame:
    rows = document.get("sections", [])
    return pd.DataFrame([row[1:] for row in rows], columns=list(_SECTION_COLUMNS),
                        index=pd.Index([row[0] for row in rows], name="section", dtype=object)
                        ).astype({"n": "int64", "sum": "float64", "sumsq": "float64"})


def _item_sums(document: dict) -> pd.DataFrame:
    rows = document.get("items", [])
    table = pd.DataFrame([row[1:6] for row in rows], columns=list(_ITEM_COLUMNS),
                         index=pd.Index([row[0] for row in rows], name="item", dtype=object)
                         ).astype({"n": "int64", "sum": "float64", "sumsq": "float64", "points_sum": "float64",
                                   "points_n": "int64"})
    table["distribution"] = [{value: count for value, count in row[6]} for row in rows]
    return table


def _reliability(document: dict, threshold: int) -> pd.DataFrame:
    rows = document.get("reliability", [])
    table = pd.DataFrame([{key: (math.nan if value is None else value) for key, value in row.items()}
                          for row in rows], columns=["section", "n", *FIGURES])
    table = table.set_index("section").astype({"n": int})
    return agg.suppress(table, threshold)


@dataclass(frozen=True)
class RoundFigures:
    """One round as its published snapshots have it: each group's state and figures, and the
    published free text and action plans."""

    round_id: int
    groups: dict[str, GroupState]
    figures: dict[str, dict]  # scope -> its latest published snapshot's figures
    texts: pd.DataFrame  # respondent_id, subject_id, group, item, text: the published free text
    actions: pd.DataFrame  # respondent_id, gap, what, status: the self-assessment group's published plans
    catalogue: Catalogue
    #: Every invited link of the round with its tally, as the rule counted them when it last looked.
    links: tuple[LinkTally, ...] = ()

    def published(self) -> list[str]:
        """The scopes with a published snapshot, in order."""
        return sorted(self.figures)

    def rater_scopes(self, subject_id: int, group: str | None = None) -> list[str]:
        """The published rater groups about ``subject_id`` (or only ``group``)."""
        return [scope for scope in self.published()
                if scope_parts(scope)[0] == subject_id and scope != MAPS
                and (group is None or scope_parts(scope)[1] == group)]

    def subjects(self) -> list[int]:
        """The leaders some published rater group answered about."""
        return sorted({scope_parts(scope)[0] for scope in self.published()
                       if scope not in (SELF, MAPS) and self.figures[scope].get("sections")})

    def section_sums(self, scopes: Iterable[str]) -> pd.DataFrame:
        parts = [_section_sums(self.figures[scope]) for scope in scopes if scope in self.figures]
        return agg.add_sums([_section_sums({}), *parts], self.catalogue.sections)

    def section_table(self, scopes: Iterable[str], threshold: int) -> pd.DataFrame:
        """Per section, the figures of the union of ``scopes`` (see :func:`workbook.team.aggregate.section_table`)."""
        return agg.section_table_from_sums(self.section_sums(scopes), threshold)

    def item_table(self, scopes: Iterable[str], threshold: int) -> pd.DataFrame:
        """Per item, the figures of the union of ``scopes`` (see :func:`workbook.team.aggregate.item_table`)."""
        parts = [_item_sums(self.figures[scope]) for scope in scopes if scope in self.figures]
        return agg.item_table_from_sums(agg.add_sums([_item_sums({}), *parts], self.catalogue.entries), threshold)

    def aggregates(self, scopes: Iterable[str], threshold: int) -> agg.Aggregates:
        scopes = list(scopes)
        return agg.Aggregates(self.section_table(scopes, threshold), self.item_table(scopes, threshold), threshold)

    def group_breakdown(self, subject_id: int, groups: Iterable[str], threshold: int) -> pd.DataFrame:
        """Per (section, rater group) about ``subject_id``: see :func:`workbook.team.aggregate.group_breakdown`."""
        return agg.breakdown_of({group: self.section_table([about_scope(subject_id, group)], threshold)
                                 for group in groups}, threshold)

    def reliability(self, threshold: int, label: Callable[[str], str]) -> pd.DataFrame:
        """Each published answering group's reliability, indexed by (``about``, ``section``): the team's own first.

        Each group is taken on its own, never the union of rater groups, so every figure is
        about exactly the people one snapshot names.
        """
        answering = [scope for scope in self.published() if scope == SELF or scope_parts(scope)[0] is not None]
        ordered = sorted(answering, key=lambda scope: (scope != SELF, scope))
        parts = {label(scope): _reliability(self.figures[scope], threshold) for scope in ordered}
        parts = {about: table for about, table in parts.items() if not table.empty}
        if not parts:
            empty = pd.DataFrame({"n": pd.Series(dtype=int), **{name: pd.Series(dtype=object) for name in FIGURES}},
                                 index=pd.MultiIndex.from_arrays([[], []], names=["about", "section"]))
            return agg.suppress(empty, threshold)
        return pd.concat(parts, names=["about", "section"])

    def maps(self, threshold: int) -> MapAgreement:
        """What the published maps agree on (nothing when no maps are published)."""
        state = self.groups.get(MAPS)
        counts = self.figures.get(MAPS, {}).get("maps") or {"n": 0, "goals": {}, "programmes": {}, "pairs": []}
        return agreement_of(counts, threshold, waiting=state.waiting if state else 0)


def round_figures(store: Store, team: Team, round_id: int, catalogue: Catalogue,
                  instruments: tuple[Instrument, ...]) -> RoundFigures:
    """A round as its published snapshots have it, publishing first what the rule allows.

    ``instruments`` is the round's programme (what "finished" is counted against and what its
    answers are to); ``catalogue`` names what views show.
    """
    found = publication(store, team, round_id, instruments)
    snapshots = {scope: state.published for scope, state in found.groups.items() if state.published is not None}
    kept = store.snapshot_figures(s.id for s in snapshots.values())
    kept = {snapshot_id: document for snapshot_id, document in kept.items()
            if document.get("version") == FIGURES_VERSION}
    missing = {scope: s for scope, s in snapshots.items() if s.id not in kept}
    if missing:
        kept.update(_make_figures(store, round_id, missing, Catalogue(instruments) if instruments else catalogue))
    figures = {scope: kept[s.id] for scope, s in snapshots.items()}
    rater = _rater_groups(store, round_id)
    # Words are read live, and an erasure took one person's away: what is left of a group that counted
    # them would tell the coach, by what went missing, which texts and plans were theirs. None is shown
    # until the rule publishes that group again without them.
    erased = {m.id for m in store.respondents(team.id, include_erased=True) if m.erased}
    worded = {scope: s for scope, s in snapshots.items() if not (s.respondents & erased)}
    own = worded.get(SELF)
    plans = store.plans(round_id, as_of=own.plans_upto) if own is not None and own.plans_upto else {}
    actions = action_rows({key: plan for key, plan in plans.items() if own and key[0] in own.respondents})
    return RoundFigures(round_id, found.groups, figures, _published_texts(store, round_id, worded, catalogue, rater),
                        actions, catalogue, found.invited_links)


def _rater_groups(store: Store, round_id: int) -> dict[tuple[int, int | None], str]:
    return {(i.respondent_id, i.subject_id): i.rater_group for i in store.invites(round_id, include_revoked=True)}


def _scope_of(answer, rater: dict) -> tuple[str, str]:
    """``(rater group, scope)`` of an answer: whose group's figures it counts in."""
    if answer.subject_id is None:
        return SELF, SELF
    group = rater.get((answer.respondent_id, answer.subject_id), "peer")
    return group, about_scope(answer.subject_id, group)


def _make_figures(store: Store, round_id: int, missing: dict[str, Snapshot], catalogue: Catalogue) -> dict[int, dict]:
    """Make and keep the figures of snapshots that have none: one read of the answers per cutoff."""
    made: dict[int, dict] = {}
    rater = _rater_groups(store, round_id)
    options = item_options(catalogue)
    answering = {scope: s for scope, s in missing.items() if scope != MAPS}
    for cutoff in sorted({s.answers_upto for s in answering.values()}):
        at_cutoff = {scope: s for scope, s in answering.items() if s.answers_upto == cutoff}
        rows: dict[str, list] = {scope: [] for scope in at_cutoff}
        for row in (store.latest_answer_rows(round_id, as_of=cutoff) if cutoff else ()):
            respondent_id, subject_id = row[0], row[1]
            group = SELF if subject_id is None else rater.get((respondent_id, subject_id), "peer")
            scope = SELF if subject_id is None else about_scope(subject_id, group)
            snapshot = at_cutoff.get(scope)
            if snapshot is not None and respondent_id in snapshot.respondents:
                rows[scope].append((*row, group))
        for scope, snapshot in at_cutoff.items():
            frame = scored_frame_of_rows(round_id, rows[scope], catalogue)
            made[snapshot.id] = _keep(store, snapshot, group_figures(frame, options))
    if MAPS in missing:
        snapshot = missing[MAPS]
        maps = published_maps(store, GroupState(MAPS, frozenset(), snapshot))
        made[snapshot.id] = _keep(store, snapshot, maps_figures(maps.values()))
    return made


def _keep(store: Store, snapshot: Snapshot, document: dict) -> dict:
    """Keep ``document`` as the snapshot's figures; if another view kept them first, theirs."""
    if store.save_snapshot_figures(snapshot.id, document):
        return document
    return store.snapshot_figures([snapshot.id]).get(snapshot.id, document)


def _published_texts(store: Store, round_id: int, snapshots: dict[str, Snapshot], catalogue: Catalogue,
                     rater: dict) -> pd.DataFrame:
    """The free text each group's snapshot includes: the newest text per item, as of that snapshot,
    of the people it names. One read of the round's text events (text items hold nothing else)."""
    answering = {scope: s for scope, s in snapshots.items() if scope != MAPS}
    if not answering:
        return text_table_of([])
    upto = max(s.answers_upto for s in answering.values())
    if not upto:
        return text_table_of([])
    newest: dict[tuple, tuple] = {}
    for event_id, answer in store.text_events(round_id, as_of=upto):
        group, scope = _scope_of(answer, rater)
        snapshot = answering.get(scope)
        if snapshot is None or event_id > snapshot.answers_upto or answer.respondent_id not in snapshot.respondents:
            continue
        newest[(answer.respondent_id, answer.subject_id, answer.instrument_id, answer.item_id)] = (answer, group)
    rows = [free_text_row(catalogue, answer, group) for answer, group in newest.values()]
    return text_table_of([row for row in rows if row is not None])


def own_section_scores(store: Store, figures: RoundFigures, subject_ids: Iterable[int]) -> dict[int, pd.Series]:
    """Each subject's own section scores as the self-assessment snapshot has them (empty when they are
    not in it): one person's own figures, read from their answers, never kept as a published figure."""
    state = figures.groups.get(SELF)
    subject_ids = list(subject_ids)
    empty = pd.Series(dtype=float)
    if state is None or state.published is None or not state.published.answers_upto:
        return {subject: empty for subject in subject_ids}
    included = [subject for subject in subject_ids if subject in state.published.respondents]
    answers = store.own_answers_of(figures.round_id, included, as_of=state.published.answers_upto)
    scores = {}
    for subject in subject_ids:
        frame, _ = long_tables(figures.round_id, [(a, SELF) for a in answers.get(subject, ())], figures.catalogue)
        scores[subject] = agg.person_section_scores(frame) if not frame.empty else empty
    return scores


__all__ = ["FIGURES_VERSION", "RoundFigures", "group_figures", "maps_figures", "own_section_scores", "round_figures"]
