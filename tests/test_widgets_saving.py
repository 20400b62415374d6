"""The one save path: typed text waits for a pause, a locked database says "not saved" and
recovers, numbers past a float's range are refused, and the page remembers the open step."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import contextmanager

import pytest

from pages.visit import Visit, local_respondent
from pages.workbook_page import WorkbookPage
from widgets import CostOfNonTraining, JustificationPlanner, SectionAssessment, StoreBinding
from widgets._step_focus import StepFocus
from widgets.saving import TYPING_DELAY
from widgets.testing import choose, classes, click, fill, find, send, text
from workbook.instruments.loader import parse_instrument
from workbook.instruments.programme import Programme, resolve_instruments
from workbook.store import Store

TEXT = parse_instrument("""
id: notes
version: 1
title: Notes
sections:
  - {id: written, title: Written, kind: text, items: [{id: t1, text: What would change?}]}
""")

pytestmark = pytest.mark.usefixtures("sent")


def history(binding):
    return [(a.item_id, a.value) for a in binding.store.answer_history(binding.respondent_id, binding.round_id)]


# -- typed text waits for a pause ----------------------------------------------------


def answer_box(answer):
    return find(answer, role="text field", label="Your answer")


def test_typed_text_is_written_once_the_typing_pauses(binding, in_a_kernel_loop):
    async def typing():
        answer = SectionAssessment.from_section("written", TEXT, binding).item("t1")
        for typed in ("W", "We", "We fall", "We fall behind"):
            fill(answer_box(answer), typed)
            await asyncio.sleep(TYPING_DELAY / 4)
        # Still typing: the page says "saving", and the store has nothing yet.
        assert answer.value == "We fall behind" and answer.save_state == "saving"
        assert history(binding) == []
        await asyncio.sleep(TYPING_DELAY + 0.3)
        assert answer.save_state == "saved" and answer.error == ""
        assert history(binding) == [("t1", "We fall behind")]  # one write for the whole pause
        # Typing something and taking it back before the pause writes nothing.
        fill(answer_box(answer), "We fall behind!")
        fill(answer_box(answer), "We fall behind")
        assert answer.save_state == "saved"
        await asyncio.sleep(TYPING_DELAY + 0.3)
        assert history(binding) == [("t1", "We fall behind")]

    in_a_kernel_loop(typing)


def test_a_click_writes_at_once_and_takes_waiting_text_with_it(binding, in_a_kernel_loop):
    async def typing_then_status():
        planner = JustificationPlanner(binding=binding)
        fill(planner.messages["impact"], "Fewer returns")
        assert planner.save_state == "saving" and binding.worksheet("justification-planner") is None
        choose(planner.statuses["impact"], "drafted")
        assert planner.save_state == "saved"
        assert binding.worksheet("justification-planner")["impact"] == {"message": "Fewer returns",
                                                                         "status": "drafted"}

    in_a_kernel_loop(typing_then_status)


def test_flush_writes_waiting_text_now(binding, in_a_kernel_loop):
    async def typing():
        answer = SectionAssessment.from_section("written", TEXT, binding).item("t1")
        fill(answer_box(answer), "Kept")
        answer.flush()
        assert answer.save_state == "saved" and history(binding) == [("t1", "Kept")]

    in_a_kernel_loop(typing)


# -- a locked database ---------------------------------------------------------------


@pytest.fixture
def quick_store(tmp_path, monkeypatch):
    """A SQLite store that gives up on a lock after a fifth of a second, not thirty."""
    monkeypatch.setattr("workbook.store.engine.BUSY_TIMEOUT_SECONDS", 0.2)
    with Store(data=tmp_path) as store:
        yield store


@contextmanager
def locked(store):
    """Another program holds the database's write lock for the duration."""
    other = sqlite3.connect(store.engine.url.database, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def open_page(store):
    programme = Programme()
    page = WorkbookPage(programme, resolve_instruments(programme), store)
    respondent, round_ = local_respondent(store)
    page.open_for_visitor(Visit(respondent, round_))
    return page


def open_step(page, title):
    page.stepper.go(page.stepper.titles.index(title))
    return page.stepper.current


def header(page):
    """The page's save state, and the save status line its header shows."""
    return page.save_state, text(find(page, css="lb-status"))


def test_a_locked_database_during_a_plan_save_says_not_saved_reverts_and_recovers(quick_store):
    page = open_page(quick_store)
    plan = open_step(page, "Action plan").inner
    plan.add("Meet each department head")
    assert header(page)[0] == "saved"
    kept = quick_store.load_plan(page.binding.respondent_id, page.binding.round_id)

    with locked(quick_store):
        plan.add("Lost while locked")
        assert plan.value == kept  # the plan shows what the store holds
        assert plan.save_state == "not saved" and "database is busy" in plan.error
        state, text = header(page)
        assert state == "not saved" and "Not saved" in text
        assert "Lost while locked" not in [card.fields["what"].value for card in plan.cards]

    plan.add("Added once the lock is gone")
    assert plan.save_state == "saved" and plan.error == "" and header(page)[0] == "saved"
    stored = quick_store.load_plan(page.binding.respondent_id, page.binding.round_id)
    assert [a["what"] for a in stored] == ["Meet each department head", "Added once the lock is gone"]


def test_a_locked_database_during_a_worksheet_save_says_not_saved_reverts_and_recovers(quick_store):
    page = open_page(quick_store)
    step = open_step(page, "Becoming a learning leader")
    cost = next(w for w in step.children[0].children if isinstance(w, CostOfNonTraining))
    fill(cost.inputs["people"], 25)
    assert cost.save_state == "saved" and header(page)[0] == "saved"

    with locked(quick_store):
        fill(cost.inputs["people"], 40)
        assert cost.value["people"] == 25 and cost.inputs["people"].value == 25  # back to what is stored
        assert cost.save_state == "not saved" and "database is busy" in cost.error
        assert "database is busy" in text(find(cost, css="lb-error"))
        assert header(page) == ("not saved", "Not saved")

    fill(cost.inputs["people"], 40)
    assert cost.save_state == "saved" and cost.error == "" and header(page)[0] == "saved"
    saved = quick_store.load_worksheet(page.binding.respondent_id, page.binding.round_id, "cost-of-non-training")
    assert saved["people"] == 40


def test_a_locked_database_during_typed_text_never_leaves_saving_behind(quick_store, in_a_kernel_loop):
    page = open_page(quick_store)
    step = open_step(page, "Leadership mistakes and obstacles")
    planner = next(w for w in step.children[0].children if isinstance(w, JustificationPlanner))

    async def type_while_locked():
        with locked(quick_store):
            fill(planner.messages["priority"], "It decides the launch")
            assert header(page)[0] == "saving"
            await asyncio.sleep(TYPING_DELAY + 0.5)
        assert planner.save_state == "not saved" and header(page)[0] == "not saved"
        assert planner.value["priority"]["message"] == "" and planner.messages["priority"].value == ""

    in_a_kernel_loop(type_while_locked)


# -- numbers past a float's range ----------------------------------------------------


def test_an_integer_too_big_for_a_float_is_refused_with_nothing_written(answering):
    store, who, round_id = answering
    calc = CostOfNonTraining(binding=StoreBinding(store, who, round_id))
    send(calc.inputs["people"], {"value": 10**400})
    assert calc.value["people"] == 10 and calc.inputs["people"].value == 10
    assert "too large" in calc.error and calc.error in text(find(calc, css="lb-error"))
    calc.set_state({"value": {"people": 10**400}})
    assert calc.value["people"] == 10 and "not accepted" in calc.error
    assert store.load_worksheet(who, round_id, "cost-of-non-training") is None

    box = calc.inputs["people"]
    send(box, {"value": -(10**400)})
    assert box.value == 10 and "too large" in box.refused


# -- the page remembers the open step --------------------------------------------------


def test_the_page_reopens_on_the_step_last_open(store):
    page = open_page(store)
    open_step(page, "Becoming a learning leader")
    assert store.load_place(page.binding.respondent_id, page.binding.round_id) == "learning-leader"
    # A reload is a new kernel and a new page: it opens on that step, with its heading announced.
    again = open_page(store)
    assert again.stepper.titles[again.stepper.index] == "Becoming a learning leader"
    assert "Becoming a learning leader" in text(find(again, css="lb-progress"))
    # From the welcome, Continue goes back there too.
    again.stepper.go(0)
    again.resume()
    assert again.stepper.titles[again.stepper.index] == "Becoming a learning leader"
    # A round closed since opens on the welcome, which says so; Continue still goes back.
    store.close_round(again.binding.round_id)
    programme = Programme()
    closed = WorkbookPage(programme, resolve_instruments(programme), store)
    closed.open_for_visitor(Visit(again.visit.respondent, store.round(again.binding.round_id)))
    assert closed.stepper.index == 0 and closed.visit.read_only
    closed.resume()
    assert closed.stepper.titles[closed.stepper.index] == "Becoming a learning leader"


def test_each_move_asks_the_browser_to_show_the_new_steps_top(store):
    page = open_page(store)
    focus = find(page, kind=StepFocus, include_hidden=True)  # drawn as nothing: it moves the view
    moves = focus.moves
    click(find(page.stepper, role="button", label="Next"))
    assert (focus.step, focus.moves) == (1, moves + 1)
    assert f"lb-stepper-step-{focus.step}" in classes(page.stepper.current)
    send(focus, {"moves": 0})
    assert focus.moves == moves + 1 and focus.refused
