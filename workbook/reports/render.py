"""The Jinja environment of the reports: every value is HTML-escaped unless a chart made it.

Autoescaping is on for every template, so free text typed by anyone with a
link (``<script>``, ``<img onerror=...>``) is shown as text, never run.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import charts

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(score=charts.fmt_score, change=charts.fmt_change, share=charts.fmt_share,
                       mean=charts.fmt_mean, heat=charts.heat_colour)
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
