"""The durable answer store (SQLAlchemy Core; SQLite by default, PostgreSQL by URL).

What it holds: :class:`Store` and its records (answers, append-only; plans,
respondents, rounds, worksheets, the visitor's place), the schema (every
table), the argument checks, invites and their tokens, team records and
published snapshots. ``Store`` (store.py) is composed of one part per
concern: connection, people, answers, polling, worksheets,
worksheet_release, plans, places, team_records; no part imports store.py.
Its public API is all the rest of leaderbook uses: no
module outside this package imports the schema or calls a private store
method (tests/test_store_boundary.py).

The records (records.py) and the client a respondent's page kernel reaches
its server's store through (client.py, wire.py) import no SQLAlchemy; so that
importing them stays light, this package loads ``Store`` and its records on
first use of the names below, not on import.

May import: SQLAlchemy, the standard library and the core's pure modules
(model, errors, paths, text checks, the plan's and worksheets' checks). Never
pandas, widgets, pages or Voila.
"""

from __future__ import annotations

__all__ = ["ALL_SUBJECTS", "Answer", "Respondent", "Round", "Store"]


def __getattr__(name: str):
    if name == "Store":
        from .store import Store

        return Store
    if name in __all__:
        from . import records

        return getattr(records, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
