"""The guided page without a browser: built before the visitor is known, filled after, steps built lazily."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest

from workbook.instruments import builtin_instruments, find_instrument
from workbook.programme import Programme, resolve_instruments
from pages.workbook_page import WorkbookPage
from pages.visit import INVALID_LINK, Visit, local_respondent

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
HEAVY = ("pandas", "matplotlib", "jsonschema", "fastjsonschema", "pydantic", "openpyxl", "numpy",
         "voila", "jupyter_server", "nbconvert")


def new_page(store, programme=Programme()) -> WorkbookPage:
    return WorkbookPage(programme, resolve_instruments(programme), store)


def leader_visit(store, **changes) -> Visit:
    respondent, round_ = local_respondent(store)
    return Visit(respondent, round_, **changes)


def step(page, title):
    return dict(page.stepper.steps)[title]


def test_before_the_visitor_is_known_the_page_shows_only_an_opening_line(store):
    page = new_page(store)
    assert page.state == "opening"
    assert "Opening your workbook" in page._body.children[0].children[0].value
    assert page.stepper not in page._body.children
    assert len(store.respondents()) == 0  # nothing about anyone yet


def test_the_steps_follow_content_then_results_plan_and_summary(store):
    page = new_page(store)
    assert page.stepper.titles == ["Welcome", *[i.title for i in builtin_instruments()], "Results",
                                   "Action plan", "Summary"]


def test_a_visitor_gets_their_progress_from_one_read_and_no_step_is_built(store):
    visit = leader_visit(store)
    skills = find_instrument("leader-skills")
    for item in skills.items[:4]:
        store.record_answer(visit.respondent.id, visit.round.id, skills, item.id, 4)
    page = new_page(store)
    page.open_for_visitor(visit)
    assert page.state == "ready" and page.respondent == visit.respondent.name
    assert page._body.children == (page.stepper,)
    assert step(page, skills.title).completion == pytest.approx(4 / len(skills.items))
    assert not any(s.built for _, s in page.stepper.steps[1:])
    assert page._start.description == "Continue where you left off"
    assert "lb-status-saved" in page._status._dom_classes and "All changes saved" in page._status.value


def test_continue_goes_to_the_first_unfinished_assessment(store):
    visit = leader_visit(store)
    first = find_instrument("leader-or-manager")
    store.record_answers(visit.respondent.id, visit.round.id, first, [(item.id, 3) for item in first.items])
    page = new_page(store)
    page.open_for_visitor(visit)
    page.resume()
    assert page.stepper.titles[page.stepper.index] == "Leader skills"
    assert step(page, "Leader skills").built
    assert "Step 3 of 13: Leader skills" in page._progress.value


def test_answers_given_in_a_built_step_go_to_the_store_and_the_header(store):
    visit = leader_visit(store)
    page = new_page(store)
    page.open_for_visitor(visit)
    page.stepper.go(2)
    assessment = step(page, "Leader skills").inner
    item = assessment.sections[0].items[0]
    item.value = 5
    values = store.answer_values(visit.respondent.id, visit.round.id, "leader-skills")
    assert values == {item.item.id: 5}
    assert page.stepper.completion > 0
    assert "1% done" in page._progress.value or "2% done" in page._progress.value


def test_a_closed_round_builds_its_steps_read_only(store):
    visit = leader_visit(store)
    store.close_round(visit.round.id)
    page = new_page(store)
    page.open_for_visitor(Visit(visit.respondent, store.round(visit.round.id)))
    assert "This round is closed" in page._notices.children[0].value
    page.stepper.go(1)
    buttons = step(page, "Leader or manager?").inner.sections[0].items[0]._buttons
    assert buttons.disabled
    assert "lb-read-only" in page._dom_classes


def test_an_invalid_visit_shows_one_message_and_no_steps(store):
    page = new_page(store)
    page.open_for_visitor(Visit(problem=INVALID_LINK))
    assert page.state == "invalid"
    shown = page._body.children[0]
    assert "lb-invalid" in shown._dom_classes and "this link is not valid" in shown.children[0].value
    assert page.binding is None and len(store.respondents()) == 0
    assert page._status.layout.display == "none"


def test_names_and_programme_text_are_escaped(store):
    respondent = store.add_respondent("<img src=x onerror=alert(1)>")
    programme = Programme(title="<b>Bold</b> & co", intro="First <i>para</i>.\n\nSecond.")
    page = new_page(store, programme)
    page.open_for_visitor(Visit(respondent, store.start_round()))
    welcome = page._welcome_text.value
    assert "<img" not in welcome and "&lt;img src=x onerror=alert(1)&gt;" in welcome
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in page._title.value and "<p>Second.</p>" in welcome
    assert "Bold" not in welcome  # the title is shown once, in the header's h1
    assert "<b>" not in page._title.value


def test_a_programme_limits_the_steps_and_rewords_the_scale(store):
    programme = Programme(instruments=("leader-skills", "why-converge"), sections=("leader-skills/core-skills",),
                          scale_labels=("Not yet", "Starting", "Halfway", "Mostly", "Fully"))
    page = new_page(store, programme)
    page.open_for_visitor(leader_visit(store))
    assert page.stepper.titles == ["Welcome", "Leader skills", "Why converge training with strategy", "Results",
                                   "Action plan", "Summary"]
    page.stepper.go(1)
    assessment = step(page, "Leader skills").inner
    assert [s.section.id for s in assessment.sections] == ["core-skills"]
    assert assessment.sections[0].items[0]._buttons._options_labels[:5] == (
        "Not yet", "Starting", "Halfway", "Mostly", "Fully")


def test_the_summary_link_downloads_the_current_answers_and_plan(store):
    visit = leader_visit(store)
    skills = find_instrument("leader-skills")
    store.record_answer(visit.respondent.id, visit.round.id, skills, skills.items[0].id, 1)
    store.save_plan(visit.respondent.id, visit.round.id, [{"id": "a1", "what": "Meet <HR>", "status": "planned"}])
    page = new_page(store)
    page.open_for_visitor(visit)
    page.stepper.go(len(page.stepper.steps) - 1)
    link = step(page, "Summary").inner.value
    assert 'download="leaderbook-summary.html"' in link
    encoded = link.split("base64,")[1].split('"')[0]
    document = base64.b64decode(encoded).decode()
    assert "Meet &lt;HR&gt;" in document and skills.sections[0].title in document


def test_the_notebooks_imports_load_no_heavy_library():
    code = ("import sys, os, tempfile\n"
            "os.environ['LEADERBOOK_DATA'] = tempfile.mkdtemp()\n"
            "from pages.workbook_page import WorkbookPage\n"
            "page = WorkbookPage.from_programme('programme.json')\n"
            "page.open_for_visitor()\n"
            f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {set(HEAVY)!r})))")
    result = subprocess.run([sys.executable, "-c", "import json\n" + code], capture_output=True, text=True,
                            check=True, cwd=TEMPLATES)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_the_workbook_notebook_waits_for_the_request_only_in_its_last_cell():
    notebook = json.loads((TEMPLATES / "workbook.ipynb").read_text())
    code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert "from_programme" in code[0] and "open_for_visitor" not in code[0]
    assert "open_for_visitor" in code[-1]
    assert all(not c.get("outputs") for c in notebook["cells"] if c["cell_type"] == "code")


def test_the_header_says_not_saved_when_the_store_refuses_an_answer(store):
    visit = leader_visit(store)
    page = new_page(store)
    page.open_for_visitor(visit)
    page.stepper.go(1)
    store.close_round(visit.round.id)  # closed by the coach while the page was open
    item = step(page, "Leader or manager?").inner.sections[0].items[0]
    item.value = 4
    assert item.value is None and "closed" in item.error
    assert page.save_state == "not saved"
    assert "lb-status-not-saved" in page._status._dom_classes and "Not saved" in page._status.value


def _worksheet(page, title, kind):
    built = step(page, title)
    built.refresh()
    return next(w for w in built.children[0].children if isinstance(w, kind))


def test_the_worksheets_sit_beside_their_steps_and_resume_from_the_store(store):
    from widgets import CostOfNonTraining, JustificationPlanner

    visit = leader_visit(store)
    page = new_page(store)
    page.open_for_visitor(visit)
    cost = _worksheet(page, "Becoming a learning leader", CostOfNonTraining)
    cost.inputs["people"].set_state({"value": 25})
    planner = _worksheet(page, "Leadership mistakes and obstacles", JustificationPlanner)
    planner.messages["priority"].set_state({"value": "It decides the Q3 launch"})
    # A reload is a new kernel and a new page: the worksheets come back from the store.
    again = new_page(store)
    again.open_for_visitor(leader_visit(store))
    assert _worksheet(again, "Becoming a learning leader", CostOfNonTraining).value["people"] == 25
    restored = _worksheet(again, "Leadership mistakes and obstacles", JustificationPlanner)
    assert restored.value["priority"]["message"] == "It decides the Q3 launch"


def test_a_closed_round_shows_its_worksheets_read_only(store):
    from widgets import CostOfNonTraining

    visit = leader_visit(store)
    store.close_round(visit.round.id)
    page = new_page(store)
    page.open_for_visitor(Visit(visit.respondent, store.round(visit.round.id)))
    cost = _worksheet(page, "Becoming a learning leader", CostOfNonTraining)
    assert cost.inputs["people"].disabled


def test_the_welcome_has_one_way_to_begin(store):
    page = new_page(store)
    page.open_for_visitor(leader_visit(store))
    assert "lb-on-welcome" in page._dom_classes  # the stylesheet hides Back/Next there
    page.resume()
    assert page.stepper.index > 0 and "lb-on-welcome" not in page._dom_classes


def test_adding_a_suggestion_never_lowers_the_pages_progress_nor_removes_the_plans_tick(store, sent):
    visit = leader_visit(store)
    skills = find_instrument("leader-skills")
    store.record_answers(visit.respondent.id, visit.round.id, skills, [(item.id, 1) for item in skills.items])
    page = new_page(store)
    page.open_for_visitor(visit)
    page.stepper.go(page.stepper.titles.index("Action plan"))
    plan = page.stepper.current.inner
    plan.add("Coach two managers", owner="Ana", due="2027-01-15", measure="Both coach weekly")
    position = page.stepper.titles.index("Action plan")
    before = page.stepper.completion
    assert page.stepper.step_completion[position] == 1.0
    plan._suggestion_buttons[0].click()
    assert len(plan.value) == 2 and plan.completion == 1.0
    assert page.stepper.completion == before and page.stepper.step_completion[position] == 1.0
    assert "✓" in page.stepper._step_buttons[position].description
    # Reopened, the page counts the stored plan as the editor does.
    again = new_page(store)
    again.open_for_visitor(visit)
    assert again.stepper.step_completion[position] == 1.0 and again.stepper.completion == before


def test_the_individual_leader_names_themselves_on_the_welcome(store, sent):
    visit = leader_visit(store)
    page = new_page(store)
    page.open_for_visitor(visit)
    box = page.name_input
    assert box is not None and box.value == visit.respondent.name and box.description == "Your name"
    assert box in page._welcome.children[0].children[2].children
    box.set_state({"value": "  Ana <López>  "})
    assert store.respondent(visit.respondent.id).name == "Ana <López>"
    assert page.respondent == "Ana <López>" and box.value == "Ana <López>"
    assert "as <strong>Ana &lt;López&gt;</strong>" in page._welcome_text.value
    page.stepper.go(page.stepper.titles.index("Summary"))
    assert "Ana &lt;López&gt;" in page.stepper.current.inner.summary()
    # A name the store cannot keep is refused, said, and the kept name shown again.
    for bad in ("   ", "x" * 201):
        box.set_state({"value": bad})
        assert store.respondent(visit.respondent.id).name == "Ana <López>" and box.value == "Ana <López>"
        assert "Name not saved" in page._name_error.value
    box.set_state({"value": "Ana"})
    assert page._name_error.value == "" and store.respondent(visit.respondent.id).name == "Ana"
    # Reopened, the page knows the new name.
    again = new_page(store)
    again.open_for_visitor(leader_visit(store))
    assert again.name_input.value == "Ana" and again.respondent == "Ana"


def test_a_team_members_name_is_the_coachs_and_not_offered_on_the_page(store, sent):
    from workbook.teams import create_team

    made = create_team(store, "Sales", ["Ana", ("Ben", "peer")], leader="Ana")
    for link in made.links:
        member = store.respondent(link.respondent_id)
        subject = store.respondent(link.subject_id) if link.subject_id else None
        page = new_page(store)
        page.open_for_visitor(Visit(member, made.round, subject=subject))
        assert page.name_input is None and page._name_box.children == ()
