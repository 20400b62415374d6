"""The two worksheets: their sums (workbook.assess.calculators) and their widgets."""

import math

import pytest

from widgets import CostOfNonTraining, JustificationPlanner
from widgets.testing import choose, classes, fill, find, send, text
from workbook.errors import CalculatorError
from workbook.assess.calculators import (JUSTIFICATION_ISSUES, check_cost_inputs, cost_of_non_training,
                                  justification_summary)


pytestmark = pytest.mark.usefixtures("sent")


INPUTS = {"people": 10, "hours_lost": 4, "hourly_cost": 40, "errors": 5, "error_cost": 200, "rework_hours": 10,
          "reduction": 50, "months": 12, "training_cost": 20000}


def test_cost_of_non_training_sums():
    cost = cost_of_non_training(INPUTS)
    assert (cost.hours_cost, cost.error_cost, cost.rework_cost) == (1600, 1000, 400)
    assert cost.monthly_loss == 3000 and cost.period_loss == 36000
    assert cost.avoidable_loss == 18000 and cost.balance == -2000
    assert cost.payback_months == pytest.approx(13.3)
    assert "training costs more" in cost.verdict


def test_no_loss_no_payback():
    cost = cost_of_non_training({"people": 0, "errors": 0, "rework_hours": 0})
    assert cost.payback_months is None and "Enter the losses" in cost.verdict


@pytest.mark.parametrize("bad", [{"people": -1}, {"people": "ten"}, {"people": True}, {"months": math.nan},
                                 {"reduction": 120}, {"salary": 3}, [1, 2]])
def test_bad_cost_inputs(bad):
    with pytest.raises(CalculatorError):
        check_cost_inputs(bad)


def test_justification_summary():
    summary = justification_summary({"priority": {"message": "Sales fell 8%", "status": "communicated"},
                                     "impact": {"message": "", "status": "drafted"}})
    assert summary.covered == ("priority",) and summary.communicated == ("priority",)
    assert not summary.ready
    assert any("Impact is marked drafted" in w for w in summary.warnings)
    assert sum("nothing planned yet" in w for w in summary.warnings) == 3


@pytest.mark.parametrize("bad", [{"budget": {}}, {"priority": "x"}, {"priority": {"message": 3}},
                                 {"priority": {"status": "sent"}}, {"priority": {"message": "x", "who": "me"}}])
def test_bad_justification(bad):
    with pytest.raises(CalculatorError):
        justification_summary(bad)


def test_cost_widget_from_the_page():
    calc = CostOfNonTraining(INPUTS, currency="€")
    assert calc.result["balance"] == -2000 and "€18,000" in text(find(calc, css="lb-calc-result"))
    fill(calc.inputs["reduction"], 100)
    assert calc.value["reduction"] == 100 and calc.get_state()["result"]["balance"] == 16000
    assert "Not training costs more" in text(find(calc, css="lb-calc-result"))
    assert all(box.description for box in calc.inputs.values())
    assert "lb-calc-field-people" in classes(calc.children[0])


@pytest.mark.parametrize("bad", [-5, "12", True, None, 1e400, 101])
def test_cost_widget_refuses_bad_numbers(bad):
    calc = CostOfNonTraining(INPUTS)
    send(calc.inputs["reduction"], {"value": bad})
    assert calc.value["reduction"] == 50 and calc.inputs["reduction"].value == 50
    assert "not accepted" in calc.error or "at most" in calc.error
    calc.set_state({"value": {"people": "many"}})
    assert calc.value["people"] == 10 and "enter a number" in calc.error


def test_justification_widget():
    planner = JustificationPlanner()
    assert [m.placeholder for m in planner.messages.values()] == [i.question for i in JUSTIFICATION_ISSUES]
    fill(planner.messages["timetable"], "Starts 1 March, six weeks")
    choose(planner.statuses["timetable"], "communicated")
    assert planner.value["timetable"] == {"message": "Starts 1 March, six weeks", "status": "communicated"}
    assert planner.result["communicated"] == ["timetable"]
    assert "1 of 5 issues justified, 1 communicated" in text(find(planner, css="lb-calc-result"))


@pytest.mark.parametrize("control, state", [("messages", {"value": 7}), ("messages", {"value": "x" * 2001}),
                                            ("statuses", {"index": 3}), ("statuses", {"index": "drafted"})])
def test_justification_widget_refuses(control, state):
    planner = JustificationPlanner()
    send(getattr(planner, control)["impact"], state)
    assert planner.value["impact"] == {"message": "", "status": "not started"}
    assert "not accepted" in planner.error


def test_calculators_write_through_and_restore_from_the_store(answering):
    from widgets import StoreBinding

    store, who, round_id = answering
    binding = StoreBinding(store, who, round_id)
    calc = CostOfNonTraining(INPUTS, binding=binding)
    fill(calc.inputs["reduction"], 80)
    planner = JustificationPlanner(binding=binding)
    fill(planner.messages["impact"], "Fewer returns within a quarter")
    assert store.load_worksheet(who, round_id, "cost-of-non-training")["reduction"] == 80
    # A new page (a new kernel) builds the widgets again: they start from what was saved.
    assert CostOfNonTraining(binding=binding).value["reduction"] == 80
    assert JustificationPlanner(binding=binding).value["impact"]["message"] == "Fewer returns within a quarter"


def test_a_refused_calculator_value_writes_nothing(answering):
    from widgets import StoreBinding

    store, who, round_id = answering
    calc = CostOfNonTraining(INPUTS, binding=StoreBinding(store, who, round_id))
    saved = store.load_worksheet(who, round_id, "cost-of-non-training")
    send(calc.inputs["reduction"], {"value": 101})
    assert store.load_worksheet(who, round_id, "cost-of-non-training") == saved
