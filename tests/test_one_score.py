"""One score format everywhere: a section the team scores 37.5 reads "37.5" in every view, never "38".

A real SQLite store and a real team of five (threshold 3) answering leader-skills over two rounds,
with Ana as the leader the four others also rate. In the second round every member's own score on
"Strategic skills" is 37.5 (answers 2, 2, 3, 3 on a 1-5 scale), so the team's score is exactly 37.5,
and so are the others' ratings of Ana; in the first round two members scored 31.25, so the team
scored 35 and the change reads +2.5. Each view is rendered as the coach, the room or the member sees
it: the dashboard (what ``templates/dashboard.ipynb`` shows, ``CoachPage.html``), the session
console's topic, the team and individual reports, the downloadable summary and the aggregate export.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest

from pages.coach_page import CoachPage
from pages.session_page import SessionConsole
from workbook.exports.team import aggregate_export, write_aggregates
from workbook.instruments import builtin_instruments
from workbook.reports.individual import individual_html, individual_report
from workbook.reports.summary import summary_html
from workbook.reports.team import team_report
from workbook.team.release import SELF_LABEL
from workbook.team.admin import create_team, new_round
from workbook.team.dashboard import team_dashboard

from samples import programme_of

SKILLS = next(i for i in builtin_instruments() if i.id == "leader-skills")
CORE, STRATEGIC = SKILLS.sections
SECTION = f"{SKILLS.title} · {STRATEGIC.title}"  # as figure tables name it
REF = f"{SKILLS.id}/{STRATEGIC.id}"
HALF_WAY = (2, 2, 3, 3)  # points 0.25, 0.25, 0.5, 0.5: a score of 37.5
LOWER = (2, 2, 2, 3)  # 31.25
MEMBERS = "Ana,Ben,Cleo,Dev,Eve"

#: A whole "38" (not part of 138, 38.5 or 0.38): the rounded reading of 37.5.
ROUNDED = re.compile(r"(?<![\d.])38(?![\d.]*\d)")


def answer(store, link, round_id, strategic) -> None:
    assert len(STRATEGIC.items) == len(strategic)
    entries = [(item.id, 4) for item in CORE.items] + [(item.id, v) for item, v in zip(STRATEGIC.items, strategic)]
    store.record_answers(link.respondent_id, round_id, SKILLS, entries, subject_id=link.subject_id)


@pytest.fixture
def team(store):
    first = create_team(store, "Blue", MEMBERS, leader="Ana", workbook=programme_of(SKILLS))
    own = [link for link in first.links if link.subject is None]
    for link, strategic in zip(own, (HALF_WAY, HALF_WAY, HALF_WAY, LOWER, LOWER)):
        answer(store, link, first.round.id, strategic)
    second = new_round(store, "Blue", label="Round 2")
    for link in second.links:  # everyone about themselves, and the four others about Ana
        answer(store, link, second.round.id, HALF_WAY)
    return first, second


def words(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


def parts_naming(html: str, title: str) -> list[str]:
    """The text of every table row and list entry that names ``title``."""
    found = [words(part) for part in re.findall(r"<(?:tr|li)\b.*?</(?:tr|li)>", html, flags=re.S)]
    return [part for part in found if title in part]


def reads_as_one_decimal(html: str, title: str, least: int) -> list[str]:
    parts = parts_naming(html, title)
    assert len(parts) >= least, f"expected {least} rows naming {title!r}, found {parts}"
    for part in parts:
        assert "37.5" in part.split(), part
        assert not ROUNDED.search(part), part
    return parts


def test_the_team_figures_are_exactly_37_5(store, team):
    d = team_dashboard(store, "Blue")
    assert d.sections.loc[REF, "score"] == 37.5
    assert d.change.loc[REF, "change"] == pytest.approx(2.5)


def test_the_dashboard_and_the_team_report_read_37_5(store, team):
    first, second = team
    page = CoachPage(store, second.team, rounds=tuple(store.rounds(second.team.id)))
    for shown in (str(page.html()), team_report(team_dashboard(store, "Blue"))):
        # The heat map, the change since round 1, Ana's self and others, her rater group; the
        # reliability table after them names the section too, with alpha and rWG, not its score.
        scores, reliability = shown.split('<h2 id="reliability"')
        assert SECTION in reliability
        rows = reads_as_one_decimal(scores, SECTION, least=4)
        change = next(row for row in rows if "+2.5" in row.split())
        assert "35" in change.split() and "37.5" in change.split()
        assert not any("+2" in row.split() or "+3" in row.split() for row in rows)


def test_the_session_console_reads_37_5(store, team, sent):
    first, second = team
    console = SessionConsole(store, second.team, second.round)
    console.key_commands.run("next")  # core skills, then strategic skills
    console.key_commands.run("reveal")
    shown = console.topic_view.value
    assert f'data-topic="{REF}"' in shown
    text = words(shown)
    assert "37.5 / 100" in text and "The team scores 37.5 of 100 here (5 people)" in text
    assert "Others and Ana see this alike (37.5)" in text
    assert "Ana: Others 37.5, Ana's own view 37.5" in html.unescape(shown)  # the gap chart's description
    assert not ROUNDED.search(text)


def test_the_individual_report_and_the_summary_read_37_5(store, team):
    first, second = team
    ana = next(link for link in second.links if link.member == "Ana" and link.subject is None)
    report = individual_html(individual_report(store, ana.respondent_id))
    # The scores table, strengths and gaps, and how others see her.
    reads_as_one_decimal(report, SECTION, least=3)
    assert f"{SECTION}: Score 37.5" in report  # the chart's description
    answers = {SKILLS.id: store.answer_values(ana.respondent_id, second.round.id, SKILLS.id)}
    summary = summary_html([SKILLS], answers, [], title="Spring", respondent="Ana", round_label="Round 2")
    reads_as_one_decimal(summary, STRATEGIC.title, least=2)
    assert f"{STRATEGIC.title}: Score 37.5" in summary


def test_the_aggregate_export_carries_37_5(store, team):
    first, second = team
    data = aggregate_export(store, "Blue")
    mine = [row for row in data["sections"] if row["round_id"] == second.round.id and row["section_id"] == STRATEGIC.id]
    assert {row["about"]: row["score"] for row in mine} == {SELF_LABEL: 37.5, "others about Ana": 37.5}
    exported = json.loads(write_aggregates(data, "json", None))
    assert [row["score"] for row in exported["sections"] if row in mine] == [37.5, 37.5]
    table = csv.DictReader(io.StringIO(write_aggregates(data, "csv", None).decode("utf-8")))
    scores = [row["score"] for row in table if row["level"] == "section" and row["section_id"] == STRATEGIC.id
              and row["round_id"] == str(second.round.id)]
    assert scores == ["37.5", "37.5"]


def test_one_definition_the_templates_filters_are_the_functions():
    from workbook.basics.numbers import format_change, format_score
    from workbook.views import environment

    env = environment()
    filters = env.filters
    # Each filter is the function itself, told the render's language (English when none is given).
    assert filters["score"].__wrapped__ is format_score and filters["change"].__wrapped__ is format_change
    readings = {37.5: ("37.5", "+37.5"), 38.0: ("38", "+38"), 37.46: ("37.5", "+37.5"), -2.5: ("-2.5", "-2.5"),
                2.5: ("2.5", "+2.5"), 0.04: ("0", "0"), -0.04: ("0", "0"), None: ("–", "–"),
                float("nan"): ("–", "–")}
    for value, (score, change) in readings.items():
        assert (format_score(value), format_change(value)) == (score, change), value
        shown = env.from_string("{{ v|score }} {{ v|change }}").render(v=value)
        assert shown == f"{score} {change}", value
