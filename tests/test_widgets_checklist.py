"""Checklist: yes/no items with notes, written through and restored."""

import pytest

from widgets import Checklist, ChecklistItem
from widgets.testing import choose, chosen, classes, fill, find, options, send, text
from workbook.instruments.loader import parse_instrument

INSTRUMENT = parse_instrument("""
id: process
version: 1
title: Process
sections:
  - id: analysis
    title: Situational <analysis>
    kind: checklist
    help: Tick what you did before the last programme.
    items:
      - {id: goals, text: I wrote down the long-term goals.}
      - {id: mission, text: I checked the programme against the mission.}
      - {id: environment, text: I looked at the environment.}
""")


pytestmark = pytest.mark.usefixtures("sent")


def latest(binding):
    found = binding.store.latest_answers(binding.respondent_id, binding.round_id, "process", include_cleared=True)
    return {a.item_id: (a.value, a.note) for a in found}


def yes_no(item):
    return find(item, role="radio group")


def note_field(item):
    return find(item, role="text field", label="Note")


def status(checklist):
    """The status line under the section, as a person reads it."""
    return text(find(checklist, css="lb-section-status"))


def test_built_from_the_section(binding):
    checklist = Checklist.from_section("analysis", INSTRUMENT, binding)
    assert [w.item.id for w in checklist.items] == ["goals", "mission", "environment"]
    assert all(isinstance(w, ChecklistItem) for w in checklist.items)
    header = find(checklist, css="lb-section-header")
    assert "Situational &lt;analysis&gt;" in header.value
    assert "Tick what you did" in text(header)
    item = checklist.item("mission")
    assert "lb-item-process-mission" in classes(item) and "lb-item" in classes(item)
    assert options(yes_no(item)) == ("Yes", "No")
    assert note_field(item).placeholder == "optional"


def test_yes_no_and_note_are_written_through(binding):
    checklist = Checklist.from_section("analysis", INSTRUMENT, binding)
    item = checklist.item("goals")
    choose(yes_no(item), "Yes")
    assert item.value is True and checklist.value == {"goals": True}
    fill(note_field(item), "in the 2025 plan")
    assert item.note == "in the 2025 plan"
    assert latest(binding) == {"goals": (True, "in the 2025 plan")}
    choose(yes_no(checklist.item("mission")), "No")
    assert checklist.get_state()["value"] == {"goals": True, "mission": False}
    assert latest(binding)["mission"] == (False, None)


def test_no_is_not_the_same_as_unanswered(binding):
    checklist = Checklist.from_section("analysis", INSTRUMENT, binding)
    assert checklist.answered == 0
    choose(yes_no(checklist.item("goals")), "No")
    assert checklist.answered == 1 and checklist.value == {"goals": False}


def test_completion_and_score_once_complete(binding):
    checklist = Checklist.from_section("analysis", INSTRUMENT, binding)
    for item_id, answer in (("goals", "Yes"), ("mission", "No")):
        choose(yes_no(checklist.item(item_id)), answer)
    assert checklist.completion == pytest.approx(2 / 3) and checklist.score is None
    assert "2 of 3 answered" in status(checklist)
    choose(yes_no(checklist.item("environment")), "Yes")
    assert checklist.complete and checklist.score == pytest.approx(66.7)
    assert checklist.get_state()["score"] == pytest.approx(66.7)
    assert "Score: 66.7 / 100" in status(checklist)


@pytest.mark.parametrize("bad", [2, "yes", None, 3.5, -1])
def test_bad_choice_refused(binding, bad):
    checklist = Checklist.from_section("analysis", INSTRUMENT, binding)
    item = checklist.item("goals")
    choose(yes_no(item), "Yes")
    events = binding.store.count_answers()
    send(yes_no(item), {"index": bad}) if bad is not None else send(item, {"value": 1})
    assert item.value is True and binding.store.count_answers() == events
    assert item.error.startswith("That change was not accepted")


@pytest.mark.parametrize("bad", [5, None, ["a"], "x" * 2001])
def test_bad_note_refused(binding, bad):
    item = Checklist.from_section("analysis", INSTRUMENT, binding).item("goals")
    send(note_field(item), {"value": bad})
    assert item.note == "" and binding.store.count_answers() == 0
    assert "not accepted" in item.error


def test_value_true_after_one_is_still_a_yes(binding):
    item = Checklist.from_section("analysis", INSTRUMENT, binding).item("goals")
    item.set_state({"value": 1})
    assert item.value is None and "yes or no" in item.error


def test_restored_with_notes(binding):
    binding.record(INSTRUMENT, "goals", True, "done in May")
    binding.record(INSTRUMENT, "environment", None, "to do")
    checklist = Checklist.from_section("analysis", INSTRUMENT, binding)
    assert checklist.value == {"goals": True}
    goals, environment = checklist.item("goals"), checklist.item("environment")
    assert (chosen(yes_no(goals)), note_field(goals).value) == ("Yes", "done in May")
    assert (environment.value, chosen(yes_no(environment)), note_field(environment).value) == (None, None, "to do")


def test_checklist_refuses_a_rating_section():
    rating = parse_instrument("""
id: r
version: 1
title: R
sections:
  - {id: s, title: S, kind: rating, items: [{id: a, text: A.}]}
""")
    with pytest.raises(ValueError, match="rating section"):
        Checklist.from_section("s", rating)
