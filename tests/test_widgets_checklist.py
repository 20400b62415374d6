"""Checklist: yes/no items with notes, written through and restored."""

import pytest

from widgets import Checklist, ChecklistItem
from workbook.instrument_loader import parse_instrument

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


def test_built_from_the_section(binding):
    checklist = Checklist.from_section("analysis", INSTRUMENT, binding)
    assert [w.item.id for w in checklist.items] == ["goals", "mission", "environment"]
    assert all(isinstance(w, ChecklistItem) for w in checklist.items)
    assert "Situational &lt;analysis&gt;" in checklist._header.value
    assert "Tick what you did" in checklist._header.value
    item = checklist.item("mission")
    assert "lb-item-process-mission" in item._dom_classes and "lb-item" in item._dom_classes
    assert list(item._buttons._options_labels) == ["Yes", "No"]
    assert item._note.description == "Note" and item._note.placeholder == "optional"


def test_yes_no_and_note_are_written_through(binding):
    checklist = Checklist.from_section("analysis", INSTRUMENT, binding)
    item = checklist.item("goals")
    item._buttons.set_state({"index": 0})
    assert item.value is True and checklist.value == {"goals": True}
    item._note.set_state({"value": "in the 2025 plan"})
    assert item.note == "in the 2025 plan"
    assert latest(binding) == {"goals": (True, "in the 2025 plan")}
    checklist.item("mission")._buttons.set_state({"index": 1})
    assert checklist.get_state()["value"] == {"goals": True, "mission": False}
    assert latest(binding)["mission"] == (False, None)


def test_no_is_not_the_same_as_unanswered(binding):
    checklist = Checklist.from_section("analysis", INSTRUMENT, binding)
    assert checklist.answered == 0
    checklist.item("goals")._buttons.set_state({"index": 1})
    assert checklist.answered == 1 and checklist.value == {"goals": False}


def test_completion_and_score_once_complete(binding):
    checklist = Checklist.from_section("analysis", INSTRUMENT, binding)
    for item_id, index in (("goals", 0), ("mission", 1)):
        checklist.item(item_id)._buttons.set_state({"index": index})
    assert checklist.completion == pytest.approx(2 / 3) and checklist.score is None
    assert "2 of 3 answered" in checklist._footer.value
    checklist.item("environment")._buttons.set_state({"index": 0})
    assert checklist.complete and checklist.score == pytest.approx(66.7)
    assert checklist.get_state()["score"] == pytest.approx(66.7)
    assert "Score: 66.7 / 100" in checklist._footer.value


@pytest.mark.parametrize("bad", [2, "yes", None, 3.5, -1])
def test_bad_choice_refused(binding, bad):
    checklist = Checklist.from_section("analysis", INSTRUMENT, binding)
    item = checklist.item("goals")
    item._buttons.set_state({"index": 0})
    events = binding.store.count_answers()
    item._buttons.set_state({"index": bad}) if bad is not None else item.set_state({"value": 1})
    assert item.value is True and binding.store.count_answers() == events
    assert item.error.startswith("That change was not accepted")


@pytest.mark.parametrize("bad", [5, None, ["a"], "x" * 2001])
def test_bad_note_refused(binding, bad):
    item = Checklist.from_section("analysis", INSTRUMENT, binding).item("goals")
    item._note.set_state({"value": bad})
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
    assert (goals._buttons.index, goals._note.value) == (0, "done in May")
    assert (environment.value, environment._note.value) == (None, "to do")


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
