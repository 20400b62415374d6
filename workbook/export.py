"""Exports of the store for analysts: answers joined with their instrument text.

Text cells that a spreadsheet would run as a formula (starting with
``= + - @``, tab or carriage return) are neutralised with a leading
apostrophe in CSV and XLSX, since answers are typed by anyone with a link.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Iterable

from .errors import LeaderbookError
from .instruments import builtin_instruments
from .model import NOT_APPLICABLE, Instrument
from .store import Store

FORMATS = ("csv", "xlsx", "json")
COLUMNS = (
    "respondent_id", "respondent", "round_id", "round", "instrument_id", "instrument_version",
    "instrument", "section_id", "section", "item_id", "item", "value", "value_label", "note", "recorded_at",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell):
    """A text cell made safe for spreadsheets; other values unchanged."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def answer_rows(store: Store, instruments: Iterable[Instrument] = (), *, history: bool = False) -> list[dict]:
    """One dict per answer (the current ones, or every event with ``history``), text joined in."""
    known = {(i.id, i.version): i for i in (*builtin_instruments(), *instruments)}
    names = {r.id: r.name for r in store.respondents()}
    rounds = {r.id: r.label for r in store.rounds()}
    if history:
        answers = [a for r in names for a in store.answer_history(r)]
    else:
        answers = store.latest_answers()
    rows = []
    for a in answers:
        instrument = known.get((a.instrument_id, a.instrument_version))
        section = item = None
        if instrument is not None:
            section, item = instrument.find_item(a.item_id)
        rows.append({
            "respondent_id": a.respondent_id,
            "respondent": names.get(a.respondent_id, ""),
            "round_id": a.round_id,
            "round": rounds.get(a.round_id, ""),
            "instrument_id": a.instrument_id,
            "instrument_version": a.instrument_version,
            "instrument": instrument.title if instrument else "",
            "section_id": section.id if section else "",
            "section": section.title if section else "",
            "item_id": a.item_id,
            "item": item.text if item else "",
            "value": a.value,
            "value_label": _label(item, a.value),
            "note": a.note or "",
            "recorded_at": a.recorded_at.isoformat() if a.recorded_at else "",
        })
    return rows


def _label(item, value) -> str:
    if item is None or value is None:
        return ""
    if value == NOT_APPLICABLE:
        return "not applicable"
    if item.kind == "checklist":
        return "yes" if value else "no"
    if item.kind in ("rating", "mistakes"):
        return item.scale.label(value)
    return ""


def write_rows(rows: list[dict], fmt: str, target: Path | None, columns=COLUMNS) -> bytes | None:
    """Write rows as csv, xlsx or json to ``target``; with no target, return the bytes."""
    if fmt not in FORMATS:
        raise LeaderbookError(f"unknown format {fmt!r} (choose one of: {', '.join(FORMATS)})")
    if fmt == "json":
        data = json.dumps(rows, indent=2, ensure_ascii=False, default=str).encode() + b"\n"
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: neutralise(_cell(row.get(k))) for k in columns})
        data = buffer.getvalue().encode("utf-8")
    else:
        data = _xlsx(rows, columns)
    if target is None:
        return data
    write_whole(Path(target), data)
    return None


def write_whole(target: Path, data: bytes) -> None:
    """Write the export whole and private (0600): a failed export never leaves half a file."""
    from .files import write_private

    write_private(target, data)


def _cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return "" if value is None else value


def _xlsx(rows: list[dict], columns) -> bytes:
    from openpyxl import Workbook  # only when an xlsx is asked for

    book = Workbook()
    sheet = book.active
    sheet.title = "answers"
    sheet.append(list(columns))
    for row in rows:
        sheet.append([neutralise(_cell(row.get(k))) for k in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
