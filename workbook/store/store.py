"""The answer store, composed of its parts: one class, one concern per part.

Every write is one short transaction. Answers are checked against their
item before anything is written; a refused answer leaves the store as it
was. The latest answer per item is derived from the events when read.

The parts, each in its module: opening and transactions (connection),
respondents and rounds (people), answers (answers), what live views poll
(polling), worksheets (worksheets, worksheet_release), action plans (plans),
the visitor's place (places), the team's records (team_records), the
round-wide reads team views make (round_reads), each published snapshot's
figures (snapshot_figures), the coach's audit trail (audit_log), one
respondent's whole history, for their own copy (own_records), erasing one
respondent for good (erasure) and rounds' retention periods (retention).
"""

from __future__ import annotations

from .audit_log import AuditLog
from .answers import ALL_SUBJECTS, Answer, Answers
from .connection import Connection
from .erasure import Erasure, ErasureCounts
from .people import People, Respondent, Round
from .places import Places
from .plans import Plans
from .polling import Polling
from .messages import MessageRecords
from .own_records import OwnRecords
from .retention import RetentionRecords
from .round_reads import RoundReads
from .snapshot_figures import SnapshotFigures
from .team_records import TeamRecords
from .worksheet_release import WorksheetRelease
from .worksheets import Worksheets
from .workspace_tokens import WorkspaceTokens


class Store(Connection, People, Answers, RoundReads, Polling, Worksheets, WorksheetRelease, Plans, Places, TeamRecords,
            SnapshotFigures, RetentionRecords, MessageRecords, WorkspaceTokens, AuditLog, OwnRecords, Erasure):
    """A durable answer store at a SQLAlchemy URL (SQLite by default).

    ``Store()`` opens the default SQLite file in the user's data directory;
    ``Store(data="DIR")`` one in DIR; ``Store("postgresql://...")`` a server.
    Use it as a context manager, or call :meth:`close`. Opening creates the
    tables, columns and indexes an older store lacks, and refuses a store a
    newer leaderbook wrote. Teams, invites, coach links, round programmes and
    published snapshots: see :class:`TeamRecords`.
    """


__all__ = ["ALL_SUBJECTS", "Answer", "ErasureCounts", "Respondent", "Round", "Store"]
