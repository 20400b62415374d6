"""The convergence map widget, its picture and its step on the guided page.

Driven as the page drives it: whole values sent through ``set_state`` (a
broken or hostile page included), the page's messages (paste, add to the
plan) through the widget's comm, and read back through ``value``, the
findings, what the page is sent and the store.
"""

from __future__ import annotations

from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest

from widgets import ActionPlan, ConvergenceMap, StoreBinding
from widgets.testing import chosen, find_all, message, send
from workbook.assess.convergence import WORKSHEET
from workbook.instruments import builtin_instruments
from workbook.instruments.programme import Programme, programme_from_json, resolve_instruments
from workbook.views.charts import convergence_matrix

pytestmark = pytest.mark.usefixtures("sent")

HOSTILE = '<img src=x onerror="alert(1)"> & "Sales"'

MAP = {
    "goals": [{"id": "g1", "name": "Grow sales abroad", "priority": "high"},
              {"id": "g2", "name": "Safer warehouses", "owner": "Dev", "priority": "low"}],
    "programmes": [{"id": "p1", "name": "Sales academy", "reach": 120, "cost": 9000, "evaluation": "results"},
                   {"id": "p2", "name": "Forklift refresher", "cost": 400, "evaluation": "behaviour"},
                   {"id": "p3", "name": "Yoga at lunch", "evaluation": "reaction"}],
    "links": [{"goal": "g1", "programme": "p1", "strength": "direct"},
              {"goal": "g2", "programme": "p2", "strength": "some"}],
}


def page_message(widget, content) -> None:
    """What the page sends when a button is clicked: a custom message through the widget's comm."""
    message(widget, content)


def findings_markup(widget) -> str:
    return widget.get_state("_findings_html")["_findings_html"]


@pytest.fixture
def binding(answering):
    store, respondent_id, round_id = answering
    return StoreBinding(store, respondent_id, round_id)


def test_a_map_built_from_the_page_is_saved_and_comes_back(binding):
    cmap = ConvergenceMap(binding=binding)
    send(cmap, {"value": MAP})
    assert binding.worksheet(WORKSHEET) == cmap.value and cmap.save_state == "saved"
    assert cmap.value["goals"][0]["horizon"] == "one to three years", "a new row gets the defaults"
    again = ConvergenceMap(binding=binding)
    assert again.value == cmap.value
    kinds = [(f.kind, f.goal, f.programme) for f in again.findings]
    assert ("programme-unaligned", None, "p3") in kinds and ("reaction-only", None, "p3") in kinds


def test_a_malformed_value_from_the_page_is_refused_and_nothing_is_saved(binding):
    cmap = ConvergenceMap(binding=binding)
    send(cmap, {"value": MAP})
    saved = binding.worksheet(WORKSHEET)
    bad_maps = [
        {**MAP, "links": [{"goal": "g9", "programme": "p1", "strength": "direct"}]},  # no such goal
        {**MAP, "goals": [{"id": "g1", "name": ""}]},  # an empty name
        {**MAP, "programmes": [{"id": "p1", "name": "x", "reach": -4}]},
        {**MAP, "goals": "all of them"},
        [1, 2, 3],
    ]
    for bad in bad_maps:
        send(cmap, {"value": bad})
        assert cmap.value == saved and binding.worksheet(WORKSHEET) == saved
        assert cmap.error.startswith("That change was not accepted")
    send(cmap, {"findings": []})  # not something the page may change
    assert "may not change" in cmap.error
    send(cmap, {"value": {**saved, "goals": [*saved["goals"], {"id": "g3", "name": "Lower churn"}]}})
    assert cmap.error == "" and len(binding.worksheet(WORKSHEET)["goals"]) == 3


def test_programmes_pasted_from_a_spreadsheet_column(binding):
    cmap = ConvergenceMap(binding=binding)
    page_message(cmap, {"paste": "Sales academy\t120\t9,000\n\nForklift refresher\t\t€ 400\nYoga at lunch\n"})
    programmes = binding.worksheet(WORKSHEET)["programmes"]
    assert [(p["id"], p["name"], p["reach"], p["cost"]) for p in programmes] == [
        ("p1", "Sales academy", 120, 9000), ("p2", "Forklift refresher", None, 400), ("p3", "Yoga at lunch", None, None)]
    page_message(cmap, {"paste": "Sales academy\nCoaching circle"})  # pasted again: only the new one is added
    assert [p["name"] for p in cmap.value["programmes"]][-2:] == ["Yoga at lunch", "Coaching circle"]
    page_message(cmap, {"paste": "x" * 500})  # a name longer than the map keeps
    assert "not accepted" in cmap.error and len(binding.worksheet(WORKSHEET)["programmes"]) == 4
    page_message(cmap, {"delete": "everything"})
    assert "does not know" in cmap.error


