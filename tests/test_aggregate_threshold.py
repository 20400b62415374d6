"""Property: no figure about fewer people than the threshold ever leaves the aggregation.

Random teams (a leader or not, up to two rounds, members answering any part
of a small instrument, about themselves and about the leader, with free text
and plans) are stored for real; then the dashboard's data, the team report,
the leader's individual report and the aggregate exports (JSON, CSV, XLSX)
are all checked: a group of fewer than ``threshold`` people is marked
suppressed and carries no figure, and its free text appears nowhere.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import tempfile
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from workbook.team.dashboard import team_dashboard
from workbook.instruments.loader import parse_instrument
from workbook.reports.individual import individual_html, individual_report
from workbook.reports.team import team_report
from workbook.store import Store
from workbook.exports.team import FIGURES, aggregate_export, write_aggregates
from workbook.team.admin import create_team, new_round

from samples import SMALL_INSTRUMENT

SMALL = parse_instrument(SMALL_INSTRUMENT, "sample.yaml")
VALUES = {"rating": st.one_of(st.integers(1, 5), st.just("na")), "checklist": st.booleans(),
          "mistakes": st.integers(0, 3)}
GAPS = ("sample/rated", "sample/flags", "sample/checked", "my own gap")
#: The team's rounds ask the sample instrument, so a member who answers all of it has finished and
#: counts towards a published figure (a round asking the built-ins would publish nothing here).
PROGRAMME = ({"instruments": ["sample.yaml"], "sections": []}, {"sample.yaml": SMALL_INSTRUMENT})
SCORED = [item for item in SMALL.items if item.kind != "text"]


@st.composite
def answer_sets(draw):
    """Some of the sample's scored items (often all: that member has finished), each with a value;
    maybe a free text answer."""
    if draw(st.booleans()):
        chosen = SCORED
    else:
        chosen = draw(st.lists(st.sampled_from(SCORED), unique=True, max_size=len(SCORED)))
    answers = [(item.id, draw(VALUES[item.kind])) for item in chosen]
    if draw(st.booleans()):
        answers.append(("t1", None))  # filled with a token unique to the writer below
    return answers


@st.composite
def scenarios(draw):
    members = draw(st.integers(1, 6))
    rounds = []
    for _ in range(draw(st.integers(1, 2))):
        rounds.append([{
            "self": draw(answer_sets()),
            "about": draw(answer_sets()),
            "plan": draw(st.lists(st.sampled_from(GAPS), max_size=2)),
        } for _ in range(members)])
    return {"members": members, "leader": draw(st.booleans()), "threshold": draw(st.integers(3, 4)),
            "rounds": rounds}


class FigureElements(HTMLParser):
    """Collects each element carrying ``data-n`` with the text inside it."""

    def __init__(self):
        super().__init__()
        self.open: list[list] = []
        self.found: list[tuple[int, str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-n" in attrs:
            self.open.append([int(attrs["data-n"]), attrs["data-suppressed"], "", 0])
        elif self.open and tag not in ("br", "img", "input", "meta", "hr"):
            self.open[-1][3] += 1

    def handle_endtag(self, tag):
        if self.open:
            if self.open[-1][3] == 0:
                n, hidden, text, _ = self.open.pop()
                self.found.append((n, hidden, text))
                if self.open:
                    self.open[-1][2] += text
            else:
                self.open[-1][3] -= 1

    def handle_data(self, data):
        if self.open:
            self.open[-1][2] += data


def store_scenario(store: Store, scenario) -> tuple[dict[str, int | None], int | None]:
    """Write the scenario; returns each free-text token with whom it is about, and the leader's id."""
    # Named by letters: a hidden figure's text may name whom it is about, and a digit there
    # would read as a leaked figure to check_html.
    names = [f"Member {chr(ord('A') + i)}" for i in range(scenario["members"])]
    made = create_team(store, "Team", names, leader=names[0] if scenario["leader"] else None,
                       threshold=scenario["threshold"], workbook=PROGRAMME)
    tokens, leader_id = {}, None
    for number, answers in enumerate(scenario["rounds"]):
        current = made if number == 0 else new_round(store, "Team")
        about = {link.respondent_id: link for link in current.links if link.subject is not None}
        for link, member_answers in zip([link for link in current.links if link.subject is None], answers):
            for which, target in (("self", link), ("about", about.get(link.respondent_id))):
                if target is None:
                    continue
                leader_id = target.subject_id if target.subject_id is not None else leader_id
                entries = []
                for item_id, value in member_answers[which]:
                    if item_id == "t1":
                        value = f"tok{number}x{link.respondent_id}x{which}"
                        tokens[value] = target.subject_id
                    entries.append((item_id, value))
                store.record_answers(link.respondent_id, current.round.id, SMALL, entries,
                                     subject_id=target.subject_id)
            plan = [{"id": f"a{k}", "what": f"plan{number}x{link.respondent_id}x{k}", "gap": gap}
                    for k, gap in enumerate(member_answers["plan"])]
            store.save_plan(link.respondent_id, current.round.id, plan)
    return tokens, leader_id


