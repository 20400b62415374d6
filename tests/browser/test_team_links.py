"""A team round in a real Chromium: invite links, the coach dashboard, the export, closing.

Three members answer through their own invite links on ``leaderbook serve``.
Until the third has answered, the coach dashboard (a page of the same
``leaderbook serve``) and the aggregate export show the section as
suppressed; after, they show its figure. A mangled link gets the "not valid"
page and writes nothing; a closed round takes no more answers.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from workbook.cli import main as leaderbook
from workbook.store import Store
from workbook.teams import close_round, create_team

SECTION = "leader-or-manager/managing-and-leading"
SECTION_TITLE = "Leader or manager? · Managing and leading"
FIRST_ITEM = ".lb-item-leader-or-manager-serve-current-requests"
PAGE_SECONDS = 120_000


@pytest.fixture(scope="module")
def dashboard_server(workbook_server):
    """The coach dashboard is served by the same ``leaderbook serve`` as the members' pages."""
    return workbook_server.base


def token_of(url: str, name: str) -> str:
    return url.rsplit(f"{name}=", 1)[1]


def wait_for(condition, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


def open_workbook(page, url: str) -> None:
    page.goto(url)
    page.locator(".lb-page.lb-state-ready, .lb-page.lb-state-invalid").first.wait_for(timeout=PAGE_SECONDS)


def answer_first_item(page, label: str) -> None:
    """Start (or continue), then press one point of the first item, as a member would."""
    page.locator(".lb-start").first.click()
    choices = page.locator(f"{FIRST_ITEM} [role=radio]")
    choices.first.wait_for(timeout=30_000)
    page.locator(FIRST_ITEM).get_by_role("radio", name=label, exact=True).click()


def heat_cell(page, base: str, coach_token: str):
    """The dashboard's heat-map cell of the section, for the latest round, freshly loaded."""
    page.goto(f"{base}/voila/render/dashboard.ipynb?coach={coach_token}")
    row = page.locator(".lb-heat tr", has_text=SECTION_TITLE)
    row.wait_for(timeout=PAGE_SECONDS)
    return row.locator("td.cell").last


def exported_section(data: Path, capsys) -> dict:
    assert leaderbook(["export", "--team", "Blue", "--aggregate", "--format", "json", "--data", str(data)]) == 0
    exported = json.loads(capsys.readouterr().out)
    rows = [r for r in exported["sections"] if f"{r['instrument_id']}/{r['section_id']}" == SECTION
            and r["about"].startswith("team")]
    assert len(rows) == 1
    return rows[0]


@pytest.mark.browser
def test_three_members_answer_through_their_links_and_the_coach_sees_the_team(
        workbook_server, dashboard_server, browser, page, capsys, tmp_path):
    data = workbook_server.data
    with Store(data=data) as store:
        made = create_team(store, "Blue", "Ana,Ben,Cleo")
    links = {link.member: workbook_server.invite_url(token_of(link.url, "invite")) for link in made.links}
    coach = token_of(made.coach_url, "coach")
    ids = {link.member: link.respondent_id for link in made.links}
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    def answers_of(member: str) -> dict:
        with Store(data=data) as store:
            return store.answer_values(ids[member], made.round.id, "leader-or-manager")

    # Ana and Ben answer, each through their own link.
    for member, label in (("Ana", "Often"), ("Ben", "Always")):
        open_workbook(page, links[member])
        assert page.locator(".lb-page.lb-state-ready").count() == 1
        assert page.get_by_text(f"You are answering as {member}").count() == 1
        answer_first_item(page, label)
        wait_for(lambda: answers_of(member) == {"serve-current-requests": {"Often": 4, "Always": 5}[label]},
                 f"{member}'s answer in the store")
        page.screenshot(path=tmp_path / f"{member}.png")

    # Ana's link resumes where she left off, with only her answer on it.
    open_workbook(page, links["Ana"])
    assert page.locator(".lb-start", has_text="Continue where you left off").count() == 1
    page.locator(".lb-start").first.click()
    pressed = page.locator(f"{FIRST_ITEM} [role=radio][aria-checked=true]")
    pressed.first.wait_for(timeout=30_000)
    assert [text.strip("✓ \n") for text in pressed.all_inner_texts()] == ["Often"]

    # Two of three: the dashboard and the export keep the section's figures back.
    cell = heat_cell(page, dashboard_server, coach)
    assert cell.get_attribute("data-suppressed") == "true" and cell.get_attribute("data-n") == "2"
    assert "not shown" in cell.inner_text() and not any(ch.isdigit() for ch in cell.inner_text())
    page.screenshot(path=tmp_path / "dashboard-before.png", full_page=False)
    before = exported_section(data, capsys)
    assert before["suppressed"] is True and before["n"] == 2 and "score" not in before

    # Cleo opens her link: nothing of Ana's or Ben's is on it; she answers.
    open_workbook(page, links["Cleo"])
    page.locator(".lb-start").first.click()
    page.locator(f"{FIRST_ITEM} [role=radio]").first.wait_for(timeout=30_000)
    assert page.locator(f"{FIRST_ITEM} [role=radio][aria-checked=true]").count() == 0
    page.locator(FIRST_ITEM).get_by_role("radio", name="Sometimes", exact=True).click()
    wait_for(lambda: answers_of("Cleo") == {"serve-current-requests": 3}, "Cleo's answer in the store")

    # Three of three: the figures show. Often, Always, Sometimes = 4, 5, 3 → points .75, 1, .5 → 75.
    cell = heat_cell(page, dashboard_server, coach)
    assert cell.get_attribute("data-suppressed") == "false" and cell.get_attribute("data-n") == "3"
    assert cell.locator("strong").inner_text() == "75"
    page.screenshot(path=tmp_path / "dashboard-after.png", full_page=False)
    after = exported_section(data, capsys)
    assert after["suppressed"] is False and after["n"] == 3 and after["score"] == 75.0

    # A mangled member link and a mangled coach link: "not valid", and nothing written.
    with Store(data=data) as store:
        count = store.count_answers()
    token = token_of(links["Ben"], "invite")
    mangled = links["Ben"].replace(token, token[:-3] + ("xyz" if not token.endswith("xyz") else "abc"))
    open_workbook(page, mangled)
    assert page.locator(".lb-page.lb-state-invalid").count() == 1
    assert page.get_by_text("this link is not valid").count() >= 1
    assert page.locator(".lb-item").count() == 0
    page.goto(f"{dashboard_server}/voila/render/dashboard.ipynb?coach={coach[:-2]}zz")
    page.get_by_text("This link is not valid").wait_for(timeout=PAGE_SECONDS)
    assert page.locator(".lb-heat").count() == 0
    with Store(data=data) as store:
        assert store.count_answers() == count

    # A closed round says so and takes no more answers.
    with Store(data=data) as store:
        close_round(store, "Blue")
    open_workbook(page, links["Ben"])
    assert page.get_by_text("This round is closed").count() >= 1
    page.locator(".lb-start").first.click()
    buttons = page.locator(f"{FIRST_ITEM} [role=radio]")
    buttons.first.wait_for(timeout=30_000)
    page.locator(FIRST_ITEM).get_by_role("radio", name="Never", exact=True).click(force=True)
    time.sleep(2)  # give a save, if one were made, time to land
    assert answers_of("Ben") == {"serve-current-requests": 5}
    with Store(data=data) as store:
        assert store.count_answers() == count
    assert dialogs == []
