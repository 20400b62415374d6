"""Exports of the store for analysts: answers joined with their instrument text.

Text cells that a spreadsheet would run as a formula (starting with
``= + - @ |``, tab or carriage return, once look-alikes such as a
fullwidth ``＝`` are folded and leading spaces and invisible characters set
aside) are neutralised with a leading apostrophe in CSV and XLSX, since
answers are typed by anyone with a link. Every format passes its text
through :func:`workbook.basics.printable.printable` first, so old text holding a
control character or a lone surrogate is still written, marked where it was.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..assess.convergence import WORKSHEET as MAP_WORKSHEET
from ..errors import LeaderbookError
from ..instruments import builtin_instruments
from ..instruments.model import BUILTIN_SCALE_LABELS, NOT_APPLICABLE, Instrument
from ..basics.i18n import SOURCE_LANGUAGE, N_, translator
from ..basics.printable import printable

if TYPE_CHECKING:  # the page's own copy writes through these helpers with no data layer loaded
    from ..store import Store

FORMATS = ("csv", "xlsx", "json")
COLUMNS = (
    "respondent_id", "respondent", "round_id", "round", "instrument_id", "instrument_version",
    "instrument", "section_id", "section", "item_id", "item", "value", "value_label", "note", "recorded_at",
)
#: What a spreadsheet may take as the start of a formula or a command (``|`` is DDE in some).
_FORMULA_STARTS = ("=", "+", "-", "@", "|")
_RAW_STARTS = ("\t", "\r")


def _invisible(character: str) -> bool:
    """Spaces, line breaks, controls and format characters (zero-width space, BOM): a reader skips them."""
    return character.isspace() or unicodedata.category(character) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def _skip_invisible(text: str) -> str:
    start = 0
    while start < len(text) and _invisible(text[start]):
        start += 1
    return text[start:]


def _lead(text: str) -> str:
    """The first character that counts: after leading invisible ones, with look-alikes folded (NFKC)."""
    folded = unicodedata.normalize("NFKC", _skip_invisible(text)[:16])
    return _skip_invisible(folded)[:1]


def neutralise(cell):
    """A text cell made safe for spreadsheets; other values unchanged.

    The one place formulas are defused: a cell whose first character that
    counts (see :func:`_lead`) starts a formula, or that starts with a tab or
    a carriage return, gets a leading apostrophe.
    """
    if isinstance(cell, str) and (cell.startswith(_RAW_STARTS) or _lead(cell) in _FORMULA_STARTS):
        return "'" + cell
    return cell


def confidential_teams(store: Store) -> list[str]:
    """The names of the confidential teams, whose members' answers :func:`answer_rows` leaves out."""
    return [team.name for team in store.teams() if team.confidential]


def answer_rows(store: Store, instruments: Iterable[Instrument] = (), *, history: bool = False,
                actor: str | None = None, team: str | None = None, language: str = SOURCE_LANGUAGE) -> list[dict]:
    """One dict per answer (the current ones, or every event with ``history``), text joined in.

    The text (instrument, section, item, what a value means) is in ``language`` where the
    instruments are translated into it; the columns and ids stay the same in every language.

    The answers of a confidential team's members are left out (only a member's
    own link shows them): their team's figures are in the aggregate export.
    With ``actor`` the export goes in the audit trail, for ``team`` when the
    caller keeps only that team's rows (the workspace), else for every team.
    """
    if actor is not None:
        store.record("export", actor=actor, team=team,
                     detail=("answer history" if history else "current answers") + ("" if team else ", every team"))
    known = {(i.id, i.version): _in_language(i, language) for i in (*builtin_instruments(), *instruments)}
    hidden_teams = {team.id for team in store.teams() if team.confidential}
    people = store.respondents()
    names = {r.id: r.name for r in people}
    withheld = {r.id for r in people if r.team_id in hidden_teams}
    rounds = {r.id: r.label for r in store.rounds()}
    if history:
        answers = [a for r in names if r not in withheld for a in store.answer_history(r)]
    else:
        answers = [a for a in store.latest_answers() if a.respondent_id not in withheld]
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
            "value_label": _label(item, a.value, language),
            "note": a.note or "",
            "recorded_at": a.recorded_at.isoformat() if a.recorded_at else "",
        })
    return rows


