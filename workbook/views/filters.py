"""The formats a template applies to numbers: one definition each, shared by every view.

A score reads the same on the page, in the summary and in a report
(:mod:`workbook.basics.numbers`: 37.5 stays 37.5).
"""

from __future__ import annotations


from jinja2 import Environment

from ..basics.numbers import format_money, format_number, is_number
from .charts import heat_colour


def fmt_score(value) -> str:
    return f"{value:.0f}" if is_number(value) else "–"


def fmt_change(value) -> str:
    return f"{value:+.0f}" if is_number(value) else "–"


def fmt_share(value) -> str:
    return f"{value:.0%}" if is_number(value) else "–"


def fmt_mean(value) -> str:
    return f"{value:.1f}" if is_number(value) else "–"


def install(env: Environment) -> None:
    # heat: a colour, not a format, but templates apply it the same way
    env.filters.update(score=fmt_score, change=fmt_change, share=fmt_share, mean=fmt_mean,
                       number=format_number, money=format_money, heat=heat_colour)
