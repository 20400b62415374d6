"""The plain ipywidgets controls leaderbook uses, made strict about browser input.

Each is the stock control (same view, same keyboard behaviour) plus
:class:`~widgets._browser._BrowserInput`: the browser may change only the
trait a person edits, and a value that does not validate is refused. Text,
number and date controls take an optional ``check`` callable (the domain's
own checker, e.g. ``Item.check_value``) that raises on a bad value.
"""

from __future__ import annotations

import math

from ipywidgets import DatePicker, Dropdown, FloatText, Text, Textarea, ToggleButtons
from traitlets import Any, TraitError, validate

from ._browser import _BrowserInput, _SelectionInput


class _Checked(_BrowserInput):
    """Mixin: run ``check`` (if given) on every new ``value``."""

    def __init__(self, *args, check=None, **kwargs):
        self._check = check
        super().__init__(*args, **kwargs)

    def _run_check(self, value):
        if self._check is None:
            return value
        try:
            return self._check(value)
        except ValueError as exc:  # AnswerError, PlanError and CalculatorError are ValueErrors
            raise TraitError(str(exc)) from None


class ChoiceButtons(_SelectionInput, ToggleButtons):
    """ToggleButtons with a strict ``index``: one button per point of a scale."""


class ChoiceDropdown(_SelectionInput, Dropdown):
    """Dropdown with a strict ``index``."""


class TextInput(_Checked, Text):
    """One line of text, checked."""

    @validate("value")
    def _validate_value(self, proposal):
        return self._run_check(proposal.value)


class TextAreaInput(_Checked, Textarea):
    """Several lines of text, checked."""

    @validate("value")
    def _validate_value(self, proposal):
        return self._run_check(proposal.value)


class DateInput(_Checked, DatePicker):
    """A date picker, checked; the stock floor and cap (``min``/``max``) still apply."""

    @validate("value")
    def _validate_value(self, proposal):
        self._run_check(proposal.value)
        return super()._validate_value(proposal)


class NumberInput(_Checked, FloatText):
    """A number box that refuses what is not a finite number (the stock one casts "12" and True)."""

    value = Any(0.0, help="The number entered.").tag(sync=True)

    @validate("value")
    def _validate_value(self, proposal):
        value = proposal.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TraitError(f"{self.description or 'this box'} takes a number, not {value!r}"[:300])
        try:
            number = float(value)  # an int past a float's range (10**400) raises OverflowError here
        except OverflowError:
            raise TraitError(f"{self.description or 'this box'} takes a number of a sensible size; "
                             "this one is too large to work with") from None
        if not math.isfinite(number):
            raise TraitError(f"{self.description or 'this box'} takes a finite number, not {value!r}")
        return self._run_check(number)
