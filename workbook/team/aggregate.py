"""Team aggregates from a long table of answers, with the anonymity threshold applied.

Input is a DataFrame with one row per answer (see :mod:`workbook.team.answers`):
``respondent_id``, ``section`` and ``item`` (categorical refs such as
``leader-skills/core`` and ``leader-skills/core/listens``), ``value`` (the
answer as a number) and ``points`` (0–1, how good it is; NaN when it does not
score). Every table returned has a column ``n`` (how many people the figures
are about) and ``suppressed``; :func:`suppress` is the only place that hides
figures, and every function here ends by calling it, so nothing built on these
tables can show a figure about fewer than ``threshold`` people.

The heavy work is done with ``numpy.bincount`` over category codes rather than
a pandas group-by: the same sums, a fraction of the time at 10 million rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .anonymity import check_threshold, counted_beside_own, hidden as hidden_below

#: Table columns that are not figures: kept on a suppressed row.
KEEP_ON_SUPPRESSED = ("n", "suppressed")
#: Beyond this many (respondent × section) slots, respondent ids are factorised instead of offset.
_DIRECT_SLOTS = 50_000_000


def suppress(table: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """``table`` with ``suppressed`` set, and every figure blanked, where ``n < threshold``."""
    threshold = check_threshold(threshold)
    out = table.copy()
    hidden = hidden_below(out["n"].to_numpy(), threshold)
    out["suppressed"] = hidden
    if hidden.any():
        for column in out.columns:
            if column in KEEP_ON_SUPPRESSED:
                continue
            if out[column].dtype.kind == "f":
                out.loc[hidden, column] = np.nan
            else:
                out[column] = out[column].astype(object)
                out.loc[hidden, column] = None
    return out


def _codes(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    # int64: category codes come as int8 or int16, which overflow once multiplied into slot numbers.
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy().astype(np.int64), column.cat.categories
    codes, uniques = pd.factorize(column, sort=True)
    return codes.astype(np.int64), pd.Index(uniques)


def _respondent_codes(ids: np.ndarray, width: int) -> tuple[np.ndarray, int]:
    """Dense codes for respondent ids: an offset when ids are compact, else a factorisation."""
    if len(ids) == 0:
        return ids.astype(np.int64), 0
    low, high = int(ids.min()), int(ids.max())
    span = high - low + 1
    if span <= max(len(ids), 1) and span * width <= _DIRECT_SLOTS:
        return ids.astype(np.int64) - low, span
    codes, uniques = pd.factorize(ids)
    return codes.astype(np.int64), len(uniques)


def _mean_sd(sums: np.ndarray, squares: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = sums / counts
        variance = (squares - counts * mean ** 2) / (counts - 1)
    sd = np.sqrt(np.clip(variance, 0, None))
    sd[counts < 2] = np.nan
    return mean, sd


def section_sums(frame: pd.DataFrame) -> pd.DataFrame:
    """Per section: ``n`` people with a score there, and the ``sum`` and ``sumsq`` of their scores (0–100).

    What :func:`section_table` is made of, and what a published snapshot keeps
    (:mod:`workbook.team.figures`): sums of disjoint groups add up to the sums
    of their union. A person's section score is the mean of their item points,
    as in :func:`workbook.assess.scoring.score_section`.
    """
    scored = frame["points"].notna().to_numpy()
    section_codes, sections = _codes(frame["section"])
    width = len(sections)
    people, count = _respondent_codes(frame["respondent_id"].to_numpy()[scored], width)
    slots = people * width + section_codes[scored]
    size = count * width
    totals = np.bincount(slots, weights=frame["points"].to_numpy()[scored], minlength=size)
    answered = np.bincount(slots, minlength=size)
    present = answered > 0
    person_scores = 100 * totals[present] / answered[present]
    section_of = np.flatnonzero(present) % max(width, 1)
    table = pd.DataFrame({"n": np.bincount(section_of, minlength=width),
                          "sum": np.bincount(section_of, weights=person_scores, minlength=width),
                          "sumsq": np.bincount(section_of, weights=person_scores ** 2, minlength=width)},
                         index=pd.Index(sections, name="section"))
    return table[table["n"] > 0]


def section_table_from_sums(sums: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Per section: ``n``, the mean ``score`` and its ``sd``, from :func:`section_sums` (threshold applied)."""
    n = sums["n"].to_numpy(dtype=np.int64)
    mean, sd = _mean_sd(sums["sum"].to_numpy(dtype=float), sums["sumsq"].to_numpy(dtype=float), n)
    table = pd.DataFrame({"n": n, "score": mean, "sd": sd}, index=sums.index.rename("section"))
    return suppress(table[table["n"] > 0], threshold)


