"""The downloadable summary: one self-contained HTML file, everything typed by anyone escaped."""

from __future__ import annotations

import base64
import datetime as dt
from markupsafe import escape
from html.parser import HTMLParser

from widgets.testing import markup
from workbook.instruments import find_instrument
from workbook.reports.summary import data_uri, summary_html

EVIL = "<script>alert('x')</script>"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.urls = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.urls += [value for name, value in attrs if name in ("href", "src") and value]


def parse(text: str) -> _Tags:
    tags = _Tags()
    tags.feed(text)
    return tags


def test_the_summary_shows_scores_mistakes_reflections_and_the_plan():
    skills, mistakes, process = (find_instrument(i) for i in ("leader-skills", "mistakes-obstacles",
                                                               "convergence-process"))
    text_item = next(i for i in process.items if i.kind == "text")
    answers = {
        skills.id: {item.id: 5 for item in skills.sections[0].items},
        mistakes.id: {mistakes.items[0].id: 3},
        process.id: {text_item.id: "We would lose the <b>contract</b>."},
    }
    plan = [{"id": "a1", "what": "Brief HR", "gap": "", "owner": "Ana", "due": "2026-12-31", "measure": "",
             "level": "behaviour", "status": "planned"}]
    page = summary_html([skills, mistakes, process], answers, plan, title="Spring programme",
                        respondent="Ana", round_label="Round 1", generated=dt.datetime(2026, 5, 1))
    assert skills.sections[0].title in page and "100" in page
    assert mistakes.items[0].text in page and "Most of the time" in page
    assert "We would lose the &lt;b&gt;contract&lt;/b&gt;." in page
    assert "Brief HR" in page and "2026-12-31" in page
    assert "Still to fill in" in page  # the action has no measure of success yet
    assert "01 May 2026" in page


def test_everything_typed_is_escaped_and_nothing_is_linked_or_run():
    skills = find_instrument("leader-skills")
    plan = [{"id": "a1", "what": EVIL, "gap": "", "owner": EVIL, "due": "", "measure": EVIL, "level": "",
             "status": "planned"}]
    page = summary_html([skills], {}, plan, title=EVIL, respondent=EVIL, round_label=EVIL)
    tags = parse(page)
    assert "script" not in tags.tags and tags.urls == []
    assert EVIL not in page and "&lt;script&gt;" in page


def test_an_empty_workbook_still_summarises():
    page = summary_html([find_instrument("leader-skills")], {}, [], title="T")
    assert "not answered" in page and "No actions yet." in page and "None flagged." in page


