"""The formats a template applies to numbers: one definition each, shared by every view.

A score reads the same on the page, in the summary, in a report and in the
session console: ``score`` and ``change`` are :func:`workbook.basics.numbers.format_score`
and :func:`~workbook.basics.numbers.format_change` (37.5 stays 37.5, a change of 2.5 reads
"+2.5"); ``number`` is for other figures (counts, sums), ``money`` for sums of money, ``share`` for a
share as a percentage, ``mean`` for a mean answer and ``fixed`` for a figure to a fixed number of
decimals (an alpha, "0.80"). Each is written as the render's language writes it ("37,5" in French).
"""

from __future__ import annotations


import functools

from jinja2 import Environment, pass_context

from ..basics.numbers import format_change, format_fixed, format_money, format_number, format_score, format_share
from .charts import heat_colour


def fmt_mean(value, *, language: str = "en") -> str:
    """A mean answer on an item's own scale (0-3, 1-5), not a score: one decimal, kept ("2.0", "2,0")."""
    return format_fixed(value, 1, language=language)


def _in_language(format_):
    """The filter ``format_`` in the language of the render (``language`` in its context, which
    :func:`workbook.basics.i18n.template_functions` gives; English when none is)."""
    @pass_context
    @functools.wraps(format_)
    def filter_(context, value, *args, **kwargs):
        return format_(value, *args, language=context.get("language") or "en", **kwargs)

    return filter_


def install(env: Environment) -> None:
    # heat: a colour, not a format, but templates apply it the same way
    env.filters.update(score=_in_language(format_score), change=_in_language(format_change), share=_in_language(format_share),
                       mean=_in_language(fmt_mean), fixed=_in_language(format_fixed), number=_in_language(format_number), money=_in_language(format_money),
                       heat=heat_colour)
