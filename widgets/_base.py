"""The private base of the one-item widgets: an answer, its note, saving and refusing.

A subclass supplies the control a person uses (:meth:`_AnswerItem._build_controls`)
and the two mappings between that control and ``value``. The base owns
everything the item widgets share: validation against the item, write-through
to the store, reverting to the last saved answer when the store refuses, and
showing why in an ``lb-error`` line.
"""

from __future__ import annotations

from ipywidgets import HTML, VBox
from traitlets import Any, TraitError, Unicode, observe, validate

from workbook.basics.i18n import SOURCE_LANGUAGE, translator
from workbook.errors import AnswerError
from workbook.instruments.model import MAX_NOTE_LENGTH, Instrument, Item, Section

from ._browser import _BrowserInput
from ._shared import full_width, html_style
from ._views import render
from .saving import SAVE_STATES, _SavesThrough, combined_save_state

#: The store keeps notes up to this many characters.
NOTE_LIMIT = MAX_NOTE_LENGTH

__all__ = ["NOTE_LIMIT", "SAVE_STATES", "combined_save_state", "error_html", "item_classes", "prompt_html",
           "same_answer"]


def item_classes(instrument_id: str, item_id: str, kind: str) -> tuple[str, ...]:
    """The CSS classes every answerable item carries, for tests and custom CSS."""
    return ("lb-item", f"lb-item-{instrument_id}-{item_id}", f"lb-{kind}")


def prompt_html(item: Item, source=None, language: str = SOURCE_LANGUAGE) -> str:
    """The item's question and help as escaped HTML; the source shows on hover."""
    return render("prompt.html.j2", language=language, text=item.text, help=item.help, source=item.source or source)


def error_html(message: str) -> str:
    """Why a change was refused, as an alert a screen reader reads out."""
    return render("alert.html.j2", message=message)


def same_answer(a, b) -> bool:
    """Equal and of the same type: ``True`` is not the rating ``1``."""
    return type(a) is type(b) and a == b


def _restorable(item: Item, value, language: str = SOURCE_LANGUAGE) -> tuple[object, str]:
    """A stored answer that still fits the item, or None and why it was dropped."""
    try:
        return item.check_value(value), ""
    except AnswerError as exc:
        return None, translator(language).gettext(
            "Your earlier answer no longer fits this question (%(reason)s); please answer again.") % {"reason": exc}


class _AnswerItem(_SavesThrough, _BrowserInput, VBox):
    """Private base: one answerable item, written through to a binding on every change."""

    #: The item kinds a subclass can show.
    kinds: tuple[str, ...] = ()

    #: Seconds to wait after a change before writing it (free text waits for the typing to stop).
    _save_delay = 0.0

    value = Any(None, allow_none=True,
                help="The answer as plain JSON data (int, bool, str or 'na'); None while unanswered.").tag(sync=True)
    note = Unicode("", help="An optional note kept with the answer.").tag(sync=True)

    _browser_keys = ("value", "note")

    def __init__(self, item: Item, instrument: Instrument, *, binding=None, value=None, note: str = "",
                 section: Section | None = None, language: str = SOURCE_LANGUAGE, **kwargs):
        if item.kind not in self.kinds:
            raise ValueError(f"{type(self).__name__} shows {' or '.join(self.kinds)} items; "
                             f"item {item.id!r} is a {item.kind} item")
        self.item, self.instrument, self.binding = item, instrument, binding
        self.section = section
        self.language = language  # the page's: every text this item shows is in it
        self._live = False
        value, restore_error = _restorable(item, value, language)
        note = (note or "")[:NOTE_LIMIT]
        self._saved = (value, note)
        source = section.source if section is not None else None
        self._prompt = HTML(prompt_html(item, source, language), layout=full_width(), style=html_style())
        self._error_view = None
        self._controls = self._build_controls(value, note)
        super().__init__(value=value, note=note, error=restore_error, children=self._parts(restore_error),
                         save_state="saved" if binding is not None else "not saved",
                         _dom_classes=item_classes(instrument.id, item.id, item.kind), **kwargs)
        self._live = True

    @classmethod
    def from_item(cls, item, instrument: Instrument, binding=None, **kwargs):
        """The widget for ``item`` (an Item or its id), filled from ``binding`` if it holds an answer."""
        section, item = instrument.find_item(item if isinstance(item, str) else item.id)
        stored = binding.answers(instrument).get(item.id) if binding is not None else None
        if stored is not None:
            kwargs.setdefault("value", stored.value)
            kwargs.setdefault("note", stored.note)
        return cls(item, instrument, binding=binding, section=section, **kwargs)

    # -- for subclasses ---------------------------------------------------------

    def _build_controls(self, value, note) -> tuple:
        """The controls after the prompt, showing ``value`` and ``note``."""
        raise NotImplementedError

    def _show(self) -> None:
        """Make the controls show the current ``value`` and ``note``."""

    def _extra_parts(self) -> tuple:
        """Parts shown after the controls (e.g. the actions a flagged mistake unlocks)."""
        return ()

    def _watch_refusals(self, *controls) -> None:
        for control in controls:
            control.observe(self._control_refused, names="refused")

    # -- validation, write-through, revert --------------------------------------

    @validate("value")
    def _validate_value(self, proposal):
        try:
            return self.item.check_value(proposal.value)
        except AnswerError as exc:
            raise TraitError(str(exc)) from None

    @validate("note")
    def _validate_note(self, proposal):
        if len(proposal.value) > NOTE_LIMIT:
            raise TraitError(translator(self.language).gettext(
                "a note is at most %(limit)d characters; this one has %(count)d")
                % {"limit": NOTE_LIMIT, "count": len(proposal.value)})
        return proposal.value

    @observe("value", "note")
    def _answer_changed(self, change):
        if not self._live:
            return
        self._show()
        self._write()

    def _write(self) -> None:
        value, note = self.value, self.note
        if self.binding is None:
            self.error = ""
            return
        if same_answer(value, self._saved[0]) and note == self._saved[1]:
            self._nothing_to_save()
            return

        def write():
            self.binding.record(self.instrument, self.item.id, value, note)
            self._saved = (value, note)

        self._save(write, delay=self._save_delay)

    def _restore_saved(self) -> None:
        with self._without_saving():
            with self.hold_sync():
                self.value, self.note = self._saved
            self._show()

    def _control_refused(self, change) -> None:
        if change.new:
            self.error = change.new

    # -- children ---------------------------------------------------------------

    @observe("error")
    def _error_changed(self, change):
        if self._live:
            self._update_children()

    def _parts(self, error: str) -> tuple:
        parts = [self._prompt, *self._controls, *self._extra_parts()]
        if error:
            if self._error_view is None:
                self._error_view = HTML(_dom_classes=("lb-error",))
            self._error_view.value = error_html(error)
            parts.append(self._error_view)
        return tuple(parts)

    def _update_children(self) -> None:
        self.children = self._parts(self.error)
