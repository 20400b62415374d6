"""The guided page without a browser: built before the visitor is known, filled after, steps built lazily."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest

from workbook.instruments import builtin_instruments, find_instrument
from workbook.instruments.programme import Programme, resolve_instruments
from pages.workbook_page import WorkbookPage
from pages.visit import INVALID_LINK, Visit, local_respondent
from widgets.testing import classes, click, fill, find, find_all, hidden, is_shown, options, text

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


def status(page):
    """The save status line in the page's header."""
    return find(page, css="lb-status")


def progress(page):
    """The progress line in the page's header, as a person reads it."""
    return text(find(page, css="lb-progress"))


def name_error(page):
    """What the welcome says under the name box when a name is refused."""
    return text(find(find(page, css="lb-name"), css="lb-error"))


def test_before_the_visitor_is_known_the_page_shows_only_an_opening_line(store):
    page = new_page(store)
    assert page.state == "opening"
    assert "Opening your workbook" in text(page)
    assert not is_shown(page.stepper, page)
    assert len(store.respondents()) == 0  # nothing about anyone yet


def test_the_steps_follow_content_then_results_plan_and_summary(store):
    page = new_page(store)
    titles = [i.title for i in builtin_instruments()]
    at = [i.id for i in builtin_instruments()].index("convergence-process") + 1  # the map puts that process to work
    assert page.stepper.titles == ["Welcome", *titles[:at], "Convergence map", *titles[at:], "Results",
                                   "Action plan", "Summary"]


def test_a_visitor_gets_their_progress_from_one_read_and_no_step_is_built(store):
    visit = leader_visit(store)
    skills = find_instrument("leader-skills")
    for item in skills.items[:4]:
        store.record_answer(visit.respondent.id, visit.round.id, skills, item.id, 4)
    page = new_page(store)
    page.open_for_visitor(visit)
    assert page.state == "ready" and page.respondent == visit.respondent.name
    assert is_shown(page.stepper, page) and "Opening your workbook" not in text(page)
    assert step(page, skills.title).completion == pytest.approx(4 / len(skills.items))
    assert not any(s.built for _, s in page.stepper.steps[1:])
    assert find(page, role="button", css="lb-start").description == "Continue where you left off"
    assert "lb-status-saved" in classes(status(page)) and text(status(page)) == "All changes saved"


def test_continue_goes_to_the_first_unfinished_assessment(store):
    visit = leader_visit(store)
    first = find_instrument("leader-or-manager")
    store.record_answers(visit.respondent.id, visit.round.id, first, [(item.id, 3) for item in first.items])
    page = new_page(store)
    page.open_for_visitor(visit)
    page.resume()
    assert page.stepper.titles[page.stepper.index] == "Leader skills"
    assert step(page, "Leader skills").built
    assert "Step 3 of 14: Leader skills" in progress(page)


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
    assert "1% done" in progress(page) or "2% done" in progress(page)


def test_a_closed_round_builds_its_steps_read_only(store):
    visit = leader_visit(store)
    store.close_round(visit.round.id)
    page = new_page(store)
    page.open_for_visitor(Visit(visit.respondent, store.round(visit.round.id)))
    assert "This round is closed" in text(find(page, css="lb-notice"))
    page.stepper.go(1)
    scale = find(step(page, "Leader or manager?").inner.sections[0].items[0], role="radio group")
    assert scale.get_state()["disabled"]
    assert "lb-read-only" in classes(page)


def test_an_invalid_visit_shows_one_message_and_no_steps(store):
    page = new_page(store)
    page.open_for_visitor(Visit(problem=INVALID_LINK))
    assert page.state == "invalid"
    assert "this link is not valid" in text(find(page, css="lb-invalid"))
    assert page.binding is None and len(store.respondents()) == 0
    assert find_all(page, css="lb-status") == [] and hidden(find(page, css="lb-status", include_hidden=True))


