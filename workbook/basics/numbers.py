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


def format_number(value: float | int | None, places: int = 1, *, missing: str = "–", language: str = "en") -> str:
    """``value`` rounded to ``places`` decimals without trailing zeros, thousands grouped
    with commas: 37.5 → "37.5", 38.0 → "38", 12500 → "12,500"; None (or not finite) → ``missing``.

    In another ``language`` the separators are that locale's, through Babel (imported only then):
    "37,5" and "12 500" in French, "12.500" in Spanish; always Western digits, as our texts use.
    """
    if value is None or isinstance(value, bool) or not math.isfinite(value):
        return missing
    rounded = round(float(value), places)
    if language and language != "en":
        localized = _in_locale(rounded, places, language)
        if localized is not None:
            return localized
    text = f"{rounded:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _in_locale(rounded: float, places: int, language: str, decimals: str | None = None) -> str | None:
    """``rounded`` with ``language``'s separators (None when Babel does not know the language);
    ``decimals`` is the pattern's decimal part when not up to ``places`` optional digits."""
    from decimal import Decimal

    from babel.core import UnknownLocaleError
    from babel.numbers import format_decimal

    decimals = "#" * places if decimals is None else decimals
    pattern = "#,##0" + ("." + decimals if places else "")
    try:
        text = format_decimal(Decimal(repr(rounded)), format=pattern, locale=language.replace("-", "_"),
                              numbering_system="latn")
    except (UnknownLocaleError, ValueError):
        return None
    return "0" if text in ("-0", "") else text


#: How many decimals a score (0-100) or a change of score reads with.
SCORE_PLACES = 1


def format_score(value: float | int | None, *, missing: str = "–", language: str = "en") -> str:
    """A score (0-100) as it reads everywhere: one decimal, a trailing zero dropped
    (37.5 → "37.5", 38.0 → "38", 37.46 → "37.5"); no score (None, NaN, pandas' NA) → ``missing``."""
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        return missing
    return format_number(value, SCORE_PLACES, missing=missing, language=language)


def format_change(value: float | int | None, *, missing: str = "–", language: str = "en") -> str:
    """A change or gap between two scores, signed, read as scores are: 2.5 → "+2.5",
    -2.5 → "-2.5", and "0" when it rounds to nothing (0.04 → "0")."""
    text = format_score(value, missing=missing, language=language)
    if text in (missing, "0") or text.startswith("-"):
        return text
    return "+" + text


def format_money(amount: float | None, currency: str = "", *, language: str = "en") -> str:
    """A sum of money to the whole unit, grouped: ``format_money(12500.4, "€")`` → "€12,500"
    ("€12 500" in French: the currency is what the person typed, kept where they put it)."""
    if amount is None:
        return format_number(None)
    return f"{currency}{format_number(amount, 0, language=language)}"


def format_fixed(value: float | int | None, places: int = 2, *, missing: str = "–", language: str = "en") -> str:
    """``value`` with exactly ``places`` decimals, trailing zeros kept, for figures read to a fixed
    precision (a mean answer "2.0", an alpha "0.80"): "2,0" and "0,80" in French, through Babel."""
    if not is_number(value):
        return missing
    if language and language != "en":
        localized = _in_locale(round(float(value), places), places, language, "0" * places)
        if localized is not None:
            return localized
    return f"{value:.{places}f}"


def format_share(value: float | int | None, *, missing: str = "–", language: str = "en") -> str:
    """A share (0-1) as a whole percentage: "40%" ("40 %" in French, through Babel)."""
    if not is_number(value):
        return missing
    if language and language != "en":
        from babel.core import UnknownLocaleError
        from babel.numbers import format_percent

        try:
            return format_percent(value, locale=language.replace("-", "_"),
                                  numbering_system="latn")
        except (UnknownLocaleError, ValueError):
            pass
    return f"{value:.0%}"
