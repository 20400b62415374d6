"""ActionPlan: an editor of the actions that answer the assessment's gaps."""

from __future__ import annotations

import html

from ipywidgets import HTML, Button, HBox, Layout, VBox
from traitlets import Float, Int, List, TraitError, Unicode, observe, validate

from workbook.errors import PlanError
from workbook.plan import check_plan, new_action, plan_warnings
from workbook.scoring import suggest_actions

from ._base import error_html
from ._browser import _BrowserInput
from ._inputs import ChoiceList
from ._plan_editor import _ActionEditor
from ._plan_gaps import gap_choices, gap_label
from .saving import _SavesThrough


def _row_label(number: int, action: dict, incomplete: bool) -> str:
    what = action["what"] if len(action["what"]) <= 60 else action["what"][:59] + "…"
    parts = [f"{number}. {what}", action["status"]]
    if action["due"]:
        parts.append(f"due {action['due']}")
    return " · ".join(parts) + ("  ⚠" if incomplete else "")


class ActionPlan(_SavesThrough, _BrowserInput, VBox):
    """Edit a plan of actions: what, the gap it answers, owner, due date, measure of
    success and its Kirkpatrick level, status. Add, edit, remove and reorder
    actions; add a suggested action with one click.

    ``value`` is the plan: a list of action dicts (see :mod:`workbook.plan`).
    An action without a measure, due date or owner is flagged in ``warnings``,
    not refused. Build it with :meth:`from_instruments` to load the stored plan
    and suggestions drawn from the stored answers.
    """

    value = List(help="The plan: a list of action dicts, in order.").tag(sync=True)
    selected = Int(None, allow_none=True, help="The position of the action being edited; None when none is.")
    warnings = List(Unicode(), help="What is missing from the plan's actions (flagged, not refused).").tag(sync=True)
    completion = Float(0.0, help="The share of actions with an owner, due date and measure; "
                                 "0 for no plan.").tag(sync=True)

    def __init__(self, instruments=(), *, binding=None, value=None, suggestions=(), answers=None, **kwargs):
        self.instruments, self.binding = tuple(instruments), binding
        self._answers = answers
        self._loading = self._live = False
        self._suggestions, self._suggestion_buttons = None, []
        plan = check_plan(value if value is not None else (binding.plan() if binding is not None else []))
        self._saved = plan
        self._build_editor()
        self._header = HTML(_dom_classes=("lb-plan-summary",))
        self._error_view = HTML(_dom_classes=("lb-error",), layout=Layout(display="none"))
        self._suggestion_box = VBox(_dom_classes=("lb-suggestions",))
        self._suggestion_heading = HTML("<h4>Suggested actions</h4>"
                                        "<p>From your answers: add any with one click, then edit it.</p>")
        super().__init__(value=plan, save_state="saved" if binding is not None else "not saved",
                         _dom_classes=("lb-action-plan",), **kwargs)
        self.children = (self._header, HBox([self._list, self._buttons]), self._editor, self._error_view,
                         self._suggestion_box)
        self._live = True
        self.set_suggestions(suggestions)
        self._refresh(select=0 if plan else None)

    @classmethod
    def from_instruments(cls, instruments, binding=None, answers=None, **kwargs):
        """A plan editor for ``instruments``: the stored plan, and suggestions from ``answers``
        (``{instrument_id: {item_id: value}}``, or a callable returning that; read from
        ``binding`` when not given)."""
        plan = cls(instruments, binding=binding, answers=answers if callable(answers) else None, **kwargs)
        plan.refresh_suggestions(None if callable(answers) else answers)
        return plan

    # -- building ---------------------------------------------------------------

    def _build_editor(self):
        self._list = ChoiceList(options=[], description="Actions", rows=5, layout=Layout(width="min(100%, 36em)"))
        self._list.observe(self._pick, names="index")
        buttons = [("New action", "plus", "Add an empty action to the plan", self._add_blank),
                   ("Move up", "arrow-up", "Move the chosen action up", lambda _: self._move(-1)),
                   ("Move down", "arrow-down", "Move the chosen action down", lambda _: self._move(1)),
                   ("Remove", "trash", "Remove the chosen action from the plan", self._remove)]
        self.add_button, self.up_button, self.down_button, self.remove_button = (
            self._button(label, icon, tip, handler) for label, icon, tip, handler in buttons)
        self._buttons = VBox([self.add_button, self.up_button, self.down_button, self.remove_button])
        self._editor = _ActionEditor(gap_choices(self.instruments), self._field_edited, self._field_refused)
        self.fields = self._editor.fields

    @staticmethod
    def _button(label, icon, tooltip, handler) -> Button:
        button = Button(description=label, icon=icon, tooltip=tooltip)
        button.on_click(handler)
        return button

    # -- suggestions ------------------------------------------------------------

    def set_suggestions(self, suggestions) -> None:
        """Show these suggestions (``workbook.scoring.Suggestion``), one "add" button each."""
        suggestions = list(suggestions)
        if suggestions == self._suggestions:
            return
        for button in self._suggestion_buttons:
            button.close()  # its comm would otherwise outlive it in the kernel
        self._suggestions = suggestions
        buttons = []
        for suggestion in self._suggestions:
            button = Button(description=suggestion.text, icon="plus",
                            tooltip=f"Add to the plan (answers: {suggestion.gap_title})",
                            layout=Layout(width="auto", height="auto"), _dom_classes=("lb-suggestion",))
            button.on_click(lambda _, s=suggestion: self.add(s.text, s.gap))
            buttons.append(button)
        self._suggestion_box.children = (self._suggestion_heading, *buttons) if buttons else ()
        self._suggestion_buttons = buttons
        self._mark_suggestions()

    def refresh_suggestions(self, answers=None) -> None:
        """Recompute the suggestions from ``answers`` or, if not given, the ``answers`` callable
        given at construction, or the binding's stored answers."""
        if answers is None and self._answers is not None:
            answers = self._answers()
        elif answers is None:
            answers = {i.id: self.binding.values(i) for i in self.instruments} if self.binding is not None else {}
        self.set_suggestions([s for i in self.instruments for s in suggest_actions(i, answers.get(i.id, {}))])

    def refresh(self) -> None:
        """What a Stepper calls on entering the step: bring the suggestions up to date."""
        self.refresh_suggestions()

    def _mark_suggestions(self):
        planned = {action["what"] for action in self.value}
        for suggestion, button in zip(self._suggestions, self._suggestion_buttons):
            button.disabled = suggestion.text in planned

    # -- editing ----------------------------------------------------------------

    def add(self, what: str, gap: str = "", **fields) -> None:
        """Append a new action and select it for editing."""
        self._change([*self.value, new_action(what, gap, **fields)], select=len(self.value))

    def _add_blank(self, _=None):
        self.add("New action")

    def _move(self, step: int) -> None:
        index = self.selected
        if index is None or not 0 <= index + step < len(self.value):
            return
        plan = list(self.value)
        plan[index], plan[index + step] = plan[index + step], plan[index]
        self._change(plan, select=index + step)

    def _remove(self, _=None) -> None:
        if self.selected is None:
            return
        plan = [a for i, a in enumerate(self.value) if i != self.selected]
        self._change(plan, select=min(self.selected, len(plan) - 1) if plan else None)

    def _field_edited(self, name: str, text: str) -> None:
        if self.selected is None:
            return
        plan = list(self.value)
        plan[self.selected] = dict(plan[self.selected], **{name: text})
        self._change(plan, select=self.selected)

    def _field_refused(self, change):
        if change.new:
            self.error = change.new

    def _change(self, plan, select=None) -> None:
        previous, self.selected = self.selected, select
        try:
            self.value = plan
        except TraitError as exc:
            self.selected = previous
            self.error = str(exc)
            self._load_editor()

    # -- validation and saving ---------------------------------------------------

    @validate("value")
    def _validate_value(self, proposal):
        try:
            return check_plan(proposal.value)
        except PlanError as exc:
            raise TraitError(str(exc)) from None

    @observe("value")
    def _plan_changed(self, change):
        if not self._live:
            return
        self.error = ""
        self._refresh(select=self.selected)
        if self.binding is None:
            return
        if change.new == self._saved:
            self._nothing_to_save()
            return
        plan = change.new

        def write():
            self._saved = self.binding.save_plan(plan)

        self._save(write)

    def _restore_saved(self) -> None:
        self._live = False
        try:
            self.value = self._saved
        finally:
            self._live = True
        self._refresh(select=self.selected)

    @observe("error")
    def _show_error(self, change):
        self._error_view.value = error_html(change.new) if change.new else ""
        self._error_view.layout.display = "" if change.new else "none"

    # -- showing ----------------------------------------------------------------

    def _refresh(self, select=None) -> None:
        """Bring the list, editor, warnings and suggestion buttons in line with ``value``."""
        if select is not None and not 0 <= select < len(self.value):
            select = len(self.value) - 1 if self.value else None
        incomplete = [bool(plan_warnings([action])) for action in self.value]
        labels = [_row_label(n, a, flag) for n, (a, flag) in enumerate(zip(self.value, incomplete), 1)]
        self._loading = True
        try:
            with self._list.hold_sync():
                self._list.options = list(zip(labels, range(len(labels))))
                self._list.rows = max(3, min(10, len(labels)))
                self._list.index = select
        finally:
            self._loading = False
        self.selected = select
        with self.hold_sync():
            self.warnings = plan_warnings(self.value)
            self.completion = incomplete.count(False) / len(incomplete) if incomplete else 0.0
        self._header.value = self._summary_html()
        self._enable_buttons()
        self._mark_suggestions()
        self._load_editor()

    def _enable_buttons(self) -> None:
        chosen, last = self.selected, len(self.value) - 1
        self.up_button.disabled = chosen is None or chosen == 0
        self.down_button.disabled = chosen is None or chosen == last
        self.remove_button.disabled = chosen is None

    def _pick(self, change):
        if not self._loading:
            self.selected = change.new
            self._enable_buttons()
            self._load_editor()

    def _load_editor(self) -> None:
        action = self.value[self.selected] if self.selected is not None else None
        self._editor.load(action, lambda ref: gap_label(ref, self.instruments))

    def _summary_html(self) -> str:
        count = len(self.value)
        head = f"<strong>{count} action{'s' if count != 1 else ''}</strong>" if count else \
            "<strong>No actions yet.</strong> Add one, or pick from the suggestions below."
        if not self.warnings:
            return f"<div>{head}</div>"
        items = "".join(f"<li>{html.escape(w)}</li>" for w in self.warnings)
        return f'<div>{head}<ul class="lb-warnings" aria-label="Missing from the plan">{items}</ul></div>'
