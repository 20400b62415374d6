"""The convergence map: the organisation's goals beside its training programmes.

The seeds' central idea is that training converges with strategy (000:
situational analysis, design, synchronization, evaluation) and that every
programme should serve an organisational goal and be measured on behaviour
and results, not only on reaction (004 roadmap). The map is where the leader
does that work rather than rates it: goals, programmes, and which programme
serves which goal, how strongly.

The map is a worksheet (plain JSON, kept by the append-only worksheet store):

* ``goals``: ``{"id": "g1", "name", "owner", "priority", "horizon"}``
* ``programmes``: ``{"id": "p1", "name", "reach", "cost", "evaluation"}``
* ``links``: ``{"goal": "g1", "programme": "p1", "strength": "some"|"direct"}``;
  a pair with no link is served not at all.

:func:`check_map` refuses what is malformed, before anything is saved;
:func:`findings` reads what a coach sees at a glance, each reading with a
suggested action for the plan and the seed section it comes from. Pure and
light: the respondent's page imports it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..errors import MapError
from ..basics.numbers import format_number
from .plan import LEVELS
from ..basics.text_check import check_text, describe, quote

#: The worksheet's name in the store.
WORKSHEET = "convergence-map"

PRIORITIES = ("high", "medium", "low")
HORIZONS = ("within a year", "one to three years", "beyond three years")
#: The highest Kirkpatrick level a programme has been evaluated at so far.
EVALUATIONS = ("none",) + LEVELS
STRENGTHS = ("some", "direct")
#: How much of a programme's cost a link draws, relative to the programme's other links.
STRENGTH_WEIGHT = {"some": 1, "direct": 2}

MAX_GOALS = 40
MAX_PROGRAMMES = 80
MAX_NAME = 120
MAX_OWNER = 80
#: Bounds that no real organisation reaches; they keep a typo from becoming a 20-digit number.
MAX_REACH = 10_000_000
MAX_COST = 1e12

GOAL_FIELDS = ("id", "name", "owner", "priority", "horizon")
PROGRAMME_FIELDS = ("id", "name", "reach", "cost", "evaluation")
LINK_FIELDS = ("goal", "programme", "strength")
#: What a row may leave out while it is being filled in, and what it then holds.
GOAL_DEFAULTS = {"owner": "", "priority": "medium", "horizon": "one to three years"}
PROGRAMME_DEFAULTS = {"reach": None, "cost": None, "evaluation": "none"}

_GOAL_ID = re.compile(r"g[1-9][0-9]{0,5}")
_PROGRAMME_ID = re.compile(r"p[1-9][0-9]{0,5}")


def empty_map() -> dict:
    """A map with nothing on it yet."""
    return {"goals": [], "programmes": [], "links": []}


def normalise_name(name: str) -> str:
    """A name as two people typing it would agree on it: case folded, runs of spaces made one."""
    return " ".join(name.split()).casefold()


def check_map(data: object) -> dict:
    """A clean copy of the map ``data``, or MapError saying what is wrong.

    A missing list counts as empty and a row may leave out the fields that
    have a default (:data:`GOAL_DEFAULTS`, :data:`PROGRAMME_DEFAULTS`), since a
    map is built row by row; everything present must be right.
    """
    if not isinstance(data, dict):
        raise MapError(f"a convergence map is a mapping of goals, programmes and links, not {describe(data)}")
    unknown = set(data) - {"goals", "programmes", "links"}
    if unknown:
        raise MapError(f"a convergence map holds goals, programmes and links only, not "
                       f"{', '.join(sorted(map(quote, unknown)))}")
    goals = _rows(data.get("goals", []), "goals", MAX_GOALS)
    programmes = _rows(data.get("programmes", []), "programmes", MAX_PROGRAMMES)
    links = _rows(data.get("links", []), "links", MAX_GOALS * MAX_PROGRAMMES)
    clean_goals = [_check_goal(row, number) for number, row in enumerate(goals, 1)]
    clean_programmes = [_check_programme(row, number) for number, row in enumerate(programmes, 1)]
    _check_distinct(clean_goals, "goal")
    _check_distinct(clean_programmes, "programme")
    goal_names = {goal["id"]: goal["name"] for goal in clean_goals}
    programme_names = {programme["id"]: programme["name"] for programme in clean_programmes}
    clean_links, pairs = [], set()
    for number, row in enumerate(links, 1):
        link = _check_link(row, number, goal_names, programme_names)
        pair = (link["goal"], link["programme"])
        if pair in pairs:
            raise MapError(f"links {quote(goal_names[pair[0]])} to {quote(programme_names[pair[1]])} twice; "
                           "keep one link per goal and programme")
        pairs.add(pair)
        clean_links.append(link)
    return {"goals": clean_goals, "programmes": clean_programmes, "links": clean_links}


def _rows(value: object, what: str, most: int) -> list:
    if not isinstance(value, list):
        raise MapError(f"the map's {what} must be a list, not {describe(value)}")
    if len(value) > most:
        raise MapError(f"the map holds at most {most} {what}; this one has {len(value)}")
    return value


def _fields(row: object, what: str, allowed: tuple[str, ...]) -> dict:
    if not isinstance(row, dict):
        raise MapError(f"{what} must be a mapping of fields, not {describe(row)}")
    unknown = set(row) - set(allowed)
    if unknown:
        raise MapError(f"{what} has unknown field(s) {', '.join(sorted(map(quote, unknown)))}; "
                       f"its fields are {', '.join(allowed)}")
    return row


def _check_id(value: object, what: str, pattern: re.Pattern, example: str) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise MapError(f"{what} needs an id like {example!r}, not {describe(value)}")
    return value


def _check_choice(value: object, what: str, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise MapError(f"{what} is {describe(value)}; it must be one of: {', '.join(choices)}")
    return value


def _check_goal(row: object, number: int) -> dict:
    what = f"goal {number}"
    row = {**GOAL_DEFAULTS, **_fields(row, what, GOAL_FIELDS)}
    return {
        "id": _check_id(row.get("id"), what, _GOAL_ID, "g1"),
        "name": check_text(row.get("name"), f"the name of {what}", max_length=MAX_NAME, error=MapError,
                           required=True, strip=True),
        "owner": check_text(row["owner"], f"the owner of {what}", max_length=MAX_OWNER, error=MapError,
                            strip=True),
        "priority": _check_choice(row["priority"], f"the priority of {what}", PRIORITIES),
        "horizon": _check_choice(row["horizon"], f"the horizon of {what}", HORIZONS),
    }


def _check_programme(row: object, number: int) -> dict:
    what = f"programme {number}"
    row = {**PROGRAMME_DEFAULTS, **_fields(row, what, PROGRAMME_FIELDS)}
    return {
        "id": _check_id(row.get("id"), what, _PROGRAMME_ID, "p1"),
        "name": check_text(row.get("name"), f"the name of {what}", max_length=MAX_NAME, error=MapError,
                           required=True, strip=True),
        "reach": _check_reach(row["reach"], what),
        "cost": _check_cost(row["cost"], what),
        "evaluation": _check_choice(row["evaluation"], f"the evaluation of {what}", EVALUATIONS),
    }


def _check_reach(value: object, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise MapError(f"the reach of {what} is a whole number of people, not {describe(value)}")
    if not 0 <= value <= MAX_REACH:
        raise MapError(f"the reach of {what} must be between 0 and {MAX_REACH:,} people")
    return value


def _check_cost(value: object, what: str) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise MapError(f"the cost of {what} is a number, not {describe(value)}")
    if not (math.isfinite(value) and 0 <= value <= MAX_COST):
        raise MapError(f"the cost of {what} must be a number between 0 and {MAX_COST:,.0f}")
    return value


def _check_distinct(rows: list[dict], what: str) -> None:
    """Ids are unique, and so are names once case and spaces are folded (a team's maps match by name)."""
    ids, names = set(), set()
    for row in rows:
        if row["id"] in ids:
            raise MapError(f"two {what}s share the id {row['id']!r}")
        ids.add(row["id"])
        name = normalise_name(row["name"])
        if name in names:
            raise MapError(f"two {what}s are named {quote(row['name'])}; give each its own name")
        names.add(name)


def _check_link(row: object, number: int, goals: dict, programmes: dict) -> dict:
    what = f"link {number}"
    row = _fields(row, what, LINK_FIELDS)
    goal, programme = row.get("goal"), row.get("programme")
    if goal not in goals:
        raise MapError(f"{what} names the goal {quote(goal)}, which is not on the map")
    if programme not in programmes:
        raise MapError(f"{what} names the programme {quote(programme)}, which is not on the map")
    if row.get("strength") == "none":
        raise MapError(f"{what} has the strength 'none'; leave a pair that is not linked out of the links")
    return {"goal": goal, "programme": programme,
            "strength": _check_choice(row.get("strength"), f"the strength of {what}", STRENGTHS)}


# -- what the map says -------------------------------------------------------

KINDS = ("goal-unserved", "programme-unaligned", "spend-priority", "reaction-only")
#: The Kirkpatrick level a finding's action is measured at: reaching goals is a result;
#: evaluating a programme beyond reaction starts with behaviour on the job.
_ACTION_LEVEL = {"goal-unserved": "results", "programme-unaligned": "results",
                 "spend-priority": "results", "reaction-only": "behaviour"}


@dataclass(frozen=True)
class Finding:
    """One thing a coach reads in the map, the action it suggests, and the seed section behind it."""

    kind: str
    goal: str | None
    programme: str | None
    text: str
    action: str
    source: str

    @property
    def gap(self) -> str:
        """What a plan action taken from this finding answers: ``convergence/<goal or programme id>``."""
        return f"convergence/{self.goal or self.programme}"

    @property
    def level(self) -> str:
        """The Kirkpatrick level the suggested action is measured at."""
        return _ACTION_LEVEL[self.kind]


def shared_gap(gap: str) -> str:
    """A plan action's gap as a team counts it: a map's ids are its author's own (one member's
    ``g1`` is not another's), so every ``convergence/g…`` gap reads "Convergence map: a goal" and
    every ``convergence/p…`` gap "Convergence map: a programme"; any other gap is unchanged."""
    if gap.startswith("convergence/g"):
        return "Convergence map: a goal"
    if gap.startswith("convergence/p"):
        return "Convergence map: a programme"
    return gap


def spend_by_goal(clean_map: dict) -> dict[str, float]:
    """Spend per goal id, from the programmes whose cost is known.

    The rule: a programme's cost is shared among the goals it serves, a
    direct link drawing twice the share of a link marked "some". A programme
    of 9,000 serving goal A directly and goal B somewhat gives A 6,000 and B
    3,000. A goal no costed programme serves gets 0.
    """
    spend = {goal["id"]: 0.0 for goal in clean_map["goals"]}
    weights: dict[str, int] = {}
    for link in clean_map["links"]:
        weights[link["programme"]] = weights.get(link["programme"], 0) + STRENGTH_WEIGHT[link["strength"]]
    cost = {programme["id"]: programme["cost"] for programme in clean_map["programmes"]}
    for link in clean_map["links"]:
        if cost[link["programme"]] is not None:
            share = STRENGTH_WEIGHT[link["strength"]] / weights[link["programme"]]
            spend[link["goal"]] += cost[link["programme"]] * share
    return spend


def findings(clean_map: dict) -> list[Finding]:
    """What the map shows, in the order a coach would take it up: goals left unserved,
    programmes serving no goal, spend out of line with priority, programmes never
    evaluated beyond reaction. ``clean_map`` is what :func:`check_map` returns."""
    served = {link["goal"] for link in clean_map["links"]}
    serving = {link["programme"] for link in clean_map["links"]}
    found = []
    for goal in clean_map["goals"]:
        if goal["id"] not in served:
            name = _named(goal["name"])
            found.append(Finding(
                "goal-unserved", goal["id"], None,
                f"No programme on the map serves the goal {name}.",
                f"Choose or design a programme that moves {name} forward, or record why it needs none.",
                "000 synchronization"))
    for programme in clean_map["programmes"]:
        if programme["id"] not in serving:
            name = _named(programme["name"])
            found.append(Finding(
                "programme-unaligned", None, programme["id"],
                f"The programme {name} serves none of the goals on the map.",
                f"Name the goal {name} serves, redirect it to one, or plan to stop it.",
                "004 roadmap"))
    found += _spend_findings(clean_map, served)
    for programme in clean_map["programmes"]:
        if programme["evaluation"] in ("none", "reaction"):
            name = _named(programme["name"])
            reading = (f"The programme {name} has never been evaluated." if programme["evaluation"] == "none"
                       else f"The programme {name} has been evaluated only on reaction (how people liked it).")
            found.append(Finding(
                "reaction-only", None, programme["id"], reading,
                f"Decide how to measure {name} on behaviour at work (level 3) and on results (level 4).",
                "004 measure what matters"))
    return found


def _spend_findings(clean_map: dict, served: set[str]) -> list[Finding]:
    """Goals of higher priority getting less than a goal of lower priority.

    Only a goal whose every serving programme has a known cost is judged, so
    its spend is exact; the goal it is compared with may have programmes of
    unknown cost, since its known spend is then the least it gets. Goals no
    programme serves are left to the "goal-unserved" finding.
    """
    spend = spend_by_goal(clean_map)
    cost = {programme["id"]: programme["cost"] for programme in clean_map["programmes"]}
    uncosted = {link["goal"] for link in clean_map["links"] if cost[link["programme"]] is None}
    rank = {priority: place for place, priority in enumerate(PRIORITIES)}
    found = []
    for goal in clean_map["goals"]:
        if goal["id"] not in served or goal["id"] in uncosted:
            continue
        lower = [other for other in clean_map["goals"]
                 if rank[other["priority"]] > rank[goal["priority"]] and spend[other["id"]] > spend[goal["id"]]]
        if not lower:
            continue
        most = max(lower, key=lambda other: spend[other["id"]])
        name = _named(goal["name"])
        found.append(Finding(
            "spend-priority", goal["id"], None,
            f"The {goal['priority']}-priority goal {name} gets {format_number(spend[goal['id']], 0)} of the "
            f"programmes' spend, less than the {most['priority']}-priority goal {_named(most['name'])} "
            f"({format_number(spend[most['id']], 0)}).",
            f"Move budget or effort towards {name}, or lower its priority if the organisation "
            "no longer holds it that high.",
            "000 executive value"))
    return found


def _named(name: str) -> str:
    return f"“{name}”"
