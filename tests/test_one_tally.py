"""One tally of a link's progress: the page, the dashboard, the release rule and the console agree.

A real SQLite store and a team round whose programme is the sample instrument
(rated, checklist, mistakes and free-text sections: the free text is optional)
and an instrument made only of text (where text is all there is, so it counts,
but empty text does not). Members answer part of it, with a "not applicable",
a cleared answer and empty text; each view is read as it reads itself: the
respondent's page opened on the member's link, the coach's dashboard, the
console's RoomWatch and the release rule's finished groups.
"""

from __future__ import annotations

import pytest

from pages.visit import visit_for_invite
from pages.workbook_page import WorkbookPage
from workbook.assess.progress import Tallies
from workbook.instruments.loader import parse_instrument
from workbook.instruments.programme import Programme, resolve_instruments
from workbook.team.admin import create_team
from workbook.team.dashboard import team_dashboard
from workbook.team.release import SELF, finished_groups
from workbook.team.room import RoomWatch
from workbook.team.round_programme import round_instruments

from samples import SMALL_INSTRUMENT

pytestmark = pytest.mark.usefixtures("sent")

REFLECTION = """
id: reflection
version: 1
title: Reflection
sections:
  - id: looking-back
    title: Looking back
    kind: text
    items:
      - {id: q1, text: What went well?}
      - {id: q2, text: What would you change?}
"""
OWN = parse_instrument(SMALL_INSTRUMENT, "sample.yaml")
WRITTEN = parse_instrument(REFLECTION, "reflection.yaml")


@pytest.fixture
def made(store):
    programme = Programme("Check-in", instruments=("sample.yaml", "reflection.yaml")).to_json()
    return create_team(store, "Tally", "Ana,Ben,Cleo,Dev", leader="Ana",
                       workbook=(programme, {"sample.yaml": SMALL_INSTRUMENT, "reflection.yaml": REFLECTION}))


def link_of(made, member: str, subject: str | None = None):
    return next(link for link in made.links if link.member == member and link.subject == subject)


def page_for(store, link) -> WorkbookPage:
    """The respondent's page, opened on ``link`` as a member's browser opens it."""
    page = WorkbookPage(Programme(), resolve_instruments(Programme()), store)
    page.open_for_visitor(visit_for_invite(store, link.url.rsplit("invite=", 1)[1]))
    assert page.state == "ready"
    return page


def views_of(store, made, link):
    """What the page, the dashboard, the console and the release rule say about one link."""
    page = page_for(store, link)
    tally = page.tally()
    steps = dict(page.stepper.steps)
    dashboard = team_dashboard(store, team=made.team)
    row = next(p for p in dashboard.progress if p.member == link.member and p.purpose == link.purpose)
    names = {m.respondent_id: m.member for m in made.links}
    room = RoomWatch(store, made.round.id, round_instruments(store, made.round.id), names)
    room.poll()
    console = dict(room.counts.people)[link.member]
    finished = finished_groups(store, made.round.id, round_instruments(store, made.round.id))
    return tally, steps, row, console, finished


def test_a_partly_answered_link_reads_the_same_everywhere(store, made):
    ana = link_of(made, "Ana")
    store.record_answers(ana.respondent_id, made.round.id, OWN,
                         [("r1", "na"), ("r2", 3), ("r3", 2), ("c1", True), ("m1", 0), ("t1", "")])
    store.record_answer(ana.respondent_id, made.round.id, OWN, "r2", None)  # cleared: no longer an answer
    store.record_answers(ana.respondent_id, made.round.id, WRITTEN, [("q1", ""), ("q2", "Less haste.")])

    tally, steps, row, console, finished = views_of(store, made, ana)
    # Counted: r1..r3, c1, c2, m1, m2 (free text t1 is optional) and q1, q2 (all the reflection has).
    # Answered: r1 ("na" is an answer), r3, c1, m1 and q2; not the cleared r2, not the empty q1.
    assert (tally.answered, tally.total, tally.started, tally.finished) == (5, 9, True, False)
    assert (steps[OWN.title].completion, steps[WRITTEN.title].completion) == (4 / 7, 1 / 2)
    assert (row.answered, row.total, row.finished, row.state) == (tally.answered, tally.total, False, "in progress")
    assert console == "answering"
    assert ana.respondent_id not in finished.get(SELF, frozenset())

    store.record_answers(ana.respondent_id, made.round.id, OWN, [("r2", 4), ("c2", False), ("m2", 2)])
    store.record_answer(ana.respondent_id, made.round.id, WRITTEN, "q1", "The kick-off.")
    tally, steps, row, console, finished = views_of(store, made, ana)
    assert (tally.answered, tally.total, tally.finished) == (9, 9, True)
    assert (steps[OWN.title].completion, steps[WRITTEN.title].completion) == (1, 1)
    assert (row.answered, row.finished, row.state) == (9, True, "finished")
    # Ana also rates nobody (she is the leader), so her one link finished is her finishing.
    assert console == "finished"
    assert ana.respondent_id in finished[SELF]


