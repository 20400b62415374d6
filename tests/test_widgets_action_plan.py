"""ActionPlan: red flags and weakest areas first, suggestions in one click; actions as cards edited in
place; add, edit, remove, reorder; flagged, not refused; progress that never falls for doing more."""

import datetime as dt
import re

import pytest

from widgets import ActionPlan
from widgets.testing import (choose, classes, click, fill, find, find_all, hidden, is_shown, markup, options, send,
                             text)
from workbook.instruments.loader import parse_instrument
from workbook.assess.plan import new_action

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


def suggestion_buttons(plan, include_hidden=True):
    """The "add this suggestion" buttons, in page order: those shown first, then those behind "Show more"."""
    return find_all(plan, role="button", css="lb-suggestion", include_hidden=include_hidden)


def summary(plan):
    """The plan's summary line under "Your actions", as the page is sent it."""
    return find(plan, css="lb-plan-summary").value


def more_box(plan):
    """The suggestions waiting behind "Show more suggestions" (hidden until it is clicked)."""
    return find(plan, css="lb-more-suggestions", include_hidden=True)


def test_gap_choices_come_from_the_instruments(plan):
    plan.add("One")
    gap = plan.fields["gap"]
    assert options(gap) == ("(not tied to a gap)", "Core: Leading before change", "Mistakes: I do it all alone.")
    refs = []
    for label in options(gap):
        choose(gap, label)
        refs.append(plan.value[0]["gap"])
    assert refs == ["", "core/vision", "core/mistakes/alone"]


def test_suggestions_are_added_with_one_click(plan, binding):
    texts = [b.description for b in suggestion_buttons(plan)]
    assert texts[0] == "Delegate one task this week."  # flagged mistakes first
    assert "Read one trend report a month." in texts and "Write a one-page view of the future." in texts
    click(suggestion_buttons(plan)[0])
    assert [a["what"] for a in plan.value] == ["Delegate one task this week."]
    assert plan.value[0]["gap"] == "core/mistakes/alone"
    assert saved(binding) == plan.value
    assert suggestion_buttons(plan)[0].disabled and not suggestion_buttons(plan)[1].disabled
    assert plan.selected == 0 and plan.fields["what"].value == "Delegate one task this week."


def test_incomplete_actions_are_flagged_not_refused(plan):
    click(find(plan, role="button", label="New action"))
    assert len(plan.value) == 1
    assert len(plan.warnings) == 1
    assert all(missing in plan.warnings[0] for missing in ("measure of success", "due date", "owner"))
    assert "lb-warnings" in summary(plan)
    card = plan.cards[0]
    assert "lb-plan-card-incomplete" in classes(card)
    assert "measure of success, due date, owner" in card.missing.value
    assert plan.completion == 0.0


def test_editing_every_field_from_the_page(plan, binding):
    plan.add_button.click()
    f = plan.fields
    fill(f["what"], "Run a <pilot> with two managers")
    choose(f["gap"], "Core: Leading before change")
    fill(f["owner"], "Ana")
    fill(f["due"], {"year": 2026, "month": 2, "date": 15})  # the page counts months from 0
    fill(f["measure"], "Both managers coach weekly")
    choose(f["level"], "Behaviour (level 3)")
    choose(f["status"], "In progress")
    expected = {"what": "Run a <pilot> with two managers", "gap": "core/vision", "owner": "Ana",
                "due": "2026-03-15", "measure": "Both managers coach weekly", "level": "behaviour",
                "status": "in progress"}
    action = plan.value[0]
    assert {k: action[k] for k in expected} == expected
    assert saved(binding) == plan.value and plan.get_state()["value"] == plan.value
    assert plan.warnings == [] and plan.completion == 1.0
    assert plan.save_state == "saved"
    assert "&lt;pilot&gt;" not in summary(plan)  # labels are plain text options, not HTML


def test_an_emptied_what_is_refused_and_left_for_the_person_to_retype(plan, binding):
    plan.add("Keep me")
    fill(plan.fields["what"], "   ")  # sent as typed: the old text is not put back mid-typing
    assert plan.value[0]["what"] == "Keep me" and plan.fields["what"].value == "   "
    assert "needs a description" in plan.error
    assert saved(binding)[0]["what"] == "Keep me"
    fill(plan.fields["what"], "Kept, then retyped")
    assert saved(binding)[0]["what"] == "Kept, then retyped" and plan.error == ""
    # Any other field refused still shows what the plan holds.
    fill(plan.fields["due"], {"year": 2026, "month": 13, "date": 40})
    assert saved(binding)[0]["due"] == "" and "not accepted" in plan.error


