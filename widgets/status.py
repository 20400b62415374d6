"""SaveStatus: a line a page shows to say whether the answers are in the store."""

from __future__ import annotations

from ipywidgets import HTML
from traitlets import dlink

from workbook.basics.i18n import N_, SOURCE_LANGUAGE

from ._views import render

#: What each save state reads as on the page.
STATUS_TEXT = {"saved": N_("All changes saved"), "saving": N_("Saving…"), "not saved": N_("Not saved")}


class SaveStatus(HTML):
    """Shows the ``save_state`` of any leaderbook widget (an item, a section, a Stepper...),
    with the class ``lb-status`` and ``lb-status-<state>`` for styling."""

    def __init__(self, widget, *, language: str = SOURCE_LANGUAGE, **kwargs):
        super().__init__(_dom_classes=("lb-status",), **kwargs)
        self.watched, self.language = widget, language
        dlink((widget, "save_state"), (self, "value"),
              lambda state: render("save_status.html.j2", language=language, text=STATUS_TEXT[state]))
        widget.observe(self._restyle, names="save_state")
        self._restyle(None)

    def _restyle(self, change):
        state = self.watched.save_state.replace(" ", "-")
        self._dom_classes = ("lb-status", f"lb-status-{state}")
