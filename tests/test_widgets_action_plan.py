"""ActionPlan: add, edit, remove, reorder, suggestions in one click; flagged, not refused."""

import datetime as dt

import pytest

from widgets import ActionPlan
from widgets._plan_gaps import gap_choices
from workbook.instrument_loader import parse_instrument
from workbook.plan import new_action

INSTRUMENT = parse_instrument("""
id: core
version: 1
title: Core
sections:
  - id: vision
    title: Leading before change
    kind: rating
    actions: [Write a one-page view of the future.]
    items: [{id: v1, text: I look ahead., actions: [Read one trend report a month.]}]
  - id: mistakes
    title: Mistakes
    kind: mistakes
    items: [{id: alone, text: I do it all alone., actions: [Delegate one task this week.]}]
  - id: notes
    title: Notes
    kind: text
    items: [{id: n1, text: Anything else?}]
""")


pytestmark = pytest.mark.usefixtures("sent")


@pytest.fixture
def plan(binding):
    binding.record(INSTRUMENT, "v1", 1)
    binding.record(INSTRUMENT, "alone", 3)
    return ActionPlan.from_instruments([INSTRUMENT], binding)


def saved(binding):
    return binding.plan()


def test_gap_choices_come_from_the_instruments():
    refs = [ref for _, ref in gap_choices([INSTRUMENT])]
    assert refs == ["", "core/vision", "core/mistakes/alone"]


def test_suggestions_are_added_with_one_click(plan, binding):
    texts = [s.text for s in plan._suggestions]
    assert texts[0] == "Delegate one task this week."  # flagged mistakes first
    assert "Read one trend report a month." in texts and "Write a one-page view of the future." in texts
    plan._suggestion_buttons[0].click()
    assert [a["what"] for a in plan.value] == ["Delegate one task this week."]
    assert plan.value[0]["gap"] == "core/mistakes/alone"
    assert saved(binding) == plan.value
    assert plan._suggestion_buttons[0].disabled and not plan._suggestion_buttons[1].disabled
    assert plan.selected == 0 and plan.fields["what"].value == "Delegate one task this week."


def test_incomplete_actions_are_flagged_not_refused(plan):
    plan.add_button.click()
    assert len(plan.value) == 1
    assert len(plan.warnings) == 1
    assert all(missing in plan.warnings[0] for missing in ("measure of success", "due date", "owner"))
    assert "lb-warnings" in plan._header.value and "⚠" in plan._list._options_labels[0]
    assert plan.completion == 0.0


def test_editing_every_field_from_the_page(plan, binding):
    plan.add_button.click()
    f = plan.fields
    f["what"].set_state({"value": "Run a <pilot> with two managers"})
    f["gap"].set_state({"index": 1})
    f["owner"].set_state({"value": "Ana"})
    f["due"].set_state({"value": {"year": 2026, "month": 2, "date": 15}})
    f["measure"].set_state({"value": "Both managers coach weekly"})
    f["level"].set_state({"index": 3})
    f["status"].set_state({"index": 1})
    expected = {"what": "Run a <pilot> with two managers", "gap": "core/vision", "owner": "Ana",
                "due": "2026-03-15", "measure": "Both managers coach weekly", "level": "behaviour",
                "status": "in progress"}
    action = plan.value[0]
    assert {k: action[k] for k in expected} == expected
    assert saved(binding) == plan.value and plan.get_state()["value"] == plan.value
    assert plan.warnings == [] and plan.completion == 1.0
    assert plan.save_state == "saved"
    assert "&lt;pilot&gt;" not in plan._header.value  # labels are plain text options, not HTML


def test_an_empty_what_is_refused_and_the_field_reverts(plan, binding):
    plan.add("Keep me")
    plan.fields["what"].set_state({"value": "   "})
    assert plan.value[0]["what"] == "Keep me" and plan.fields["what"].value == "Keep me"
    assert "needs a description" in plan.error
    assert saved(binding)[0]["what"] == "Keep me"


def test_reorder_and_remove(plan, binding):
    for what in ("first", "second", "third"):
        plan.add(what)
    plan._list.set_state({"index": 2})
    assert plan.down_button.disabled and not plan.up_button.disabled
    plan.up_button.click()
    assert [a["what"] for a in plan.value] == ["first", "third", "second"] and plan.selected == 1
    plan.down_button.click()
    plan.down_button.click()  # already last: nothing happens
    assert [a["what"] for a in plan.value] == ["first", "second", "third"]
    plan._list.set_state({"index": 0})
    plan.remove_button.click()
    assert [a["what"] for a in saved(binding)] == ["second", "third"] and plan.selected == 0


@pytest.mark.parametrize("bad", [
    [{"id": "a", "what": "x", "level": "mastery"}],
    [{"id": "a", "what": "x", "due": "next week"}],
    [{"id": "a", "what": ""}],
    [{"id": "a", "what": "x", "colour": "red"}],
    [{"id": "a", "what": "x"}, {"id": "a", "what": "y"}],
    "not a list",
    [42],
])
def test_bad_plan_from_the_page_is_refused(plan, binding, bad):
    plan.add("kept")
    before = saved(binding)
    plan.set_state({"value": bad})
    assert saved(binding) == before == plan.value
    assert "not accepted" in plan.error


@pytest.mark.parametrize("field, bad", [("level", 9), ("status", "done"), ("gap", True), ("due", {"year": "x"}),
                                        ("owner", 3)])
def test_bad_field_from_the_page_is_refused(plan, binding, field, bad):
    plan.add("kept")
    before = saved(binding)
    key = "index" if field in ("level", "status", "gap") else "value"
    plan.fields[field].set_state({key: bad})
    assert saved(binding) == before and "not accepted" in plan.error


def test_restored_from_the_store(binding):
    action = new_action("Coach two managers", "core/mistakes/alone", due="2026-01-31", level="results")
    binding.save_plan([action])
    plan = ActionPlan.from_instruments([INSTRUMENT], binding)
    assert plan.value == [action] and plan.selected == 0
    assert plan.fields["due"].value == dt.date(2026, 1, 31)
    assert plan.fields["gap"].label.startswith("Mistakes: I do it all alone.")
    assert plan.fields["level"].value == "results"


def test_a_weak_item_gap_gets_a_readable_label(binding):
    binding.save_plan([new_action("Read more", "core/vision/v1")])
    plan = ActionPlan.from_instruments([INSTRUMENT], binding)
    assert plan.fields["gap"].label == "Leading before change: I look ahead."


def test_store_refusal_reverts(plan, binding):
    plan.add("kept")
    binding.store.close_round(binding.round_id)
    plan.add("lost")
    assert [a["what"] for a in plan.value] == ["kept"]
    assert plan.save_state == "not saved" and "closed" in plan.error


def test_unsaved_without_a_binding():
    plan = ActionPlan([INSTRUMENT])
    plan.add_button.click()
    assert len(plan.value) == 1 and plan.save_state == "not saved" and plan._suggestions == []


def test_every_control_has_a_label(plan):
    assert all(field.description for field in plan.fields.values())
    assert plan._list.description == "Actions"
    assert all(b.description and b.tooltip for b in (plan.add_button, plan.up_button, plan.down_button,
                                                     plan.remove_button))
