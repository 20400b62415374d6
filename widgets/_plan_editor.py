"""One action of the plan as a card edited in place (private to :mod:`widgets.action_plan`).

A card shows every field of its action at once (what, gap, owner, due date,
measure, Kirkpatrick level, status), says what the action still lacks, and
carries its own Move up / Move down / Remove buttons. Cards are kept by
action id, so an edit in one never rebuilds the others (nor moves the
browser's focus).
"""

from __future__ import annotations

import datetime as _dt

from ipywidgets import HTML, Button, HBox, Layout, VBox

from workbook.assess.plan import LEVELS, STATUSES, missing_fields

from ._inputs import ChoiceDropdown, DateInput, TextAreaInput, TextInput
from ._views import render

LEVEL_CHOICES = [("(not chosen)", "")] + [(f"{level.capitalize()} (level {n})", level)
                                          for n, level in enumerate(LEVELS, 1)]
STATUS_CHOICES = [(status.capitalize(), status) for status in STATUSES]
_CHOICE_FIELDS = ("gap", "level", "status")
#: The fields typed into: sent as typed, and saved once the typing pauses.
TYPED_FIELDS = ("what", "owner", "measure")


def _field_layout() -> Layout:
    return Layout(width="100%", max_width="100%")


class _ActionEditor(VBox):
    """One labelled control per field of an action; calls ``on_edit(field, text)`` on each edit."""

    def __init__(self, gaps, on_edit, on_refused, **kwargs):
        self._on_edit = on_edit
        self._loading = False
        self.gaps = list(gaps)
        self.fields = {
            "what": TextAreaInput(description="What", placeholder="What will be done", rows=3,
                                  continuous_update=True, layout=_field_layout()),
            "gap": ChoiceDropdown(options=self.gaps, description="Gap", layout=_field_layout(),
                                  tooltip="The function, skill or mistake this action answers"),
            "owner": TextInput(description="Owner", placeholder="Who makes it happen", continuous_update=True,
                               layout=_field_layout()),
            "due": DateInput(description="Due", layout=_field_layout()),
            "measure": TextAreaInput(description="Measure", placeholder="How you will know it worked", rows=2,
                                     continuous_update=True, layout=_field_layout()),
            "level": ChoiceDropdown(options=LEVEL_CHOICES, description="Level", layout=_field_layout(),
                                    tooltip="Kirkpatrick level of the measure: reaction, learning, behaviour "
                                            "or results"),
            "status": ChoiceDropdown(options=STATUS_CHOICES, description="Status", layout=_field_layout()),
        }
        for name, field in self.fields.items():
            field.observe(lambda change, name=name: self._edited(name),
                          names="index" if name in _CHOICE_FIELDS else "value")
            field.observe(on_refused, names="refused")
        f = self.fields
        pairs = [HBox([f["owner"], f["due"]], _dom_classes=("lb-plan-pair",)),
                 HBox([f["level"], f["status"]], _dom_classes=("lb-plan-pair",))]
        super().__init__([f["what"], f["gap"], pairs[0], f["measure"], pairs[1]],
                         _dom_classes=("lb-plan-editor",), **kwargs)

    def _edited(self, name: str) -> None:
        if self._loading:
            return
        value = self.fields[name].value
        if name == "due":
            value = value.isoformat() if value else ""
        self._on_edit(name, value if value is not None else "")

    def load(self, action: dict, gap_label) -> None:
        """Show ``action``. A field already showing the action's value is left alone (text being
        typed keeps its trailing space)."""
        self._loading = True
        try:
            for name, field in self.fields.items():
                current = action[name]
                if name == "gap":
                    refs = [ref for _, ref in self.gaps]
                    if current not in refs:
                        self.gaps.append((gap_label(current), current))
                        field.options = self.gaps
                        refs.append(current)
                    field.index = refs.index(current)
                elif name in ("level", "status"):
                    values = [value for _, value in (LEVEL_CHOICES if name == "level" else STATUS_CHOICES)]
                    field.index = values.index(current) if current in values else 0
                elif name == "due":
                    date = _dt.date.fromisoformat(current) if current else None
                    if field.value != date:
                        field.value = date
                elif (field.value or "").strip() != current:
                    field.value = current
        finally:
            self._loading = False


class ActionCard(VBox):
    """One action: a heading with its number, the fields, what it still lacks, and its buttons.

    ``on_edit(card, field, text)``, ``on_move(card, step)`` and ``on_remove(card)`` tell the plan.
    """

    def __init__(self, action_id: str, gaps, *, on_edit, on_refused, on_move, on_remove):
        self.action_id = action_id
        self.heading = HTML(_dom_classes=("lb-plan-card-heading",))
        self.editor = _ActionEditor(gaps, lambda name, text: on_edit(self, name, text), on_refused)
        self.fields = self.editor.fields
        self.missing = HTML(_dom_classes=("lb-plan-missing",))
        self.up_button = self._button("Move up", "arrow-up", lambda _: on_move(self, -1))
        self.down_button = self._button("Move down", "arrow-down", lambda _: on_move(self, 1))
        self.remove_button = self._button("Remove", "trash", lambda _: on_remove(self))
        buttons = HBox([self.up_button, self.down_button, self.remove_button], _dom_classes=("lb-plan-card-buttons",))
        super().__init__([self.heading, self.editor, self.missing, buttons], _dom_classes=("lb-plan-card",))

    @staticmethod
    def _button(label, icon, handler) -> Button:
        button = Button(description=label, icon=icon, layout=Layout(width="auto"))
        button.on_click(handler)
        return button

    def show(self, number: int, count: int, action: dict, gap_label) -> None:
        """Show ``action`` as the ``number``-th of ``count``."""
        self.heading.value = render("plan_card_heading.html.j2", number=number)
        for button, verb in ((self.up_button, "up"), (self.down_button, "down"), (self.remove_button, "")):
            button.tooltip = f"Move action {number} {verb}" if verb else f"Remove action {number} from the plan"
        self.up_button.disabled = number == 1
        self.down_button.disabled = number == count
        missing = missing_fields(action)
        self.missing.value = render("plan_missing.html.j2", missing=missing)
        classes = ("lb-plan-card",) + (("lb-plan-card-incomplete",) if missing else ())
        if tuple(self._dom_classes) != classes:
            self._dom_classes = classes
        self.editor.load(action, gap_label)

    def close(self) -> None:
        for widget in (*self.fields.values(), self.heading, self.missing, self.up_button, self.down_button,
                       self.remove_button):
            widget.close()
        for box in self.editor.children:
            if isinstance(box, HBox):
                box.close()
        self.editor.close()
        self.children[-1].close()
        super().close()
