"""SectionAssessment and InstrumentAssessment: any section kind, completion, score, whole-section changes."""

import pytest

from widgets import (ChecklistItem, InstrumentAssessment, MistakeItem, RatingScale, SectionAssessment, TextAnswer)
from widgets.testing import choose, chosen, classes, fill, find, markup, send, text
from workbook.instruments.loader import parse_instrument
from workbook.instruments import builtin_instruments
from workbook.instruments.model import MAX_TEXT_LENGTH

INSTRUMENT = parse_instrument("""
id: mixed
version: 1
title: Mixed
description: One section of each kind.
sections:
  - id: rated
    title: Rated
    kind: rating
    help: How often, <honestly>?
    items:
      - {id: r1, text: One.}
      - {id: r2, text: Two., reverse: true}
  - id: ticked
    title: Ticked
    kind: checklist
    items: [{id: c1, text: Done.}]
  - id: flagged
    title: Flagged
    kind: mistakes
    items: [{id: m1, text: A mistake., actions: [Fix it.]}]
  - id: written
    title: Written
    kind: text
    items: [{id: t1, text: What would happen if we did nothing?}]
""")


pytestmark = pytest.mark.usefixtures("sent")


def stored(binding):
    return binding.store.answer_values(binding.respondent_id, binding.round_id, "mixed")


def scale(item):
    return find(item, role="radio group")


def answer_box(item):
    return find(item, role="text field", label="Your answer")


def status(section):
    """The status line under the section, as a person reads it."""
    return text(find(section, css="lb-section-status"))


@pytest.mark.parametrize("section_id, item_class", [("rated", RatingScale), ("ticked", ChecklistItem),
                                                    ("flagged", MistakeItem), ("written", TextAnswer)])
def test_any_kind(section_id, item_class):
    section = SectionAssessment.from_section(section_id, INSTRUMENT)
    assert all(type(w) is item_class for w in section.items)
    assert f"lb-section-mixed-{section_id}" in classes(section)
    assert all("lb-item" in classes(w) for w in section.items)


def test_title_help_and_status():
    section = SectionAssessment.from_section("rated", INSTRUMENT)
    header = find(section, css="lb-section-header")
    assert '<h3 class="lb-section-title">Rated</h3>' in header.value
    assert "How often, &lt;honestly&gt;?" in header.value
    assert section.get_state()["total"] == 2 and section.answered == 0
    assert '<progress max="2" value="0"' in find(section, css="lb-section-status").value
    assert "0 of 2 answered" in status(section)


def test_score_only_once_complete(binding):
    section = SectionAssessment.from_section("rated", INSTRUMENT, binding)
    choose(scale(section.item("r1")), "Always")
    assert section.score is None and section.completion == 0.5
    choose(scale(section.item("r2")), "Always")  # reversed: "Always" is the worst
    assert section.complete and section.score == 50.0
    assert section.save_state == "saved"


def test_all_not_applicable_has_no_score():
    section = SectionAssessment.from_section("rated", INSTRUMENT)
    for item in section.items:
        choose(scale(item), "Not applicable")
    assert section.complete and section.score is None
    assert "not applicable" in status(section)


def test_text_item_is_sent_as_it_is_typed_and_written(binding):
    # Outside a running event loop the write is immediate; tests/test_widgets_saving.py covers the wait.
    section = SectionAssessment.from_section("written", INSTRUMENT, binding)
    answer = section.item("t1")
    assert answer_box(answer).continuous_update is True
    fill(answer_box(answer), "  We would fall behind.  ")
    assert answer.value == "We would fall behind." and stored(binding) == {"t1": "We would fall behind."}
    assert section.complete and section.score is None  # text is never scored
    fill(answer_box(answer), "   ")
    assert answer.value is None and stored(binding) == {}


@pytest.mark.parametrize("bad", [42, None, ["x"], "x" * (MAX_TEXT_LENGTH + 1)])
def test_bad_text_refused(binding, bad):
    answer = SectionAssessment.from_section("written", INSTRUMENT, binding).item("t1")
    send(answer_box(answer), {"value": bad})
    assert answer.value is None and binding.store.count_answers() == 0
    assert "not accepted" in answer.error


def test_whole_section_value_from_the_page(binding):
    section = SectionAssessment.from_section("rated", INSTRUMENT, binding)
    section.set_state({"value": {"r1": 2, "r2": "na"}})
    assert chosen(scale(section.item("r1"))) == "Rarely" and chosen(scale(section.item("r2"))) == "Not applicable"
    assert stored(binding) == {"r1": 2, "r2": "na"}
    section.set_state({"value": {"r1": 3}})
    assert stored(binding) == {"r1": 3} and section.value == {"r1": 3}


@pytest.mark.parametrize("bad", [{"r1": 9}, {"nope": 1}, {"r1": True}, ["r1"], "r1"])
def test_bad_section_value_refused_and_nothing_written(binding, bad):
    section = SectionAssessment.from_section("rated", INSTRUMENT, binding)
    section.set_state({"value": {"r2": 1}})
    events = binding.store.count_answers()
    section.set_state({"value": bad})
    assert section.value == {"r2": 1} and binding.store.count_answers() == events
    assert "not accepted" in section.error and section.error in status(section)
    assert '<span class="lb-error" role="alert">' in markup(find(section, css="lb-section-status"))


def test_restored_from_the_store_with_one_read(binding, monkeypatch):
    binding.record(INSTRUMENT, "r1", 5)
    binding.record(INSTRUMENT, "m1", 2)
    reads = []
    original = binding.answers
    monkeypatch.setattr(binding, "answers", lambda instrument: reads.append(1) or original(instrument))
    assessment = InstrumentAssessment.from_instrument(INSTRUMENT, binding)
    assert len(reads) == 1
    rated, _, flagged, _ = assessment.sections
    assert rated.value == {"r1": 5} and flagged.item("m1").unlocked == ["Fix it."]
    # Free text is optional: the instrument is finished with its four other items (workbook.assess.progress).
    assert assessment.answered == 2 and assessment.total == 4 and assessment.completion == 0.5


def test_instrument_completion_follows_its_sections(binding):
    assessment = InstrumentAssessment(INSTRUMENT, binding=binding)
    choose(scale(assessment.sections[1].item("c1")), "Yes")
    assert assessment.answered == 1 and assessment.get_state()["completion"] == 0.25
    assessment.sections[3].item("t1").value = "Nothing would change."
    assert assessment.answered == 1, "free text does not count towards finishing"
    binding.store.close_round(binding.round_id)
    choose(scale(assessment.sections[0].item("r1")), "Never")
    assert assessment.save_state == "not saved" and assessment.answered == 1


def test_every_builtin_section_builds():
    found = set()
    for instrument in builtin_instruments():
        for section in instrument.sections:
            widget = SectionAssessment.from_section(section, instrument)
            assert widget.total == len(section.items)
            found.update(c for w in widget.items for c in classes(w) if c.startswith("lb-item-"))
    assert len(found) == sum(len(i.items) for i in builtin_instruments())
