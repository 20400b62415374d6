"""The two worksheets of the workbook, as pure functions over plain data.

* The cost of non-training: what a skill gap costs in lost hours, errors and
  rework, set against what the training costs. Leaders of learning argue from
  the cost of mistakes rather than from an elaborate ROI; this is that sum.
* The justification planner: what people will be told on each of the five
  fundamental issues (priority, timetable, impact, participation, obstacles)
  before a change to training starts.

Both take and return JSON-able dicts, so a widget can sync them and a store
can keep them. The field tables below are the worksheets' content: the
widgets build their labels and help from them, never from text of their own.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Mapping

from . import convergence
from ..errors import CalculatorError
from ..basics.i18n import N_, SOURCE_LANGUAGE, translator
from ..basics.text_check import check_text, describe, quote


@dataclass(frozen=True)
class Field:
    """One number the cost worksheet asks for."""

    name: str
    label: str
    unit: str
    help: str
    default: float
    maximum: float | None = None


NON_TRAINING_FIELDS = (
    Field("people", N_("People affected"), N_("people"),
          N_("How many employees lack the skill the training would give them."), 10),
    Field("hours_lost", N_("Hours lost per person per month"), N_("hours"),
          N_("Extra time each of them spends on the job for want of the skill: searching, asking, redoing."), 4),
    Field("hourly_cost", N_("Cost of one working hour"), "money",
          N_("Pay plus overheads for one hour of their time."), 40),
    Field("errors", N_("Errors per month"), N_("errors"),
          N_("Mistakes across the whole group that the skill would prevent."), 5),
    Field("error_cost", N_("Cost of one error"), "money",
          N_("What one such mistake costs to absorb or fix: scrap, refunds, complaints, lost orders."), 200),
    Field("rework_hours", N_("Rework hours per month"), N_("hours"),
          N_("Hours the group spends redoing work that went wrong."), 10),
    Field("reduction", N_("Share of the loss training removes"), "%",
          N_("Be honest: training rarely removes every loss. 100 means all of it."), 70, 100),
    Field("months", N_("Period considered"), N_("months"),
          N_("How many months to count the loss over; a year is a common choice."), 12, 120),
    Field("training_cost", N_("Cost of the training"), "money",
          N_("Everything: design, delivery, materials, and the hours people spend in training."), 15000),
)


def default_cost_inputs() -> dict[str, float]:
    return {field.name: float(field.default) for field in NON_TRAINING_FIELDS}


def _finite(value: int | float) -> bool:
    """Whether ``value`` is a number a float can hold: 10**400 is an int no sum here can use."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def check_cost_inputs(inputs: object) -> dict[str, float]:
    """A clean copy of the cost worksheet's inputs, or CalculatorError saying what is wrong.

    Missing fields take their default; every field is a finite number, zero or more.
    """
    if not isinstance(inputs, Mapping):
        raise CalculatorError(f"the cost worksheet takes a mapping of numbers, not {type(inputs).__name__}")
    known = {field.name: field for field in NON_TRAINING_FIELDS}
    unknown = sorted(map(quote, set(inputs) - set(known)))
    if unknown:
        raise CalculatorError(f"unknown field(s) of the cost worksheet: {', '.join(unknown)}")
    clean = default_cost_inputs()
    for name, value in inputs.items():
        problem = field_problem(known[name], value)
        if problem:
            raise CalculatorError(problem)
        clean[name] = float(value)
    return clean


def field_problem(field: Field, value: object, language: str = SOURCE_LANGUAGE) -> str:
    """What is wrong with ``value`` for ``field``, said in ``language`` ("" when nothing is): the page
    says it to the person typing, the store and the command line in English."""
    from ..basics.numbers import format_number

    _ = translator(language).gettext
    label = _(field.label)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not _finite(value):
        return _("%(field)s: enter a number, not %(value)s") % {"field": label, "value": describe(value)}
    number = lambda amount: format_number(amount, 6, language=language)  # noqa: E731 (as typed, up to 6 places)
    if value < 0:
        return _("%(field)s: enter zero or more, not %(value)s") % {"field": label, "value": number(value)}
    if field.maximum is not None and value > field.maximum:
        return (_("%(field)s: enter at most %(maximum)s, not %(value)s")
                % {"field": label, "maximum": number(field.maximum), "value": number(value)})
    return ""


