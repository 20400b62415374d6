"""Stepper: back/next, the step list with completed steps, the overall figure."""

import pytest
from ipywidgets import HTML

from widgets import SectionAssessment, Stepper
from workbook.instrument_loader import parse_instrument

INSTRUMENT = parse_instrument("""
id: s
version: 1
title: S
sections:
  - {id: one, title: One, kind: checklist, items: [{id: a, text: A.}, {id: b, text: B.}]}
  - {id: two, title: Two, kind: checklist, items: [{id: c, text: C.}]}
""")


class Page(HTML):
    """A step without completion, that counts its refreshes."""

    refreshed = 0

    def refresh(self):
        self.refreshed += 1


pytestmark = pytest.mark.usefixtures("sent")


@pytest.fixture
def stepper():
    one = SectionAssessment.from_section("one", INSTRUMENT)
    two = SectionAssessment.from_section("two", INSTRUMENT)
    return Stepper([("First", one), ("Second", two), ("Results", Page())])


def test_shows_one_step_with_the_list_and_footer(stepper):
    nav, shown, footer = stepper.children
    assert shown is stepper.steps[0][1]
    assert [b.description for b in nav.children] == ["1. First", "2. Second", "3. Results"]
    assert "lb-step-current" in nav.children[0]._dom_classes
    assert stepper._back.disabled and not stepper._next.disabled
    assert stepper.get_state()["titles"] == ["First", "Second", "Results"]


def test_next_back_and_jump(stepper):
    stepper._next.click()
    assert stepper.index == 1 and stepper.children[1] is stepper.steps[1][1]
    stepper._back.click()
    stepper._back.click()  # first step: stays
    assert stepper.index == 0
    stepper._nav.children[2].click()
    assert stepper.index == 2 and stepper._next.disabled
    assert stepper.current.refreshed == 1


def test_completion(stepper):
    one = stepper.steps[0][1]
    one.item("a")._buttons.set_state({"index": 0})
    assert stepper.step_completion == [0.5, 0.0, None] and stepper.completion == 0.25
    one.item("b")._buttons.set_state({"index": 1})
    assert stepper._step_buttons[0].description == "✓ 1. First"
    assert "lb-step-done" in stepper._step_buttons[0]._dom_classes
    assert "50% complete (1 of 2 steps done)" in stepper._progress.value
    assert stepper.get_state()["completion"] == 0.5


@pytest.mark.parametrize("bad", [3, -1, "1", True, None, 1.0])
def test_bad_step_from_the_page_refused(stepper, bad):
    stepper.set_state({"index": bad})
    assert stepper.index == 0 and stepper.refused


def test_needs_steps():
    with pytest.raises(ValueError):
        Stepper([])
