"""Checklist: a section of yes/no items, each with an optional note."""

from __future__ import annotations

from ipywidgets import Layout

from ._base import NOTE_LIMIT
from ._inputs import TextInput
from ._section_base import _SectionBase
from .rating import _ScaleItem

YES_NO = (("Yes", True, "Yes: this is true of my practice"),
          ("No", False, "No: this is not (yet) true of my practice"))


def _check_note(note):
    if len(note) > NOTE_LIMIT:
        raise ValueError(f"a note is at most {NOTE_LIMIT} characters; this one has {len(note)}")
    return note


class ChecklistItem(_ScaleItem):
    """One yes/no item with an optional note. ``value`` is True, False, or None while unanswered.

    Yes and No are separate buttons (not a checkbox) so that "not answered
    yet" stays distinct from "no".
    """

    kinds = ("checklist",)

    def _choices(self):
        return [(label, value) for label, value, _ in YES_NO], [tooltip for *_, tooltip in YES_NO]

    def _build_controls(self, value, note):
        (buttons,) = super()._build_controls(value, note)
        self._note = TextInput(value=note, description="Note", placeholder="optional", continuous_update=False,
                               check=_check_note, layout=Layout(width="min(100%, 40em)"),
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
