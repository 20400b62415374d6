"""Refusing bad state from the browser instead of crashing on it.

ipywidgets applies whatever the front end sends through ``set_state``; a
value that fails validation raises inside the comm handler, is logged, and
leaves the page showing something the kernel never accepted. The mixin here
turns that into a refusal: nothing changes in the kernel, the reason is kept
in ``refused`` for the owning widget to show, and the kept state is sent back
so the page shows it again.
"""

from __future__ import annotations

from ipywidgets import Widget
from traitlets import Any, TraitError, Unicode, validate

#: What a broken or hostile front end can make deserialisers raise besides TraitError.
_INPUT_ERRORS = (TraitError, ValueError, TypeError, KeyError, AttributeError)


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text[:300]


class _BrowserInput(Widget):
    """Mixin: validate every state change from the browser; refuse, don't raise."""

    refused = Unicode("", help="Why the last change sent by the browser was refused; empty once one is accepted.")

    #: The synced traits the browser may change; anything else it sends is refused.
    _browser_keys: tuple[str, ...] = ("value",)

    def set_state(self, sync_data):
        unexpected = sorted(set(sync_data) - set(self._browser_keys))
        try:
            if unexpected:
                raise TraitError(f"the page may not change {', '.join(unexpected)}")
            self._precheck(sync_data)
            super().set_state(sync_data)
        except _INPUT_ERRORS as exc:
            self.refused = f"That change was not accepted: {_reason(exc)}"
            if self.has_trait("error"):  # widgets that show errors show this one too
                self.error = self.refused
            # The page already shows the refused value: send the kept one back.
            kept = [key for key in sync_data if key in self.keys]
            if kept:
                self.send_state(kept)
            return
        if self.refused:
            self.refused = ""

    def _precheck(self, sync_data) -> None:
        """Validate every incoming value, @validate handlers included, before any is applied.

        set_state applies values inside hold_trait_notifications, where
        traitlets runs @validate only for values that compare unequal to the
        old ones, so ``True`` after ``1`` (or ``1.0`` after ``1``) would slip
        through unchecked.
        """
        traits = self.traits()
        for name, raw in sync_data.items():
            from_json = self.trait_metadata(name, "from_json", self._trait_from_json)
            traits[name]._validate(self, from_json(raw, self))


class _StrictIndex(_BrowserInput):
    """Mixin for a control that picks one of ``_options_labels``: a strict ``index``.

    ``index`` is re-declared as Any so the refusal message is ours, not the
    generic "expected an int"; bools are refused although Python counts them as ints.
    """

    index = Any(None, allow_none=True, help="The selected option's position; None selects nothing.").tag(sync=True)

    _browser_keys = ("index",)

    @validate("index")
    def _validate_index(self, proposal):
        index = proposal.value
        if index is None:
            return None
        count = len(self._options_labels)
        if isinstance(index, bool) or not isinstance(index, int):
            raise TraitError(f"expected the number of a choice (0 to {count - 1}), got {index!r}")
        if not 0 <= index < count:
            raise TraitError(f"there is no choice {index}; choices go from 0 to {count - 1}")
        return index


class _SelectionInput(_StrictIndex):
    """Mixin for a stock selection control (ToggleButtons, Dropdown, Select): a strict ``index``."""

    def __init__(self, *args, **kwargs):
        # Strict equality: 1 == True in Python, but a "yes" is not a rating of 1.
        kwargs.setdefault("equals", lambda a, b: type(a) is type(b) and a == b)
        super().__init__(*args, **kwargs)