def test_the_data_uri_holds_the_page_as_utf8():
    uri = data_uri("<p>Café ✓</p>")
    assert uri.startswith("data:text/html;charset=utf-8;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]).decode("utf-8") == "<p>Café ✓</p>"


def _half_way_skills():
    """Two answers that put the first section of leader-skills at 37.5."""
    skills = find_instrument("leader-skills")
    first, second = [i for i in skills.sections[0].items if not i.reverse][:2]
    return skills, {first.id: 2, second.id: 3}


def test_numbers_read_as_on_the_page_one_formatter_for_both():
    from widgets import Results
    from workbook.basics.numbers import format_number
    from workbook.assess.scoring import assessment_summary

    skills, given = _half_way_skills()
    answers = {skills.id: given}
    section = assessment_summary([skills], answers).scores[0]
    assert section.score == 37.5 and format_number(section.score) == "37.5"
    page = summary_html([skills], answers, [], title="T")
    assert '<td class="num">37.5</td>' in page and ">38<" not in page
    results = Results.from_summary(assessment_summary([skills], answers))
    assert "37.5" in markup(results)  # the chart and the lists, as the page is sent them


def test_the_summary_holds_the_worksheets_notes_and_every_field_of_the_plan():
    from workbook.assess.calculators import cost_of_non_training, cost_rows, default_cost_inputs

    skills, given = _half_way_skills()
    executing = find_instrument("executing-training")
    checklist = next(i for i in executing.items if i.kind == "checklist")
    cost = {**default_cost_inputs(), "people": 25, "hourly_cost": 37.5}
    rows, payback = cost_rows(cost, "€")
    justification = {"priority": {"message": "It comes first because <sales> slipped.", "status": "communicated"},
                     "obstacles": {"message": "Line managers' time.", "status": "drafted"}}
    plan = [{"id": "a1", "what": "Brief HR\nand the works council", "gap": f"{skills.id}/{skills.sections[0].id}",
             "owner": "Ana", "due": "2026-12-31", "measure": "Both agree the dates", "level": "behaviour",
             "status": "in progress"}]
    page = summary_html([skills, executing], {skills.id: given, executing.id: {checklist.id: True}}, plan,
                        title="T", currency="€",
                        worksheets={"cost-of-non-training": cost, "justification-planner": justification},
                        notes={executing.id: {checklist.id: "Only in two <teams> so far"}})
    # The cost worksheet: what was entered and every figure the page works out, written the same way.
    assert "People affected" in page and "25 people" in page and "€37.5" in page
    for label, amount in rows:
        assert f'<td>{escape(label)}</td><td class="num">{escape(amount)}</td>' in page
    assert escape(payback) in page and escape(cost_of_non_training(cost).verdict) in page
    # The justification planner's messages and their state; a checklist item's note beside its answer.
    assert "It comes first because &lt;sales&gt; slipped." in page and "(communicated)" in page
    assert "Line managers&#39; time." in page
    assert "2 of 5 issues justified, 1 communicated" in page
    assert "Only in two &lt;teams&gt; so far" in page and escape(checklist.text) in page and "(Yes)" in page
    # The plan: every field, the gap by name, the level in words.
    for text in ("Brief HR\nand the works council", "Ana", "2026-12-31", "Both agree the dates",
                 "Behaviour (level 3)", "In progress", escape(skills.sections[0].title)):
        assert text in page


def test_worksheets_notes_and_messages_are_escaped_and_a_damaged_worksheet_does_not_break_the_page():
    skills = find_instrument("leader-skills")
    page = summary_html([skills], {}, [], title="T",
                        worksheets={"cost-of-non-training": {"people": "many"},
                                    "justification-planner": {"priority": {"message": EVIL, "status": "drafted"}}},
                        notes={skills.id: {skills.items[0].id: EVIL}})
    tags = parse(page)
    assert "script" not in tags.tags and tags.urls == [] and EVIL not in page
    assert page.count("&lt;script&gt;") == 2 and "could not be read" in page


def test_the_pages_summary_reads_everything_from_the_store(store, sent):
    from pages.visit import Visit, local_respondent
    from pages.workbook_page import WorkbookPage
    from workbook.instruments.programme import Programme, resolve_instruments

    respondent, round_ = local_respondent(store)
    executing = find_instrument("executing-training")
    checklist = next(i for i in executing.items if i.kind == "checklist")
    store.record_answer(respondent.id, round_.id, executing, checklist.id, False, "Budget first")
    store.save_worksheet(respondent.id, round_.id, "cost-of-non-training", {"people": 12})
    store.save_worksheet(respondent.id, round_.id, "justification-planner",
                         {"impact": {"message": "Less rework for the desk", "status": "drafted"}})
    page = WorkbookPage(Programme(), resolve_instruments(Programme()), store)
    page.open_for_visitor(Visit(respondent, round_))
    page.stepper.go(page.stepper.titles.index("Summary"))
    text = page.stepper.current.inner.summary()
    assert "Budget first" in text and "(No)" in text
    assert "12 people" in text and "Less rework for the desk" in text
    assert base64.b64decode(page.stepper.current.inner.value.split("base64,")[1].split('"')[0]).decode() == text


def test_a_profile_is_a_position_never_a_row_of_scores():
    lom = find_instrument("leader-or-manager")
    answers = {lom.id: {item.id: 4 for item in lom.items if item.kind == "rating"}}
    page = summary_html([lom], answers, [], title="T")
    profiles = [s for s in lom.sections if s.items and all(i.pole for i in s.items)]
    assert profiles and all(f"<td>{escape(s.title)}</td>" not in page for s in profiles)
    assert "Leading or managing?" in page
