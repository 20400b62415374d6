"""The two worksheets: the cost of non-training and the justification planner.

The sums and checks live in :mod:`workbook.assess.calculators`; these widgets only
show its fields and results.
"""

from __future__ import annotations

from ipywidgets import HTML, HBox, Layout, VBox
from ipywidgets.widgets.widget_description import DescriptionStyle
from traitlets import Dict, TraitError, observe, validate

from workbook.assess.calculators import (JUSTIFICATION_ISSUES, JUSTIFICATION_STATUSES, MAX_MESSAGE_LENGTH,
                                  NON_TRAINING_FIELDS, STATUS_NAMES, CalculatorError, check_cost_inputs, check_justification,
                                  cost_of_non_training, cost_rows, empty_justification, field_problem,
                                  justification_summary)

from workbook.basics.i18n import SOURCE_LANGUAGE, translator

from ._base import error_html
from ._browser import _BrowserInput
from ._inputs import ChoiceDropdown, NumberInput, TextAreaInput
from ._shared import wide_layout
from ._views import render
from .saving import _SavesWorksheet


class _Worksheet(_SavesWorksheet, _BrowserInput, VBox):
    """Private base: a ``value`` of inputs checked by ``_check``, a result redrawn on each change.

    With a binding, every accepted change is written through as the worksheet
    ``worksheet_name`` (typed text once the typing pauses), and a new widget
    starts from what was saved. A change the store refuses or cannot take
    shows "Not saved" and the saved inputs again, as the other widgets do.
    """

    value = Dict(help="The worksheet's inputs, as plain data.").tag(sync=True)
    result = Dict(help="What the worksheet works out from the inputs.").tag(sync=True)

    worksheet_name = ""
    _check = staticmethod(lambda value: value)  # each worksheet names its checker
    _typing = False  # the change being made is typed text: save it when the typing pauses

    def _start(self, binding, value, default):
        """The inputs to start from (given, else saved, else ``default()``), checked; remembers the binding."""
        return self._first_value(binding, self.worksheet_name, value, self._check, default)

    def _started(self) -> None:
        """Call at the end of a subclass's ``__init__``: from now on changes are saved."""
        self.save_state = "saved" if self.binding is not None else "not saved"
        self._live = True

    def _show_value(self, value) -> None:
        """Make the controls and the result show ``value`` (each worksheet knows how)."""

    @validate("value")
    def _validate_value(self, proposal):
        try:
            return self._check(proposal.value)
        except (CalculatorError, OverflowError) as exc:
            raise TraitError(str(exc)) from None

    @observe("value")
    def _value_changed(self, change):
        self._show_value(change.new)
        self._save_worksheet(self.worksheet_name, change.new, typing=self._typing)

    def _refused(self, change):
        if change.new:
            self.error = change.new

    @observe("error")
    def _show_error(self, change):
        self._error_view.value = error_html(change.new) if change.new else ""


def _message_checker(language: str = SOURCE_LANGUAGE):
    def check(text: str) -> str:
        if len(text) > MAX_MESSAGE_LENGTH:
            raise CalculatorError(translator(language).gettext(
                "a message is at most %(limit)d characters; this one has %(count)d")
                % {"limit": MAX_MESSAGE_LENGTH, "count": len(text)})
        return text

    return check


