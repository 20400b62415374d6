"""A member's own copy: everything the store keeps about one respondent, as JSON and as CSV.

Asked for from the member's own link ("Download my answers" on the page's
summary step), so it is about the link's respondent only: their name, team
and address; their links (round, rater group, whom they rate, when each was
made, revoked, and sent again by email; never a token or its hash); every
answer event they made, in order (a change is a new event, a cleared answer
one whose value is null); every saved version of their plans and worksheets
(the calculators and the convergence map); the step each round last had
open; and the emails sent to them (kind, address, status, when; their text
is never kept). Nothing about anyone else: no other member's answers, no
team figure. The rows come from :meth:`workbook.store.Store.respondent_records`.

JSON is one UTF-8 document, ``{"format": "leaderbook-own-copy", "version": 1, ...}``,
free text exactly as kept. CSV is one table of :data:`COLUMNS`, one row per
record, oldest first within each kind; ``record`` says which kind, and each
kind fills the columns it has (the rest stay empty):

========== ======== ===================================================================
record     at       the other columns
========== ======== ===================================================================
person     created  ``name``; ``value`` the address; ``detail`` team and language
link       made     ``round``; ``about`` whom it rates; ``name`` the rater group;
                    ``status`` live or revoked; ``detail`` when revoked, when sent again
answer     recorded ``round``, ``about``, ``instrument_id``, ``instrument_version``,
                    ``item_id``, ``item``, ``value``, ``note``; ``status`` cleared
plan       saved    ``round``, ``version``; ``value`` the actions as JSON
worksheet  saved    ``round``, ``name``, ``version``; ``value`` its data as JSON
place      saved    ``round``; ``value`` the step
message    created  ``round``; ``name`` its kind; ``value`` the address; ``status``;
                    ``detail`` the server's reason, when sent
========== ======== ===================================================================

Its text cells go through :func:`workbook.exports.answers.neutralise`, as every CSV export's
do, so a cell a spreadsheet would run as a formula starts with an apostrophe (the JSON keeps
the text as typed). Each copy made goes in the audit trail as ``own-copy`` by the ``member``,
naming the respondent by id: names never enter the append-only trail.

Standard library only (json, csv through :mod:`.answers`): the respondent's page calls it and
imports no pandas.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import TYPE_CHECKING, Iterable

from ..errors import AnswerError
from ..instruments import builtin_instruments
from ..instruments.model import Instrument
from .answers import json_bytes, write_rows

if TYPE_CHECKING:  # the page passes its store client: importing Store would load the data layer
    from ..store import Store

FORMAT = "leaderbook-own-copy"
VERSION = 1
COLUMNS = ("record", "at", "round_id", "round", "about", "instrument_id", "instrument_version", "item_id", "item",
           "value", "note", "name", "version", "status", "detail")
#: What the page downloads: format → (file name, media type of its data: link).
FILES = {"json": ("my-answers.json", "application/json;charset=utf-8"),
         "csv": ("my-answers.csv", "text/csv;charset=utf-8")}


def _when(at: _dt.datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def own_copy(store: Store, respondent_id: int, instruments: Iterable[Instrument] = (), *,
             actor: str | None = None) -> dict:
    """The document of everything kept about ``respondent_id``; with ``actor`` (the page passes
    "member") the copy is recorded in the audit trail, by the respondent's id.

    ``instruments`` (default: the built-in ones) give the item text joined to each answer;
    an answer to an instrument not among them keeps its ids, with an empty ``item``.
    """
    records = store.respondent_records(respondent_id)
    if actor is not None:
        store.record("own-copy", actor=actor, team=records.team_name,
                     detail=f"respondent {records.respondent_id}: everything kept about them")
    given = tuple(instruments) or builtin_instruments()
    known = {(i.id, i.version): i for i in given}
    rounds = records.rounds
    subjects = {link.subject_id: link.subject_name for link in records.links if link.subject_id is not None}

    def item_text(answer) -> str:
        instrument = known.get((answer.instrument_id, answer.instrument_version))
        if instrument is None:
            return ""
        try:
            return instrument.find_item(answer.item_id)[1].text
        except AnswerError:  # an item the instrument does not have: keep the id, no text
            return ""

    return {
        "format": FORMAT,
        "version": VERSION,
        "made_at": _dt.datetime.now(_dt.timezone.utc).isoformat(),
        "respondent": {"id": records.respondent_id, "name": records.name, "team": records.team_name,
                       "created_at": _when(records.created_at), "email": records.email,
                       "language": records.language},
        "links": [{"round_id": link.round_id, "round": rounds.get(link.round_id, ""),
                   "rater_group": link.rater_group,
                   "about": ({"id": link.subject_id, "name": link.subject_name}
                             if link.subject_id is not None else None),
                   "made_at": _when(link.made_at), "revoked_at": _when(link.revoked_at),
                   "sent_again_at": [_when(at) for at in link.sent_at]} for link in records.links],
        "answers": [{"round_id": a.round_id, "round": rounds.get(a.round_id, ""),
                     "about": ({"id": a.subject_id, "name": subjects.get(a.subject_id)}
                               if a.subject_id is not None else None),
                     "instrument_id": a.instrument_id, "instrument_version": a.instrument_version,
                     "item_id": a.item_id, "item": item_text(a), "value": a.value, "note": a.note,
                     "recorded_at": _when(a.recorded_at)} for a in records.answers],
        "plans": [{"round_id": v.round_id, "round": rounds.get(v.round_id, ""), "version": v.number,
                   "saved_at": _when(v.saved_at), "actions": v.data} for v in records.plans],
        "worksheets": [{"round_id": v.round_id, "round": rounds.get(v.round_id, ""), "name": v.name,
                        "version": v.number, "saved_at": _when(v.saved_at), "data": v.data}
                       for v in records.worksheets],
        "places": [{"round_id": p.round_id, "round": rounds.get(p.round_id, ""), "step": p.step,
                    "saved_at": _when(p.saved_at)} for p in records.places],
        "messages": [{"round_id": m.round_id, "round": rounds.get(m.round_id, ""), "kind": m.kind,
                      "email": m.email, "status": m.status, "reason": m.reason,
                      "created_at": _when(m.created_at), "sent_at": _when(m.sent_at)} for m in records.messages],
    }


def own_copy_json(document: dict) -> bytes:
    """The copy as one UTF-8 JSON document."""
    return json_bytes(document)


def _as_json(data) -> str:
    """Structured data (a plan's actions, a worksheet) as one JSON cell, its text unescaped."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _about(about: dict | None) -> str:
    return (about.get("name") or f"respondent {about['id']}") if about else ""


def csv_rows(document: dict) -> list[dict]:
    """The copy's rows, in the layout of this module's docstring."""
    person = document["respondent"]
    detail = "; ".join(part for part in (f"team {person['team']}" if person["team"] else "",
                                         f"language {person['language']}" if person["language"] else "") if part)
    rows = [{"record": "person", "at": person["created_at"], "name": person["name"], "value": person["email"],
             "detail": detail}]
    for link in document["links"]:
        when = [f"revoked {link['revoked_at']}"] if link["revoked_at"] else []
        when += [f"sent again {at}" for at in link["sent_again_at"]]
        rows.append({"record": "link", "at": link["made_at"], "round_id": link["round_id"], "round": link["round"],
                     "about": _about(link["about"]), "name": link["rater_group"],
                     "status": "revoked" if link["revoked_at"] else "live", "detail": "; ".join(when)})
    for a in document["answers"]:
        rows.append({"record": "answer", "at": a["recorded_at"], "round_id": a["round_id"], "round": a["round"],
                     "about": _about(a["about"]), "instrument_id": a["instrument_id"],
                     "instrument_version": a["instrument_version"], "item_id": a["item_id"], "item": a["item"],
                     "value": a["value"], "note": a["note"], "status": "cleared" if a["value"] is None else ""})
    for plan in document["plans"]:
        rows.append({"record": "plan", "at": plan["saved_at"], "round_id": plan["round_id"], "round": plan["round"],
                     "version": plan["version"], "value": _as_json(plan["actions"])})
    for sheet in document["worksheets"]:
        rows.append({"record": "worksheet", "at": sheet["saved_at"], "round_id": sheet["round_id"],
                     "round": sheet["round"], "name": sheet["name"], "version": sheet["version"],
                     "value": _as_json(sheet["data"])})
    for place in document["places"]:
        rows.append({"record": "place", "at": place["saved_at"], "round_id": place["round_id"],
                     "round": place["round"], "value": place["step"]})
    for message in document["messages"]:
        detail = [message["reason"]] if message["reason"] else []
        detail += [f"sent {message['sent_at']}"] if message["sent_at"] else []
        rows.append({"record": "message", "at": message["created_at"], "round_id": message["round_id"],
                     "round": message["round"], "name": message["kind"], "value": message["email"],
                     "status": message["status"], "detail": "; ".join(detail)})
    return rows


def own_copy_csv(document: dict) -> bytes:
    """The copy as one UTF-8 CSV table, every text cell neutralised for spreadsheets."""
    return write_rows(csv_rows(document), "csv", None, columns=COLUMNS)
