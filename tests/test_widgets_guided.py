"""The widgets put together as a guided set (every built-in instrument, results, the plan): light, restorable.

The page (pages/workbook_page.py, tested in test_page_widgets.py) assembles its own steps; here the
public widgets are put together as a notebook author would, to test how they work as one.
"""

import subprocess
import sys

import pytest

import widgets
from widgets import ActionPlan, InstrumentAssessment, Results, Stepper
from widgets.testing import choose, classes, click, find, find_all, options
from workbook.instruments import builtin_instruments


def guided_workbook(binding=None) -> Stepper:
    """Every built-in instrument as a step, then "Results" and "Action plan", reading the same answers."""
    instruments = builtin_instruments()
    assessments = [InstrumentAssessment(instrument, binding=binding) for instrument in instruments]

    def answers():
        return {a.instrument.id: {k: v for s in a.sections for k, v in s.value.items()} for a in assessments}

    results = Results(instruments=instruments, binding=binding, answers=answers)
    plan = ActionPlan(instruments, binding=binding, answers=answers)
    return Stepper([(i.title, a) for i, a in zip(instruments, assessments)]
                   + [("Results", results), ("Action plan", plan)])


pytestmark = pytest.mark.usefixtures("sent")


def test_one_step_per_instrument_then_results_and_plan(binding):
    stepper = guided_workbook(binding)
    titles = [i.title for i in builtin_instruments()]
    assert stepper.titles == titles + ["Results", "Action plan"]


def test_answers_flow_to_results_and_suggestions(binding):
    stepper = guided_workbook(binding)
    # A graded section (step 1's sections of poles are a position, never a gap to suggest actions for).
    first_section = next(s for s in stepper.steps[0][1].sections if not all(w.item.pole for w in s.items))
    for item in first_section.items:
        scale = find(item, role="radio group")
        choose(scale, options(scale)[0])  # the lowest point everywhere: a gap
    stepper.go(len(stepper.steps) - 2)
    assert stepper.current.scores and stepper.current.scores[0]["ref"].endswith(first_section.section.id)
    click(find(stepper, role="button", label="Next"))
    plan = stepper.current
    suggestions = find_all(plan, role="button", css="lb-suggestion")
    assert suggestions
    click(suggestions[0])
    assert binding.plan()[0]["what"] == suggestions[0].description


def test_a_reopened_page_fills_itself_from_the_store(binding):
    first = guided_workbook(binding)
    scale = find(first.steps[0][1].sections[0].items[0], role="radio group")
    choose(scale, options(scale)[2])
    again = guided_workbook(binding)
    assert again.steps[0][1].sections[0].items[0].value == 3
    assert again.completion == first.completion > 0


def test_every_item_is_findable_by_class():
    stepper = guided_workbook()
    found = [c for step in stepper.steps[:-2] for s in step[1].sections for w in s.items
             for c in classes(w) if c.startswith("lb-item-")]
    assert len(found) == len(set(found)) == sum(len(i.items) for i in builtin_instruments())


HEAVY = ("pandas", "numpy", "matplotlib", "jsonschema", "fastjsonschema", "pydantic", "openpyxl", "voila")


def test_a_form_imports_no_heavy_library():
    code = (f"HEAVY = {HEAVY!r}; import sys, widgets; from workbook.instruments import builtin_instruments; "
            "[widgets.InstrumentAssessment(i) for i in builtin_instruments()]; widgets.Results(); "
            "print(sorted(m for m in HEAVY if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_style_block():
    block = widgets.style()
    assert block.value.startswith("<style>") and ".lb-item" in block.value


def test_save_status_follows_the_page(binding):
    from widgets import SaveStatus

    stepper = guided_workbook(binding)
    status = SaveStatus(stepper)
    assert "All changes saved" in status.value and "lb-status-saved" in classes(status)
    binding.store.close_round(binding.round_id)
    scale = find(stepper.steps[0][1].sections[0].items[0], role="radio group")
    choose(scale, options(scale)[1])
    assert stepper.save_state == "not saved"
    assert "Not saved" in status.value and classes(status) == ("lb-status", "lb-status-not-saved")
