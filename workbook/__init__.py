"""leaderbook's domain core: instruments, scoring, the answer store, reports.

What it holds: the frozen model (:mod:`.model`: Instrument → Section → Item,
and :class:`~workbook.instruments.model.Ref`, the ``instrument/section[/item]`` reference)
loaded from the YAML in ``instruments/``; the one catalogue that names refs
(:mod:`.catalogue`); scoring, progress and the action plan; the answer store
(:mod:`.store`); teams, the release rule and the team figures built on it
(:mod:`.release`, :mod:`.team_answers`, :mod:`.aggregate`,
:mod:`.dashboard_data`); exports; the view layer (:mod:`.views`); reports
(:mod:`.reports`); and the ``leaderbook`` command (:mod:`.cli`).

May import: the standard library, YAML, SQLAlchemy, Jinja and (in the
coach's modules only) pandas and numpy. Never ipywidgets, anywidget, Voila,
tornado, jupyter_server, :mod:`widgets` or :mod:`pages` (tests/test_layers.py):
the core runs the same under a notebook, a server and the command line.

Importing this package is cheap: names are loaded on first use, so a
respondent's page pays only for what it touches (never pandas).
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_LAZY = {
    "Instrument": ".instruments.model", "Section": ".instruments.model", "Item": ".instruments.model", "Scale": ".instruments.model", "Source": ".instruments.model",
    "NOT_APPLICABLE": ".instruments.model",
    "builtin_instruments": ".instruments", "find_instrument": ".instruments", "load_instrument": ".instruments",
    "parse_instrument": ".instruments", "validate_files": ".instruments",
    "Store": ".store", "Respondent": ".store", "Round": ".store", "Answer": ".store",
    "score_instrument": ".assess.scoring", "score_section": ".assess.scoring", "assessment_summary": ".assess.scoring",
    "LeaderbookError": ".errors", "InstrumentError": ".errors", "AnswerError": ".errors",
    "PlanError": ".errors", "NotFoundError": ".errors", "StoreError": ".errors",
}

__all__ = sorted(_LAZY) + ["__version__"]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'workbook' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
