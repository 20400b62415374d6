"""The convergence map in a real Chromium, served by a real ``leaderbook serve``.

A leader builds a map of four goals (typed) and six programmes (pasted from a
spreadsheet column), links them by clicking and by keyboard, types an owner
(saved once the typing pauses), reloads the tab
and finds the map intact, reads the "goal with no programme" and "programme
with no goal" findings, puts a suggested action in the plan in one click, sees
it there, and downloads a summary that holds the map.
"""

from __future__ import annotations

import json

import pytest

from conftest import download_summary, wait_for
from workbook.assess.convergence import WORKSHEET
from workbook.store import Store
from workbook.store.invites import resolve_invite

pytestmark = pytest.mark.browser

GOALS = ["Grow export sales", "Cut onboarding time", "Safer warehouses", "Lower customer churn"]
PASTED = ("Export sales academy\t120\t9,000\nNegotiation clinic\t40\t3000\nBuddy scheme\t60\t500\n"
          "Forklift refresher\t25\t400\nService recovery workshop\t80\t2500\nLunchtime yoga\t200\t1200\n")
PROGRAMMES = [line.split("\t")[0] for line in PASTED.splitlines()]
#: (programme, goal, strength): "Lower customer churn" is left unserved, "Lunchtime yoga" serves nothing.
LINKS = [("Export sales academy", "Grow export sales", "direct"), ("Negotiation clinic", "Grow export sales", "some"),
         ("Buddy scheme", "Cut onboarding time", "direct"), ("Forklift refresher", "Safer warehouses", "direct"),
         ("Service recovery workshop", "Safer warehouses", "some")]


def open_step(page, title: str) -> None:
    page.locator(".lb-step-list button", has_text=title).first.click()
    page.wait_for_selector(f".lb-header .lb-step-name:has-text({json.dumps(title)})")


def cell(page, programme: str, goal: str, strength: str):
    return page.locator(f"button[aria-label={json.dumps(f'Link {programme} to {goal}: {strength}')}]")


def stored_map(server) -> dict | None:
    with Store(data=server.data) as store:
        invite = resolve_invite(store, server.url.split("invite=")[1])
        return store.load_worksheet(invite.respondent_id, invite.round_id, WORKSHEET)


def test_a_map_built_on_the_page_survives_a_reload_and_feeds_the_plan_and_summary(workbook_server, page, tmp_path):
    page.goto(workbook_server.url)
    page.wait_for_selector(".lb-page.lb-state-ready .lb-stepper", timeout=90_000)
    open_step(page, "Convergence map")
    new_goal = page.get_by_role("textbox", name="New goal", exact=True)
    for goal in GOALS:
        new_goal.fill(goal)
        new_goal.press("Enter")
        page.get_by_role("textbox", name=f"Name of goal {goal}").wait_for()
    page.get_by_text("Paste a list of programmes").click()
    page.get_by_role("textbox", name="Programmes to add", exact=False).fill(PASTED + "Old induction video\n")
    page.get_by_role("button", name="Add these programmes").click()
    page.get_by_role("button", name="Delete programme Old induction video").click()  # pasted one too many
    page.get_by_role("textbox", name="Name of programme Old induction video").wait_for(state="detached")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "New programme"
    for programme, goal, strength in LINKS:
        cell(page, programme, goal, "none").click()
        if strength == "direct":  # by keyboard: the cell keeps the focus, Enter moves it on
            cell(page, programme, goal, "some").press("Enter")
        cell(page, programme, goal, strength).wait_for()
    wait_for(lambda: len((stored_map(workbook_server) or {}).get("links", [])) == len(LINKS), "the links saved")
    # Typed text is saved once the typing pauses, without leaving the field.
    page.get_by_role("textbox", name=f"Owner of goal {GOALS[0]}").press_sequentially("Sales director", delay=15)
    wait_for(lambda: stored_map(workbook_server)["goals"][0]["owner"] == "Sales director", "the owner saved")
    saved = stored_map(workbook_server)
    assert [g["name"] for g in saved["goals"]] == GOALS and [p["name"] for p in saved["programmes"]] == PROGRAMMES
    assert saved["programmes"][0]["reach"] == 120 and saved["programmes"][0]["cost"] == 9000

    page.reload()  # a new kernel: everything comes back from the store, on the step that was open
    page.wait_for_selector(".lb-page.lb-state-ready .lb-stepper", timeout=90_000)
    page.wait_for_selector(".lb-header .lb-step-name:has-text('Convergence map')")
    for goal in GOALS:
        assert page.get_by_role("textbox", name=f"Name of goal {goal}").input_value() == goal
    assert page.get_by_role("textbox", name=f"Owner of goal {GOALS[0]}").input_value() == "Sales director"
    for programme, goal, strength in LINKS:
        assert cell(page, programme, goal, strength).count() == 1
    assert cell(page, "Lunchtime yoga", "Lower customer churn", "none").count() == 1
    findings = page.locator(".lb-cmap-finding")
    unserved = findings.filter(has_text="No programme on the map serves the goal “Lower customer churn”")
    unaligned = findings.filter(has_text="The programme “Lunchtime yoga” serves none of the goals")
    assert unserved.count() == 1 and unaligned.count() == 1
    picture = page.locator(".lb-cmap-picture svg[role=img]")
    assert "Lower customer churn (medium priority): no programme serves it" in picture.locator("desc").text_content()

    action = unaligned.locator(".lb-cmap-finding-action").inner_text().split(":", 1)[1].strip()
    unaligned.get_by_role("button", name=f"Add to my plan: {action}").click()
    unaligned.get_by_role("button", name=f"In your plan: {action}").wait_for()
    open_step(page, "Action plan")
    page.wait_for_selector(".lb-plan-summary:has-text('1 action')")
    assert page.locator(".lb-plan-card").get_by_role("textbox", name="What").input_value() == action

    open_step(page, "Summary")
    summary = download_summary(page, tmp_path / "summary.html")
    assert "Convergence map" in summary and "Lunchtime yoga" in summary and "Lower customer churn" in summary
    assert "serves none of the goals" in summary and "<script" not in summary
