"""Where a team's convergence maps agree about which programme serves which goal, threshold applied.

When a team's members each map the same organisation, their maps are
matched by *names*: a goal or a programme is the same on two maps when its
name is, once case and runs of spaces are folded
(:func:`workbook.assess.convergence.normalise_name`); names are shown in that folded
form, so no one's own spelling points at them. Ids are not compared: each
member's widget numbers its own rows.

Only the maps of the published maps' group count
(:func:`workbook.team.release.published_maps`: members who finished and saved a
map, as of the worksheet version its snapshot includes; their counts are kept
with the snapshot, :mod:`workbook.team.figures`), so a member's edit changes
nothing here until the release rule publishes again. Every count is
over that whole group (``n``), and a goal, a programme or a pair is listed
only when at least ``k`` of the maps name it: a name fewer people typed is
never shown, nor anything about it.

For a pair, ``named`` is how many maps name both the goal and the
programme, ``direct`` and ``some`` how many of those link them, and
``share`` = (direct + some) / named. The reading: "agree it serves" when at
least three in four of the maps naming the pair link it, "agree it does
not" when at most one in four does, "disagree" between.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import pandas as pd

from ..assess.convergence import PRIORITIES, normalise_name
from .anonymity import MIN_THRESHOLD, shown

#: Shares at or beyond which the maps are read as agreeing (that the programme serves the goal, or not).
AGREE_SERVES = 0.75
AGREE_NOT = 0.25

GOAL_COLUMNS = ("n", "suppressed", "named", *PRIORITIES)
PROGRAMME_COLUMNS = ("n", "suppressed", "named", "serving")
PAIR_COLUMNS = ("n", "suppressed", "named", "direct", "some", "share", "reading")
#: The aggregate export's three tables of the maps, by name, with their columns.
AGREEMENT_COLUMNS = {
    "goals": ("round_id", "round", "goal", *GOAL_COLUMNS),
    "programmes": ("round_id", "round", "programme", *PROGRAMME_COLUMNS),
    "links": ("round_id", "round", "goal", "programme", *PAIR_COLUMNS),
}


@dataclass(frozen=True)
class MapAgreement:
    """The team's maps side by side: what at least ``threshold`` of them name, and how they link it."""

    threshold: int
    maps: int  # the people the figures are about (0: no maps published)
    waiting: int  # finished members who saved a map since, not counted yet
    goals: pd.DataFrame  # index goal name: n, suppressed, named, and how many hold it high, medium, low
    programmes: pd.DataFrame  # index programme name: n, suppressed, named, serving (maps linking it to a goal)
    pairs: pd.DataFrame  # index (goal, programme): n, suppressed, named, direct, some, share, reading

    @property
    def shown(self) -> bool:
        return shown(self.maps, self.threshold)

    def disagreements(self) -> pd.DataFrame:
        """The pairs the maps disagree on, the most evenly split first."""
        split = self.pairs[self.pairs["reading"] == "disagree"]
        return split.assign(evenness=(split["share"] - 0.5).abs()).sort_values("evenness").drop(columns="evenness")


def agreement(maps: Iterable[dict], threshold: int, *, waiting: int = 0) -> MapAgreement:
    """What ``maps`` (clean convergence maps, one per person) agree on, nothing about fewer than ``threshold``."""
    return agreement_of(map_counts(maps), threshold, waiting=waiting)


