"""The exceptions leaderbook raises, each with a message a coach can act on.

Every error the CLI can meet derives from :class:`LeaderbookError`, so the
CLI prints its message and exits non-zero instead of showing a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class LeaderbookError(Exception):
    """Base class: something the user can fix, described in plain words."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an instrument file, and where."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class InstrumentError(LeaderbookError):
    """An instrument file could not be loaded; lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InputError(LeaderbookError, ValueError):
    """An argument of the wrong type, size or characters, refused before the database sees it."""


class AnswerError(LeaderbookError, ValueError):
    """An answer does not fit its item (unknown item, wrong type, out of scale)."""


class PlanError(LeaderbookError, ValueError):
    """An action of the action plan is malformed."""


class NotFoundError(LeaderbookError, LookupError):
    """A respondent, round or instrument that does not exist."""


class StoreError(LeaderbookError):
    """The answer store cannot be opened or used."""
