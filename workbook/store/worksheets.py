"""A respondent's worksheets: a calculator's or the convergence map's inputs, kept whole per version.

A part of :class:`workbook.store.Store` (mixed in). Worksheets are
append-only like answers: a save is a new version, and loading reads the
newest. What team views read of them is in :mod:`.worksheet_release`.
"""

from __future__ import annotations

import json

from sqlalchemy import insert, select

from ..assess.calculators import WORKSHEET_CHECKS
from ..basics.text_check import quote
from ..errors import AnswerError, LeaderbookError
from . import checks, schema
from .connection import now

#: Longest JSON text of one worksheet: a convergence map at its bounds (40 goals, 80 programmes,
#: every pair linked, every name at full length in characters JSON escapes) is about 410,000.
MAX_WORKSHEET_LENGTH = 500_000


def worksheet_check(name: object):
    """The check of the page's worksheet ``name`` (workbook.assess.calculators), or AnswerError."""
    if not isinstance(name, str) or name not in WORKSHEET_CHECKS:
        raise AnswerError(f"there is no worksheet named {quote(name)} "
                          f"(worksheets: {', '.join(WORKSHEET_CHECKS)})")
    return WORKSHEET_CHECKS[name]


class Worksheets:
    """Saving and loading one respondent's worksheets (mixed into Store)."""

    def save_worksheet(self, respondent_id: int, round_id: int, name: str, data: dict) -> dict:
        """Keep a worksheet's inputs (a calculator's, say) as their newest version; returns them checked.

        Only what the page can load back is kept: the worksheet's own check
        (in workbook.assess.calculators) refuses unknown fields, negative numbers and
        unknown statuses, and fills in the defaults.
        """
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        round_id = checks.record_id(round_id, "a round id")
        check = worksheet_check(name)
        if not isinstance(data, dict):
            raise AnswerError(f"worksheet {name!r} is a mapping of field names to values, not {quote(data)}")
        try:
            data = check(data)
        except LeaderbookError as exc:
            raise AnswerError(f"worksheet {name!r}: {exc}") from None
        try:
            text = json.dumps(data, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise AnswerError(f"worksheet {name!r} holds a value that is not plain data: {exc}") from None
        if len(text) > MAX_WORKSHEET_LENGTH:
            raise AnswerError(f"worksheet {name!r} is larger than {MAX_WORKSHEET_LENGTH} characters")
        with self._write() as conn:
            self._check_open(conn, respondent_id, round_id)
            conn.execute(insert(schema.worksheets).values(respondent_id=respondent_id, round_id=round_id,
                                                          name=name, data=text, saved_at=now()))
        return data

    def load_worksheet(self, respondent_id: int, round_id: int, name: str) -> dict | None:
        """The newest version of a respondent's worksheet in a round, or None if none was saved."""
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        round_id = checks.record_id(round_id, "a round id")
        worksheet_check(name)
        w = schema.worksheets.c
        query = (select(w.data).where(w.respondent_id == respondent_id, w.round_id == round_id, w.name == name)
                 .order_by(w.id.desc()).limit(1))
        with self._read() as conn:
            found = conn.execute(query).scalar()
        return json.loads(found) if found else None
