"""A leader types into a calculator on its step, reloads, and finds the figure kept.

The server is started as a person would start it, with ``--data`` relative
to the directory they are in: the page kernels run elsewhere, and must
still open the same store.
"""

from __future__ import annotations

import pytest

from conftest import start_workbook, stop

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def relative_server(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    server = start_workbook(home / "my-data", cwd=home)
    try:
        yield server
    finally:
        stop(server.process)


def open_step(page, title):
    page.locator(".lb-step-list button", has_text=title).first.click()
    page.wait_for_selector(f".lb-header .lb-step-name:has-text('{title}')")


def test_a_calculator_figure_survives_a_reload(page, relative_server, tmp_path):
    page.goto(relative_server.url)
    page.wait_for_selector(".lb-start", state="visible", timeout=90_000)
    assert page.locator(".lb-invalid").count() == 0
    page.locator(".lb-start").click()
    open_step(page, "Becoming a learning leader")
    people = page.locator(".lb-calc-field-people input")
    people.fill("37")
    people.press("Enter")
    page.wait_for_selector(".lb-calc-result:has-text('Cost of lost hours')")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.lb-calc-field-people input')].some(i => i.value === '37')")
    page.locator(".lb-calc-cost").screenshot(path=str(tmp_path / "cost-of-non-training.png"))

    page.reload()
    # The page reopens on the step that was open.
    page.wait_for_selector(".lb-page.lb-state-ready .lb-header .lb-step-name:has-text('Becoming a learning leader')",
                           timeout=90_000)
    page.wait_for_selector(".lb-calc-cost")
    assert page.locator(".lb-calc-field-people input").input_value() == "37"
