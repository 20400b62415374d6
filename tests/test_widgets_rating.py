"""RatingScale: driven as the page would drive it, with set_state, and checked in the store."""

import pytest
from traitlets import TraitError

from widgets import RatingScale
from widgets.testing import choose, chosen, classes, find, find_all, markup, options, send, text
from workbook.instruments.loader import parse_instrument

INSTRUMENT = parse_instrument("""
id: sample
version: 1
title: Sample
scale: {min: 1, max: 4, labels: [Never, Sometimes, Often, Always]}
sections:
  - id: habits
    title: Habits
    kind: rating
    source: {seed: "000", section: "Habits"}
    items:
      - id: shares-goals
        text: I share the <b>goals</b> & the reasons for them.
        help: Count the last quarter only.
      - id: asks-feedback
        text: I ask for feedback.
""")


pytestmark = pytest.mark.usefixtures("sent")


def stored(binding):
    return binding.store.answer_values(binding.respondent_id, binding.round_id, "sample")


def scale_of(rating):
    """The radio group a person answers the item with."""
    return find(rating, role="radio group")


def test_built_from_the_instrument(binding):
    rating = RatingScale.from_item("shares-goals", INSTRUMENT, binding)
    scale = scale_of(rating)
    assert options(scale) == ("Never", "Sometimes", "Often", "Always", "Not applicable")
    assert len(scale.tooltips) == 5 and all(scale.tooltips) and chosen(scale) is None
    assert {"lb-item", "lb-item-sample-shares-goals", "lb-rating"} <= set(classes(rating))
    prompt = markup(rating)
    assert "&lt;b&gt;goals&lt;/b&gt; &amp; the reasons" in prompt and "<b>" not in prompt
    assert "Count the last quarter only." in prompt and "Source: 000 · Habits" in prompt
    assert rating.value is None and rating.save_state == "saved"


def test_a_click_is_written_through(binding):
    rating = RatingScale.from_item("shares-goals", INSTRUMENT, binding)
    choose(scale_of(rating), "Often")
    assert rating.value == 3
    assert rating.get_state()["value"] == 3
    assert stored(binding) == {"shares-goals": 3}
    assert rating.save_state == "saved" and rating.error == ""


def test_not_applicable_is_distinct_from_every_score(binding):
    rating = RatingScale.from_item("shares-goals", INSTRUMENT, binding)
    choose(scale_of(rating), "Not applicable")
    assert rating.value == "na"
    assert stored(binding) == {"shares-goals": "na"}


@pytest.mark.parametrize("bad", [5, 99, -1, "2", True, False, 1.5, [1], {"a": 1}])
def test_bad_index_from_the_page_is_refused_and_not_written(binding, sent, bad):
    rating = RatingScale.from_item("shares-goals", INSTRUMENT, binding)
    scale = scale_of(rating)
    choose(scale, "Sometimes")
    events = binding.store.count_answers()
    send(scale, {"index": bad})
    assert rating.value == 2 and chosen(scale) == "Sometimes"
    assert binding.store.count_answers() == events
    assert "not accepted" in rating.error
    assert "not accepted" in text(find(rating, css="lb-error"))
    # The page showed the refused value: it is told the kept one again.
    assert sent.states(scale)[-1] == {"index": 1}


def test_the_next_good_click_clears_the_error(binding):
    rating = RatingScale.from_item("shares-goals", INSTRUMENT, binding)
    send(scale_of(rating), {"index": "x"})
    assert rating.error and find_all(rating, css="lb-error")
    choose(scale_of(rating), "Never")
    assert rating.error == "" and rating.value == 1
    assert find_all(rating, css="lb-error") == []


@pytest.mark.parametrize("bad", [0, 5, "often", True, 2.0, ["na"]])
def test_bad_value_set_on_the_widget_itself_is_refused(binding, bad):
    rating = RatingScale.from_item("shares-goals", INSTRUMENT, binding)
    rating.set_state({"value": bad})
    assert rating.value is None and stored(binding) == {}
    assert "not accepted" in rating.error


