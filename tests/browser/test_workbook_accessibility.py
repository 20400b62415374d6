"""Every step of the served workbook, in a real Chromium at desktop and phone width.

At 1280 and 360 px each step is opened: nothing may be wider than the
screen, and axe-core (bundled by axe-playwright-python, nothing fetched)
must find no violation of any impact. A keyboard-only visitor answers a
Yes/No, a free-text and a rating item and reaches Next within 30 Tabs, and
the accessibility tree names the option they chose. Screenshots of every
step go to the test's temporary directory for a person to look at.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.browser

WIDTHS = (1280, 360)

#: Elements wider than the screen, ignoring the step list (it scrolls sideways on
#: a phone, by design) and the skip link (off-screen until focused).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth, found = [];
  for (const el of document.querySelectorAll("#rendered_cells *")) {
    if (el.closest(".lb-step-list")) continue;
    const box = el.getBoundingClientRect();
    if (box.width > 0 && (box.right > width + 1 || box.left < -1)) {
      found.push(`${el.tagName.toLowerCase()}.${String(el.className).split(" ").slice(0, 3).join(".")}`
                 + ` ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
  }
  return found.slice(0, 10);
}"""


def violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}" for v in found]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_step_fits_the_screen_and_passes_axe(workbook_server, browser, width, tmp_path):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(workbook_server.url)
        page.wait_for_selector(".lb-state-ready", timeout=90_000)
        steps = page.locator(".lb-step-list button")
        count = steps.count()
        assert count >= 13
        problems = {}
        for index in range(count):
            steps.nth(index).click()
            page.wait_for_selector(f".lb-step-list button:nth-child({index + 1}).lb-step-current")
            page.wait_for_timeout(600)  # let a freshly built step render its widgets
            found = {"too wide": page.evaluate(OVERFLOW), "axe": violations(page)}
            page.screenshot(path=str(tmp_path / f"step-{index + 1:02d}-{width}.png"), full_page=True)
            if found["too wide"] or found["axe"]:
                problems[f"step {index + 1}"] = found
        assert problems == {}
    finally:
        context.close()


@pytest.fixture(scope="module")
def checklist_server(tmp_path_factory, workbook_servers):
    """A programme whose first step mixes Yes/No, free-text and rating items."""
    root = tmp_path_factory.mktemp("keyboard")
    subprocess.run([sys.executable, "-m", "workbook.cli", "new", str(root / "wb"),
                    "--instrument", "convergence-process"], check=True, capture_output=True)
    return workbook_servers(root / "data", "--workbook", str(root / "wb"))


def test_a_keyboard_answers_and_reaches_next_within_30_tabs(checklist_server, page):
    page.goto(checklist_server.url)
    page.wait_for_selector(".lb-state-ready", timeout=90_000)
    page.locator(".lb-step-list button").nth(1).click()
    page.wait_for_selector(".lb-checklist .lb-radio")
    # Start where a keyboard starts on a page: its first stop, the skip link (counted as one Tab).
    page.evaluate("document.querySelector('.lb-skip-link').focus()")
    assert page.evaluate("document.activeElement.className") == "lb-skip-link"
    page.keyboard.press("Enter")  # past the header and the step list, to the step's heading
    assert page.evaluate("document.activeElement.tagName") in ("H2", "H3")
    presses, answered = 1, set()
    while presses < 30:
        page.keyboard.press("Tab")
        presses += 1
        focused = page.evaluate("""() => { const el = document.activeElement;
            return {role: el.getAttribute('role'), tag: el.tagName, text: el.textContent.trim(),
                    group: el.closest('[role=radiogroup]') ? el.closest('.lb-item').className : ''}; }""")
        if focused["role"] == "radio" and "lb-checklist" in focused["group"] and "yes-no" not in answered:
            page.keyboard.press("Space")  # the tab stop is the first option: Yes
            answered.add("yes-no")
        elif focused["tag"] == "TEXTAREA" and "text" not in answered:
            page.keyboard.type("We would keep training for its own sake.")
            answered.add("text")
        elif focused["role"] == "radio" and "lb-rating" in focused["group"] and "rating" not in answered:
            page.keyboard.press("ArrowRight")  # moves to the next option and selects it
            answered.add("rating")
        elif focused["tag"] == "BUTTON" and focused["text"].endswith("Next"):
            break
    assert answered == {"yes-no", "text", "rating"}
    assert page.evaluate("document.activeElement.textContent.trim()").endswith("Next"), f"{presses} Tabs"
    assert presses <= 30
    checked_yes = page.locator(".lb-checklist [role=radiogroup]").first
    assert 'radio "Yes" [checked]' in checked_yes.aria_snapshot()
    rating = page.locator(".lb-rating [role=radiogroup]").first
    snapshot = rating.aria_snapshot()
    assert "radiogroup" in snapshot and '[checked]' in snapshot
    assert rating.get_attribute("aria-label")  # named after the question
