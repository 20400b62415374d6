"""Individual and team reports: what they show, the threshold on the team's, HTML and PDF files."""

from __future__ import annotations

import pytest

from workbook.cli import main
from workbook.team.dashboard import team_dashboard
from workbook.errors import LeaderbookError
from workbook.instruments import builtin_instruments
from workbook.assess.plan import new_action
from workbook.reports import write_report
from workbook.reports.individual import individual_html, individual_report
from workbook.reports.pdf import find_chromium
from workbook.reports.team import team_report
from workbook.store import Store
from workbook.team.admin import create_team

from samples import programme_of

SKILLS = next(i for i in builtin_instruments() if i.id == "leader-skills")
MISTAKES = next(i for i in builtin_instruments() if i.id == "mistakes-obstacles")
HEAT_ROW = "Leader skills · Core leadership skills"


def answer_skills(store, link, round_id, value):
    store.record_answers(link.respondent_id, round_id, SKILLS, [(item.id, value) for item in SKILLS.items],
                         subject_id=link.subject_id)


@pytest.fixture
def store(tmp_path):
    with Store(data=tmp_path) as opened:
        yield opened


def heat_cell(html: str) -> str:
    row = html.split(HEAT_ROW, 1)[1].split("</tr>", 1)[0]
    return row


def test_the_team_report_hides_section_figures_until_enough_people_answered(store):
    made = create_team(store, "Blue", "Ana,Ben,Cleo", workbook=programme_of(SKILLS))
    for link, value in zip(made.links[:2], (2, 4)):
        answer_skills(store, link, made.round.id, value)
    before = team_report(team_dashboard(store, "Blue"))
    assert HEAT_ROW not in before and "2 members (self-assessments) finished" in before
    assert "2 of 3 links finished" in before
    answer_skills(store, made.links[2], made.round.id, 3)
    after = team_report(team_dashboard(store, "Blue"))
    assert 'data-n="3" data-suppressed="false"><strong>50</strong>' in heat_cell(after)
    assert "3 of 3 links finished" in after


def test_the_team_report_shows_every_part_of_the_dashboard(store):
    made = create_team(store, "Blue", "Ana,Ben,Cleo", leader="Lea", workbook=programme_of(SKILLS, MISTAKES))
    for link in made.links:
        answer_skills(store, link, made.round.id, 2 if link.subject is None else 4)
        store.record_answers(link.respondent_id, made.round.id, MISTAKES,
                             [(item.id, 3 if n == 0 else 0) for n, item in enumerate(MISTAKES.items)],
                             subject_id=link.subject_id)
        if link.subject is None:
            store.save_plan(link.respondent_id, made.round.id,
                            [new_action("Weekly one-to-ones", gap="leader-skills/core-skills")])
    html = team_report(team_dashboard(store, "Blue"))
    for heading in ("Completion", "Team scores per section", "Self and others: Lea", "Most flagged mistakes",
                    "Spread of answers per item", "In their own words", "The team's action items"):
        assert heading in html
    assert MISTAKES.items[0].text in html and "4 of 4" in html
    assert "Weekly one-to-ones" in html
    # Lea rates herself 25, the three others rate her 75: a gap of +50.
    assert "<strong>+50</strong>" in html


def test_the_individual_report_shows_scores_mistakes_strengths_and_plan(store):
    who = store.add_respondent("Ana").id
    round_id = store.start_round().id
    store.record_answers(who, round_id, SKILLS, [(item.id, 5 if n % 2 else 1) for n, item in enumerate(SKILLS.items)])
    store.record_answers(who, round_id, MISTAKES, [(MISTAKES.items[1].id, 2)])
    store.save_plan(who, round_id, [new_action("Ask two managers for feedback", gap="leader-skills/core-skills",
                                               due="2026-03-01", measure="two talks held", level="behaviour")])
    html = individual_html(individual_report(store, who))
    assert "<h1>Ana</h1>" in html and "<svg" in html
    assert MISTAKES.items[1].text in html and "Often" in html
    assert "Ask two managers for feedback" in html and "2026-03-01" in html
    assert "<h3>Strongest</h3>" in html and "Suggested actions" in html
    # The plan names the section the action answers, as the downloadable summary does.
    assert "<dt>Answers</dt><dd>Leader skills: Core leadership skills</dd>" in html.split('id="plan"')[1]
    assert "How others see you" not in html  # nobody rated Ana


def test_others_views_in_the_individual_report_honour_the_threshold(store):
    made = create_team(store, "Blue", "Ana,Ben,Cleo", leader="Lea", workbook=programme_of(SKILLS))
    lea = made.links[0]
    answer_skills(store, lea, made.round.id, 2)
    raters = [link for link in made.links if link.subject == "Lea"]
    for link in raters[:2]:
        answer_skills(store, link, made.round.id, 4)
    html = individual_html(individual_report(store, lea.respondent_id))
    # Two raters are too few: their answers are in no figure at all.
    assert "How others see you" not in html and "+50" not in html
    answer_skills(store, raters[2], made.round.id, 4)
    html = individual_html(individual_report(store, lea.respondent_id))
    assert 'data-n="3" data-suppressed="false"' in html and "<strong>+50</strong>" in html


def test_reports_are_written_as_html_or_refused(tmp_path):
    target = write_report("<p>hi</p>", tmp_path / "r.html")
    assert target.read_text() == "<p>hi</p>"
    with pytest.raises(LeaderbookError, match=".html or .pdf"):
        write_report("<p>hi</p>", tmp_path / "r.docx")


def test_without_chromium_a_pdf_is_refused_with_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("LEADERBOOK_CHROMIUM", str(tmp_path / "no-such-browser"))
    with pytest.raises(LeaderbookError, match="write the report as .html"):
        write_report("<p>hi</p>", tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.skipif(find_chromium() is None, reason="no Chromium on this machine to print PDFs with")
def test_the_report_command_writes_a_pdf(tmp_path, capsys):
    with Store(data=tmp_path) as store:
        made = create_team(store, "Blue", "Ana,Ben,Cleo")
        for link in made.links:
            answer_skills(store, link, made.round.id, 3)
    assert main(["report", "--team", "Blue", "-o", str(tmp_path / "team.pdf"), "--data", str(tmp_path)]) == 0
    assert (tmp_path / "team.pdf").read_bytes()[:5] == b"%PDF-"
    assert (tmp_path / "team.pdf").stat().st_size > 10_000


def test_the_report_command_writes_html_and_says_what_is_wrong(tmp_path, capsys):
    with Store(data=tmp_path) as store:
        made = create_team(store, "Blue", "Ana,Ben,Cleo")
        answer_skills(store, made.links[0], made.round.id, 3)
        ana = made.links[0].respondent_id
    data = ["--data", str(tmp_path)]
    assert main(["report", "--respondent", str(ana), "-o", str(tmp_path / "ana.html"), *data]) == 0
    assert "<h1>Ana</h1>" in (tmp_path / "ana.html").read_text()
    assert main(["report", "--team", "Blue", "-o", str(tmp_path / "team.txt"), *data]) == 1
    assert "-o team.html" in capsys.readouterr().err
    assert main(["report", "--respondent", "999", "-o", str(tmp_path / "x.html"), *data]) == 1
    assert "no respondent with id 999" in capsys.readouterr().err
    assert main(["report", "--team", "Blue", "--threshold", "2", "-o", str(tmp_path / "t.html"), *data]) == 1
    assert "at least 3" in capsys.readouterr().err
