"""The widgets tour in a real JupyterLab: every widget renders, with no error on the page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TOUR = Path(__file__).resolve().parents[2] / "templates" / "widgets-tour.ipynb"

#: One selector per widget kind of the tour.
WIDGET_KINDS = {
    "RatingScale": ".lb-item.lb-rating",
    "Checklist": ".lb-section.lb-checklists",
    "MistakeChecklist": ".lb-section.lb-mistakess",
    "SectionAssessment": ".lb-section.lb-ratings",
    "Results chart": ".lb-results svg.lb-chart",
    "ActionPlan": ".lb-action-plan",
    "Stepper": ".lb-stepper",
    "CostOfNonTraining": ".lb-calc-cost",
    "JustificationPlanner": ".lb-calc-justification",
    "ConvergenceMap": ".lb-cmap-host .lb-cmap-picture svg[role=img]",
}
STDERR = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'


def kernel_idle(page) -> None:
    """Wait until the status bar says the notebook's kernel is connected and idle."""
    page.locator(".jp-StatusBar-Widget", has_text="| Idle").first.wait_for(timeout=90_000)


def run_all_cells(page) -> None:
    """Through the Run menu, as a person would."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


@pytest.mark.browser
def test_tour_renders_every_widget(jupyterlab, page, tmp_path):
    shutil.copy(TOUR, jupyterlab.root / TOUR.name)
    page.goto(jupyterlab.tree_url(TOUR.name))
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=60_000)
    kernel_idle(page)
    run_all_cells(page)

    page.locator(WIDGET_KINDS["JustificationPlanner"]).wait_for(timeout=120_000)
    kernel_idle(page)
    page.locator(".lb-item").first.wait_for(state="visible")
    page.screenshot(path=tmp_path / "lab-top.png")

    for name, selector in WIDGET_KINDS.items():
        found = page.locator(selector)
        assert found.count() >= 1, f"{name} did not render ({selector})"
        found.first.evaluate("element => element.scrollIntoView({block: 'start'})")
        page.screenshot(path=tmp_path / f"{name.replace(' ', '-')}.png")

    assert page.locator(STDERR).count() == 0, page.locator(STDERR).all_inner_texts()
    assert page.get_by_text("Error displaying widget").count() == 0
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']").count() == 0

    # Answering by keyboard: focus a point of the scale (a radio of the group), press Space.
    button = page.locator(".lb-rating [role=radio]").nth(1)
    button.focus()
    page.keyboard.press("Space")
    page.wait_for_function("b => b.getAttribute('aria-checked') === 'true'", arg=button.element_handle())
    widget_errors = [e for e in page.errors if "widget" in e.lower()]
    assert widget_errors == []
