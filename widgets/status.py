"""SaveStatus: a line a page shows to say whether the answers are in the store."""

from __future__ import annotations

from ipywidgets import HTML
from traitlets import dlink

#: What each save state reads as on the page.
STATUS_TEXT = {"saved": "All changes saved", "saving": "Saving…", "not saved": "Not saved"}


class SaveStatus(HTML):
    """Shows the ``save_state`` of any leaderbook widget (an item, a section, a Stepper...),
    with the class ``lb-status`` and ``lb-status-<state>`` for styling."""

    def __init__(self, widget, **kwargs):
        super().__init__(_dom_classes=("lb-status",), **kwargs)
        self.watched = widget
        dlink((widget, "save_state"), (self, "value"),
              lambda state: f'<span role="status" aria-live="polite">{STATUS_TEXT[state]}</span>')
        widget.observe(self._restyle, names="save_state")
        self._restyle(None)

    def _restyle(self, change):
        state = self.watched.save_state.replace(" ", "-")
        self._dom_classes = ("lb-status", f"lb-status-{state}")
