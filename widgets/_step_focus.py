"""StepFocus: the part of a Stepper that moves the browser's view and focus to the step it opens.

A kernel cannot scroll a page or move its focus; this invisible control's
front end (``static/step_focus.js``, served by anywidget like the radio
group) does it whenever ``moves`` changes: the step shown at ``step``
(the element carrying ``lb-stepper-step-<step>``) is scrolled to just under
the sticky header and its first heading takes the focus.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
from traitlets import Int

from ._browser import _BrowserInput


class StepFocus(_BrowserInput, anywidget.AnyWidget):
    """Tell the browser to bring step ``step`` into view: call :meth:`show`."""

    _esm = Path(__file__).parent / "static" / "step_focus.js"

    step = Int(0, help="The position of the step to bring into view.").tag(sync=True)
    moves = Int(0, help="Counts the moves; each change makes the browser act.").tag(sync=True)

    #: The browser changes nothing here.
    _browser_keys = ()

    def show(self, step: int) -> None:
        with self.hold_sync():
            self.step = step
            self.moves += 1