class CostOfNonTraining(_Worksheet):
    """What a skill gap costs (hours lost, errors, rework) against what the training costs.

    ``value`` holds the inputs (see ``workbook.assess.calculators.NON_TRAINING_FIELDS``),
    ``result`` the sums. ``currency`` is a symbol put before amounts.
    """

    worksheet_name = "cost-of-non-training"
    _check = staticmethod(check_cost_inputs)

    def __init__(self, value=None, *, currency: str = "", binding=None, language: str = SOURCE_LANGUAGE, **kwargs):
        self.currency, self.language = currency, language
        value = self._start(binding, value, dict)
        _ = translator(language).gettext
        style = DescriptionStyle(description_width="20em")
        unit = {"money": currency.strip() or _("amount"), "%": "%"}
        self.inputs = {}
        rows = []
        for field in NON_TRAINING_FIELDS:
            box = NumberInput(value=value[field.name], description=_(field.label), tooltip=_(field.help), style=style,
                              layout=Layout(width="29em", flex="0 0 auto"),
                              check=lambda v, field=field: self._checked(field, v))
            box.observe(lambda change, name=field.name: self._typed(name, change.new), names="value")
            box.observe(self._refused, names="refused")
            self.inputs[field.name] = box
            rows.append(HBox([box, HTML(render("calc_field_help.html.j2", unit=unit.get(field.unit) or _(field.unit),
                                               help=_(field.help)))],
                             _dom_classes=("lb-calc-field", f"lb-calc-field-{field.name}")))
        self._result_view = HTML(_dom_classes=("lb-calc-result",))
        self._error_view = HTML(_dom_classes=("lb-error",))
        super().__init__(children=(*rows, self._error_view, self._result_view), value=value,
                         _dom_classes=("lb-calculator", "lb-calc-cost"), **kwargs)
        self._recompute()
        self._started()

    def _checked(self, field, number):
        """``number`` for ``field`` as the worksheet keeps it, or CalculatorError said in the page's language."""
        problem = field_problem(field, number, self.language)
        if problem:
            raise CalculatorError(problem)
        return float(number)

    def _typed(self, name, number):
        try:
            self.value = {**self.value, name: number}
        except TraitError as exc:
            self.error = str(exc)
            self.inputs[name].value = self.value[name]

    def _show_value(self, value):
        for name, box in self.inputs.items():
            box.value = value[name]
        self._recompute()

    def _recompute(self):
        cost = cost_of_non_training(self.value)
        self.result = cost.as_dict()
        rows, payback = cost_rows(self.value, self.currency, self.language)  # the summary shows the same rows
        self._result_view.value = render("calc_cost_result.html.j2", rows=rows, payback=payback,
                                         verdict=translator(self.language).gettext(cost.verdict))


class JustificationPlanner(_Worksheet):
    """What people will be told on the five fundamental issues (priority, timetable,
    impact, participation, obstacles), and how far each has got.

    ``value`` is ``{issue: {"message": text, "status": one of JUSTIFICATION_STATUSES}}``;
    ``result`` lists the issues covered and communicated and what is still missing.
    """

    worksheet_name = "justification-planner"
    _check = staticmethod(check_justification)

    def __init__(self, value=None, *, binding=None, language: str = SOURCE_LANGUAGE, **kwargs):
        self.language = language
        _ = translator(language).gettext
        value = self._start(binding, value, empty_justification)
        self.messages, self.statuses = {}, {}
        parts = []
        for issue in JUSTIFICATION_ISSUES:
            message = TextAreaInput(value=value[issue.id]["message"], description=_("Message"),
                                    placeholder=_(issue.question), rows=2, continuous_update=True, layout=wide_layout(),
                                    check=_message_checker(language))
            status = ChoiceDropdown(options=[(_(STATUS_NAMES.get(s, s)), s) for s in JUSTIFICATION_STATUSES],
                                    description=_("Status"),
                                    index=JUSTIFICATION_STATUSES.index(value[issue.id]["status"]))
            message.observe(lambda c, i=issue.id: self._typed(i, "message", c.new), names="value")
            status.observe(lambda c, i=issue.id: self._typed(i, "status", JUSTIFICATION_STATUSES[c.new]),
                           names="index")
            for control in (message, status):
                control.observe(self._refused, names="refused")
            self.messages[issue.id], self.statuses[issue.id] = message, status
            heading = HTML(render("calc_issue_heading.html.j2", title=_(issue.title), question=_(issue.question),
                                  help=_(issue.help)))
            parts.append(VBox([heading, message, status], _dom_classes=("lb-calc-issue", f"lb-calc-issue-{issue.id}")))
        self._result_view = HTML(_dom_classes=("lb-calc-result",))
        self._error_view = HTML(_dom_classes=("lb-error",))
        super().__init__(children=(*parts, self._error_view, self._result_view), value=value,
                         _dom_classes=("lb-calculator", "lb-calc-justification"), **kwargs)
        self._recompute()
        self._started()

    def _typed(self, issue_id, key, text):
        self._typing = key == "message"
        try:
            self.value = {**self.value, issue_id: {**self.value[issue_id], key: text}}
        except TraitError as exc:
            self.error = str(exc)
        finally:
            self._typing = False

    def _show_value(self, value):
        for issue_id, entry in value.items():
            if issue_id in self.messages:
                if self.messages[issue_id].value.strip() != entry["message"]:
                    self.messages[issue_id].value = entry["message"]
                self.statuses[issue_id].index = JUSTIFICATION_STATUSES.index(entry["status"])
        self._recompute()

    def _recompute(self):
        summary = justification_summary(self.value, self.language)
        self.result = summary.as_dict()
        self._result_view.value = render("calc_justification_result.html.j2", language=self.language, covered=len(summary.covered),
                                         issues=len(JUSTIFICATION_ISSUES), communicated=len(summary.communicated),
                                         warnings=summary.warnings)
