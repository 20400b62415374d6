"""Checklist: a section of yes/no items, each with an optional note."""

from __future__ import annotations

from ipywidgets import Layout

from workbook.basics.i18n import N_, SOURCE_LANGUAGE, translator

from ._base import NOTE_LIMIT
from ._inputs import TextInput
from ._section_base import _SectionBase
from .rating import _ScaleItem

YES_NO = ((N_("Yes"), True, N_("Yes: this is true of my practice")),
          (N_("No"), False, N_("No: this is not (yet) true of my practice")))


def _note_checker(language: str = SOURCE_LANGUAGE):
    def check(note):
        if len(note) > NOTE_LIMIT:
            raise ValueError(translator(language).gettext(
                "a note is at most %(limit)d characters; this one has %(count)d")
                % {"limit": NOTE_LIMIT, "count": len(note)})
        return note

    return check


class ChecklistItem(_ScaleItem):
    """One yes/no item with an optional note. ``value`` is True, False, or None while unanswered.

    Yes and No are separate buttons (not a checkbox) so that "not answered
    yet" stays distinct from "no".
    """

    kinds = ("checklist",)

    def _choices(self):
        _ = translator(self.language).gettext
        return [(_(label), value) for label, value, _tip in YES_NO], [_(tooltip) for *_rest, tooltip in YES_NO]

    def _build_controls(self, value, note):
        (buttons,) = super()._build_controls(value, note)
        _ = translator(self.language).gettext
        self._note = TextInput(value=note, description=_("Note"), placeholder=_("optional"), continuous_update=False,
                               check=_note_checker(self.language), layout=Layout(width="min(100%, 40em)"),
                               _dom_classes=("lb-note",))
        self._note.observe(self._note_typed, names="value")
        self._watch_refusals(self._note)
        return (buttons, self._note)

    def _note_typed(self, change):
        self.note = change.new

    def _show(self):
        super()._show()
        self._note.value = self.note


class Checklist(_SectionBase):
    """A checklist section: yes/no items with notes, its completion and score.

    ``value`` is ``{item_id: True/False}`` for the answered items.
    """

    item_widgets = {"checklist": ChecklistItem}