def section_table(frame: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Per section: ``n`` people with a score there, their mean ``score`` (0–100) and its ``sd``."""
    return section_table_from_sums(section_sums(frame), threshold)


#: The columns of :func:`item_sums`: counts and sums of the values and of the points given.
ITEM_SUMS = ("n", "sum", "sumsq", "points_sum", "points_n", "distribution")


def item_sums(frame: pd.DataFrame) -> pd.DataFrame:
    """Per item: ``n`` answers, ``sum`` and ``sumsq`` of their values, ``points_sum`` over the
    ``points_n`` answers that score, and the ``distribution`` (value → how many gave it).

    What :func:`item_table` is made of; sums of disjoint groups add up (see :func:`add_sums`).
    """
    values = frame["value"].to_numpy(dtype=float)
    given = ~np.isnan(values)
    item_codes, items = _codes(frame["item"])
    width = len(items)
    codes, values = item_codes[given], values[given]
    points = frame["points"].to_numpy(dtype=float)[given]
    scoring = ~np.isnan(points)
    table = pd.DataFrame({"n": np.bincount(codes, minlength=width),
                          "sum": np.bincount(codes, weights=values, minlength=width),
                          "sumsq": np.bincount(codes, weights=values ** 2, minlength=width),
                          "points_sum": np.bincount(codes[scoring], weights=points[scoring], minlength=width),
                          "points_n": np.bincount(codes[scoring], minlength=width),
                          "distribution": _distributions(codes, values, width)},
                         index=pd.Index(items, name="item"))
    return table[table["n"] > 0]


def item_table_from_sums(sums: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Per item: ``n`` answers, ``mean`` value, ``sd``, ``score`` (0–100) and the ``distribution``,
    from :func:`item_sums` (threshold applied)."""
    n = sums["n"].to_numpy(dtype=np.int64)
    mean, sd = _mean_sd(sums["sum"].to_numpy(dtype=float), sums["sumsq"].to_numpy(dtype=float), n)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = 100 * sums["points_sum"].to_numpy(dtype=float) / sums["points_n"].to_numpy(dtype=float)
    table = pd.DataFrame({"n": n, "mean": mean, "sd": sd, "score": score,
                          "distribution": list(sums["distribution"])}, index=sums.index.rename("item"))
    return suppress(table[table["n"] > 0], threshold)


def item_table(frame: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Per item: ``n`` answers, ``mean`` value, ``sd``, ``score`` (0–100) and the ``distribution``.

    ``distribution`` maps each value given to how many gave it: the spread of answers.
    """
    return item_table_from_sums(item_sums(frame), threshold)


def add_sums(parts, order) -> pd.DataFrame:
    """The sums of the union of disjoint groups: ``parts`` are :func:`section_sums` or
    :func:`item_sums` tables (one kind; the first may be an empty one, returned when all are),
    ``order`` the refs in the catalogue's order."""
    parts = list(parts)
    filled = [part for part in parts if not part.empty]
    if not filled:
        return parts[0]
    parts = filled
    if len(parts) == 1:
        total = parts[0]
    else:
        numbers = [c for c in parts[0].columns if c != "distribution"]
        total = pd.concat([part[numbers] for part in parts]).groupby(level=0, sort=False).sum()
        if "distribution" in parts[0].columns:
            merged: dict = {}
            for part in parts:
                for ref, spread in part["distribution"].items():
                    into = merged.setdefault(ref, {})
                    for value, count in spread.items():
                        into[value] = into.get(value, 0) + count
            total["distribution"] = [dict(sorted(merged[ref].items())) for ref in total.index]
    rank = {ref: number for number, ref in enumerate(order)}
    return total.loc[sorted(total.index, key=lambda ref: (rank.get(ref, len(rank)), str(ref)))]


def _distributions(codes: np.ndarray, values: np.ndarray, width: int) -> list[dict]:
    if len(values) == 0:
        return [{} for _ in range(width)]
    low, high = int(values.min()), int(values.max())
    span = high - low + 1
    counts = np.bincount(codes * span + (values.astype(np.int64) - low), minlength=width * span).reshape(width, span)
    return [{low + v: int(c) for v, c in enumerate(row) if c} for row in counts]


@dataclass(frozen=True)
class Aggregates:
    """Per-section and per-item figures for one group of answers, threshold applied."""

    sections: pd.DataFrame
    items: pd.DataFrame
    threshold: int


def aggregate_answers(frame: pd.DataFrame, threshold: int) -> Aggregates:
    """The team aggregation: :func:`section_table` and :func:`item_table` of the same answers."""
    threshold = check_threshold(threshold)
    return Aggregates(section_table(frame, threshold), item_table(frame, threshold), threshold)


def person_section_scores(frame: pd.DataFrame) -> pd.Series:
    """One person's own section scores (0–100): not a group figure, so no threshold applies.

    Only ever called on the answers of the person a report is about.
    """
    scored = frame[frame["points"].notna()]
    if scored["respondent_id"].nunique() > 1:
        raise ValueError("person_section_scores takes the answers of one person")
    return (100 * scored.groupby("section", observed=True)["points"].mean()).rename("score")


def mistake_table(items: pd.DataFrame, mistake_refs, threshold: int) -> pd.DataFrame:
    """Flagged mistakes, most often flagged first: ``flagged`` people (severity ≥ 1) of ``n``."""
    rows = items[items.index.isin(list(mistake_refs))]
    flagged = [sum(c for v, c in d.items() if v > 0) if isinstance(d, dict) else np.nan
               for d in rows["distribution"]]
    table = pd.DataFrame({"n": rows["n"], "flagged": flagged, "share": np.array(flagged, dtype=float) / rows["n"],
                          "severity": rows["mean"]}, index=rows.index)
    table = suppress(table, threshold)
    return table.sort_values(["suppressed", "share", "severity"], ascending=[True, False, False])


def gap_table(self_scores: pd.Series, others: pd.DataFrame, threshold: int,
              team_n: pd.Series | None = None) -> pd.DataFrame:
    """Self versus others per section, the largest gap first.

    ``self_scores`` is the subject's own section scores; ``others`` a
    :func:`section_table` of everyone else's answers about them. ``team_n``,
    when the subject's self-assessment is also part of a team figure, is
    that figure's ``n`` per section: showing the subject's own score next to
    a team mean of exactly ``threshold`` people would let the rest be worked
    out, so such a row counts as ``threshold - 1`` people. A row whose ``n``
    is below ``threshold`` is suppressed, self score included.
    """
    sections = others.index.union(self_scores.index)
    n = others["n"].reindex(sections).fillna(0).astype(int)
    if team_n is not None:
        in_team = team_n.reindex(sections).fillna(0).astype(int)
        n = counted_beside_own(n, in_team, threshold)
    table = pd.DataFrame({"n": n,
                          "self": self_scores.reindex(sections).astype(float),
                          "others": others["score"].reindex(sections).astype(float)}, index=sections)
    table["gap"] = table["others"] - table["self"]
    table = suppress(table, threshold)
    order = table["gap"].abs().fillna(-1)
    return table.loc[order.sort_values(ascending=False, kind="stable").index]


def group_breakdown(frame: pd.DataFrame, groups, threshold: int) -> pd.DataFrame:
    """Per (section, rater group): the group's ``raters`` and ``score``, from the long table."""
    return breakdown_of({group: section_table(frame[frame["group"] == group], threshold) for group in groups},
                        threshold)


def breakdown_of(tables: dict, threshold: int) -> pd.DataFrame:
    """Per (section, rater group): the group's ``raters`` and ``score``, from each group's :func:`section_table`.

    A breakdown shown next to the all-raters figure gives away any group it
    hides (all raters minus the groups shown), so ``n`` is the smallest
    non-empty group of the section: one group too small hides the section's
    whole breakdown.
    """
    parts = [table.reset_index().assign(group=group) for group, table in tables.items()]
    parts = [p for p in parts if not p.empty]
    if not parts:
        empty = pd.DataFrame({"n": pd.Series(dtype=int), "raters": pd.Series(dtype=int),
                              "score": pd.Series(dtype=float)},
                             index=pd.MultiIndex.from_arrays([[], []], names=["section", "group"]))
        return suppress(empty, threshold)
    long = pd.concat(parts, ignore_index=True)
    smallest = long.groupby("section", observed=True)["n"].transform("min")
    table = pd.DataFrame({"n": smallest.to_numpy(dtype=int), "raters": long["n"].to_numpy(dtype=int),
                          "score": long["score"].to_numpy(dtype=float)},
                         index=pd.MultiIndex.from_arrays([long["section"], long["group"]], names=["section", "group"]))
    return suppress(table, threshold)


def change_table(before: pd.DataFrame, after: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Per section, the score of two rounds and the change; ``n`` is the smaller of the two."""
    sections = after.index.union(before.index)
    n_before = before["n"].reindex(sections).fillna(0).astype(int)
    n_after = after["n"].reindex(sections).fillna(0).astype(int)
    table = pd.DataFrame({"n": np.minimum(n_before, n_after), "n_before": n_before, "n_after": n_after,
                          "before": before["score"].reindex(sections).astype(float),
                          "after": after["score"].reindex(sections).astype(float)}, index=sections)
    table["change"] = table["after"] - table["before"]
    return suppress(table, threshold)


def text_table(texts: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Free-text answers per item, without names, sorted so their order tells nothing about who wrote them.

    ``texts`` has ``respondent_id``, ``item`` and ``text``.
    """
    grouped = texts.groupby("item", observed=True)
    table = pd.DataFrame({"n": grouped["respondent_id"].nunique(),
                          "answers": grouped["text"].agg(lambda t: tuple(sorted(t, key=str.casefold)))})
    table.index.name = "item"
    return suppress(table.astype({"n": int}), threshold)


def action_table(actions: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """The team's action plans rolled up per gap: how many people plan on it, statuses, and what.

    ``actions`` has ``respondent_id``, ``gap``, ``what`` and ``status``; names never enter.
    """
    if actions.empty:
        return suppress(pd.DataFrame({"n": pd.Series(dtype=int), "actions": pd.Series(dtype=int),
                                      "statuses": pd.Series(dtype=object), "what": pd.Series(dtype=object)}),
                        threshold)
    grouped = actions.groupby("gap")
    table = pd.DataFrame({
        "n": grouped["respondent_id"].nunique(),
        "actions": grouped.size(),
        "statuses": grouped["status"].agg(lambda s: dict(sorted(s.value_counts().items()))),
        "what": grouped["what"].agg(lambda w: tuple(sorted(set(w), key=str.casefold))),
    })
    table.index.name = "gap"
    table = suppress(table.astype({"n": int, "actions": int}), threshold)
    return table.sort_values(["suppressed", "n", "actions"], ascending=[True, False, False])
