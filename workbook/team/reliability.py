"""Figures a coach can trust: how consistent a section's items are, and how much its raters agree.

Two questions stand behind every team score. *Do the section's items
measure one thing?* Cronbach's alpha (Cronbach 1951) answers it; on yes/no
items it is the same number as Kuder–Richardson's KR-20. *Do the people
behind the score agree enough for one mean to stand for them?* The
multi-item within-group agreement index rWG(J) of James, Demaree & Wolf
(1984) answers it, against the variance a uniform ("anyone could have
answered anything") null would give; the mean of the items' standard
deviations says the same in answer points.

Yes/no (checklist) sections: alpha on 0/1 items is KR-20, and rWG takes
A = 2, whose uniform null variance (1/4) is the largest a yes/no answer can
have, so rWG there reads as 1 − (observed variance)/(1/4). Mistake lists are
scored like any section, but their items are distinct mistakes rather than
one trait asked several ways: a low alpha there says "these mistakes do not
come together", not that the questions are bad; their rWG reads as usual.

Both are computed on complete cases (people who answered every item of the
section on its scale, as R's ``multilevel::rwg.j`` and
``psych::alpha(use="complete.obs")`` do). :func:`reliability_table` goes
further for anonymity: a section's figures are shown only when every person
of the published group is such a complete case, so each figure is about the
very people the release rule (:mod:`workbook.team.release`) published, never a
subset that could differ from another figure's by fewer than the threshold.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import fmean, stdev, variance
from typing import Callable, Iterable, Mapping, Sequence

import pandas as pd

from .aggregate import suppress
from .anonymity import check_threshold, shown
from ..instruments.model import Item
from .release import SELF, scope_parts

Rows = Sequence[Sequence[float | None]]

#: Below this alpha the items of a section do not hang together well enough to
#: read their mean as one thing. George & Mallery's widely used rule of thumb
#: (SPSS for Windows Step by Step, 2003) calls .6–.7 "questionable" and below .6
#: "poor"; Nunnally & Bernstein (Psychometric Theory, 1994) ask .7 of scales in
#: early research. Our sections are short (3–8 items) and alpha grows with
#: length, so we flag only the "poor" band.
ALPHA_FLOOR = 0.6
#: Below this rWG(J) the raters do not agree enough for their mean to stand for
#: them: .70 is the conventional cut-off for aggregating (George 1990; James,
#: Demaree & Wolf 1993) and the lower bound of "strong agreement" in LeBreton &
#: Senter's (2008) bands (.51–.70 moderate, .71–.90 strong).
RWG_FLOOR = 0.7
#: The reading of a section whose alpha or rWG(J) is under its floor.
LOW_READING = "too low to read with confidence"


@dataclass(frozen=True)
class Alpha:
    """Cronbach's alpha of ``k`` items over ``n`` complete respondents."""

    value: float
    n: int
    k: int


@dataclass(frozen=True)
class Agreement:
    """rWG(J) of ``j`` items over ``n`` complete raters, against ``options`` answer options.

    ``truncated``: the raters disagreed more than the uniform null would
    (mean item variance above it), so the index was set to 0, as James,
    Demaree & Wolf (1984) recommend, rather than read as negative or above 1.
    """

    value: float
    n: int
    j: int
    options: int
    truncated: bool


def complete_rows(rows: Rows) -> list[list[float]]:
    """The rows with an answer on the scale to every item (None or NaN marks a missing one)."""
    return [[float(v) for v in row] for row in rows
            if all(v is not None and not (isinstance(v, float) and math.isnan(v)) for v in row)]


def cronbach_alpha(rows: Rows) -> Alpha | None:
    """Cronbach's alpha of ``rows`` (respondents × items), complete cases only.

    alpha = k / (k − 1) · (1 − Σ var(item) / var(total)), sample variances.
    None when it is undefined: fewer than 2 items, fewer than 2 complete
    respondents, or every total the same (zero variance). A negative alpha
    is returned as it is: it says the items pull against each other.
    """
    complete = complete_rows(rows)
    k = len(complete[0]) if complete else 0
    if k < 2 or len(complete) < 2:
        return None
    totals = [sum(row) for row in complete]
    total_variance = variance(totals)
    if total_variance == 0:
        return None
    item_variances = sum(variance(column) for column in zip(*complete))
    return Alpha(k / (k - 1) * (1 - item_variances / total_variance), len(complete), k)


