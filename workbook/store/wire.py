"""The store's records as plain JSON and back, for calls between a page kernel and its server.

Both ends use this one codec: :mod:`pages.store_service` encodes what the
server's :class:`~workbook.store.Store` returns, :mod:`workbook.store.client`
rebuilds the same dataclasses in the kernel. Standard library only.
"""

from __future__ import annotations

import datetime as _dt
import json

from .. import errors
from .records import Answer, InviteRecord, Respondent, Round

#: The errors a call may end in, by name: the kernel raises the same class the store raised,
#: so the page's "not saved" and "not valid" paths are the ones it takes with a store of its own.
ERRORS = {cls.__name__: cls for cls in (
    errors.LeaderbookError, errors.InputError, errors.AnswerError, errors.PlanError, errors.NotFoundError,
    errors.StoreError, errors.ProgrammeError, errors.CalculatorError, errors.InvalidInvite, errors.InstrumentError)}


def _when(value: _dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_when(value: str | None) -> _dt.datetime | None:
    return None if value is None else _dt.datetime.fromisoformat(value)


def encode(result) -> object:
    """A call's result (a record, a list of them, plain data, or None) as JSON-ready data."""
    if isinstance(result, Respondent):
        return {"id": result.id, "name": result.name, "team_id": result.team_id}
    if isinstance(result, Round):
        return {"id": result.id, "label": result.label, "team_id": result.team_id,
                "closed_at": _when(result.closed_at)}
    if isinstance(result, Answer):
        return {"respondent_id": result.respondent_id, "round_id": result.round_id,
                "instrument_id": result.instrument_id, "instrument_version": result.instrument_version,
                "item_id": result.item_id, "value": result.value, "note": result.note,
                "recorded_at": _when(result.recorded_at), "subject_id": result.subject_id}
    if isinstance(result, InviteRecord):
        return {"id": result.id, "respondent_id": result.respondent_id, "round_id": result.round_id,
                "rater_group": result.rater_group, "subject_id": result.subject_id, "revoked": result.revoked}
    if isinstance(result, (list, tuple)):
        return [encode(part) for part in result]
    return result


def respondent(data: dict) -> Respondent:
    return Respondent(data["id"], data["name"], data["team_id"])


def round_(data: dict) -> Round:
    return Round(data["id"], data["label"], data["team_id"], _parse_when(data["closed_at"]))


def answer(data: dict) -> Answer:
    return Answer(data["respondent_id"], data["round_id"], data["instrument_id"], data["instrument_version"],
                  data["item_id"], data["value"], data["note"], _parse_when(data["recorded_at"]),
                  data["subject_id"])


def invite(data: dict | None) -> InviteRecord | None:
    if data is None:
        return None
    return InviteRecord(data["id"], data["respondent_id"], data["round_id"], data["rater_group"],
                        data["subject_id"], data["revoked"])


def error_body(exc: BaseException) -> bytes:
    """The answer to a call that failed: the error's class (one of ERRORS) and its message."""
    kind = next((cls.__name__ for cls in type(exc).__mro__ if cls.__name__ in ERRORS), "StoreError")
    return json.dumps({"error": {"kind": kind, "message": str(exc)}}).encode("utf-8")


def raise_error(body: dict) -> None:
    """Raise the error a call's answer names (a StoreError when it names none we know)."""
    found = body.get("error") if isinstance(body, dict) else None
    if not isinstance(found, dict):
        raise errors.StoreError("the store's service gave an answer that is not one")
    cls = ERRORS.get(found.get("kind"), errors.StoreError)
    message = found.get("message") if isinstance(found.get("message"), str) else "the store refused the call"
    if cls is errors.InvalidInvite:
        raise errors.InvalidInvite()
    raise cls(message)
