"""ConnectionWatch: the part of a page that notices, in the browser, when its kernel is out of reach.

A kernel cannot tell a page that it is gone, and Voila shows nothing when
the connection drops (voila#67), so the header would go on saying "All
changes saved" over answers that never arrived. This control's front end
(``static/connection_watch.js``, served by anywidget like the radio group)
decides in the browser:

- the kernel's websocket closed (the Voila template reports it), or a ping
  sent after the person's last change is not answered within
  ``ack_timeout_ms``: the header says ``message``, the page's controls go
  inert, and choices the kernel never confirmed are visibly undone;
- until the kernel has answered a ping sent after a change, the header says
  "Saving…", never "saved": the pong carries the page's ``save_state`` as
  the kernel sees it, so a change still waiting to be written stays "Saving…";
- once the server answers again, the page reloads (a new kernel, reopened
  from the store on the step the visitor was on).

The kernel's part is small: answer each ``{"ping": n}`` with the same ``n``
and the watched widget's ``save_state``. Anything else the page sends is
ignored, and the page may change no trait.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
from traitlets import Int, Unicode

from workbook.basics.i18n import N_, SOURCE_LANGUAGE, translator

from ._browser import _BrowserInput
from .status import STATUS_TEXT

_STATIC = Path(__file__).parent / "static"

#: What the header says once the kernel is out of reach.
LOST_MESSAGE = N_("Not connected: your last answers are not saved")
RETRY_NOTE = N_("Choices not yet saved are undone. The page reloads by itself once the workbook answers again.")
RELOAD_NOTE = N_("The workbook answers again: reloading…")


class ConnectionWatch(_BrowserInput, anywidget.AnyWidget):
    """Watch the connection to this kernel from the browser; ``watched`` has a ``save_state`` trait."""

    _esm = _STATIC / "connection_watch.js"
    _css = _STATIC / "connection_watch.css"

    message = Unicode(LOST_MESSAGE, help="What the page says while its kernel is out of reach.").tag(sync=True)
    retry_note = Unicode(RETRY_NOTE, help="The line under it: what became of the last choices, what happens next."
                         ).tag(sync=True)
    reload_note = Unicode(RELOAD_NOTE, help="What the page says as it reloads onto a new kernel.").tag(sync=True)
    saving_message = Unicode(STATUS_TEXT["saving"], help="What the header says until the kernel confirms a change."
                             ).tag(sync=True)
    ack_timeout_ms = Int(3000, help="How long a ping may go unanswered before the kernel counts as "
                         "out of reach (a busy kernel answers within it).").tag(sync=True)
    ping_every_ms = Int(3000, help="How often the page pings its kernel while nothing changes.").tag(sync=True)

    #: The browser changes nothing here: it only sends pings.
    _browser_keys = ()

    def __init__(self, watched, *, language: str = SOURCE_LANGUAGE, **kwargs):
        kwargs.setdefault("_dom_classes", ("lb-connection",))
        _ = translator(language).gettext
        for name, text in (("message", LOST_MESSAGE), ("retry_note", RETRY_NOTE), ("reload_note", RELOAD_NOTE),
                           ("saving_message", STATUS_TEXT["saving"])):
            kwargs.setdefault(name, _(text))  # a page may still give its own words
        super().__init__(**kwargs)
        self.watched = watched
        self.on_msg(self._answer)

    def speak(self, language: str) -> None:
        """Say what the page says about its connection in ``language``."""
        _ = translator(language).gettext
        with self.hold_sync():
            self.message, self.retry_note = _(LOST_MESSAGE), _(RETRY_NOTE)
            self.reload_note, self.saving_message = _(RELOAD_NOTE), _(STATUS_TEXT["saving"])

    def _answer(self, _widget, content, _buffers) -> None:
        # Input from the browser like any other: only a whole-number ping gets an answer.
        ping = content.get("ping") if isinstance(content, dict) else None
        if isinstance(ping, bool) or not isinstance(ping, int):
            return
        self.send({"pong": ping, "save_state": self.watched.save_state})