def uniform_null_variance(options: int) -> float:
    """σ²_EU = (A² − 1) / 12: the variance of answers spread evenly over ``A`` options."""
    return (options * options - 1) / 12


def rwg_j(rows: Rows, options: int) -> Agreement | None:
    """rWG(J) (James, Demaree & Wolf 1984) of ``rows`` (raters × J items on ``options`` options).

    With x = s̄² / σ²_EU (s̄²: the mean of the items' sample variances),
    rWG(J) = J(1 − x) / (J(1 − x) + x); with one item it is rWG = 1 − x.
    When s̄² > σ²_EU the formula leaves [0, 1] (it can even divide by zero),
    so s̄² is truncated to σ²_EU, giving 0 and ``truncated=True``: the
    recommendation of James et al. (1984), and what ``multilevel::rwg.j``
    does. None when undefined: no item, fewer than 2 complete raters, or
    fewer than 2 options.
    """
    complete = complete_rows(rows)
    j = len(complete[0]) if complete else 0
    if j < 1 or len(complete) < 2 or options < 2:
        return None
    null = uniform_null_variance(options)
    mean_variance = fmean(variance(column) for column in zip(*complete))
    truncated = mean_variance > null
    x = min(mean_variance, null) / null
    return Agreement(j * (1 - x) / (j * (1 - x) + x), len(complete), j, options, truncated)


def mean_sd(rows: Rows) -> float | None:
    """The mean of the items' sample standard deviations (complete cases), in answer points."""
    complete = complete_rows(rows)
    if len(complete) < 2 or not complete[0]:
        return None
    return fmean(stdev(column) for column in zip(*complete))


def scale_options(item: Item) -> int | None:
    """How many answers an item offers on its scale: 2 for a checklist (yes/no); None for free text."""
    if item.kind == "checklist":
        return 2
    return len(item.scale.points()) if item.scale is not None else None


@dataclass(frozen=True)
class SectionReliability:
    """A section's consistency and agreement for one group, with what a coach may read from them."""

    alpha: Alpha | None
    agreement: Agreement | None
    sd: float | None

    @property
    def low(self) -> bool:
        """Too low to read the score with confidence (see :data:`ALPHA_FLOOR`, :data:`RWG_FLOOR`)."""
        return (self.alpha is not None and self.alpha.value < ALPHA_FLOOR) or (
            self.agreement is not None and self.agreement.value < RWG_FLOOR)

    @property
    def reading(self) -> str:
        if self.alpha is None and self.agreement is None:
            return "cannot be computed"
        if self.low:
            return LOW_READING
        return "consistent and agreed" if self.alpha and self.agreement else "no sign of a problem"


#: Columns of :func:`reliability_table` besides ``n`` and ``suppressed``.
FIGURES = ("complete", "items", "alpha", "rwg", "sd", "truncated", "reading")


def reliability_table(frame: pd.DataFrame, options: Mapping[str, int], threshold: int) -> pd.DataFrame:
    """Per section, for the answers of one published group: ``n`` people and the figures above.

    ``frame`` is a long table of :mod:`workbook.team.answers` (one group's
    rows); ``options`` maps each item ref to its number of answer options.
    Alpha is computed on ``points`` (reversed items turned round, as the
    score is), rWG(J) and the SD on ``value`` (answer points; turning an item
    round does not change its spread). Where fewer than all ``n`` answered
    every item on the scale ("not applicable" is off the scale), no figure is
    computed: it would be about a part of the group. For a group of fewer
    than ``threshold`` people nothing is computed, and its rows are
    suppressed by :func:`workbook.team.aggregate.suppress`.
    """
    threshold = check_threshold(threshold)
    rows = []
    scored = frame[frame["points"].notna()]
    for section, answers in scored.groupby("section", observed=True):
        people = answers["respondent_id"].nunique()
        items = sorted(str(ref) for ref in answers["item"].unique())
        points = answers.pivot_table(index="respondent_id", columns="item", values="points", observed=True)
        values = answers.pivot_table(index="respondent_id", columns="item", values="value", observed=True)
        complete = int(points.notna().all(axis=1).sum())
        counts = {options.get(ref) for ref in items}
        figures = SectionReliability(None, None, None)
        # Nothing is computed about a group too small to show: suppress() below blanks its row too.
        if shown(people, threshold) and complete == people:
            figures = SectionReliability(
                cronbach_alpha(points.to_numpy().tolist()),
                rwg_j(values.to_numpy().tolist(), counts.pop()) if len(counts) == 1 and None not in counts else None,
                mean_sd(values.to_numpy().tolist()))
        rows.append({
            "section": section, "n": people, "complete": complete, "items": len(items),
            "alpha": figures.alpha.value if figures.alpha else math.nan,
            "rwg": figures.agreement.value if figures.agreement else math.nan,
            "sd": math.nan if figures.sd is None else figures.sd,
            "truncated": bool(figures.agreement and figures.agreement.truncated),
            "reading": figures.reading if complete == people else "not computed: not everyone answered every item",
        })
    table = pd.DataFrame(rows, columns=["section", "n", *FIGURES]).set_index("section")
    return suppress(table.astype({"n": int}), threshold)


