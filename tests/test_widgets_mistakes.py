"""MistakeChecklist: how strongly each mistake shows up, and the actions a flag unlocks."""

import pytest

from widgets import MistakeChecklist, MistakeItem
from widgets.testing import choose, chosen, classes, find, markup, options, text
from workbook.instruments import find_instrument
from workbook.instruments.loader import parse_instrument
from workbook.assess.scoring import flagged_mistakes

INSTRUMENT = parse_instrument("""
id: flags
version: 1
title: Red flags
sections:
  - id: mistakes
    title: Leadership mistakes
    kind: mistakes
    actions: [Talk to your sponsor about it.]
    items:
      - id: no-justification
        text: People are not told why the change matters.
        actions: [Write a two-minute <why> for managers to use.]
      - id: doing-it-all
        text: I try to do everything myself.
""")


pytestmark = pytest.mark.usefixtures("sent")


def severity(item):
    return find(item, role="radio group")


def status(checklist):
    """The status line under the section, as a person reads it."""
    return text(find(checklist, css="lb-section-status"))


def test_severity_scale_from_the_instrument(binding):
    checklist = MistakeChecklist.from_section("mistakes", INSTRUMENT, binding)
    item = checklist.item("no-justification")
    assert isinstance(item, MistakeItem)
    assert options(severity(item)) == ("Not at all", "Now and then", "Often", "Most of the time")
    assert "lb-item-flags-no-justification" in classes(item)


def test_flagging_unlocks_the_actions(binding):
    checklist = MistakeChecklist.from_section("mistakes", INSTRUMENT, binding)
    item = checklist.item("no-justification")
    assert item.unlocked == [] and "Suggested actions" not in text(item)
    choose(severity(item), "Often")
    assert item.value == 2
    assert item.get_state()["unlocked"] == ["Write a two-minute <why> for managers to use."]
    assert "Suggested actions Write a two-minute <why> for managers to use." in text(item)
    assert "&lt;why&gt;" in markup(item) and "<why>" not in markup(item)
    assert "1 of 2 answered 1 flagged so far, 1 suggested action unlocked" in status(checklist)
    choose(severity(item), "Not at all")
    assert item.unlocked == [] and "Suggested actions" not in text(item)
    assert "1 of 2 answered None flagged so far" in status(checklist)


def test_an_item_without_actions_unlocks_the_sections(binding):
    item = MistakeChecklist.from_section("mistakes", INSTRUMENT, binding).item("doing-it-all")
    choose(severity(item), "Now and then")
    assert item.unlocked == ["Talk to your sponsor about it."]


def test_written_through_and_scored_as_the_core_does(binding):
    checklist = MistakeChecklist.from_section("mistakes", INSTRUMENT, binding)
    choose(severity(checklist.item("no-justification")), "Most of the time")
    choose(severity(checklist.item("doing-it-all")), "Not at all")
    values = binding.store.answer_values(binding.respondent_id, binding.round_id, "flags")
    assert values == {"no-justification": 3, "doing-it-all": 0} == checklist.value
    assert [m.item_id for m in flagged_mistakes(INSTRUMENT, values)] == ["no-justification"]
    assert checklist.complete


@pytest.mark.parametrize("bad", [4, -1, "3", True, 2.5])
def test_bad_severity_refused(binding, bad):
    item = MistakeChecklist.from_section("mistakes", INSTRUMENT, binding).item("doing-it-all")
    item.set_state({"value": bad})
    assert item.value is None and binding.store.count_answers() == 0
    assert "not accepted" in item.error and item.unlocked == []


def test_restored_flag_shows_its_actions(binding):
    binding.record(INSTRUMENT, "no-justification", 1)
    item = MistakeChecklist.from_section("mistakes", INSTRUMENT, binding).item("no-justification")
    assert chosen(severity(item)) == "Now and then" and item.unlocked
    assert "Talk to your sponsor" not in text(item) and "Write a two-minute <why>" in text(item)


def test_standalone_item_finds_its_section_actions():
    item = MistakeItem.from_item("doing-it-all", INSTRUMENT)
    item.value = 2
    assert item.unlocked == ["Talk to your sponsor about it."]


def test_the_footer_says_how_many_mistakes_are_flagged_never_that_they_are_not_applicable(binding):
    """The built-in red-flag checklist answered as the page sends it: the footer counts what is flagged
    as scoring does (severity 1 or more); a mistakes section is never scored, so never "no score"."""
    red_flags = find_instrument("mistakes-obstacles")
    checklist = MistakeChecklist.from_section("mistakes", red_flags, binding)
    total = len(checklist.items)
    assert status(checklist) == f"0 of {total} answered None flagged so far"
    first, second, *rest = checklist.items
    choose(severity(first), "Now and then")
    assert status(checklist).startswith(f"1 of {total} answered 1 flagged so far, ")
    for item in rest:
        choose(severity(item), "Not at all")
    choose(severity(second), "Often")
    assert checklist.complete
    values = binding.store.answer_values(binding.respondent_id, binding.round_id, red_flags.id)
    flagged = flagged_mistakes(red_flags, values)
    assert [m.item_id for m in flagged] == [second.item.id, first.item.id]
    actions = {a for m in flagged for a in m.actions}
    line = status(checklist)
    assert line == (f"{total} of {total} answered 2 of {total} flagged, {len(actions)} suggested action"
                    f"{'s' if len(actions) != 1 else ''} unlocked")
    assert "not applicable" not in line and "score" not in line.lower()


def test_a_checklist_answered_not_at_all_throughout_has_none_flagged(binding):
    checklist = MistakeChecklist.from_section("mistakes", INSTRUMENT, binding)
    for item in checklist.items:
        choose(severity(item), "Not at all")
    assert checklist.complete and flagged_mistakes(INSTRUMENT, checklist.value) == []
    assert status(checklist) == "2 of 2 answered None flagged"
    choose(severity(checklist.item("doing-it-all")), None)  # cleared again
    assert status(checklist) == "1 of 2 answered None flagged so far"
