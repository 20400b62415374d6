"""Worksheets as a published snapshot has them: the newest worksheet version it includes.

A part of :class:`workbook.store.Store` (mixed in). A snapshot
(:mod:`workbook.team.release`) names the answer event and plan version it
includes; a team view of a worksheet (the convergence map) needs the same
cutoff for worksheet versions, so that a member who edits their map changes
nothing the coach sees until the release rule publishes again. The cutoff is
one row per snapshot (``lb_snapshot_worksheets``); a snapshot published
before that table existed releases no worksheet.
"""

from __future__ import annotations

import json

from sqlalchemy import func, insert, select

from ..errors import LeaderbookError
from . import checks, schema


class WorksheetRelease:
    """A round's worksheets as of a version, and each snapshot's worksheet cutoff (mixed into Store)."""

    def newest_worksheet_id(self) -> int:
        """The id of the newest worksheet version in the store (0 when none)."""
        with self._read() as conn:
            return conn.execute(select(func.max(schema.worksheets.c.id))).scalar() or 0

    def round_worksheets(self, round_id: int, name: str, *, as_of: int | None = None) -> dict[int, dict]:
        """``{respondent_id: data}``: each respondent's newest version of worksheet ``name`` in a round
        (as of worksheet version ``as_of``, when given)."""
        round_id = checks.record_id(round_id, "a round id")
        as_of = checks.optional_id(as_of, "as_of (a worksheet version id)")
        name = checks.worksheet_name(name)
        w = schema.worksheets.c
        newest = select(func.max(w.id)).where(w.round_id == round_id, w.name == name).group_by(w.respondent_id)
        if as_of is not None:
            newest = newest.where(w.id <= as_of)
        with self._read() as conn:
            rows = conn.execute(select(w.respondent_id, w.data).where(w.id.in_(newest)))
            return {row.respondent_id: json.loads(row.data) for row in rows}

    def record_worksheet_cutoff(self, snapshot_id: int, worksheets_upto: int) -> None:
        """Keep, once, the newest worksheet version (0: none) snapshot ``snapshot_id`` includes.

        Refused for a snapshot that does not exist or already has its cutoff.
        """
        snapshot_id = checks.record_id(snapshot_id, "a snapshot id")
        worksheets_upto = checks.count(worksheets_upto, "worksheets_upto (a worksheet version id, or 0)")
        s = schema.snapshot_worksheets.c
        with self._write() as conn:
            self._require(conn, schema.snapshots, snapshot_id, "snapshot")
            # Refused here, not by the primary key: a published snapshot's cutoff never changes.
            if conn.execute(select(s.snapshot_id).where(s.snapshot_id == snapshot_id)).first() is not None:
                raise LeaderbookError(f"snapshot {snapshot_id} already has its worksheet cutoff")
            conn.execute(insert(schema.snapshot_worksheets).values(snapshot_id=snapshot_id,
                                                                   worksheets_upto=worksheets_upto))

    def worksheet_cutoff(self, snapshot_id: int) -> int | None:
        """The newest worksheet version snapshot ``snapshot_id`` includes; None if it releases no worksheet."""
        snapshot_id = checks.record_id(snapshot_id, "a snapshot id")
        s = schema.snapshot_worksheets.c
        with self._read() as conn:
            return conn.execute(select(s.worksheets_upto).where(s.snapshot_id == snapshot_id)).scalar()
