"""Action plans: malformed actions refused, incomplete ones flagged."""

from __future__ import annotations

import pytest

from workbook.errors import PlanError
from workbook.assess.plan import check_action, check_plan, new_action, plan_warnings


def test_new_action_fills_defaults():
    action = new_action("Meet the sales director", gap="alliances-roadmap/alliances")
    assert action["status"] == "planned" and len(action["id"]) == 12
    assert action["gap"] == "alliances-roadmap/alliances"


@pytest.mark.parametrize("action,words", [
    ("do it", "mapping"),
    ({"id": "a", "what": ""}, "what will be done"),
    ({"id": "a", "what": "x", "due": "31/12/2026"}, "not a date"),
    ({"id": "a", "what": "x", "level": "happiness"}, "not one of"),
    ({"id": "a", "what": "x", "status": "later"}, "not one of"),
    ({"id": "a", "what": "x", "colour": "red"}, "unknown action field"),
    ({"id": "a", "what": 5}, "must be text"),
])
def test_malformed_actions_are_refused(action, words):
    with pytest.raises(PlanError, match=words):
        check_action(action)


def test_duplicate_ids_in_a_plan_are_refused():
    with pytest.raises(PlanError, match="share an id"):
        check_plan([{"id": "a", "what": "x"}, {"id": "a", "what": "y"}])


def test_missing_measure_or_due_date_is_flagged_not_refused():
    plan = check_plan([{"id": "a", "what": "Run a pilot"},
                       {"id": "b", "what": "Coach two managers", "owner": "Me", "due": "2027-01-15",
                        "measure": "Both use the job aid", "level": "behaviour"}])
    warnings = plan_warnings(plan)
    assert len(warnings) == 1
    assert warnings[0] == "Action 1 (Run a pilot) has no measure of success, no due date, no owner."


def test_completion_is_done_with_one_complete_action_and_never_falls_for_adding_more():
    from workbook.assess.plan import plan_completion

    full = new_action("Coach two managers", owner="Ana", due="2027-01-15", measure="Both coach weekly")
    assert plan_completion([]) == 0.0
    assert plan_completion([full]) == 1.0
    assert plan_completion([full, new_action("Just added")]) == 1.0  # was 0.5: adding more lowered it
    assert plan_completion([new_action("Half", owner="Ana")]) == pytest.approx(1 / 3)
    assert plan_completion([new_action("Half", owner="Ana"), new_action("Empty")]) == pytest.approx(1 / 3)


@pytest.mark.parametrize("text, quoted", [
    ("Run a pilot", "Run a pilot"),
    ("Talk with every department head about what their teams need", "Talk with every department head about…"),
    ("Onboarding-and-induction-programme-redesign-for-everyone now", "Onboarding-and-induction-programme-redesign-for-everyone…"),
    ("Line one\nline two", "Line one line two"),
])
def test_warnings_quote_whole_words_never_half_of_one(text, quoted):
    assert plan_warnings([new_action(text)])[0].startswith(f"Action 1 ({quoted}) has")
