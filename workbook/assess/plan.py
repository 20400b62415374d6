"""The action plan: actions tied to the gap they answer, checked before they are kept.

An action is plain JSON-able data (a dict), so widgets can sync it and the
store can keep it as it is. :func:`check_action` refuses what is malformed;
:func:`plan_warnings` flags what is merely incomplete (no measure, no due
date), since a plan is often written in several sittings.
"""

from __future__ import annotations

import datetime as _dt
import uuid

from ..errors import PlanError
from ..basics.printable import shorten
from ..basics.text_check import check_text, quote

#: Kirkpatrick's four levels of evaluation, lowest to highest.
LEVELS = ("reaction", "learning", "behaviour", "results")
STATUSES = ("planned", "in progress", "done", "dropped")

FIELDS = ("id", "what", "gap", "owner", "due", "measure", "level", "status")
MAX_FIELD_LENGTH = 2000
#: More actions than anyone follows through; the bound keeps a plan's JSON a sane size.
MAX_ACTIONS = 500


def new_action(what: str = "", gap: str = "", **fields) -> dict:
    """A fresh action with a random id, defaults filled in, and checked."""
    action = {"id": uuid.uuid4().hex[:12], "what": what, "gap": gap, "owner": "", "due": "",
              "measure": "", "level": "", "status": "planned"}
    action.update(fields)
    return check_action(action)


def check_action(action: object) -> dict:
    """Return a clean copy of ``action`` or raise PlanError saying what is wrong."""
    if not isinstance(action, dict):
        raise PlanError(f"an action must be a mapping of fields, not {type(action).__name__}")
    unknown = set(action) - set(FIELDS)
    if unknown:
        raise PlanError(f"unknown action field(s): {', '.join(sorted(map(quote, unknown)))}")
    clean = {}
    for name in FIELDS:
        value = action.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise PlanError(f"action field {name!r} must be text, not {type(value).__name__}")
        if len(value) > MAX_FIELD_LENGTH:
            raise PlanError(f"action field {name!r} is longer than {MAX_FIELD_LENGTH} characters")
        clean[name] = check_text(value, f"action field {name!r}", max_length=MAX_FIELD_LENGTH, error=PlanError,
                                 strip=True)
    if not clean["id"]:
        raise PlanError("an action needs an id")
    if not clean["what"]:
        raise PlanError("an action needs a description of what will be done")
    if clean["due"]:
        try:
            _dt.date.fromisoformat(clean["due"])
        except ValueError:
            raise PlanError(f"due date {clean['due']!r} is not a date like 2026-12-31") from None
    if clean["level"] and clean["level"] not in LEVELS:
        raise PlanError(f"level {clean['level']!r} is not one of: {', '.join(LEVELS)}")
    clean["status"] = clean["status"] or "planned"
    if clean["status"] not in STATUSES:
        raise PlanError(f"status {clean['status']!r} is not one of: {', '.join(STATUSES)}")
    return clean


def check_plan(actions: object) -> list[dict]:
    """A whole plan: a list of actions with distinct ids."""
    if not isinstance(actions, (list, tuple)):
        raise PlanError("a plan must be a list of actions")
    if len(actions) > MAX_ACTIONS:
        raise PlanError(f"a plan holds at most {MAX_ACTIONS} actions; this one has {len(actions)}")
    clean = [check_action(action) for action in actions]
    ids = [action["id"] for action in clean]
    if len(ids) != len(set(ids)):
        raise PlanError("two actions of the plan share an id")
    return clean


#: What makes an action one that can be followed up, with how a warning names it when missing.
NEEDED = (("measure", "measure of success"), ("due", "due date"), ("owner", "owner"))




def missing_fields(action: dict) -> list[str]:
    """What ``action`` still lacks of owner, due date and measure, as a warning names them."""
    return [label for key, label in NEEDED if not action.get(key)]


def plan_warnings(actions: list[dict]) -> list[str]:
    """What is missing from otherwise valid actions: flagged, not refused."""
    warnings = []
    for number, action in enumerate(actions, 1):
        missing = missing_fields(action)
        if missing:
            listed = ", ".join(f"no {label}" for label in missing)
            warnings.append(f"Action {number} ({shorten(action['what'])}) has {listed}.")
    return warnings


def plan_completion(actions: list[dict]) -> float:
    """How far the plan has got, 0 to 1: done once one action has an owner, a due date and a
    measure; before that, the best action's share of those three.

    Doing more never lowers it: a new action, still empty, leaves it where it was, and
    filling in a field only raises it. (A share of complete actions fell each time a
    suggestion was added.)
    """
    if not actions:
        return 0.0
    return max((len(NEEDED) - len(missing_fields(a))) / len(NEEDED) for a in actions)