def test_plan_text_is_sent_as_typed_and_saved_once_the_typing_pauses(plan, binding, in_a_kernel_loop):
    plan.add("Coach two managers")
    card = plan.cards[0]
    assert all(card.fields[name].continuous_update for name in ("what", "owner", "measure"))

    async def typing_then_choosing():
        fill(card.fields["owner"], "An")
        # Typed text waits for a pause: the page says "saving", and the store does not have it yet.
        assert plan.save_state == "saving" and saved(binding)[0]["owner"] == ""
        choose(card.fields["status"], "Done")
        # A choice is written at once, and takes the waiting text with it.
        assert plan.save_state == "saved"
        assert saved(binding)[0]["owner"] == "An" and saved(binding)[0]["status"] == "done"

    in_a_kernel_loop(typing_then_choosing)


def test_reorder_and_remove(plan, binding):
    for what in ("first", "second", "third"):
        plan.add(what)
    third = plan.cards[2]
    assert third.down_button.disabled and not third.up_button.disabled
    assert plan.cards[0].up_button.disabled
    click(third.up_button)
    assert [a["what"] for a in plan.value] == ["first", "third", "second"] and plan.selected == 1
    assert plan.cards[1] is third and "Action 2" in third.heading.value  # the card moved, not rebuilt
    click(third.down_button)
    assert third.down_button.disabled  # already last: it cannot move further down
    assert [a["what"] for a in plan.value] == ["first", "second", "third"]
    click(plan.cards[0].remove_button)
    assert [a["what"] for a in saved(binding)] == ["second", "third"] and plan.selected == 0
    assert [c.fields["what"].value for c in plan.cards] == ["second", "third"]


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
    send(plan, {"value": bad})
    assert saved(binding) == before == plan.value
    assert "not accepted" in plan.error


@pytest.mark.parametrize("field, bad", [("level", 9), ("status", "done"), ("gap", True), ("due", {"year": "x"}),
                                        ("owner", 3)])
def test_bad_field_from_the_page_is_refused(plan, binding, field, bad):
    plan.add("kept")
    before = saved(binding)
    key = "index" if field in ("level", "status", "gap") else "value"
    send(plan.fields[field], {key: bad})
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
    click(find(plan, role="button", label="New action"))
    assert len(plan.value) == 1 and plan.save_state == "not saved" and suggestion_buttons(plan) == []


def test_every_control_has_a_label(plan):
    plan.add("one")
    plan.add("two")
    for card in plan.cards:
        assert all(field.description for field in card.fields.values())
        assert all(b.description and b.tooltip for b in (card.up_button, card.down_button, card.remove_button))
    assert plan.add_button.description and plan.add_button.tooltip
    assert "Remove action 2" in plan.cards[1].remove_button.tooltip


# -- a plan, not a form ---------------------------------------------------------------------

RICH = parse_instrument("""
id: rich
version: 1
title: Rich
sections:
  - id: a
    title: Area A
    kind: rating
    actions: [A one., A two., A three., A four.]
    items: [{id: a1, text: A item., actions: [Fix a1.]}]
  - id: b
    title: Area B
    kind: rating
    actions: [B one.]
    items: [{id: b1, text: B item.}]
  - id: c
    title: Area C
    kind: rating
    actions: [C one.]
    items: [{id: c1, text: C item.}]
  - id: d
    title: Area D
    kind: rating
    actions: [D one.]
    items: [{id: d1, text: D item.}]
  - id: m
    title: Mistakes
    kind: mistakes
    items:
      - {id: mild, text: A small slip., actions: [Mild fix.]}
      - {id: bad, text: A serious mistake., actions: [Bad fix one., Bad fix two.]}
      - {id: none, text: Not flagged., actions: [Never shown first.]}
""")


@pytest.fixture
def rich(binding):
    for item, value in (("a1", 1), ("b1", 2), ("c1", 2), ("d1", 3), ("mild", 1), ("bad", 3)):
        binding.record(RICH, item, value)
    return ActionPlan.from_instruments([RICH], binding)


def group_titles(plan):
    """The headings of the groups of suggestions shown first, as the page is sent them."""
    return [markup(group.children[0]) for group in find_all(plan, css="lb-focus-group")]


def test_red_flags_then_the_three_weakest_areas_come_first_with_at_most_three_suggestions(rich):
    titles = group_titles(rich)
    assert len(titles) == 5
    assert "Red flag" in titles[0] and "A serious mistake." in titles[0]  # the worst flag first
    assert "Red flag" in titles[1] and "A small slip." in titles[1]
    assert [t.split("</span> ")[1].split(" <span")[0] for t in titles[2:]] == ["Area A", "Area B", "Area C"]
    assert "0 out of 100" in titles[2]
    first_groups = find_all(rich, css="lb-focus-group")
    assert [len(find_all(g, role="button")) for g in first_groups] == [2, 1, 3, 1, 1]
    first_texts = [b.description for b in suggestion_buttons(rich, include_hidden=False)]
    assert first_texts[:3] == ["Bad fix one.", "Bad fix two.", "Mild fix."]
    assert "A four." not in first_texts and "Never shown first." not in first_texts
    # The rest wait behind one button, grouped by the gap they answer, and each shows once.
    assert hidden(more_box(rich)) and "A four." not in text(rich)
    click(find(rich, role="button", label=re.compile("^Show .* more suggestions")))
    assert not hidden(more_box(rich)) and rich.more_button.description.startswith("Hide")
    more = [b.description for b in find_all(more_box(rich), role="button")]
    every = [b.description for b in suggestion_buttons(rich, include_hidden=False)]
    assert "A four." in more and "A four." in text(rich) and first_texts + more == every
    assert len(set(every)) == len(every)
    assert "D one." not in first_texts  # Area D is not among the three weakest


