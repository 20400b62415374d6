"""Roster files: a team from a spreadsheet of names, addresses and who rates whom.

A roster is a CSV (UTF-8, with or without a BOM; commas or semicolons) or an
XLSX file (its first sheet) with a header row naming the columns, in any
order and case: ``name``, ``email``, ``role`` (``self`` for a leader, or
``direct-report``, ``peer``, ``manager`` for someone who rates one),
``leader`` (for a rater: the name of the leader they rate, one of the roster's
``self`` rows) and, optionally, ``language`` (a tag like ``fr`` or ``es-ES``).
Other columns are ignored.

Every row is checked before anything is written, and every problem is told
with its row number (the header is row 1) and what to change
(:class:`~workbook.errors.RosterError`). Cells are untrusted: an XLSX formula
is refused (never evaluated), and a name that looks like a spreadsheet formula
is kept as text (exports neutralise it).

:func:`create_team_from_roster` makes the team in one transaction: each leader
(``self``) gets a self-assessment link, each rater one link, to rate their
leader in their rater group, and no self-assessment of their own (in a 360 the
raters' own scores are not asked; add them with ``leaderbook team add-member``
elsewhere if wanted). A roster may hold several leaders, each with raters.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..basics.links import DEFAULT_BASE_URL
from ..basics.text_check import bad_character, quote
from ..errors import InputError, LeaderbookError, RosterError
from ..store import Store, checks
from .admin import OTHERS_GROUPS, TeamRound, _keep_programme, _links, find_member, find_team
from .anonymity import MIN_THRESHOLD, check_threshold

__all__ = ["MAX_ROSTER_BYTES", "MAX_ROSTER_ROWS", "ROLES", "RosterRow", "create_team_from_roster", "read_roster",
           "set_member_contact"]

MAX_ROSTER_ROWS = 2000
MAX_ROSTER_BYTES = 5 * 1024 * 1024
ROLES = ("self",) + OTHERS_GROUPS
COLUMNS = ("name", "email", "role", "leader", "language")
REQUIRED = ("name", "email", "role", "leader")
#: Headers people write for the same column.
ALIASES = {"e-mail": "email", "email address": "email", "mail": "email", "lang": "language"}
#: At most this many columns are read from a sheet: a roster needs five.
MAX_COLUMNS = 50


@dataclass(frozen=True)
class RosterRow:
    """One person of a roster; ``number`` is their row in the spreadsheet (the header is row 1)."""

    number: int
    name: str
    email: str
    role: str
    leader: str
    language: str | None = None


# -- reading the file ---------------------------------------------------------


def _kind(data: bytes, filename: str) -> str:
    """"csv" or "xlsx", from the content; a name that says otherwise is refused."""
    suffix = Path(filename or "").suffix.lower()
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "xl/workbook.xml" in archive.namelist():
                    return "xlsx"
        except zipfile.BadZipFile:
            pass
        raise RosterError([f"{filename or 'the file'} is a zip archive but not an Excel workbook (.xlsx); "
                           "save the roster as .xlsx or as CSV UTF-8"])
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RosterError([f"{filename or 'the file'} is an old Excel file (.xls); save it as .xlsx or as CSV UTF-8"])
    if suffix in (".xlsx", ".xlsm"):
        raise RosterError([f"{filename} is named like an Excel workbook but is not one; save it again as .xlsx"])
    if b"\x00" in data[:4096]:
        raise RosterError([f"{filename or 'the file'} is not a text file (CSV) nor an Excel workbook (.xlsx)"])
    return "csv"


def _csv_rows(data: bytes, filename: str) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterError([f"{filename or 'the file'} is not UTF-8 text (byte {exc.start + 1}); "
                           "save it as \"CSV UTF-8\" or as .xlsx"]) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            rows.append(row[:MAX_COLUMNS])
            if len(rows) > MAX_ROSTER_ROWS + 1:
                break
    except csv.Error as exc:
        raise RosterError([f"row {len(rows) + 1}: the CSV cannot be read ({exc}); check its quotes"]) from None
    return rows


def _cell_text(value, number: int, column: int, problems: list[str]) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(data: bytes, filename: str, problems: list[str]) -> list[list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a broken file; none is ours to show in full
        raise RosterError([f"{filename or 'the file'} cannot be read as an Excel workbook "
                           f"({type(exc).__name__}); save it again as .xlsx or as CSV UTF-8"]) from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
            row = []
            for column, cell in enumerate(cells, start=1):
                if getattr(cell, "data_type", None) == "f":
                    # Never evaluated (nor is its cached value trusted): the roster holds typed text.
                    problems.append(f"row {number}: column {column} holds a formula; type its value instead")
                    row.append("")
                else:
                    row.append(_cell_text(cell.value, number, column, problems))
            rows.append(row)
            if len(rows) > MAX_ROSTER_ROWS + 1:
                break
    finally:
        book.close()
    return rows


def _header(row: list[str], problems: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        key = " ".join(str(cell).strip().lower().replace("_", " ").split())
        key = ALIASES.get(key, key)
        if key in COLUMNS:
            if key in found:
                problems.append(f"row 1: the column {key!r} appears twice; keep one")
            found[key] = index
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        problems.append(f"row 1: the header lacks the column(s) {', '.join(missing)}; the first row names the "
                        f"columns: name, email, role, leader (and language, if you like)")
    return found


def _role(value: str) -> str:
    return "-".join(value.strip().lower().replace("_", " ").split())


def _check_cell(value: str, what: str, number: int, max_length: int, problems: list[str]) -> str | None:
    if len(value) > max_length:
        problems.append(f"row {number}: the {what} is {len(value):,} characters long; at most {max_length:,}")
        return None
    problem = bad_character(value)
    if problem is not None or "\n" in value or "\t" in value:
        problems.append(f"row {number}: the {what} contains {problem or 'a line break or tab'}; retype it")
        return None
    return value.strip()


def read_roster(data: bytes, filename: str) -> list[RosterRow]:
    """The people of a roster file (CSV or XLSX), checked; or RosterError listing every problem."""
    if not isinstance(data, (bytes, bytearray)):
        raise InputError("a roster is the file's bytes")
    if len(data) > MAX_ROSTER_BYTES:
        raise RosterError([f"{filename or 'the file'} is {len(data) / 1024 / 1024:.1f} MB; a roster is at most "
                           f"{MAX_ROSTER_BYTES // 1024 // 1024} MB ({MAX_ROSTER_ROWS:,} people)"])
    data = bytes(data)
    problems: list[str] = []
    rows = _xlsx_rows(data, filename, problems) if _kind(data, filename) == "xlsx" else _csv_rows(data, filename)
    if not rows or not any(str(c).strip() for c in rows[0]):
        raise RosterError(["row 1: the roster is empty; its first row names the columns name, email, role, leader"])
    if len(rows) > MAX_ROSTER_ROWS + 1:
        raise RosterError([f"the roster has more than {MAX_ROSTER_ROWS:,} people; split it into teams"])
    columns = _header(rows[0], problems)
    if any(c not in columns for c in REQUIRED):
        raise RosterError(problems)
    found: list[RosterRow] = []
    for number, row in enumerate(rows[1:], start=2):
        cells = {key: (row[index] if index < len(row) else "") for key, index in columns.items()}
        if not any(str(v).strip() for v in cells.values()):
            continue  # a blank line
        name = _check_cell(cells["name"], "name", number, checks.MAX_NAME_LENGTH, problems)
        email = _check_cell(cells["email"], "email", number, checks.MAX_EMAIL_LENGTH, problems)
        role = _check_cell(cells["role"], "role", number, 40, problems)
        leader = _check_cell(cells["leader"], "leader", number, checks.MAX_NAME_LENGTH, problems)
        language = _check_cell(cells.get("language", ""), "language", number, checks.MAX_LANGUAGE_LENGTH, problems)
        if name is not None and not name:
            problems.append(f"row {number}: the name is empty; write the person's name")
        if email is not None:
            if not email:
                problems.append(f"row {number}: the email is empty; write an address like name@example.org")
            elif not checks.EMAIL_SHAPE.match(email):
                problems.append(f"row {number}: the email {quote(email)} is not an address; "
                                "write it as name@example.org")
        if role is not None:
            role = _role(role)
            if role not in ROLES:
                problems.append(f"row {number}: the role {quote(cells['role'].strip())} is not one of: "
                                f"{', '.join(ROLES)}")
        if language:
            if not checks.LANGUAGE_SHAPE.match(language):
                problems.append(f"row {number}: the language {quote(language)} is not a language tag; "
                                "write it like fr, de or es-ES, or leave it empty")
        # Every row takes part in the checks across rows (a leader whose address is wrong is still
        # the leader their raters name), so each problem is told once, where it is.
        found.append(RosterRow(number, name or "", email or "", role or "", leader or "", language or None))
    problems += _relations(found)
    problems.sort(key=_row_number)
    if not found and not problems:
        problems.append("the roster names nobody; add one row per person under the header")
    elif found and not any(r.role == "self" for r in found) and not problems:
        problems.append("the roster has no leader: give at least one person the role self")
    if problems:
        raise RosterError(problems)
    return found


def _row_number(problem: str) -> int:
    head = problem.split(":", 1)[0]
    return int(head[4:]) if head.startswith("row ") and head[4:].isdigit() else 0


def _relations(rows: list[RosterRow]) -> list[str]:
    """Duplicate names and addresses, and raters whose leader is not a leader of the roster."""
    problems = []
    first_name: dict[str, int] = {}
    first_email: dict[str, int] = {}
    for row in rows:
        key = row.name.casefold()
        if not key:
            pass
        elif key in first_name:
            problems.append(f"row {row.number}: the name {quote(row.name)} is already on row {first_name[key]}; "
                            "names must differ within a team (add an initial)")
        else:
            first_name[key] = row.number
        key = row.email.casefold()
        if not key:
            pass
        elif key in first_email:
            problems.append(f"row {row.number}: the email {quote(row.email)} is already on row "
                            f"{first_email[key]}; each person needs their own address")
        else:
            first_email[key] = row.number
    leaders = {r.name.casefold(): r for r in rows if r.role == "self"}
    for row in rows:
        if row.role not in ROLES:
            continue  # told already
        if row.role == "self":
            if row.leader and row.leader.casefold() != row.name.casefold():
                problems.append(f"row {row.number}: {quote(row.name)} is a leader (role self), so the leader "
                                f"column stays empty; to have them rate {quote(row.leader)}, give another role")
        elif not row.leader:
            problems.append(f"row {row.number}: {quote(row.name)} rates someone ({row.role}) but the leader "
                            "column is empty; write the name of the leader they rate")
        elif row.leader.casefold() == row.name.casefold():
            problems.append(f"row {row.number}: {quote(row.name)} cannot rate themselves as {row.role}; "
                            "their own view is the role self")
        elif row.leader.casefold() not in leaders:
            problems.append(f"row {row.number}: the leader {quote(row.leader)} is not a row of the roster with "
                            "the role self; add them, or correct the name")
    return problems


# -- making the team ------------------------------------------------------------


def create_team_from_roster(store: Store, name: str, rows, *, threshold: int = MIN_THRESHOLD,
                            confidential: bool = False, workbook=None, label: str = "",
                            base_url: str = DEFAULT_BASE_URL, language: str | None = None) -> TeamRound:
    """A team with its first round from a roster's rows (see :func:`read_roster`), in one transaction.

    ``language`` is the language of every member whose row gives none (a row's own language wins).

    Leaders (role ``self``) get a self-assessment link; raters a link to rate
    their leader in their group. Each member's address and language are kept for
    :mod:`workbook.team.mail`. A ``confidential`` team's result holds no member's
    link (they go by email only: ``send_invitations``); the coach's links it holds.
    """
    from .admin import _check_name
    from .round_programme import programme_record

    name = _check_name("team", name)
    threshold = check_threshold(threshold)
    rows = list(rows)
    if not rows or not all(isinstance(r, RosterRow) for r in rows):
        raise InputError("a roster's rows are RosterRow values, from read_roster")
    problems = _relations(rows)
    checks.language(language)
    for row in rows:
        try:
            checks.name(row.name, "a member")
            checks.email(row.email)
            checks.language(row.language)
            checks.choice(row.role, ROLES, "a role")
        except LeaderbookError as exc:
            problems.append(f"row {row.number}: {exc}")
    if problems:
        raise RosterError(problems)
    if not any(r.role == "self" for r in rows):
        raise RosterError(["the roster has no leader: give at least one person the role self"])
    if workbook is not None and not isinstance(workbook, tuple):
        workbook = programme_record(Path(workbook))  # checked before anything is written
    with store.transaction():
        team = store.add_team(name, threshold, confidential=confidential)
        ids = {}
        for row in rows:
            ids[row.name.casefold()] = member = store.add_respondent(row.name, team.id).id
            store.set_member_contact(member, row.email, row.language or language)
        round_ = store.start_round(label or "Round 1", team.id)
        _keep_programme(store, round_.id, workbook)
        relations = [(ids[r.name.casefold()], "self", None) for r in rows if r.role == "self"]
        relations += [(ids[r.name.casefold()], r.role, ids[r.leader.casefold()]) for r in rows if r.role != "self"]
        names = {ids[r.name.casefold()]: r.name for r in rows}
        links = _links(store, round_.id, relations, names, base_url, shown=not confidential)
        token = store.add_coach_token(team.id)
    from ..basics.links import coach_url, session_url

    return TeamRound(team, round_, links, coach_url(token, base_url), session_url=session_url(token, base_url))


def set_member_contact(store: Store, team_name: str, member: str, email: str, *,
                       language: str | None = None) -> None:
    """Give a team's member (by name or id) an email address, and optionally a language tag."""
    team = find_team(store, team_name)
    store.set_member_contact(find_member(store, team, member).id, email, language)