#: The convergence map's three tables (see :mod:`workbook.assess.convergence`), one row per goal, programme or link.
MAP_COLUMNS = {
    "goals": ("respondent_id", "respondent", "round_id", "round", "goal_id", "goal", "owner", "priority",
              "horizon"),
    "programmes": ("respondent_id", "respondent", "round_id", "round", "programme_id", "programme", "reach",
                   "cost", "evaluation"),
    "links": ("respondent_id", "respondent", "round_id", "round", "goal_id", "goal", "programme_id",
              "programme", "strength"),
}


def map_rows(store: Store, *, actor: str | None = None) -> dict[str, list[dict]]:
    """Each respondent's current convergence map as ``{"goals", "programmes", "links"}`` rows.

    As with :func:`answer_rows`, the maps of a confidential team's members are left out;
    with ``actor`` the export goes in the audit trail.
    """
    if actor is not None:
        store.record("export", actor=actor, detail="convergence maps, every team")
    hidden_teams = {team.id for team in store.teams() if team.confidential}
    people = store.respondents()
    names = {r.id: r.name for r in people if r.team_id not in hidden_teams}
    tables: dict[str, list[dict]] = {name: [] for name in MAP_COLUMNS}
    for round_ in store.rounds():
        for respondent_id, data in sorted(store.round_worksheets(round_.id, MAP_WORKSHEET).items()):
            if respondent_id not in names:
                continue
            base = {"respondent_id": respondent_id, "respondent": names[respondent_id],
                    "round_id": round_.id, "round": round_.label}
            goals = {g["id"]: g["name"] for g in data.get("goals", [])}
            programmes = {p["id"]: p["name"] for p in data.get("programmes", [])}
            tables["goals"] += [dict(base, goal_id=g["id"], goal=g["name"], owner=g["owner"], priority=g["priority"],
                                     horizon=g["horizon"]) for g in data.get("goals", [])]
            tables["programmes"] += [dict(base, programme_id=p["id"], programme=p["name"], reach=p["reach"],
                                          cost=p["cost"], evaluation=p["evaluation"])
                                     for p in data.get("programmes", [])]
            tables["links"] += [dict(base, goal_id=link["goal"], goal=goals.get(link["goal"], ""),
                                     programme_id=link["programme"], programme=programmes.get(link["programme"], ""),
                                     strength=link["strength"]) for link in data.get("links", [])]
    return tables


#: What a value means when it is not a point of a scale, said in the export's language.
VALUE_WORDS = {"not applicable": N_("not applicable"), "yes": N_("yes"), "no": N_("no")}


def _in_language(instrument: Instrument, language: str) -> Instrument:
    if language == SOURCE_LANGUAGE:
        return instrument
    from ..instruments import translated

    return translated(instrument, language)


def _label(item, value, language: str = SOURCE_LANGUAGE) -> str:
    _ = translator(language).gettext
    if item is None or value is None:
        return ""
    if value == NOT_APPLICABLE:
        return _("not applicable")
    if item.kind == "checklist":
        return _("yes") if value else _("no")
    if item.kind in ("rating", "mistakes"):
        label = item.scale.label(value)
        return _(label) if label in BUILTIN_SCALE_LABELS else label
    return ""


def write_rows(rows: list[dict], fmt: str, target: Path | None, columns=COLUMNS) -> bytes | None:
    """Write rows as csv, xlsx or json to ``target``; with no target, return the bytes."""
    if fmt not in FORMATS:
        raise LeaderbookError(f"unknown format {fmt!r} (choose one of: {', '.join(FORMATS)})")
    rows = printable(rows)
    if fmt == "json":
        data = json_bytes(rows)
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


def json_bytes(data) -> bytes:
    """``data`` as UTF-8 JSON, its text made printable first, so it can always be encoded."""
    return json.dumps(printable(data), indent=2, ensure_ascii=False, default=str).encode("utf-8") + b"\n"


def write_whole(target: Path, data: bytes) -> None:
    """Write the export whole and private (0600): a failed export never leaves half a file."""
    from ..basics.files import write_private

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
