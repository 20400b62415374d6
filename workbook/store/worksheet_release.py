"""Worksheets as a published snapshot has them: the newest worksheet version it includes.

A snapshot (:mod:`workbook.team.release`) names the answer event and plan
version it includes; a team view of a worksheet (the convergence map) needs
the same cutoff for worksheet versions, so that a member who edits their
map changes nothing the coach sees until the release rule publishes again.
The cutoff is one row per snapshot in a table of its own, created the first
time it is needed, so a store written by an older leaderbook needs no
migration and its older snapshots simply release no worksheet.
"""

from __future__ import annotations

import json

from sqlalchemy import Column, Integer, MetaData, Table, func, insert, select

from ..errors import LeaderbookError
from . import checks, schema
from .store import Store

_metadata = MetaData()
cutoffs = Table(
    "lb_snapshot_worksheets",
    _metadata,
    Column("snapshot_id", Integer, primary_key=True, autoincrement=False),
    Column("worksheets_upto", Integer, nullable=False),  # the newest worksheet version id it includes
)


def _ready(store: Store) -> None:
    if not getattr(store, "_worksheet_cutoffs_ready", False):
        with store._write() as conn:
            cutoffs.create(conn, checkfirst=True)
        store._worksheet_cutoffs_ready = True


def newest_worksheet_id(store: Store) -> int:
    """The id of the newest worksheet version in the store (0 when none)."""
    with store._read() as conn:
        return conn.execute(select(func.max(schema.worksheets.c.id))).scalar() or 0


def record_cutoff(store: Store, snapshot_id: int, worksheets_upto: int) -> None:
    """Keep, once, the newest worksheet version snapshot ``snapshot_id`` includes."""
    snapshot_id = checks.record_id(snapshot_id, "a snapshot id")
    if isinstance(worksheets_upto, bool) or not isinstance(worksheets_upto, int) or worksheets_upto < 0:
        raise LeaderbookError(f"worksheets_upto is a worksheet version id or 0, not {worksheets_upto!r}"[:200])
    _ready(store)
    with store._write() as conn:
        conn.execute(insert(cutoffs).values(snapshot_id=snapshot_id, worksheets_upto=worksheets_upto))


def cutoff(store: Store, snapshot_id: int) -> int | None:
    """The newest worksheet version snapshot ``snapshot_id`` includes; None if it releases no worksheet."""
    snapshot_id = checks.record_id(snapshot_id, "a snapshot id")
    _ready(store)
    with store._read() as conn:
        return conn.execute(select(cutoffs.c.worksheets_upto).where(cutoffs.c.snapshot_id == snapshot_id)).scalar()


def round_worksheets(store: Store, round_id: int, name: str, *, as_of: int | None = None) -> dict[int, dict]:
    """``{respondent_id: data}``: each respondent's newest version of worksheet ``name`` in a round
    (as of worksheet version ``as_of``, when given)."""
    round_id = checks.record_id(round_id, "a round id")
    as_of = checks.optional_id(as_of, "as_of (a worksheet version id)")
    if not isinstance(name, str) or not 0 < len(name) <= 50:
        raise LeaderbookError(f"a worksheet is named by text of 1 to 50 characters, not {name!r}"[:200])
    w = schema.worksheets.c
    newest = select(func.max(w.id)).where(w.round_id == round_id, w.name == name).group_by(w.respondent_id)
    if as_of is not None:
        newest = newest.where(w.id <= as_of)
    with store._read() as conn:
        rows = conn.execute(select(w.respondent_id, w.data).where(w.id.in_(newest)))
        return {row.respondent_id: json.loads(row.data) for row in rows}
