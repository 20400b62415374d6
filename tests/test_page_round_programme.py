"""A team member's page asks the programme kept with their round, whatever the served workbook asks.

``leaderbook serve`` serves one workbook (every built-in instrument by
default); a team round made with ``team create --workbook DIR`` keeps its own
programme, a coach's YAML included. The member's page follows the round:
its steps, its title and its progress are the round's.
"""

from __future__ import annotations

import pytest

from pages.visit import local_respondent, visit_for_invite
from pages.workbook_page import WorkbookPage
from widgets.testing import find, text
from workbook.instruments.loader import parse_instrument
from workbook.instruments import find_instrument
from workbook.instruments.programme import Programme, resolve_instruments
from workbook.team.admin import create_team

from samples import SMALL_INSTRUMENT

pytestmark = pytest.mark.usefixtures("sent")
WHY = find_instrument("why-converge")
OWN = parse_instrument(SMALL_INSTRUMENT, "sample.yaml")


def served(store) -> WorkbookPage:
    return WorkbookPage(Programme(), resolve_instruments(Programme()), store)


def round_programme() -> tuple[dict, dict]:
    programme = Programme("Onboarding leaders", intro="Before our session on 3 March.",
                          instruments=("sample.yaml", WHY.key))
    return programme.to_json(), {"sample.yaml": SMALL_INSTRUMENT}


def test_a_members_page_asks_the_rounds_programme_with_the_coachs_own_instrument(store):
    made = create_team(store, "Blue", "Ana,Ben,Cleo", workbook=round_programme())
    ana = made.links[0]
    store.record_answers(ana.respondent_id, made.round.id, WHY, [(item.id, 4) for item in WHY.items])
    page = served(store)
    assert len(page.stepper.steps) == 9 + 5, "the served workbook asks every built-in, and has the map"
    page.open_for_visitor(visit_for_invite(store, ana.url.rsplit("invite=", 1)[1]))
    assert page.state == "ready"
    titles = page.stepper.titles
    assert titles[0] == "Welcome" and sorted(titles[1:3]) == sorted([OWN.title, WHY.title])
    assert titles[3:] == ["Results", "Action plan", "Summary"]
    assert "Onboarding leaders" in text(find(page, css="lb-title"))
    assert text(find(find(page, css="lb-header"), css="lb-status")) == "All changes saved"
    steps = dict(page.stepper.steps)
    assert steps[WHY.title].completion == 1 and steps[OWN.title].completion == 0
    # An answer given on the page goes to the coach's own instrument, where the team's figures read it.
    page.stepper.go(titles.index(OWN.title))
    item = steps[OWN.title].inner.sections[0].items[0]
    item.value = 4
    assert store.answer_values(ana.respondent_id, made.round.id, OWN.id) == {item.item.id: 4}


def test_an_individuals_page_keeps_the_served_workbook(store):
    respondent, round_ = local_respondent(store)
    from pages.visit import Visit

    page = served(store)
    page.open_for_visitor(Visit(respondent, round_))
    assert len(page.stepper.steps) == 9 + 5