def test_a_finding_goes_to_the_plan_in_one_click(binding):
    plan = ActionPlan(binding=binding)
    cmap = ConvergenceMap(MAP, binding=binding, on_add_action=lambda what, gap, level: plan.add(what, gap, level=level))
    unaligned = next(f for f in cmap.findings if f.kind == "programme-unaligned")
    markup = findings_markup(cmap)
    key = f"programme-unaligned//{unaligned.programme}"
    assert f'data-finding="{key}"' in markup
    page_message(cmap, {"add": key})
    stored = binding.plan()
    assert [(a["what"], a["gap"], a["level"]) for a in stored] == [(unaligned.action, "convergence/p3", "results")]
    assert f'data-finding="{key}"' not in findings_markup(cmap), "its button now says it is in the plan"
    page_message(cmap, {"add": "goal-unserved/g7/"})
    assert "no longer on the map" in cmap.error and len(binding.plan()) == 1


def test_without_a_plan_the_findings_have_no_button():
    cmap = ConvergenceMap(MAP)
    assert cmap.findings and "Add to my plan" not in findings_markup(cmap)
    assert cmap.save_state == "not saved"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_hostile_names_are_shown_as_text_in_the_findings_and_the_picture():
    hostile = {"goals": [{"id": "g1", "name": HOSTILE}],
               "programmes": [{"id": "p1", "name": "<script>alert(2)</script>"}], "links": []}
    cmap = ConvergenceMap(hostile, on_add_action=lambda *a: None)
    markup = findings_markup(cmap)
    parser = _Tags()
    parser.feed(markup)
    assert "img" not in parser.tags and "script" not in parser.tags
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in markup
    picture = cmap.get_state("_picture")["_picture"]
    svg = ElementTree.fromstring(picture)  # well-formed: nothing a name holds broke out of its text
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img" and svg.find(f"{ns}title") is not None
    assert not [e for e in svg.iter() if e.tag in (f"{ns}script", f"{ns}img", "script", "img")]
    assert HOSTILE in svg.find(f"{ns}desc").text and "<script>alert(2)</script>" in svg.find(f"{ns}desc").text


