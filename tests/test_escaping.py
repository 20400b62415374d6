"""Hostile free text is shown as text: in the HTML reports, the dashboard, and CSV/XLSX exports."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from pages.coach_page import open_coach_page
from workbook.team.dashboard import team_dashboard
from workbook.exports.answers import answer_rows, write_rows
from workbook.instruments import builtin_instruments
from workbook.reports.individual import individual_html, individual_report
from workbook.reports.team import team_report
from workbook.store import Store
from workbook.exports.team import aggregate_export, write_aggregates
from workbook.team.admin import create_team

SCRIPT = "<script>alert('x')</script>"
IMG = '<img src=x onerror="alert(1)">'
FORMULA = '=HYPERLINK("http://evil.example","click me")'
BREAKOUT = '"><svg onload=alert(2)>'
HOSTILE = (SCRIPT, IMG, FORMULA, BREAKOUT)


class ActiveContent(HTMLParser):
    """Finds what a browser would run: script elements, event-handler attributes, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}")


def assert_inert(html: str) -> None:
    parser = ActiveContent()
    parser.feed(html)
    assert parser.found == []
    for text in (SCRIPT, IMG, BREAKOUT):
        assert text not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html


@pytest.fixture
def hostile_team(tmp_path):
    """A team whose every free-text field is hostile, answered by enough people to be shown."""
    with Store(data=tmp_path) as store:
        process = next(i for i in builtin_instruments() if i.id == "convergence-process")
        rating = next(i for i in builtin_instruments() if any(item.kind == "rating" for item in i.items))
        # The programme: the rating instrument and the text questions of the process, all of which they answer.
        programme = ({"instruments": [rating.key, process.key],
                      "sections": ["convergence-process/situational-questions"]}, {})
        made = create_team(store, "Team " + SCRIPT, [f"{text} {i}" for i, text in enumerate(HOSTILE)],
                           leader=f"{SCRIPT} 0", label=FORMULA, workbook=programme)
        text_items = [item.id for item in process.items if item.kind == "text"]
        for number, link in enumerate(made.links):
            value = HOSTILE[number % len(HOSTILE)]
            store.record_answers(link.respondent_id, made.round.id, process,
                                 [(item_id, value) for item_id in text_items], subject_id=link.subject_id)
            store.record_answers(link.respondent_id, made.round.id, rating,
                                 [(item.id, 3, value) for item in rating.items if item.kind == "rating"],
                                 subject_id=link.subject_id)
            if link.subject is None:
                store.save_plan(link.respondent_id, made.round.id, [
                    {"id": "a", "what": SCRIPT, "gap": "leader-skills/core-skills", "owner": IMG},
                    {"id": "b", "what": IMG, "gap": "leader-skills/core-skills", "measure": FORMULA}])
        yield store, made


def test_the_team_report_shows_hostile_text_as_text(hostile_team):
    store, made = hostile_team
    html = team_report(team_dashboard(store, made.team.name))
    assert_inert(html)
    assert html.count("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") >= 3  # team name, names, answers, plans


def test_the_individual_report_shows_hostile_text_as_text(hostile_team):
    store, made = hostile_team
    leader = next(link for link in made.links if link.subject is not None).subject_id
    html = individual_html(individual_report(store, leader))
    assert_inert(html)
    assert "=HYPERLINK(&#34;http://evil.example&#34;" in html  # the round label, as text


def test_the_dashboard_page_shows_hostile_text_as_text(hostile_team, monkeypatch):
    store, made = hostile_team
    monkeypatch.setenv("LEADERBOOK_DB", store.url)
    for name in ("VOILA_PREHEAT", "VOILA_REQUEST_URL"):
        monkeypatch.delenv(name, raising=False)
    page = open_coach_page(made.team.name)
    assert page.valid
    assert_inert(str(page.html()))


def test_a_hostile_team_name_in_the_dashboard_error_is_escaped(tmp_path, monkeypatch):
    monkeypatch.setenv("LEADERBOOK_DATA", str(tmp_path))
    monkeypatch.delenv("LEADERBOOK_DB", raising=False)
    with Store(data=tmp_path) as store:
        create_team(store, "Blue", "Ana")
    page = open_coach_page(SCRIPT)
    assert not page.valid
    assert SCRIPT not in str(page.html()) and "&lt;script&gt;" in str(page.html())


def test_csv_and_xlsx_exports_neutralise_formulas(hostile_team, tmp_path):
    store, made = hostile_team
    exported = aggregate_export(store, made.team.name)
    rows = list(csv.DictReader(io.StringIO(write_aggregates(exported, "csv", None).decode())))
    assert rows and all(row["round"] == "'" + FORMULA for row in rows)
    sheet = load_workbook(io.BytesIO(write_aggregates(exported, "xlsx", None))).active
    header = [cell.value for cell in sheet[1]]
    rounds = {dict(zip(header, values))["round"] for values in sheet.iter_rows(min_row=2, values_only=True)}
    assert rounds == {"'" + FORMULA}
    # The answers export carries the free text itself.
    answers = answer_rows(store)
    cells = [line for line in csv.reader(io.StringIO(write_rows(answers, "csv", None).decode()))]
    flat = [cell for line in cells for cell in line]
    assert "'" + FORMULA in flat and FORMULA not in flat
    book = load_workbook(io.BytesIO(write_rows(answers, "xlsx", None))).active
    values = [cell for line in book.iter_rows(values_only=True) for cell in line]
    assert "'" + FORMULA in values and FORMULA not in values
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in values)