def map_counts(maps: Iterable[dict]) -> dict:
    """What a group's maps add up to, as JSON-able counts: ``{"n", "goals", "programmes", "pairs"}``.

    What a published maps' snapshot keeps (:mod:`workbook.team.figures`). A
    name fewer than :data:`~workbook.team.anonymity.MIN_THRESHOLD` maps name
    is left out: no threshold could show it, and a name one person typed must
    not outlive that person's erasure in the published figures.
    """
    maps = list(maps)
    goals: dict[str, dict] = {}
    programmes: dict[str, dict] = {}
    pairs: dict[tuple[str, str], dict] = {}
    for one in maps:
        goal_names = {g["id"]: normalise_name(g["name"]) for g in one.get("goals", [])}
        programme_names = {p["id"]: normalise_name(p["name"]) for p in one.get("programmes", [])}
        linked = {(goal_names[link["goal"]], programme_names[link["programme"]]): link["strength"]
                  for link in one.get("links", [])}
        serving = {programme for _, programme in linked}
        for goal in one.get("goals", []):
            counts = goals.setdefault(goal_names[goal["id"]], dict.fromkeys(("named", *PRIORITIES), 0))
            counts["named"] += 1
            counts[goal["priority"]] += 1
        for name in programme_names.values():
            counts = programmes.setdefault(name, {"named": 0, "serving": 0})
            counts["named"] += 1
            counts["serving"] += name in serving
        for goal in goal_names.values():
            for programme in programme_names.values():
                counts = pairs.setdefault((goal, programme), {"named": 0, "direct": 0, "some": 0})
                counts["named"] += 1
                strength = linked.get((goal, programme))
                if strength:
                    counts[strength] += 1

    def kept(counts: dict) -> bool:
        return shown(counts["named"], MIN_THRESHOLD)

    return {"n": len(maps),
            "goals": {name: counts for name, counts in goals.items() if kept(counts)},
            "programmes": {name: counts for name, counts in programmes.items() if kept(counts)},
            "pairs": [[goal, programme, counts] for (goal, programme), counts in pairs.items() if kept(counts)]}


def agreement_of(counts: dict, threshold: int, *, waiting: int = 0) -> MapAgreement:
    """:class:`MapAgreement` of :func:`map_counts`, nothing about fewer than ``threshold``."""
    n = counts["n"]
    goals = {name: dict(found) for name, found in counts["goals"].items()}
    programmes = {name: dict(found) for name, found in counts["programmes"].items()}
    pairs = {(goal, programme): dict(found) for goal, programme, found in counts["pairs"]}
    if not shown(n, threshold):
        goals, programmes, pairs = {}, {}, {}
    return MapAgreement(
        threshold, n, waiting,
        _table(goals, n, threshold, GOAL_COLUMNS, ["goal"]),
        _table(programmes, n, threshold, PROGRAMME_COLUMNS, ["programme"]),
        _pair_table(pairs, n, threshold),
    )


def _table(counts: dict, n: int, threshold: int, columns: tuple[str, ...], index: list[str]) -> pd.DataFrame:
    rows = {key: {"n": n, "suppressed": False, **found} for key, found in counts.items()
            if shown(found["named"], threshold)}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=list(columns))
    if len(index) == 2:
        table.index = pd.MultiIndex.from_tuples(list(rows), names=index) if rows else pd.MultiIndex.from_tuples(
            [], names=index)
    else:
        table.index.name = index[0]
    return table.sort_index()


def _pair_table(counts: dict, n: int, threshold: int) -> pd.DataFrame:
    for found in counts.values():
        share = (found["direct"] + found["some"]) / found["named"]
        found["share"] = round(share, 3)
        found["reading"] = ("agree it serves" if share >= AGREE_SERVES else "agree it does not"
                            if share <= AGREE_NOT else "disagree")
    return _table(counts, n, threshold, PAIR_COLUMNS, ["goal", "programme"])


def agreement_rows(found: MapAgreement, base: dict) -> dict[str, list[dict]]:
    """The three tables as rows for an export, each starting with ``base`` (the round):
    ``{"goals", "programmes", "links"}``, columns as :data:`AGREEMENT_COLUMNS` lists them."""
    def rows(table: pd.DataFrame) -> list[dict]:
        return [dict(base, **dict(zip(table.index.names, key if isinstance(key, tuple) else (key,))), **record)
                for key, record in zip(table.index, table.to_dict("records"))]

    return {"goals": rows(found.goals), "programmes": rows(found.programmes), "links": rows(found.pairs)}
