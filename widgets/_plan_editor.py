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
from workbook.basics.i18n import N_, SOURCE_LANGUAGE, translator

from ._inputs import ChoiceDropdown, DateInput, TextAreaInput, TextInput
from ._views import render

#: The Kirkpatrick levels' and the statuses' names as shown (workbook.assess.plan keeps them in English, as data).
LEVEL_NAMES = {"reaction": N_("Reaction"), "learning": N_("Learning"), "behaviour": N_("Behaviour"),
               "results": N_("Results")}
STATUS_NAMES = {"planned": N_("Planned"), "in progress": N_("In progress"), "done": N_("Done"),
                "dropped": N_("Dropped")}
#: The words the plan (workbook.assess.plan.missing_fields) names a missing field with.
FIELD_NAMES = (N_("measure of success"), N_("due date"), N_("owner"))


def level_choices(language: str = SOURCE_LANGUAGE) -> list[tuple[str, str]]:
    _ = translator(language).gettext
    return [(_("(not chosen)"), "")] + [
        (_("%(level)s (level %(number)d)") % {"level": _(LEVEL_NAMES.get(level, level.capitalize())), "number": n},
         level) for n, level in enumerate(LEVELS, 1)]


def status_choices(language: str = SOURCE_LANGUAGE) -> list[tuple[str, str]]:
    _ = translator(language).gettext
    return [(_(STATUS_NAMES.get(status, status.capitalize())), status) for status in STATUSES]


LEVEL_CHOICES = level_choices()
STATUS_CHOICES = status_choices()
_CHOICE_FIELDS = ("gap", "level", "status")
#: The fields typed into: sent as typed, and saved once the typing pauses.
TYPED_FIELDS = ("what", "owner", "measure")


def _field_layout() -> Layout:
    return Layout(width="100%", max_width="100%")


class _ActionEditor(VBox):
    """One labelled control per field of an action; calls ``on_edit(field, text)`` on each edit."""

    def __init__(self, gaps, on_edit, on_refused, *, language: str = SOURCE_LANGUAGE, **kwargs):
        self._on_edit = on_edit
        _ = translator(language).gettext
        self._loading = False
        self.gaps = list(gaps)
        self.fields = {
            "what": TextAreaInput(description=_("What"), placeholder=_("What will be done"), rows=3,
                                  continuous_update=True, layout=_field_layout()),
            "gap": ChoiceDropdown(options=self.gaps, description=_("Gap"), layout=_field_layout(),
                                  tooltip=_("The function, skill or mistake this action answers")),
            "owner": TextInput(description=_("Owner"), placeholder=_("Who makes it happen"), continuous_update=True,
                               layout=_field_layout()),
            "due": DateInput(description=_("Due"), layout=_field_layout()),
            "measure": TextAreaInput(description=_("Measure"), placeholder=_("How you will know it worked"), rows=2,
                                     continuous_update=True, layout=_field_layout()),
            "level": ChoiceDropdown(options=level_choices(language), description=_("Level"), layout=_field_layout(),
                                    tooltip=_("Kirkpatrick level of the measure: reaction, learning, behaviour "
                                              "or results")),
            "status": ChoiceDropdown(options=status_choices(language), description=_("Status"),
                                     layout=_field_layout()),
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

    def __init__(self, action_id: str, gaps, *, on_edit, on_refused, on_move, on_remove,
                 language: str = SOURCE_LANGUAGE):
        self.action_id, self.language = action_id, language
        _ = translator(language).gettext
        self.heading = HTML(_dom_classes=("lb-plan-card-heading",))
        self.editor = _ActionEditor(gaps, lambda name, text: on_edit(self, name, text), on_refused, language=language)
        self.fields = self.editor.fields
        self.missing = HTML(_dom_classes=("lb-plan-missing",))
        self.up_button = self._button(_("Move up"), "arrow-up", lambda _click: on_move(self, -1))
        self.down_button = self._button(_("Move down"), "arrow-down", lambda _click: on_move(self, 1))
        self.remove_button = self._button(_("Remove"), "trash", lambda _click: on_remove(self))
        buttons = HBox([self.up_button, self.down_button, self.remove_button], _dom_classes=("lb-plan-card-buttons",))
        super().__init__([self.heading, self.editor, self.missing, buttons], _dom_classes=("lb-plan-card",))

    @staticmethod
    def _button(label, icon, handler) -> Button:
        button = Button(description=label, icon=icon, layout=Layout(width="auto"))
        button.on_click(handler)
        return button

    def show(self, number: int, count: int, action: dict, gap_label) -> None:
        """Show ``action`` as the ``number``-th of ``count``."""
        _ = translator(self.language).gettext
        self.heading.value = render("plan_card_heading.html.j2", language=self.language, number=number)
        for button, tooltip in ((self.up_button, _("Move action %(number)d up")),
                                (self.down_button, _("Move action %(number)d down")),
                                (self.remove_button, _("Remove action %(number)d from the plan"))):
            button.tooltip = tooltip % {"number": number}
        self.up_button.disabled = number == 1
        self.down_button.disabled = number == count
        missing = missing_fields(action)
        self.missing.value = render("plan_missing.html.j2", language=self.language, missing=[_(m) for m in missing])
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