def figures_are_blank(row: dict, figure_keys) -> bool:
    return all(row.get(key) in (None, "") or (isinstance(row.get(key), float) and math.isnan(row[key]))
               for key in figure_keys)


def check_html(html: str, threshold: int) -> None:
    parser = FigureElements()
    parser.feed(html)
    for n, hidden, text in parser.found:
        assert (hidden == "true") == (n < threshold), (n, hidden, text)
        if hidden == "true":
            # The only numbers a hidden figure may carry are its own count and the threshold, in
            # the report's explanation; any other digit would be a figure that leaked.
            explained = re.sub(rf"not shown: ({n} (person|people) answered [^;\d]*"
                               rf"|the smallest group answered this section with {n}); {threshold} are needed",
                               "", text)
            assert not re.search(r"\d", explained), text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_no_figure_below_the_threshold_leaves_the_aggregation(scenario):
    threshold = scenario["threshold"]
    with tempfile.TemporaryDirectory() as data, Store(data=data) as store:
        tokens, leader_id = store_scenario(store, scenario)
        name = "Team"

        dashboard = team_dashboard(store, name, instruments=(SMALL,))
        # The check must be able to fail: in a one-round team where k members finished their own
        # assessment, that group is published and its figures are shown.
        finished_self = sum({item for item, _ in m["self"]} >= {item.id for item in SCORED}
                            for m in scenario["rounds"][0])
        if len(scenario["rounds"]) == 1 and finished_self >= threshold:
            assert any(not row["suppressed"] for table in dashboard.tables().values()
                       for _, row in table.iterrows()), "k finished members but no figure shown"
        for table_name, table in dashboard.tables().items():
            for key, row in table.iterrows():
                assert bool(row["suppressed"]) == (row["n"] < threshold), (table_name, key)
                if row["suppressed"]:
                    figures = [c for c in table.columns if c not in ("n", "suppressed")]
                    assert figures_are_blank(row.to_dict(), figures), (table_name, key, row.to_dict())

        report = team_report(dashboard)
        check_html(report, threshold)
        # Free text (answers and plans) shows only where its group is shown.
        shown = set()
        for row in dashboard.texts.itertuples():
            shown.update(row.answers if not row.suppressed else ())
        for row in dashboard.actions.itertuples():
            shown.update(row.what if not row.suppressed else ())
        for token in tokens:
            assert (token in report) == (token in shown), token
        for written in re.findall(r"plan\d+x\d+x\d+", report):
            assert written in shown, written
        assert "my own gap" not in report or any(
            gap == "my own gap" and not row.suppressed for gap, row in zip(dashboard.actions.index,
                                                                           dashboard.actions.itertuples()))

        if leader_id is not None:
            individual = individual_html(individual_report(store, leader_id, instruments=(SMALL,)))
            check_html(individual, threshold)
            for token, about in tokens.items():
                if about == leader_id and token in individual:
                    assert token.startswith(f"tok{len(scenario['rounds']) - 1}x")

        exported = aggregate_export(store, name, instruments=(SMALL,))
        rows = exported["sections"] + exported["items"]
        for row in rows:
            assert row["suppressed"] == (row["n"] < threshold), row
            if row["suppressed"]:
                assert not set(FIGURES) & set(row), row
        assert json.loads(write_aggregates(exported, "json", None)) == json.loads(json.dumps(exported))
        for line in csv.DictReader(io.StringIO(write_aggregates(exported, "csv", None).decode())):
            assert (line["suppressed"] == "true") == (int(line["n"]) < threshold)
            if line["suppressed"] == "true":
                assert figures_are_blank(line, FIGURES), line
        sheet = load_workbook(io.BytesIO(write_aggregates(exported, "xlsx", None))).active
        header = [cell.value for cell in sheet[1]]
        for values in sheet.iter_rows(min_row=2, values_only=True):
            line = dict(zip(header, values))
            if line["suppressed"] == "true":
                assert int(line["n"]) < threshold and figures_are_blank(line, FIGURES), line
            else:
                assert int(line["n"]) >= threshold
