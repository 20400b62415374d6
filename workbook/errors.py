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


class ProgrammeError(LeaderbookError):
    """A programme (its file or the options given to ``leaderbook new``) is not usable."""


class CalculatorError(LeaderbookError, ValueError):
    """A worksheet input is malformed (wrong type, negative, unknown field)."""


class RosterError(LeaderbookError, ValueError):
    """A roster file was refused; ``problems`` lists every row to change (nothing was created)."""

    def __init__(self, problems):
        self.problems = tuple(str(p) for p in problems)
        count = len(self.problems)
        super().__init__(f"the roster was not used ({count} problem{'s' if count != 1 else ''}; "
                         "nothing was created):\n" + "\n".join(self.problems))


class MailError(LeaderbookError):
    """Email cannot be set up or sent (the server's address, its answer); never holds a password or a token."""


class MapError(LeaderbookError, ValueError):
    """The convergence map is malformed; the message says which row and what to change."""


#: All a link that does not open (unknown, mangled, revoked or expired) is told, on every page:
#: nothing that would tell an attacker which of those it was.
INVALID_LINK = "this link is not valid"


class InvalidInvite(LeaderbookError):
    """The link is not valid: unknown, mangled or revoked."""

    def __init__(self, message: str = INVALID_LINK):
        super().__init__(message)


class ComposeError(Exception):
    """YAML text that cannot be made into a tree; ``line`` is 1-based.

    Internal to the instrument loader, which turns it into an :class:`InstrumentError`
    problem with its file and line (so it is not a LeaderbookError itself).
    """

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message
