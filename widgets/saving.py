"""The one way a widget writes to the store, and says whether it did.

Every widget that writes (an item's answer, the action plan, a worksheet)
saves through :class:`_SavesThrough`, so they all behave alike:

- ``save_state`` is "saving" from the moment a change is made until the
  store has it, then "saved"; it is never left on "saving".
- A refusal (a closed round, an answer that does not fit) and a database
  failure (a locked SQLite file, a lost PostgreSQL connection) end the same
  way: ``error`` says "Not saved: <why>", the widget shows again what the
  store holds, and ``save_state`` is "not saved". The next change saves
  again once the store accepts it.
- Free text is saved a moment after the last keystroke (``delay``), not on
  every letter: the write waits on the kernel's event loop, and a newer
  change replaces a waiting one. Outside a kernel (a plain script, a test)
  the write happens at once: only a kernel's loop is sure to run it later.
"""

from __future__ import annotations

import asyncio
import sys
from contextlib import contextmanager

from ipywidgets import Widget
from traitlets import Enum, Unicode

from workbook.basics.i18n import SOURCE_LANGUAGE, translator
from workbook.errors import LeaderbookError

#: What a page shows about saving: the last change is kept, is being written, or was not kept.
SAVE_STATES = ("saved", "saving", "not saved")

#: Seconds of quiet after the last keystroke before typed text is written.
TYPING_DELAY = 0.6


def combined_save_state(states) -> str:
    """One figure for many parts: any "not saved" wins, then any "saving"."""
    states = set(states)
    for state in ("not saved", "saving"):
        if state in states:
            return state
    return "saved"


def failure_reason(exc: BaseException, language: str = SOURCE_LANGUAGE) -> str:
    """Why a write failed, in words for the person at the page (no SQL, no paths)."""
    if isinstance(exc, LeaderbookError):
        return str(exc)
    text = str(getattr(exc, "orig", None) or exc).lower()
    _ = translator(language).gettext
    if "locked" in text or "busy" in text:
        return _("the database is busy (another program is writing to it); try again in a moment")
    return _("the database could not be written to; try again in a moment")


def kernel_loop():
    """The running event loop of the Jupyter kernel this runs in, or None outside one.

    A loop that merely exists is not enough (Playwright's sync API leaves one
    "running" that turns only while it is called), so a write waits only
    where a kernel runs its loop for good.
    """
    kernelbase = sys.modules.get("ipykernel.kernelbase")
    if kernelbase is None or not kernelbase.Kernel.initialized():
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class _SavesThrough(Widget):
    """Mixin: ``error``, ``save_state`` and :meth:`_save`, the one save path.

    A widget using it calls ``self._save(write)`` with a function that writes
    its whole current state to the store (and remembers it as saved), and
    implements :meth:`_restore_saved`, which shows the saved state again.
    """

    error = Unicode("", help="Why the last change was refused or not saved; empty when all is well.").tag(sync=True)
    save_state = Enum(SAVE_STATES, "not saved", help="Whether the last change is in the store; "
                      "always 'not saved' without a binding.").tag(sync=True)

    #: The language of the page the widget is on (each widget's constructor takes it).
    language = SOURCE_LANGUAGE
    #: A write waiting for the typing to stop: (timer handle, write), or None.
    _pending_write = None
    #: Whether a change is the person's (to save) or the widget showing the store's state (not to save).
    _live = False

    @contextmanager
    def _without_saving(self):
        """Changes made inside are the saved state shown again, not the person's: nothing is written."""
        self._live = False
        try:
            yield
        finally:
            self._live = True

    def _save(self, write, *, delay: float = 0.0) -> bool | None:
        """Write through with ``write()``: now, or ``delay`` seconds after the last call.

        Returns whether the store has it, or None while the write waits.
        """
        self._cancel_pending()
        self.save_state = "saving"
        loop = kernel_loop() if delay > 0 else None
        if loop is not None:
            self._pending_write = (loop.call_later(delay, self._write_pending, write), write)
            return None
        return self._write_now(write)

    def _nothing_to_save(self) -> None:
        """The widget shows what the store holds again: drop a waiting write."""
        self._cancel_pending()
        if self.save_state == "saving":
            self.save_state = "saved"

    def flush(self) -> None:
        """Write a change that is waiting for the typing to stop, now."""
        pending = self._pending_write
        if pending is not None:
            pending[0].cancel()
            self._write_pending(pending[1])

    def _cancel_pending(self) -> None:
        if self._pending_write is not None:
            self._pending_write[0].cancel()
            self._pending_write = None

    def _write_pending(self, write) -> None:
        self._pending_write = None
        self._write_now(write)

    def _write_now(self, write) -> bool:
        try:
            write()
        except Exception as exc:  # a database failure must not leave the page thinking it saved
            if not isinstance(exc, LeaderbookError):
                self.log.exception("leaderbook: %s could not save", type(self).__name__)
            self._not_saved(translator(self.language).gettext("Not saved: %(reason)s")
                            % {"reason": failure_reason(exc, self.language)})
            return False
        with self.hold_sync():
            self.error = ""
            self.save_state = "saved"
        return True

    def _not_saved(self, message: str) -> None:
        try:
            self._restore_saved()
        except Exception:  # showing the old state failed too: still never claim "saving"
            self.log.exception("leaderbook: %s could not show its saved state", type(self).__name__)
        finally:
            with self.hold_sync():
                self.error = message
                self.save_state = "not saved"

    def _restore_saved(self) -> None:
        """Show again what the store holds (each widget knows how)."""
        raise NotImplementedError


class _SavesWorksheet(_SavesThrough):
    """Mixin: a widget whose whole ``value`` is one worksheet of the store (the calculators, the map).

    :meth:`_first_value` gives a new widget what to show (given, else saved,
    else a default), :meth:`_save_worksheet` writes each accepted change
    through, and a refused save shows the saved worksheet again. Saving waits
    until ``_live`` is set, so building or restoring the widget writes nothing.
    """

    binding = None
    _saved = None  # the worksheet as the store holds it

    def _first_value(self, binding, name: str, value, check, default):
        """The checked worksheet to start from; remembers ``binding`` and what the store holds."""
        self.binding = binding
        if value is None and binding is not None:
            value = binding.worksheet(name)
        self._saved = check(value if value is not None else default())
        return self._saved

    def _save_worksheet(self, name: str, data: dict, *, typing: bool) -> None:
        """Write ``data`` through as worksheet ``name``; typed text once the typing pauses."""
        if not self._live:
            return
        self.error = ""
        if self.binding is None:
            return
        if data == self._saved:
            self._nothing_to_save()
            return

        def write():
            self.binding.save_worksheet(name, data)
            self._saved = data

        self._save(write, delay=TYPING_DELAY if typing else 0.0)

    def _restore_saved(self) -> None:
        with self._without_saving():
            self.value = self._saved