@dataclass(frozen=True)
class NonTrainingCost:
    """The loss a skill gap causes, per month and over the period, against the training's cost."""

    hours_cost: float  # per month
    error_cost: float  # per month
    rework_cost: float  # per month
    monthly_loss: float
    period_loss: float
    avoidable_loss: float  # the part of the period's loss the training removes
    training_cost: float
    balance: float  # avoidable loss minus training cost: above zero, not training costs more
    payback_months: float | None  # months of avoided loss that pay for the training

    @property
    def verdict(self) -> str:
        """The sums' conclusion, in English (the page and the summary show it translated: see
        :func:`cost_rows`)."""
        if self.avoidable_loss == 0:
            return N_("Enter the losses the skill gap causes to compare them with the training's cost.")
        if self.balance > 0:
            return N_("Not training costs more than training over this period.")
        if self.balance == 0:
            return N_("Training and not training cost the same over this period.")
        return N_("Over this period the training costs more than the loss it removes.")

    def as_dict(self) -> dict:
        return {**asdict(self), "verdict": self.verdict}


def cost_of_non_training(inputs: Mapping[str, float]) -> NonTrainingCost:
    """The cost worksheet's result for (checked) inputs."""
    v = check_cost_inputs(inputs)
    hours_cost = v["people"] * v["hours_lost"] * v["hourly_cost"]
    error_cost = v["errors"] * v["error_cost"]
    rework_cost = v["rework_hours"] * v["hourly_cost"]
    monthly = hours_cost + error_cost + rework_cost
    avoidable_monthly = monthly * v["reduction"] / 100
    avoidable = avoidable_monthly * v["months"]
    payback = round(v["training_cost"] / avoidable_monthly, 1) if avoidable_monthly > 0 else None
    return NonTrainingCost(
        hours_cost=round(hours_cost, 2), error_cost=round(error_cost, 2), rework_cost=round(rework_cost, 2),
        monthly_loss=round(monthly, 2), period_loss=round(monthly * v["months"], 2),
        avoidable_loss=round(avoidable, 2), training_cost=round(v["training_cost"], 2),
        balance=round(avoidable - v["training_cost"], 2), payback_months=payback,
    )


def plural_count(value: float) -> int:
    """The count that picks the plural form for ``value`` months: itself when whole, else a count that
    takes the plural in every language we speak (7.1 months, never Arabic's dual for a fraction)."""
    return int(value) if float(value).is_integer() else max(3, math.ceil(value))


def cost_rows(inputs: Mapping[str, float], currency: str = "",
              language: str = SOURCE_LANGUAGE) -> tuple[list[tuple[str, str]], str]:
    """The cost worksheet's result as the page and the summary both show it, in ``language``:
    ``(label, amount)`` rows, and a line on when the training pays for itself ("" when it never does)."""
    from ..basics.numbers import format_money, format_number

    translations = translator(language)
    _, ngettext = translations.gettext, translations.ngettext
    v = check_cost_inputs(inputs)
    cost = cost_of_non_training(v)
    number = lambda value: format_number(value, language=language)  # noqa: E731
    money = lambda amount: format_money(amount, currency, language=language)  # noqa: E731
    rows = [(_("Cost of lost hours"), money(cost.hours_cost)), (_("Cost of errors"), money(cost.error_cost)),
            (_("Cost of rework"), money(cost.rework_cost)), (_("Loss per month"), money(cost.monthly_loss)),
            (ngettext("Loss over %(months)s month", "Loss over %(months)s months", plural_count(v["months"]))
             % {"months": number(v["months"])}, money(cost.period_loss)),
            (_("Of which the training removes (%(share)s%%)") % {"share": number(v["reduction"])},
             money(cost.avoidable_loss)),
            (_("Cost of the training"), money(cost.training_cost)),
            (_("Balance (removed loss − training cost)"), money(cost.balance))]
    payback = ""
    if cost.payback_months is not None:
        payback = (ngettext("The training pays for itself in about %(months)s month.",
                            "The training pays for itself in about %(months)s months.",
                            plural_count(cost.payback_months))
                   % {"months": number(cost.payback_months)})
    return rows, payback


# -- the five fundamental issues ---------------------------------------------


@dataclass(frozen=True)
class Issue:
    """One of the five issues people need a justification on."""

    id: str
    title: str
    question: str
    help: str


