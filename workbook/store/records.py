"""The records a store hands out, as plain dataclasses: no SQLAlchemy behind them.

Kept apart from the store's parts so a respondent's page kernel that reaches
the store through its server (:mod:`workbook.store.client`) gets the very same
records without importing the data layer.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..instruments.model import Value

RATER_GROUPS = ("self", "manager", "peer", "direct-report")
#: The name an erased person's row keeps (workbook.store.erasure): their id stays theirs, nothing else.
ERASED_NAME = "(erased)"


class _AllSubjects:
    def __repr__(self) -> str:
        return "ALL_SUBJECTS"


#: Pass as ``subject_id`` to read answers about anyone; None means self-assessments only.
ALL_SUBJECTS = _AllSubjects()


@dataclass(frozen=True)
class Respondent:
    id: int
    name: str
    team_id: int | None = None

    @property
    def erased(self) -> bool:
        """Their rows were erased (Store.erase_respondent): the row is kept only so the id stays theirs."""
        return self.name == ERASED_NAME


@dataclass(frozen=True)
class Round:
    id: int
    label: str
    team_id: int | None = None
    closed_at: _dt.datetime | None = None

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True)
class Answer:
    respondent_id: int
    round_id: int
    instrument_id: str
    instrument_version: int
    item_id: str
    value: Value
    note: str | None
    recorded_at: _dt.datetime
    subject_id: int | None = None


@dataclass(frozen=True)
class InviteRecord:
    """One invite: who answers, in which round, about whom (None: themselves)."""

    id: int
    respondent_id: int
    round_id: int
    rater_group: str
    subject_id: int | None
    revoked: bool
