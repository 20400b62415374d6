"""Where a visitor was: the step of the workbook each respondent last had open, per round.

A reload starts a new kernel, so the page's position has to live in the
store like everything else. It is one small row per respondent and round,
overwritten as the visitor moves (a position is not an answer: it has no
history, is never exported, and a closed round may still be read from
where its reader left it). The table is created the first time a store is
asked about places, so opening a store written by an older leaderbook
needs no migration.
"""

from __future__ import annotations

import datetime as _dt
import re

from sqlalchemy import Column, DateTime, Index, Integer, MetaData, String, Table, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..errors import LeaderbookError
from .store import Store

#: A step is named by a short key: "welcome", an instrument id, "results", "plan", "summary".
STEP_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")

_metadata = MetaData()
places = Table(
    "lb_places",
    _metadata,
    Column("respondent_id", Integer, nullable=False),
    Column("round_id", Integer, nullable=False),
    Column("step", String(100), nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Index("ux_lb_places_key", "respondent_id", "round_id", unique=True),
)


def _whole_number(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**63:
        raise LeaderbookError(f"{what} must be a positive whole number, not {value!r}"[:200])
    return value


def _ready(store: Store) -> None:
    if not getattr(store, "_places_ready", False):
        with store._write() as conn:
            places.create(conn, checkfirst=True)
        store._places_ready = True


def save_place(store: Store, respondent_id: int, round_id: int, step: str) -> None:
    """Remember that ``respondent_id`` last had ``step`` open in ``round_id``."""
    respondent_id = _whole_number(respondent_id, "a respondent id")
    round_id = _whole_number(round_id, "a round id")
    if not isinstance(step, str) or not STEP_KEY.match(step):
        raise LeaderbookError(f"a step is named by lowercase letters, digits and dashes, not {step!r}"[:200])
    _ready(store)
    now = _dt.datetime.now(_dt.timezone.utc)
    key = (places.c.respondent_id == respondent_id) & (places.c.round_id == round_id)
    for _ in range(2):  # a second try covers another kernel inserting the same row first
        try:
            with store._write() as conn:
                if conn.execute(update(places).where(key).values(step=step, saved_at=now)).rowcount == 0:
                    conn.execute(insert(places).values(respondent_id=respondent_id, round_id=round_id,
                                                       step=step, saved_at=now))
            return
        except IntegrityError:
            continue


def load_place(store: Store, respondent_id: int, round_id: int) -> str | None:
    """The step ``respondent_id`` last had open in ``round_id``, or None if none was kept."""
    respondent_id = _whole_number(respondent_id, "a respondent id")
    round_id = _whole_number(round_id, "a round id")
    _ready(store)
    with store._read() as conn:
        return conn.execute(select(places.c.step).where(places.c.respondent_id == respondent_id,
                                                        places.c.round_id == round_id)).scalar()