JUSTIFICATION_ISSUES = (
    Issue("priority", N_("Priority"), N_("Why does this come before the rest of people's work, now?"),
          N_("Tie it to a goal of the organisation that people already recognise.")),
    Issue("timetable", N_("Timetable"), N_("When does it start, what happens when, and how long will it last?"),
          N_("Give dates, and say how people will hear when a date moves.")),
    Issue("impact", N_("Impact"), N_("What will change in people's jobs, workload and results?"),
          N_("Say it per group affected; include what will not change.")),
    Issue("participation", N_("Participation"), N_("Who takes part, in what role, and how can they shape it?"),
          N_("Name at least one way for people to give their view and be heard.")),
    Issue("obstacles", N_("Obstacles"), N_("Which difficulties do you expect, and how will you deal with them?"),
          N_("Naming the obstacles yourself earns more trust than being caught out by them.")),
)

#: How far the justification of one issue has got.
JUSTIFICATION_STATUSES = ("not started", "drafted", "communicated")

MAX_MESSAGE_LENGTH = 2000


def empty_justification() -> dict[str, dict[str, str]]:
    return {issue.id: {"message": "", "status": "not started"} for issue in JUSTIFICATION_ISSUES}


def check_justification(entries: object) -> dict[str, dict[str, str]]:
    """A clean copy of the planner's entries ``{issue: {"message", "status"}}``, or CalculatorError."""
    if not isinstance(entries, Mapping):
        raise CalculatorError(f"the justification planner takes a mapping of issues, not {type(entries).__name__}")
    known = {issue.id: issue for issue in JUSTIFICATION_ISSUES}
    unknown = sorted(map(quote, set(entries) - set(known)))
    if unknown:
        raise CalculatorError(f"unknown issue(s): {', '.join(unknown)} (expected: {', '.join(known)})")
    clean = empty_justification()
    for issue_id, entry in entries.items():
        title = known[issue_id].title
        if not isinstance(entry, Mapping) or set(entry) - {"message", "status"}:
            raise CalculatorError(f"{title}: an entry has a 'message' and a 'status', nothing else")
        message = entry.get("message", "")
        status = entry.get("status", "not started")
        if not isinstance(message, str):
            raise CalculatorError(f"{title}: the message must be text, not {describe(message)}")
        if len(message) > MAX_MESSAGE_LENGTH:
            raise CalculatorError(f"{title}: the message is longer than {MAX_MESSAGE_LENGTH} characters")
        check_text(message, f"{title}: the message", max_length=MAX_MESSAGE_LENGTH, error=CalculatorError)
        if not isinstance(status, str) or status not in JUSTIFICATION_STATUSES:
            raise CalculatorError(
                f"{title}: status {quote(status)} is not one of: {', '.join(JUSTIFICATION_STATUSES)}")
        clean[issue_id] = {"message": message.strip(), "status": status}
    return clean


@dataclass(frozen=True)
class JustificationSummary:
    covered: tuple[str, ...]  # issues with a message
    communicated: tuple[str, ...]  # issues whose message has reached people
    warnings: tuple[str, ...]

    @property
    def ready(self) -> bool:
        return len(self.communicated) == len(JUSTIFICATION_ISSUES)

    def as_dict(self) -> dict:
        return {"covered": list(self.covered), "communicated": list(self.communicated),
                "warnings": list(self.warnings), "ready": self.ready}


#: How a justification's status reads inside a sentence ("Impact is marked drafted ...").
STATUS_NAMES = {"not started": N_("not started"), "drafted": N_("drafted"), "communicated": N_("communicated")}


def justification_summary(entries: object, language: str = SOURCE_LANGUAGE) -> JustificationSummary:
    """Which issues are justified and told, and what is still missing (flagged, not refused),
    the warnings in ``language``."""
    _ = translator(language).gettext
    clean = check_justification(entries)
    covered, told, warnings = [], [], []
    for issue in JUSTIFICATION_ISSUES:
        entry = clean[issue.id]
        if entry["message"]:
            covered.append(issue.id)
        elif entry["status"] != "not started":
            warnings.append(_("%(issue)s is marked %(status)s but has no message yet.")
                            % {"issue": _(issue.title), "status": _(STATUS_NAMES[entry["status"]])})
        else:
            warnings.append(_("%(issue)s: nothing planned yet. %(question)s")
                            % {"issue": _(issue.title), "question": _(issue.question)})
        if entry["message"] and entry["status"] == "communicated":
            told.append(issue.id)
    if covered and not told:
        warnings.append(_("Nothing has been communicated yet: people judge the change by what they hear first."))
    return JustificationSummary(tuple(covered), tuple(told), tuple(warnings))


#: The worksheets a store keeps, by name, each with the check that says what the page can load.
WORKSHEET_CHECKS = {
    "cost-of-non-training": check_cost_inputs,
    "justification-planner": check_justification,
    convergence.WORKSHEET: convergence.check_map,
}