def test_names_and_programme_text_are_escaped(store):
    respondent = store.add_respondent("<img src=x onerror=alert(1)>")
    programme = Programme(title="<b>Bold</b> & co", intro="First <i>para</i>.\n\nSecond.")
    page = new_page(store, programme)
    page.open_for_visitor(Visit(respondent, store.start_round()))
    welcome = find(page, css="lb-welcome-text").value
    title = find(page, css="lb-title").value
    assert "<img" not in welcome and "&lt;img src=x onerror=alert(1)&gt;" in welcome
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in title and "<p>Second.</p>" in welcome
    assert "Bold" not in welcome  # the title is shown once, in the header's h1
    assert "<b>" not in title


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
    assert options(find(assessment.sections[0].items[0], role="radio group"))[:5] == (
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
            "page.open_when_visited()\n"
            f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {set(HEAVY)!r})))")
    result = subprocess.run([sys.executable, "-c", "import json\n" + code], capture_output=True, text=True,
                            check=True, cwd=TEMPLATES)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_the_workbook_notebook_waits_for_the_request_only_in_its_last_cell():
    notebook = json.loads((TEMPLATES / "workbook.ipynb").read_text())
    code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert "from_programme" in code[0] and "open_when_visited" not in code[0]
    assert "open_when_visited" in code[-1]
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
    assert "lb-status-not-saved" in classes(status(page)) and text(status(page)) == "Not saved"


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
    fill(cost.inputs["people"], 25)
    planner = _worksheet(page, "Leadership mistakes and obstacles", JustificationPlanner)
    fill(planner.messages["priority"], "It decides the Q3 launch")
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
    assert "lb-on-welcome" in classes(page)  # the stylesheet hides Back/Next there
    click(find(page, role="button", css="lb-start"))
    assert page.stepper.index > 0 and "lb-on-welcome" not in classes(page)


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
    click(find_all(plan, role="button", css="lb-suggestion")[0])
    assert len(plan.value) == 2 and plan.completion == 1.0
    assert page.stepper.completion == before and page.stepper.step_completion[position] == 1.0
    assert "✓" in find_all(page, role="button", css="lb-step")[position].description
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
    assert box is find(page, role="text field", label="Your name")
    fill(box, "  Ana <López>  ")
    assert store.respondent(visit.respondent.id).name == "Ana <López>"
    assert page.respondent == "Ana <López>" and box.value == "Ana <López>"
    assert "as <strong>Ana &lt;López&gt;</strong>" in find(page, css="lb-welcome-text").value
    page.stepper.go(page.stepper.titles.index("Summary"))
    assert "Ana &lt;López&gt;" in page.stepper.current.inner.summary()
    # Back on the welcome, a name the store cannot keep is refused, said, and the kept name shown again.
    page.stepper.go(0)
    for bad in ("   ", "x" * 201):
        fill(box, bad)
        assert store.respondent(visit.respondent.id).name == "Ana <López>" and box.value == "Ana <López>"
        assert "Name not saved" in name_error(page)
    fill(box, "Ana")
    assert name_error(page) == "" and store.respondent(visit.respondent.id).name == "Ana"
    # Reopened, the page knows the new name.
    again = new_page(store)
    again.open_for_visitor(leader_visit(store))
    assert again.name_input.value == "Ana" and again.respondent == "Ana"


def test_a_team_members_name_is_the_coachs_and_not_offered_on_the_page(store, sent):
    from workbook.team.admin import create_team

    made = create_team(store, "Sales", ["Ana", ("Ben", "peer")], leader="Ana")
    for link in made.links:
        member = store.respondent(link.respondent_id)
        subject = store.respondent(link.subject_id) if link.subject_id else None
        page = new_page(store)
        page.open_for_visitor(Visit(member, made.round, subject=subject))
        assert page.name_input is None and find_all(page, role="text field") == []
        assert find(page, css="lb-name").children == ()
