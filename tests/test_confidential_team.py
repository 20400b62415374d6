"""A confidential team: every command a coach can run, and none shows one member's answers.

Ana leads a confidential team of four and is rated by the three others;
everyone answers a two-instrument programme. Ana alone answers one free-text
question, with a sentence found nowhere else, and her ratings are the only
1s. The coach then runs everything: plain ``export`` (csv, json, xlsx, with
and without ``--history``), ``export --team --aggregate``, ``report --team``,
``report --respondent``, ``team reissue``, ``team list`` and the dashboard
(its data, and its page as the coach's link shows it). Ana's sentence never
appears, no output holds a row of one member's answers, and every figure
shown is about at least three people. A second, ordinary team in the same
store shows that the same checks do see a member's answers where the team
is not confidential.
"""

from __future__ import annotations

import json

import openpyxl
import pytest

from pages.coach_page import CoachPage
from workbook.cli import main
from workbook.team.dashboard import team_dashboard
from workbook.instruments import find_instrument
from workbook.store import Store

WHY = find_instrument("why-converge")
PROCESS = find_instrument("convergence-process")
SECRET = "Ana-only: our budget was cut and I have not told the team"
OPEN = "Ordinary-team: Olga wrote this"
K = 3


def _answer_all(store, respondent_id, round_id, rating, subject_id=None, texts=()):
    for instrument in (WHY, PROCESS):
        entries = [(item.id, rating if item.kind == "rating" else True)
                   for item in instrument.items if item.kind != "text"]
        if instrument is PROCESS:
            entries += list(texts)
        store.record_answers(respondent_id, round_id, instrument, entries, subject_id=subject_id)


@pytest.fixture
def data(tmp_path, capsys):
    folder = tmp_path / "data"
    assert main(["new", str(tmp_path / "programme"), "--instrument", "why-converge",
                 "--instrument", "convergence-process"]) == 0
    assert main(["team", "create", "Secret", "--members", "Ana,Ben,Cleo,Dev", "--leader", "Ana", "--confidential",
                 "--workbook", str(tmp_path / "programme"), "--data", str(folder)]) == 0
    assert main(["team", "create", "Open", "--members", "Olga,Pia,Quin", "--data", str(folder)]) == 0
    capsys.readouterr()
    text_items = [item.id for item in PROCESS.items if item.kind == "text"]
    with Store(data=folder) as store:
        for team, texts in (("Secret", {"Ana": [(text_items[0], SECRET)]}), ("Open", {"Olga": [(text_items[0], OPEN)]})):
            found = store.team_named(team)
            round_id = store.rounds(found.id)[-1].id
            members = {m.name: m.id for m in store.respondents(found.id)}
            for name, member_id in members.items():
                rating = 1 if name in ("Ana", "Olga") else 4
                _answer_all(store, member_id, round_id, rating, texts=texts.get(name, ()))
                if team == "Secret" and name != "Ana":
                    _answer_all(store, member_id, round_id, 5, subject_id=members["Ana"])
    return folder


def _run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def _member_rows(rows, names) -> list:
    return [row for row in rows if row.get("respondent") in names]


def _xlsx_rows(path) -> list[dict]:
    sheet = openpyxl.load_workbook(path).active
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


def _figures_shown(html: str) -> list[int]:
    return [int(part.split('"', 1)[0]) for part in html.split('data-n="')[1:]
            if part.split('"', 1)[1].startswith(' data-suppressed="false"')]


SECRET_TEAM = ("Ana", "Ben", "Cleo", "Dev")