def test_a_link_with_only_cleared_and_empty_answers_has_not_started_anywhere(store, made):
    ben = link_of(made, "Ben")
    store.record_answer(ben.respondent_id, made.round.id, OWN, "r1", 3)
    store.record_answer(ben.respondent_id, made.round.id, OWN, "r1", None)
    store.record_answers(ben.respondent_id, made.round.id, WRITTEN, [("q1", ""), ("q2", "")])

    tally, steps, row, console, finished = views_of(store, made, ben)
    assert (tally.answered, tally.started, tally.finished) == (0, False, False)
    assert steps[OWN.title].completion == steps[WRITTEN.title].completion == 0
    assert (row.answered, row.state) == (0, "not started")
    assert console == "joined", "he sent answers, so he is in; none counts, so he is not answering"
    assert not any(ben.respondent_id in people for people in finished.values())


def test_a_rating_link_is_tallied_apart_from_the_raters_own(store, made):
    cleo_about_ana = link_of(made, "Cleo", "Ana")
    store.record_answers(cleo_about_ana.respondent_id, made.round.id, OWN,
                         [(item.id, 2 if item.kind != "checklist" else True) for item in OWN.items
                          if item.kind != "text"], subject_id=cleo_about_ana.subject_id)
    store.record_answers(cleo_about_ana.respondent_id, made.round.id, WRITTEN, [("q1", "a"), ("q2", "b")],
                         subject_id=cleo_about_ana.subject_id)

    tally, _, row, console, finished = views_of(store, made, cleo_about_ana)
    assert tally.finished and row.finished and row.state == "finished"
    own = next(p for p in team_dashboard(store, team=made.team).progress
               if p.member == "Cleo" and p.purpose == "self-assessment")
    assert own.state == "not started"
    assert console == "answering", "Cleo has finished one of her two links"
    assert cleo_about_ana.respondent_id in next(people for scope, people in finished.items() if scope != SELF)


def test_every_event_folded_ends_where_the_current_answers_do(store, made):
    """The console folds every answer event; the dashboard folds the current answers once: the same tallies."""
    ana, ben = link_of(made, "Ana"), link_of(made, "Ben")
    store.record_answers(ana.respondent_id, made.round.id, OWN, [("r1", 1), ("r2", "na"), ("c1", True)])
    store.record_answers(ana.respondent_id, made.round.id, OWN, [("r1", None), ("c1", False)])
    store.record_answers(ben.respondent_id, made.round.id, WRITTEN, [("q1", "x"), ("q1", "")])
    store.record_answers(ben.respondent_id, made.round.id, WRITTEN, [("q2", "y")])
    instruments = round_instruments(store, made.round.id)
    from_events = Tallies(instruments).add(a for _, a in store.answers_since(made.round.id, 0))
    from_current = Tallies(instruments).add(store.latest_answers(round_id=made.round.id))
    for link in (ana, ben):
        assert from_events.tally(link.respondent_id) == from_current.tally(link.respondent_id)
    assert from_current.tally(ana.respondent_id).answered == 2
    assert from_current.tally(ben.respondent_id).answered == 1
