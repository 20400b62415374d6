"""The form that edits one action of the plan (private to :mod:`widgets.action_plan`)."""

from __future__ import annotations

import datetime as _dt

from ipywidgets import VBox

from workbook.plan import LEVELS, STATUSES

from ._inputs import ChoiceDropdown, DateInput, TextAreaInput, TextInput
from ._shared import wide_layout

LEVEL_CHOICES = [("(not chosen)", "")] + [(f"{level.capitalize()} (level {n})", level)
                                          for n, level in enumerate(LEVELS, 1)]
STATUS_CHOICES = [(status.capitalize(), status) for status in STATUSES]
_CHOICE_FIELDS = ("gap", "level", "status")


class _ActionEditor(VBox):
    """One labelled control per field of an action; calls ``on_edit(field, text)`` on each edit."""

    def __init__(self, gaps, on_edit, on_refused, **kwargs):
        self._on_edit = on_edit
        self._loading = False
        self.gaps = list(gaps)
        self.fields = {
            "what": TextAreaInput(description="What", placeholder="What will be done", rows=2,
                                  continuous_update=False, layout=wide_layout()),
            "gap": ChoiceDropdown(options=self.gaps, description="Gap", layout=wide_layout(),
                                  tooltip="The function, skill or mistake this action answers"),
            "owner": TextInput(description="Owner", placeholder="Who makes it happen", continuous_update=False),
            "due": DateInput(description="Due"),
            "measure": TextInput(description="Measure", placeholder="How you will know it worked",
                                 continuous_update=False, layout=wide_layout()),
            "level": ChoiceDropdown(options=LEVEL_CHOICES, description="Level", tooltip="Kirkpatrick level "
                                    "of the measure: reaction, learning, behaviour or results"),
            "status": ChoiceDropdown(options=STATUS_CHOICES, description="Status"),
        }
        for name, field in self.fields.items():
            field.observe(lambda change, name=name: self._edited(name),
                          names="index" if name in _CHOICE_FIELDS else "value")
            field.observe(on_refused, names="refused")
        super().__init__(list(self.fields.values()), _dom_classes=("lb-plan-editor",), **kwargs)

    def _edited(self, name: str) -> None:
        if self._loading:
            return
        value = self.fields[name].value
        if name == "due":
            value = value.isoformat() if value else ""
        self._on_edit(name, value if value is not None else "")

    def load(self, action: dict | None, gap_label) -> None:
        """Show ``action`` (None: nothing chosen, every field disabled)."""
        self._loading = True
        try:
            for name, field in self.fields.items():
                field.disabled = action is None
                current = action[name] if action else ""
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
                    field.value = _dt.date.fromisoformat(current) if current else None
                else:
                    field.value = current
        finally:
            self._loading = False