def test_the_picture_names_every_link_and_every_gap():
    from workbook.assess.convergence import check_map

    svg = ElementTree.fromstring(str(convergence_matrix(check_map(MAP))))
    desc = svg.find("{http://www.w3.org/2000/svg}desc").text
    assert "Grow sales abroad (high priority): directly by Sales academy" in desc
    assert "Safer warehouses (low priority): somewhat by Forklift refresher" in desc
    assert "Programmes serving no goal: Yoga at lunch" in desc
    texts = " ".join("".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    assert "9,000" in texts and "400" in texts, "each goal's spend"


def test_a_closed_round_shows_the_map_but_refuses_changes(binding):
    cmap = ConvergenceMap(MAP, binding=binding)
    cmap.disabled = True
    send(cmap, {"value": {**MAP, "links": []}})
    page_message(cmap, {"paste": "Another"})
    assert len(cmap.value["links"]) == 2 and len(cmap.value["programmes"]) == 3
    assert "can no longer change" in cmap.error and binding.worksheet(WORKSHEET) is None


def test_the_map_step_follows_the_convergence_process_and_a_programme_can_leave_it_out(store):
    from pages.visit import Visit, local_respondent
    from pages.workbook_page import WorkbookPage

    def titles(programme):
        return WorkbookPage(programme, resolve_instruments(programme), store).stepper.titles

    every = titles(Programme())
    process = next(i.title for i in builtin_instruments() if i.id == "convergence-process")
    assert every[every.index(process) + 1] == "Convergence map"
    assert "Convergence map" not in titles(Programme(convergence_map=False))
    assert "Convergence map" not in titles(Programme(instruments=("leader-skills",)))
    assert titles(Programme(instruments=("leader-skills",), convergence_map=True))[-4:-3] == ["Convergence map"]
    assert programme_from_json({"convergence_map": False}).convergence_map is False
    # On the page: optional, so it never counts in the progress, and its findings reach the plan.
    page = WorkbookPage(Programme(), resolve_instruments(Programme()), store)
    respondent, round_ = local_respondent(store)
    page.open_for_visitor(Visit(respondent, round_))
    before = page.stepper.completion
    page.stepper.go(page.stepper.titles.index("Convergence map"))
    cmap = page.stepper.current.inner
    send(cmap, {"value": MAP})
    assert page.stepper.completion == before and page.save_state == "saved"
    page_message(cmap, {"add": "programme-unaligned//p3"})
    assert [a["gap"] for a in store.load_plan(respondent.id, round_.id)] == ["convergence/p3"]
    # Once the plan has been opened, the next one goes through its editor, which shows and saves it.
    page.stepper.go(page.stepper.titles.index("Action plan"))
    plan = page.stepper.current.inner
    page.stepper.go(page.stepper.titles.index("Convergence map"))
    page_message(cmap, {"add": "reaction-only//p3"})
    assert [(a["gap"], a["level"]) for a in plan.value] == [("convergence/p3", "results"), ("convergence/p3", "behaviour")]
    assert store.load_plan(respondent.id, round_.id) == plan.value


def test_the_summary_and_the_individual_report_show_the_map_with_names_escaped(answering):
    from workbook.reports.individual import individual_html, individual_report
    from workbook.reports.summary import summary_html

    store, respondent_id, round_id = answering
    hostile = {**MAP, "goals": [*MAP["goals"], {"id": "g3", "name": HOSTILE}]}
    store.save_worksheet(respondent_id, round_id, WORKSHEET, hostile)
    summary = summary_html(builtin_instruments(), {}, [], title="Summary",
                           worksheets={WORKSHEET: store.load_worksheet(respondent_id, round_id, WORKSHEET)})
    report = individual_html(individual_report(store, respondent_id, round_id=round_id))
    for document in (summary, report):
        assert "<h2 id=\"convergence\">Convergence map</h2>" in document
        assert "The programme “Yoga at lunch” serves none of the goals on the map." in document
        assert "&lt;img src=x" in document and "<img" not in document
        assert 'role="img"' in document and "Safer warehouses (low priority): somewhat by Forklift refresher" in document
    assert "Convergence map" not in summary_html(builtin_instruments(), {}, [], title="Summary", worksheets={})
    damaged = summary_html(builtin_instruments(), {}, [], title="Summary", worksheets={WORKSHEET: {"goals": 3}})
    assert "The saved map could not be read." in damaged


def test_an_action_from_the_map_names_what_it_answers_in_the_plan():
    plan = ActionPlan(builtin_instruments())
    plan.add("Name the goal “Yoga at lunch” serves", "convergence/p3", level="results")
    plan.add("Find a programme for “Lower churn”", "convergence/g2", level="results")
    shown = [chosen(gap) for gap in find_all(plan, role="list", label="Gap")]
    assert shown == ["Convergence map: a programme", "Convergence map: a goal"]


def test_leaderbook_new_includes_or_leaves_out_the_map(tmp_path):
    import json

    from workbook.cli import main

    for flag, expected in (("--no-convergence-map", False), ("--convergence-map", True), (None, None)):
        folder = tmp_path / str(flag)
        assert main(["new", str(folder), "--instrument", "leader-skills", *([flag] if flag else [])]) == 0
        assert json.loads((folder / "programme.json").read_text())["convergence_map"] is expected


def test_typed_names_are_saved_once_the_typing_pauses_and_links_at_once(binding, in_a_kernel_loop):
    cmap = ConvergenceMap(MAP, binding=binding)

    async def typing_then_linking():
        renamed = {**cmap.value, "goals": [{**cmap.value["goals"][0], "owner": "An"}, cmap.value["goals"][1]]}
        send(cmap, {"value": renamed})
        # Typed text waits for a pause: the page says "saving", and the store does not have it yet.
        assert cmap.save_state == "saving" and binding.worksheet(WORKSHEET) is None
        linked = {**renamed, "links": [*renamed["links"], {"goal": "g1", "programme": "p3", "strength": "some"}]}
        send(cmap, {"value": linked})
        # A link is written at once, and takes the waiting text with it.
        assert cmap.save_state == "saved"
        saved = binding.worksheet(WORKSHEET)
        assert saved["goals"][0]["owner"] == "An" and len(saved["links"]) == 3

    in_a_kernel_loop(typing_then_linking)