def test_plain_export_leaves_out_a_confidential_teams_answers_in_every_format(data, tmp_path, capsys):
    for history in ([], ["--history"]):
        code, said = _run(capsys, "export", "--data", str(data), "--format", "json", "-o", str(tmp_path / "a.json"),
                          *history)
        assert code == 0 and "left out the answers of confidential team(s) 'Secret'" in said
        rows = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
        assert not _member_rows(rows, SECRET_TEAM) and SECRET not in json.dumps(rows)
        assert _member_rows(rows, ("Olga",)) and OPEN in json.dumps(rows), "the ordinary team's answers are exported"

        assert main(["export", "--data", str(data), "--format", "csv", "-o", str(tmp_path / "a.csv"), *history]) == 0
        text = (tmp_path / "a.csv").read_text(encoding="utf-8")
        assert SECRET not in text and not any(f",{name}," in text for name in SECRET_TEAM) and ",Olga," in text

        assert main(["export", "--data", str(data), "--format", "xlsx", "-o", str(tmp_path / "a.xlsx"), *history]) == 0
        rows = _xlsx_rows(tmp_path / "a.xlsx")
        assert not _member_rows(rows, SECRET_TEAM) and SECRET not in repr(rows) and _member_rows(rows, ("Olga",))

        code, said = _run(capsys, "export", "--data", str(data), "--format", "csv", *history)
        assert code == 0 and SECRET not in said and OPEN in said
    capsys.readouterr()


def test_the_aggregate_export_and_the_team_report_show_only_figures_about_three_or_more(data, tmp_path, capsys):
    for fmt in ("json", "csv", "xlsx"):
        target = tmp_path / f"agg.{fmt}"
        assert main(["export", "--data", str(data), "--team", "Secret", "--aggregate", "--format", fmt,
                     "-o", str(target)]) == 0
        if fmt == "json":
            exported = json.loads(target.read_text(encoding="utf-8"))
            rows = exported["sections"] + exported["items"]
            assert rows and all(row["n"] >= K for row in rows if not row["suppressed"])
            assert {row["about"] for row in rows} == {"members (self-assessments)", "others about Ana"}
        text = repr(_xlsx_rows(target)) if fmt == "xlsx" else target.read_text(encoding="utf-8")
        assert SECRET not in text and "Ben" not in text
    assert main(["report", "--data", str(data), "--team", "Secret", "-o", str(tmp_path / "team.html")]) == 0
    page = (tmp_path / "team.html").read_text(encoding="utf-8")
    assert SECRET not in page
    shown = _figures_shown(page)
    assert shown and min(shown) >= K
    capsys.readouterr()


def test_the_dashboard_leaves_out_the_leaders_own_scores_and_her_lone_text(data):
    with Store(data=data) as store:
        d = team_dashboard(store, "Secret")
        assert d.confidential and d.subjects, "Ana is rated by three"
        for view in d.subjects:
            assert view.gaps["self"].isna().all(), "the leader's own scores are one person's answers"
        assert all(row["suppressed"] for _, row in d.texts.iterrows())
        for name, table in d.tables().items():
            shown = table[~table["suppressed"].astype(bool)]
            assert (shown["n"] >= K).all(), name
        page = str(CoachPage(store, d.team, rounds=tuple(store.rounds(d.team.id))).html())
        assert SECRET not in page
        shown = _figures_shown(page)
        assert shown and min(shown) >= K
        # The ordinary team's dashboard shows its leader-less members the same way; the check sees figures.
        assert not team_dashboard(store, "Open").sections["suppressed"].any()


def test_commands_that_would_show_one_member_are_refused_and_the_list_tells_nothing(data, capsys):
    with Store(data=data) as store:
        ana = next(m.id for m in store.respondents(store.team_named("Secret").id) if m.name == "Ana")
        olga = next(m.id for m in store.respondents(store.team_named("Open").id) if m.name == "Olga")
    code, said = _run(capsys, "report", "--data", str(data), "--respondent", str(ana), "-o", str(data / "ana.html"))
    assert code != 0 and "confidential" in said and not (data / "ana.html").exists()
    code, said = _run(capsys, "report", "--data", str(data), "--respondent", str(olga), "-o", str(data / "olga.html"))
    assert code == 0 and (data / "olga.html").exists(), "an ordinary team's member gets a report"
    code, said = _run(capsys, "team", "reissue", "Secret", "Ana", "--data", str(data))
    assert code != 0 and "confidential" in said and "token=" not in said
    for extra in ([], ["--json"]):
        code, said = _run(capsys, "team", "list", "--data", str(data), *extra)
        assert code == 0 and "Secret" in said and SECRET not in said
