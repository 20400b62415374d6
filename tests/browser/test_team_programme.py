"""A team round with its own programme, in a real Chromium: the members' pages, the dashboard, the export.

The coach makes a two-instrument workbook (a built-in and a YAML of their
own) with ``leaderbook new`` and gives it to ``team create --workbook``; the
server still serves the default workbook of every built-in. Three members
answer everything through their links: their pages ask the round's two
instruments only, the dashboard lists them as finished and shows the team's
figures, and the aggregate export has the coach's own instrument in it.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import wait_for

from workbook.cli import main as leaderbook
from workbook.instruments import find_instrument
from workbook.store import Store

pytestmark = pytest.mark.browser

OWN = """\
id: onboarding
version: 1
title: Onboarding new leaders
scale: {min: 1, max: 5, labels: [Never, Rarely, Sometimes, Often, Always]}
sections:
  - id: welcome
    title: Welcoming them
    kind: rating
    items:
      - {id: buddy, text: Every new leader of training gets a buddy.}
      - {id: first-week, text: The first week has a plan.}
"""
TITLES = ["Why converge training with strategy", "Onboarding new leaders"]
ITEMS = [("why-converge", [item.id for item in find_instrument("why-converge").items]),
         ("onboarding", ["buddy", "first-week"])]
PAGE_MS = 120_000


def answer_everything(page, url: str, point: int) -> list[str]:
    """Open the link, then on each instrument's step press the same point of every item; the steps listed."""
    page.goto(url)
    page.locator(".lb-page.lb-state-ready").wait_for(timeout=PAGE_MS)
    steps = [re.sub(r"^\d+\. ", "", s.strip()) for s in page.locator(".lb-step-list button").all_inner_texts()]
    for title, (instrument, items) in zip(TITLES, ITEMS):
        page.locator(".lb-step-list button", has_text=title).first.click()
        for item in items:
            radios = page.locator(f".lb-item-{instrument}-{item} [role=radio]")
            radios.first.wait_for(timeout=30_000)
            radios.nth(point - 1).click()
    return steps


def test_three_members_answer_a_coachs_own_programme_and_the_dashboard_shows_them_finished(
        workbook_server, page, capsys, tmp_path):
    data = workbook_server.data
    (tmp_path / "onboarding.yaml").write_text(OWN, encoding="utf-8")
    assert leaderbook(["new", str(tmp_path / "programme"), "--title", "Onboarding cohort",
                       "--instrument", "why-converge", "--instrument", str(tmp_path / "onboarding.yaml")]) == 0
    assert leaderbook(["team", "create", "Onboarders", "--members", "Ana,Ben,Cleo", "--workbook",
                       str(tmp_path / "programme"), "--json", "--data", str(data)]) == 0
    made = json.loads(capsys.readouterr().out)
    links = {link["member"]: link["url"].rsplit("invite=", 1)[1] for link in made["links"]}
    coach = made["coach_url"].rsplit("coach=", 1)[1]

    for member, point in (("Ana", 4), ("Ben", 5), ("Cleo", 3)):
        steps = answer_everything(page, workbook_server.invite_url(links[member]), point)
        assert steps == ["Welcome", *TITLES, "Results", "Action plan", "Summary"], "the round's programme, not all nine"
        assert page.locator(".lb-title").inner_text().strip() == "Onboarding cohort"

        def saved() -> int:
            with Store(data=data) as store:
                team = store.team_named("Onboarders")
                who = next(m.id for m in store.respondents(team.id) if m.name == member)
                return len([a for a in store.latest_answers(respondent_id=who)])
        wait_for(lambda: saved() == 8, f"{member}'s eight answers in the store")
        page.screenshot(path=tmp_path / f"{member}.png")

    page.goto(f"{workbook_server.base}/voila/render/dashboard.ipynb?coach={coach}")
    page.locator("h2", has_text="Team scores per section").wait_for(timeout=PAGE_MS)
    page.get_by_text("3 of 3 links finished").first.wait_for(timeout=30_000)
    row = page.locator(".lb-heat tr", has_text="Onboarding new leaders · Welcoming them")
    cell = row.locator("td.cell").last
    assert cell.get_attribute("data-n") == "3" and cell.get_attribute("data-suppressed") == "false"
    assert cell.locator("strong").inner_text() == "75"  # points 4, 5 and 3 of 5: (0.75 + 1 + 0.5) / 3
    page.screenshot(path=tmp_path / "dashboard.png", full_page=True)

    assert leaderbook(["export", "--team", "Onboarders", "--aggregate", "--format", "json", "--data", str(data)]) == 0
    exported = json.loads(capsys.readouterr().out)
    own = [r for r in exported["items"] if r["instrument_id"] == "onboarding"]
    assert {r["item_id"] for r in own} == {"buddy", "first-week"}
    assert all(r["n"] == 3 and not r["suppressed"] and r["distribution"] == {"3": 1, "4": 1, "5": 1} for r in own)
