"""The durable answer store (SQLAlchemy Core; SQLite by default, PostgreSQL by URL)."""

from .store import Answer, Respondent, Round, Store

__all__ = ["Answer", "Respondent", "Round", "Store"]
