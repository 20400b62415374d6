"""MistakeChecklist: the red-flag checklist of leadership mistakes and obstacles."""

from __future__ import annotations

import dataclasses

from ipywidgets import HTML
from traitlets import List, Unicode

from workbook.basics.i18n import translator
from workbook.instruments.model import SEVERITY_SCALE

from ._section_base import _SectionBase
from ._views import render
from .rating import _ScaleItem, scale_choices


def actions_html(actions, language: str = "en") -> str:
    """The actions a flagged mistake unlocks, as a list under "Suggested actions"."""
    return render("unlocked_actions.html.j2", language=language, actions=actions)


class MistakeItem(_ScaleItem):
    """One mistake or obstacle: how strongly it shows up (0 = not at all, on the severity
    scale), and, once it shows up at all, the actions it unlocks.

    ``value`` is the severity (an int) or None while unanswered; ``unlocked``
    lists the suggested actions while the mistake is flagged.
    """

    kinds = ("mistakes",)

    unlocked = List(Unicode(), help="The suggested actions this mistake unlocks while flagged.").tag(sync=True)

    def __init__(self, item, instrument, **kwargs):
        self._actions_view = None
        super().__init__(item, instrument, **kwargs)
        self._show()

    def _choices(self):
        # The severity scale is the interface's own, not the instrument's: its labels come from the catalogue.
        scale = self.item.scale
        if scale == SEVERITY_SCALE:
            _ = translator(self.language).gettext
            scale = dataclasses.replace(scale, labels=tuple(_(label) for label in scale.labels))
        return scale_choices(scale, language=self.language)

    @property
    def flagged(self) -> bool:
        return isinstance(self.value, int) and self.value > 0

    def _show(self):
        super()._show()
        section_actions = self.section.actions if self.section is not None else ()
        unlocked = list(self.item.actions or section_actions) if self.flagged else []
        if unlocked != self.unlocked:
            self.unlocked = unlocked
            self._update_children()

    def _extra_parts(self):
        if not self.unlocked:
            return ()
        if self._actions_view is None:
            self._actions_view = HTML()
        self._actions_view.value = actions_html(self.unlocked, self.language)
        return (self._actions_view,)


class MistakeChecklist(_SectionBase):
    """A section of mistakes or obstacles: per item how strongly it shows up, with the
    actions each flagged one unlocks, and how many are flagged.

    ``value`` is ``{item_id: severity}`` for the answered items.
    """

    item_widgets = {"mistakes": MistakeItem}
