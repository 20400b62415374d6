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

May import: SQLAlchemy, the standard library and the core's pure modules
(model, errors, paths, text checks, the plan's and worksheets' checks). Never
pandas, widgets, pages or Voila.
"""

from .store import ALL_SUBJECTS, Answer, Respondent, Round, Store

__all__ = ["ALL_SUBJECTS", "Answer", "Respondent", "Round", "Store"]
