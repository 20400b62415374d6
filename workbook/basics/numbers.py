"""How a number reads, the same on the page and in the downloaded summary.

Scores are kept to one decimal (:mod:`workbook.assess.scoring`); a score of 37.5
reads "37.5" everywhere, never "38" in one place and "37.5" in another.
:func:`format_score` and :func:`format_change` are the one definition of how a
score and a change of score read: the templates' ``score`` and ``change``
filters (:mod:`workbook.views.filters`), the charts, the widgets and the
session console all call them.
"""

from __future__ import annotations

import math
import numbers


def is_number(value) -> bool:
    """A real number to show (not a bool, not NaN)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and not math.isnan(value)


def format_number(value: float | int | None, places: int = 1, *, missing: str = "–") -> str:
    """``value`` rounded to ``places`` decimals without trailing zeros, thousands grouped
    with commas: 37.5 → "37.5", 38.0 → "38", 12500 → "12,500"; None (or not finite) → ``missing``."""
    if value is None or isinstance(value, bool) or not math.isfinite(value):
        return missing
    text = f"{round(float(value), places):,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


#: How many decimals a score (0-100) or a change of score reads with.
SCORE_PLACES = 1


def format_score(value: float | int | None, *, missing: str = "–") -> str:
    """A score (0-100) as it reads everywhere: one decimal, a trailing zero dropped
    (37.5 → "37.5", 38.0 → "38", 37.46 → "37.5"); no score (None, NaN, pandas' NA) → ``missing``."""
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        return missing
    return format_number(value, SCORE_PLACES, missing=missing)


def format_change(value: float | int | None, *, missing: str = "–") -> str:
    """A change or gap between two scores, signed, read as scores are: 2.5 → "+2.5",
    -2.5 → "-2.5", and "0" when it rounds to nothing (0.04 → "0")."""
    text = format_score(value, missing=missing)
    if text in (missing, "0") or text.startswith("-"):
        return text
    return "+" + text


def format_money(amount: float | None, currency: str = "") -> str:
    """A sum of money to the whole unit, grouped: ``format_money(12500.4, "€")`` → "€12,500"."""
    return f"{currency}{format_number(amount, 0)}" if amount is not None else format_number(None)