def item_options(catalogue) -> dict[str, int]:
    """Each item ref of a :class:`~workbook.instruments.catalogue.Catalogue` with its number of answer options."""
    found = {ref: scale_options(entry.item) for ref, entry in catalogue.entries.items()}
    return {ref: options for ref, options in found.items() if options is not None}


def group_rows(frame: pd.DataFrame, scope: str) -> pd.DataFrame:
    """The rows of one release group (see :mod:`workbook.team.release`): self-assessments, or one rater group."""
    subject_id, group = scope_parts(scope)
    if subject_id is None:
        return frame[frame["group"] == group]
    return frame[(frame["subject_id"] == subject_id).fillna(False).to_numpy(dtype=bool) & (frame["group"] == group)]


def round_reliability(frame: pd.DataFrame, scopes: Iterable[str], catalogue, threshold: int,
                      label: Callable[[str], str]) -> pd.DataFrame:
    """:func:`reliability_table` of each published group of a round, indexed by (``about``, ``section``).

    ``frame`` is a round's published answers (:func:`workbook.team.answers.published_answers`),
    ``scopes`` the groups with a published snapshot and ``label`` names a scope for people.
    Each group is taken on its own, never the union of rater groups, so every
    figure is about exactly the people one snapshot names.
    """
    options = item_options(catalogue)
    answering = [scope for scope in scopes if scope == SELF or scope_parts(scope)[0] is not None]  # not maps
    ordered = sorted(answering, key=lambda scope: (scope != SELF, scope))  # the team's own view first
    parts = {label(scope): reliability_table(group_rows(frame, scope), options, threshold) for scope in ordered}
    parts = {about: table for about, table in parts.items() if not table.empty}
    if not parts:
        empty = pd.DataFrame({"n": pd.Series(dtype=int), **{name: pd.Series(dtype=object) for name in FIGURES}},
                             index=pd.MultiIndex.from_arrays([[], []], names=["about", "section"]))
        return suppress(empty, threshold)
    return pd.concat(parts, names=["about", "section"])


#: The aggregate export's columns for these figures (besides its keys: level, round, about, section, n...).
EXPORT_FIGURES = ("items", "alpha", "rwg", "item_sd", "rwg_truncated", "reading")


def export_rows(table: pd.DataFrame, catalogue, base: dict) -> list[dict]:
    """Rows of the aggregate export (level ``reliability``) for a :func:`round_reliability` table.

    A suppressed row carries no figure key at all, as the export's other rows.
    """
    rows = []
    for (about, ref), figures in table.iterrows():
        instrument_id, section_id = str(ref).split("/", 1)
        row = dict(base, level="reliability", about=about, instrument_id=instrument_id, section_id=section_id,
                   item_id="", title=catalogue.section_title(ref), n=int(figures["n"]),
                   suppressed=bool(figures["suppressed"]))
        if not row["suppressed"]:
            row.update(items=int(figures["items"]), alpha=_rounded(figures["alpha"]), rwg=_rounded(figures["rwg"]),
                       item_sd=_rounded(figures["sd"]), rwg_truncated=bool(figures["truncated"]),
                       reading=figures["reading"])
        rows.append(row)
    return rows


def _rounded(value) -> float | None:
    return None if value is None or value != value else round(float(value), 3)
