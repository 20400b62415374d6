"""Saving that is true and steps that open at their top, in a real Chromium on a real ``leaderbook serve``.

Typed text is kept without leaving the box; Next from the bottom of a long
step shows the new step's first question with the focus on its heading; a
reload comes back to the step that was open. Each test answers through its
own invite, so the place one test leaves does not move another.
"""

from __future__ import annotations

import pytest

from workbook.instruments import builtin_instruments
from workbook.store import Store
from workbook.store.invites import create_invite

pytestmark = pytest.mark.browser

TITLES = ["Welcome", *[i.title for i in builtin_instruments()], "Results", "Action plan", "Summary"]
TITLES.insert(TITLES.index("The convergence process") + 1, "Convergence map")  # the map follows the process

#: Records every class the save status takes, so a short "Saving…" is not missed.
WATCH_STATUS = """() => {
  window.lbStates = [];
  const status = document.querySelector(".lb-status");
  const note = () => window.lbStates.push(status.className);
  new MutationObserver(note).observe(status, { attributes: true, attributeFilter: ["class"] });
  note();
}"""


def new_visitor(server) -> str:
    """The address of a fresh respondent's own page."""
    with Store(data=server.data) as store:
        who = store.add_respondent("Robin")
        round_ = store.start_round("Navigation")
        return server.invite_url(create_invite(store, who.id, round_.id))


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".lb-page.lb-state-ready .lb-stepper", timeout=90_000)


def open_step(page, title: str) -> None:
    page.locator(".lb-step-list button", has_text=title).first.click()
    wait_on_step(page, title)


def wait_on_step(page, title: str) -> None:
    number = TITLES.index(title) + 1
    page.wait_for_selector(f".lb-header .lb-step-name:has-text('Step {number} of')")


def test_typed_text_is_kept_without_leaving_the_box(workbook_server, page):
    url = new_visitor(workbook_server)
    open_page(page, url)
    open_step(page, "The convergence process")
    box = page.locator(".lb-item-convergence-process-if-we-do-not-converge textarea")
    box.click()
    page.evaluate(WATCH_STATUS)
    text = "We would keep training people for a strategy we left last year."
    page.keyboard.type(text)
    page.wait_for_timeout(2000)  # no Tab, no click elsewhere: the box keeps the focus
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    states = page.evaluate("window.lbStates")
    assert any("lb-status-saving" in s for s in states), states  # it said "Saving…" while typing
    assert "lb-status-saved" in states[-1] and page.locator(".lb-status").inner_text().strip() == "All changes saved"

    page.reload()
    page.wait_for_selector(".lb-page.lb-state-ready .lb-stepper", timeout=90_000)
    wait_on_step(page, "The convergence process")
    assert page.locator(".lb-item-convergence-process-if-we-do-not-converge textarea").input_value() == text
    assert page.errors == []


def test_next_from_the_bottom_of_a_long_step_shows_the_next_steps_first_item(workbook_server, page):
    open_page(page, new_visitor(workbook_server))
    open_step(page, "The four leadership functions")
    next_button = page.locator(".lb-step-footer button", has_text="Next")
    next_button.scroll_into_view_if_needed()
    # Voila scrolls #rendered_cells, not the window: a long step puts us far down it.
    assert page.evaluate("document.getElementById('rendered_cells').scrollTop") > 1000
    next_button.click()
    wait_on_step(page, "The convergence process")
    first_item = page.locator(".lb-stepper-step-5 .lb-item").first
    first_item.wait_for()
    page.wait_for_function("""() => {
        const item = document.querySelector(".lb-stepper-step-5 .lb-item");
        const header = document.querySelector(".lb-header").getBoundingClientRect();
        const box = item && item.getBoundingClientRect();
        return box && box.top >= header.bottom - 1 && box.top < window.innerHeight - 40;
    }""", timeout=5000)
    focused = page.evaluate("""() => ({tag: document.activeElement.tagName,
        text: document.activeElement.textContent.trim(),
        inStep: Boolean(document.activeElement.closest(".lb-stepper-step-5"))})""")
    assert focused["tag"] in ("H1", "H2", "H3") and focused["inStep"], focused
    assert "The convergence process" in focused["text"]
    assert page.errors == []


def test_a_reload_comes_back_to_the_step_that_was_open(workbook_server, page):
    url = new_visitor(workbook_server)
    open_page(page, url)
    assert page.locator(".lb-header .lb-step-name").inner_text().startswith("Step 1 of")  # a first visit: the welcome
    open_step(page, "Executing training")
    assert "Step 9 of" in page.locator(".lb-header .lb-step-name").inner_text()
    page.reload()
    page.wait_for_selector(".lb-page.lb-state-ready .lb-stepper", timeout=90_000)
    assert page.locator(".lb-header .lb-step-name").inner_text().startswith("Step 9 of 14: Executing training")
    page.locator(".lb-stepper-step-8 .lb-item").first.wait_for()
    # From the welcome, the one way to begin goes back there too.
    open_step(page, "Welcome")
    page.locator(".lb-start").click()
    wait_on_step(page, "Executing training")
    assert page.errors == []