def test_one_click_adds_a_suggestion_as_a_card_with_its_gap(rich, binding):
    button = suggestion_buttons(rich)[0]
    click(button)
    card = rich.cards[0]
    assert card.fields["what"].value == "Bad fix one."
    assert card.fields["gap"].label.startswith("Mistakes: A serious mistake.")
    assert button.disabled and button.icon == "check" and saved(binding) == rich.value


def test_each_action_is_a_card_edited_in_place(rich, binding):
    rich.add("First")
    rich.add("Second")
    first, second = rich.cards
    assert first.fields["what"].rows >= 3  # room for a sentence or two, not one cut-off line
    fill(second.fields["owner"], "Ben")
    assert rich.value[1]["owner"] == "Ben" and rich.value[0]["owner"] == ""
    assert rich.cards == [first, second] and rich.selected == 1  # edited where it is: no card rebuilt
    fill(first.fields["what"], "First, with more words\nover two lines")
    assert saved(binding)[0]["what"] == "First, with more words\nover two lines"
    assert rich.fields is first.fields
    assert all(len(card.fields) == 7 for card in rich.cards)


def test_progress_never_falls_when_a_person_does_more(rich):
    rich.add("Coach two managers", owner="Ana", due="2026-03-01", measure="Both coach weekly")
    assert rich.completion == 1.0
    for button in suggestion_buttons(rich)[:3]:
        click(button)  # new actions, still empty: the plan counts as done all the same
        assert rich.completion == 1.0
    click(rich.cards[0].remove_button)  # the only complete one gone: less done, lower
    assert rich.completion == 0.0
    last = rich.cards[-1]
    before = rich.completion
    for field, value in (("owner", "Ana"), ("measure", "Fewer complaints")):
        fill(last.fields[field], value)
        assert rich.completion > before
        before = rich.completion
    assert rich.completion == pytest.approx(2 / 3)


def test_warnings_quote_whole_words(plan):
    plan.add("Talk with every department head about what their teams need from training next year")
    warning = plan.warnings[0]
    assert "(Talk with every department head about…)" in warning
    quoted = warning.split("(")[1].split(")")[0].rstrip("…")
    assert all(word in plan.value[0]["what"].split() for word in quoted.split())


def test_get_state_and_set_state_keep_the_plans_json_shape(plan, binding):
    plan.add("One", owner="Ana")
    state = plan.get_state()
    assert state["value"] == plan.value and set(state["value"][0]) == {"id", "what", "gap", "owner", "due",
                                                                       "measure", "level", "status"}
    changed = [dict(state["value"][0], what="One, changed"), new_action("Two")]
    send(plan, {"value": changed})
    assert saved(binding) == plan.value == changed
    assert [card.fields["what"].value for card in plan.cards] == ["One, changed", "Two"]


def test_beyond_the_worst_red_flags_the_others_wait_with_the_other_suggestions(binding, monkeypatch):
    import widgets._plan_gaps as gaps

    monkeypatch.setattr(gaps, "FLAGS", 1)
    for item, value in (("a1", 1), ("mild", 1), ("bad", 3)):
        binding.record(RICH, item, value)
    plan = ActionPlan.from_instruments([RICH], binding)
    titles = group_titles(plan)
    assert sum("Red flag" in t for t in titles) == 1 and "A serious mistake." in titles[0]
    later = [markup(g.children[0]) for g in find_all(more_box(plan), css="lb-focus-group", include_hidden=True)]
    assert "Red flag" in later[0] and "A small slip." in later[0]


def test_without_answers_to_sort_by_every_suggestion_shows_and_later_answers_sort_them(binding):
    plan = ActionPlan([RICH], binding=binding)
    from workbook.assess.scoring import suggest_actions

    answers = {"a1": 1, "bad": 3}
    plan.set_suggestions(suggest_actions(RICH, answers))  # given without the answers: nothing to rank by
    assert not hidden(more_box(plan)) and not is_shown(plan.more_button, plan)
    assert text(find(plan, css="lb-focus-intro")).startswith("Suggested actions")
    assert "Bad fix one." in text(find(plan, css="lb-suggestions"))
    plan.set_suggestions(suggest_actions(RICH, answers), {"rich": answers})
    assert hidden(more_box(plan)) and is_shown(plan.more_button, plan)
    assert text(find(plan, css="lb-focus-intro")).startswith("Where to start")
