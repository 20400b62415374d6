"""The action plan and the summary in a real Chromium at phone width (360 px).

A leader with answers opens the plan: red flags and weak areas come first,
one click adds a suggestion as a card, the card is filled in place, adding
another action never lowers the page's progress, nothing is wider than the
screen and axe-core finds nothing. The summary step then shows the same plan.
"""

from __future__ import annotations

import json

import pytest

from workbook.instruments import builtin_instruments
from workbook.store import Store
from workbook.store.invites import resolve_invite

pytestmark = pytest.mark.browser

from test_workbook_accessibility import OVERFLOW, violations  # noqa: E402  (same checks as every step)


@pytest.fixture(scope="module")
def answered_server(tmp_path_factory, workbook_servers):
    """A workbook whose leader has answered everything: low ratings, two mistakes flagged."""
    server = workbook_servers(tmp_path_factory.mktemp("plan") / "data")
    with Store(data=server.data) as store:
        invite = resolve_invite(store, server.url.split("invite=")[1])
        for instrument in builtin_instruments():
            answers = []
            for item in instrument.items:
                if item.kind == "mistakes":
                    answers.append((item.id, 3 if len(answers) < 2 else 0))
                elif item.kind == "checklist":
                    answers.append((item.id, False))
                elif item.kind != "text":
                    answers.append((item.id, item.scale.min + 1))
            store.record_answers(invite.respondent_id, invite.round_id, instrument, answers)
    return server


def open_step(page, title: str) -> None:
    page.locator(".lb-step-list button", has_text=title).first.click()
    page.wait_for_selector(f".lb-header .lb-step-name:has-text({json.dumps(title)})")


def percent(page) -> int:
    return int(page.locator(".lb-header .lb-percent").inner_text().split("%")[0])


def test_the_plan_on_a_phone_reads_as_a_plan_and_progress_never_falls(answered_server, browser, tmp_path):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    try:
        page.goto(answered_server.url)
        page.wait_for_selector(".lb-page.lb-state-ready .lb-stepper", timeout=90_000)
        open_step(page, "Action plan")
        page.wait_for_selector(".lb-focus-group")
        kinds = page.locator(".lb-suggestions > .lb-focus-group .lb-focus-kind").all_inner_texts()
        assert [k.strip().lower() for k in kinds[:2]] == ["red flag", "red flag"]
        assert "weak area" in [k.strip().lower() for k in kinds]
        assert page.locator(".lb-more-suggestions").is_hidden()
        start = percent(page)

        page.locator(".lb-suggestion").first.click()
        card = page.locator(".lb-plan-card").first
        card.wait_for()
        assert "Still to fill in" in card.inner_text()
        card.get_by_placeholder("Who makes it happen").fill("Ana")
        card.get_by_placeholder("Who makes it happen").press("Enter")
        card.locator("input[type=date]").fill("2027-01-15")
        card.get_by_placeholder("How you will know it worked").fill("Both managers coach weekly")
        card.get_by_placeholder("How you will know it worked").press("Tab")
        page.wait_for_selector(".lb-plan-card:not(.lb-plan-card-incomplete)")
        page.wait_for_selector(".lb-step-list button.lb-step-done:has-text('Action plan')")
        done = percent(page)
        assert done > start

        # One more suggestion, still empty: the plan stays done and the page's progress does not fall.
        page.locator(".lb-suggestion:not([disabled])").first.click()
        page.wait_for_selector(".lb-plan-card >> nth=1")
        page.wait_for_selector(".lb-plan-summary:has-text('2 actions')")
        assert percent(page) == done
        assert page.locator(".lb-step-list button.lb-step-done", has_text="Action plan").count() == 1

        page.wait_for_timeout(400)
        assert page.evaluate(OVERFLOW) == []
        assert violations(page) == []
        page.screenshot(path=str(tmp_path / "plan-360.png"), full_page=True)

        open_step(page, "Summary")
        frame = page.frame_locator("iframe.lb-summary-preview")
        frame.locator("h2", has_text="Action plan").wait_for()
        assert "Both managers coach weekly" in frame.locator("body").inner_text()
        page.wait_for_timeout(600)  # as the accessibility walk does: let the step list's colours settle
        assert page.evaluate(OVERFLOW) == []
        assert violations(page) == []
    finally:
        context.close()


def test_plan_text_typed_without_leaving_the_field_survives_a_reload(answered_server, page):
    page.goto(answered_server.url)
    page.wait_for_selector(".lb-page.lb-state-ready .lb-stepper", timeout=90_000)
    open_step(page, "Action plan")
    page.locator(".lb-plan-new").click()
    # The new card, once shown: its What selected, to be typed over as a person replaces "New action".
    page.wait_for_function("""() => {
        const what = [...document.querySelectorAll('.lb-plan-card textarea')].find(e => e.value === 'New action');
        if (what) { what.focus(); what.select(); }
        return Boolean(what); }""")
    page.keyboard.type("Meet the sales director before the budget round", delay=20)
    page.wait_for_timeout(2000)  # no blur, no Enter: the pause alone saves it
    page.reload()
    page.wait_for_selector(".lb-page.lb-state-ready .lb-stepper", timeout=90_000)
    open_step(page, "Action plan")
    page.wait_for_function("""() => [...document.querySelectorAll('.lb-plan-card textarea')]
        .some(e => e.value === 'Meet the sales director before the budget round')""", timeout=15_000)
