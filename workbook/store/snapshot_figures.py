"""Published figures: what each published snapshot's group adds up to, written once.

A part of :class:`workbook.store.Store` (mixed in). The team layer
(:mod:`workbook.team.figures`) makes a snapshot's figures when the release
rule publishes it and keeps them here as one JSON document; the store only
keeps and returns them. Written once: a published figure never changes, not
even when a person it counted is later erased.
"""

from __future__ import annotations

import json

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from . import checks, schema
from .connection import now


class SnapshotFigures:
    """Each published snapshot's figures (mixed into Store)."""

    def save_snapshot_figures(self, snapshot_id: int, figures: dict) -> bool:
        """Keep ``figures`` (a JSON-able dict) for a snapshot, once: False if it already had them.

        Two viewers making the same snapshot's figures at once both succeed; the first is kept.
        """
        snapshot_id = checks.record_id(snapshot_id, "a snapshot id")
        if not isinstance(figures, dict):
            raise TypeError("a snapshot's figures are a dict")
        encoded = json.dumps(figures, separators=(",", ":"), allow_nan=False, sort_keys=True)
        f = schema.snapshot_figures.c
        try:
            with self._write() as conn:
                self._require(conn, schema.snapshots, snapshot_id, "snapshot")
                if conn.execute(select(f.snapshot_id).where(f.snapshot_id == snapshot_id)).first() is not None:
                    return False
                conn.execute(insert(schema.snapshot_figures).values(snapshot_id=snapshot_id, figures=encoded,
                                                                    made_at=now()))
        except IntegrityError:  # made by another viewer between the check and the insert
            return False
        return True

    def snapshot_figures(self, snapshot_ids) -> dict[int, dict]:
        """``{snapshot_id: figures}`` for those of ``snapshot_ids`` that have them."""
        ids = sorted({checks.record_id(i, "a snapshot id") for i in snapshot_ids})
        if not ids:
            return {}
        f = schema.snapshot_figures.c
        with self._read() as conn:
            rows = conn.execute(select(f.snapshot_id, f.figures).where(f.snapshot_id.in_(ids)))
            return {row.snapshot_id: json.loads(row.figures) for row in rows}
