"""The durable answer store (SQLAlchemy Core; SQLite by default, PostgreSQL by URL)."""

from .store import ALL_SUBJECTS, Answer, Respondent, Round, Store

__all__ = ["ALL_SUBJECTS", "Answer", "Respondent", "Round", "Store"]