def test_the_page_may_only_change_the_answer(binding):
    rating = RatingScale.from_item("shares-goals", INSTRUMENT, binding)
    rating.set_state({"_dom_classes": ["x"], "value": 2})
    assert rating.value is None and "_dom_classes" in rating.error
    send(scale_of(rating), {"_options_labels": ["a"]})
    assert options(scale_of(rating))[0] == "Never"


def test_value_and_note_set_on_the_widget(binding):
    rating = RatingScale.from_item("shares-goals", INSTRUMENT, binding)
    rating.set_state({"value": 4, "note": "since March"})
    assert chosen(scale_of(rating)) == "Always"
    answer = binding.store.latest_answers(binding.respondent_id, binding.round_id, "sample")[-1]
    assert (answer.value, answer.note) == (4, "since March")


def test_python_gets_an_exception_for_a_bad_value():
    rating = RatingScale.from_item("shares-goals", INSTRUMENT)
    with pytest.raises(TraitError, match="outside the scale"):
        rating.value = 9


def test_fills_itself_from_the_store(binding):
    binding.record(INSTRUMENT, "asks-feedback", 2, "a note")
    rating = RatingScale.from_item("asks-feedback", INSTRUMENT, binding)
    assert (rating.value, rating.note, chosen(scale_of(rating))) == (2, "a note", "Sometimes")
    assert rating.save_state == "saved"


def test_clearing_the_answer(binding):
    rating = RatingScale.from_item("shares-goals", INSTRUMENT, binding)
    choose(scale_of(rating), "Never")
    choose(scale_of(rating), None)
    assert rating.value is None and stored(binding) == {}


def test_store_refusal_reverts_and_says_why(binding):
    rating = RatingScale.from_item("shares-goals", INSTRUMENT, binding)
    choose(scale_of(rating), "Sometimes")
    binding.store.close_round(binding.round_id)
    choose(scale_of(rating), "Always")
    assert rating.value == 2 and chosen(scale_of(rating)) == "Sometimes"
    assert rating.save_state == "not saved"
    assert "round is closed" in rating.error
    assert stored(binding) == {"shares-goals": 2}


def test_works_unsaved_without_a_binding():
    rating = RatingScale.from_item("shares-goals", INSTRUMENT)
    choose(scale_of(rating), "Always")
    assert rating.value == 4 and rating.save_state == "not saved" and rating.error == ""


def test_a_stored_answer_that_no_longer_fits_is_dropped_with_a_message(binding):
    binding.record(INSTRUMENT, "shares-goals", 4)
    narrower = parse_instrument("""
id: sample
version: 2
title: Sample
scale: {min: 1, max: 3}
sections:
  - {id: habits, title: Habits, kind: rating, items: [{id: shares-goals, text: I share goals.}]}
""")
    rating = RatingScale.from_item("shares-goals", narrower, binding)
    assert rating.value is None and "no longer fits" in rating.error


def test_refuses_an_item_of_another_kind():
    checklist = parse_instrument("""
id: other
version: 1
title: Other
sections:
  - {id: s, title: S, kind: checklist, items: [{id: done, text: Done.}]}
""")
    with pytest.raises(ValueError, match="checklist item"):
        RatingScale.from_item("done", checklist)


@pytest.mark.parametrize("same_but_not", [True, 1.0])
def test_an_equal_value_of_the_wrong_type_is_refused(binding, same_but_not):
    rating = RatingScale.from_item("shares-goals", INSTRUMENT, binding)
    rating.set_state({"value": 1})
    rating.set_state({"value": same_but_not})
    assert type(rating.value) is int and "not accepted" in rating.error
    assert type(rating.get_state()["value"]) is int


def test_the_scale_is_one_radio_group_named_after_the_question(binding):
    rating = RatingScale.from_item("shares-goals", INSTRUMENT, binding)
    state = scale_of(rating).get_state()
    assert state["label"] == rating.item.text
    # The front end draws the WAI-ARIA radio group pattern: one tab stop, checked state announced.
    front_end = str(state["_esm"])
    for needed in ('"radiogroup"', '"radio"', '"aria-checked"', "tabIndex", "ArrowRight", "ArrowLeft"):
        assert needed in front_end
    send(scale_of(rating), {"label": "something else"})
    assert scale_of(rating).get_state()["label"] == rating.item.text and "not accepted" in rating.error
