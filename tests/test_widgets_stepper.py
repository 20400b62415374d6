"""Stepper: back/next, the step list with completed steps, the overall figure."""

import pytest
from ipywidgets import HTML

from widgets import SectionAssessment, Stepper
from widgets.testing import choose, classes, click, find, find_all, text
from workbook.instruments.loader import parse_instrument

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


def button(stepper, label):
    return find(stepper, role="button", label=label)


def step_buttons(stepper):
    """The list of steps at the top, one button per step."""
    return find_all(stepper, role="button", css="lb-step")


@pytest.fixture
def stepper():
    one = SectionAssessment.from_section("one", INSTRUMENT)
    two = SectionAssessment.from_section("two", INSTRUMENT)
    return Stepper([("First", one), ("Second", two), ("Results", Page())])


def test_shows_one_step_with_the_list_and_footer(stepper):
    nav, shown, footer = stepper.children
    assert shown is stepper.steps[0][1]
    assert [b.description for b in nav.children] == ["1. First", "2. Second", "3. Results"]
    assert step_buttons(stepper) == list(nav.children)
    assert "lb-step-current" in classes(nav.children[0])
    assert button(stepper, "Back").disabled and not button(stepper, "Next").disabled
    assert stepper.get_state()["titles"] == ["First", "Second", "Results"]


def test_next_back_and_jump(stepper):
    click(button(stepper, "Next"))
    assert stepper.index == 1 and stepper.children[1] is stepper.steps[1][1]
    assert "lb-step-current" in classes(step_buttons(stepper)[1])
    click(button(stepper, "Back"))
    assert stepper.index == 0 and button(stepper, "Back").disabled  # first step: Back cannot be clicked
    click(button(stepper, "3. Results"))
    assert stepper.index == 2 and button(stepper, "Next").disabled
    assert stepper.current.refreshed == 1


def test_completion(stepper):
    one = stepper.steps[0][1]
    choose(find(one.item("a"), role="radio group"), "Yes")
    assert stepper.step_completion == [0.5, 0.0, None] and stepper.completion == 0.25
    choose(find(one.item("b"), role="radio group"), "No")
    first = step_buttons(stepper)[0]
    assert first.description == "✓ 1. First" and "lb-step-done" in classes(first)
    assert "50% complete (1 of 2 steps done)" in text(find(stepper, css="lb-progress-text"))
    assert stepper.get_state()["completion"] == 0.5


@pytest.mark.parametrize("bad", [3, -1, "1", True, None, 1.0])
def test_bad_step_from_the_page_refused(stepper, bad):
    stepper.set_state({"index": bad})
    assert stepper.index == 0 and stepper.refused


def test_needs_steps():
    with pytest.raises(ValueError):
        Stepper([])
