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

from conftest import wait_for

from workbook.cli import main as leaderbook
from workbook.basics.numbers import format_score
from workbook.instruments import find_instrument
from workbook.instruments.programme import Programme, render_workbook
from workbook.store import Store
from workbook.team.release import SELF_LABEL
from workbook.team.admin import close_round, create_team

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


def open_workbook(page, url: str) -> None:
    page.goto(url)
    page.locator(".lb-page.lb-state-ready, .lb-page.lb-state-invalid").first.wait_for(timeout=PAGE_SECONDS)


def start(page) -> None:
    """Press Start on a first visit; a returning member's page already reopened on their step."""
    page.locator(f"{FIRST_ITEM}:visible, .lb-start:visible").first.wait_for(timeout=30_000)
    if page.locator(".lb-start:visible").count():
        page.locator(".lb-start:visible").first.click()


def answer_first_item(page, label: str) -> None:
    """Start (or continue), then press one point of the first item, as a member would."""
    start(page)
    choices = page.locator(f"{FIRST_ITEM} [role=radio]")
    choices.first.wait_for(timeout=30_000)
    page.locator(FIRST_ITEM).get_by_role("radio", name=label, exact=True).click()


def heat_cell(page, base: str, coach_token: str):
    """The dashboard's heat-map cell of the section, for the latest round, freshly loaded."""
    page.goto(f"{base}/voila/render/dashboard.ipynb?coach={coach_token}")
    row = page.locator(".lb-heat tr", has_text=SECTION_TITLE)
    row.wait_for(timeout=PAGE_SECONDS)
    return row.locator("td.cell").last


def exported_sections(data: Path, capsys) -> list[dict]:
    """The aggregate export's rows for the section about the team."""
    assert leaderbook(["export", "--team", "Blue", "--aggregate", "--format", "json", "--data", str(data)]) == 0
    exported = json.loads(capsys.readouterr().out)
    return [r for r in exported["sections"] if f"{r['instrument_id']}/{r['section_id']}" == SECTION
            and r["about"] == SELF_LABEL]


@pytest.mark.browser
def test_three_members_answer_through_their_links_and_the_coach_sees_the_team(
        workbook_server, dashboard_server, browser, page, capsys, tmp_path):
    data = workbook_server.data
    # The round's programme is one instrument; each member has answered all of it but its first
    # item already, so the answer given through their link is the one that finishes them.
    render_workbook(tmp_path / "blue", Programme("Blue", instruments=("leader-or-manager",)))
    instrument = find_instrument("leader-or-manager")
    with Store(data=data) as store:
        made = create_team(store, "Blue", "Ana,Ben,Cleo", workbook=tmp_path / "blue")
        for link in made.links:
            store.record_answers(link.respondent_id, made.round.id, instrument,
                                 [(item.id, 3) for section in instrument.sections for item in section.items
                                  if item.id != "serve-current-requests"])
    links = {link.member: workbook_server.invite_url(token_of(link.url, "invite")) for link in made.links}
    coach = token_of(made.coach_url, "coach")
    ids = {link.member: link.respondent_id for link in made.links}
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    def answers_of(member: str) -> dict:
        with Store(data=data) as store:
            answers = store.answer_values(ids[member], made.round.id, "leader-or-manager")
        return {key: value for key, value in answers.items() if key == "serve-current-requests"}

    # Ana and Ben answer, each through their own link.
    for member, label in (("Ana", "Often"), ("Ben", "Always")):
        open_workbook(page, links[member])
        assert page.locator(".lb-page.lb-state-ready").count() == 1
        assert page.get_by_text(f"You are answering as {member}").count() == 1
        answer_first_item(page, label)
        wait_for(lambda: answers_of(member) == {"serve-current-requests": {"Often": 4, "Always": 5}[label]},
                 f"{member}'s answer in the store")
        page.screenshot(path=tmp_path / f"{member}.png")

    # Ana's link reopens where she left off, with only her answer on it.
    open_workbook(page, links["Ana"])
    page.locator(f"{FIRST_ITEM} [role=radio]").first.wait_for(timeout=30_000)
    pressed = page.locator(f"{FIRST_ITEM} [role=radio][aria-checked=true]")
    pressed.first.wait_for(timeout=30_000)
    assert [text.strip("✓ \n") for text in pressed.all_inner_texts()] == ["Often"]

    # Two of three finished: nothing about the team is released, on the dashboard or in the export.
    page.goto(f"{dashboard_server}/voila/render/dashboard.ipynb?coach={coach}")
    page.locator("h2", has_text="Team scores per section").wait_for(timeout=PAGE_SECONDS)
    assert page.locator(".lb-heat tr", has_text=SECTION_TITLE).count() == 0
    page.screenshot(path=tmp_path / "dashboard-before.png", full_page=False)
    assert exported_sections(data, capsys) == []

    # Cleo opens her link: nothing of Ana's or Ben's is on it; she answers.
    open_workbook(page, links["Cleo"])
    start(page)
    page.locator(f"{FIRST_ITEM} [role=radio]").first.wait_for(timeout=30_000)
    assert page.locator(f"{FIRST_ITEM} [role=radio][aria-checked=true]").count() == 0
    page.locator(FIRST_ITEM).get_by_role("radio", name="Sometimes", exact=True).click()
    wait_for(lambda: answers_of("Cleo") == {"serve-current-requests": 3}, "Cleo's answer in the store")

    # Three of three: the figures show, the same on the dashboard and in the export.
    cell = heat_cell(page, dashboard_server, coach)
    assert cell.get_attribute("data-suppressed") == "false" and cell.get_attribute("data-n") == "3"
    page.screenshot(path=tmp_path / "dashboard-after.png", full_page=False)
    [after] = exported_sections(data, capsys)
    assert after["suppressed"] is False and after["n"] == 3
    assert cell.locator("strong").inner_text() == format_score(after['score'])  # one score format everywhere

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
    if not page.locator(".lb-start:visible").count():  # reopened on her last step: the welcome says it
        page.locator(".lb-step-list button", has_text="Welcome").first.click()
    page.get_by_text("This round is closed").first.wait_for(timeout=30_000)
    start(page)
    buttons = page.locator(f"{FIRST_ITEM} [role=radio]")
    buttons.first.wait_for(timeout=30_000)
    page.locator(FIRST_ITEM).get_by_role("radio", name="Never", exact=True).click(force=True)
    time.sleep(2)  # give a save, if one were made, time to land
    assert answers_of("Ben") == {"serve-current-requests": 5}
    with Store(data=data) as store:
        assert store.count_answers() == count
    assert dialogs == []
