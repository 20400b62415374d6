"""TextAnswer: a free-text item (a question to think through and write down)."""

from __future__ import annotations

from ipywidgets import Layout

from workbook.basics.i18n import translator

from ._base import _AnswerItem
from ._inputs import TextAreaInput
from .saving import TYPING_DELAY


class TextAnswer(_AnswerItem):
    """One free-text item. ``value`` is the text, or None while empty.

    The box sends the text as it is typed, and the answer is written once the
    typing stops for a moment (:data:`~widgets.saving.TYPING_DELAY`), so what
    is typed is kept without leaving the box, and the store keeps one answer
    per pause rather than one per letter. ``save_state`` is "saving" meanwhile.
    """

    kinds = ("text",)
    _save_delay = TYPING_DELAY

    def _build_controls(self, value, note):
        _ = translator(self.language).gettext
        self._box = TextAreaInput(value=value or "", description=_("Your answer"), placeholder=_("Write here"),
                                  continuous_update=True, check=self.item.check_value, rows=3,
                                  layout=Layout(width="min(100%, 48em)"), _dom_classes=("lb-answer",))
        self._box.observe(self._text_typed, names="value")
        self._watch_refusals(self._box)
        return (self._box,)

    def _text_typed(self, change):
        self.value = change.new.strip() or None

    def _show(self):
        if (self._box.value.strip() or None) != self.value:
            self._box.value = self.value or ""
