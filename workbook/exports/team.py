"""Aggregate exports of a team for analysts: per-section and per-item figures with their ``n``.

Every round is read as its published snapshots have it (:mod:`workbook.team.release`),
through the figures each snapshot keeps (:mod:`workbook.team.figures`),
with the instruments of its own programme, a coach's own YAML included.
Rows come from :mod:`workbook.team.aggregate`, so a group of fewer than the
threshold is exported as ``"suppressed": true`` with no figure at all (the
figure keys are absent in JSON and empty in CSV and XLSX). Every round of the
team is exported: the team's self-assessments, and for each rated leader the
others' ratings of them. Rows of level ``reliability`` give each published
group's alpha and rWG(J) per section (:mod:`workbook.team.reliability`).
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pandas as pd

from ..team.anonymity import effective_threshold
from ..team.figures import round_figures
from ..team.maps import AGREEMENT_COLUMNS, agreement_rows
from ..instruments.catalogue import Catalogue
from .answers import FORMATS, json_bytes, write_rows, write_whole
from ..errors import LeaderbookError
from ..instruments.model import Ref
from ..team.release import SELF, SELF_LABEL, scope_parts
from ..team.reliability import EXPORT_FIGURES, export_rows
from ..store import Store
from ..team.answers import team_catalogue
from ..team.admin import find_team
from ..team import words
from ..basics.i18n import SOURCE_LANGUAGE

KEYS = ("level", "round_id", "round", "about", "instrument_id", "section_id", "item_id", "title", "n", "suppressed")
FIGURES = ("score", "mean", "sd", "distribution")
COLUMNS = KEYS + FIGURES + EXPORT_FIGURES


def _rows(level: str, table: pd.DataFrame, catalogue: Catalogue, base: dict) -> list[dict]:
    rows = []
    for ref, figures in table.iterrows():
        where = Ref.parse(str(ref))
        row = dict(base, level=level, instrument_id=where.instrument, section_id=where.section,
                   item_id=where.item or "", title=catalogue.title(str(ref)),
                   n=int(figures["n"]), suppressed=bool(figures["suppressed"]))
        if not row["suppressed"]:
            for name in FIGURES:
                if name in figures.index:
                    row[name] = _plain(figures[name])
        rows.append(row)
    return rows


def _plain(value):
    """A JSON-able figure: rounded floats, ``None`` for a missing one, dict keys as text."""
    if isinstance(value, dict):
        return {str(k): int(v) for k, v in value.items()}
    if value is None or (isinstance(value, float) and value != value):
        return None
    return round(float(value), 3)


def aggregate_export(store: Store, team_name: str, *, threshold: int | None = None, instruments=(),
                     actor: str | None = None, language: str = SOURCE_LANGUAGE) -> dict:
    """``{"team", "threshold", "rounds", "sections", "items", "reliability"}`` for every round of the team.

    The titles and readings are in ``language``; the keys (ids, ``level``, ``about``) and the figures
    are the same in every language, as the figures are counted by ids whatever language people answered in.

    With ``actor`` (the CLI and the workspace give it) the export goes in the audit trail.
    """
    team = find_team(store, team_name)
    if actor is not None:
        store.record("export", actor=actor, team=team.name, detail="aggregate figures, every round")
    threshold = effective_threshold(team.threshold, threshold)
    # An erased leader's published figures stay, labelled "(erased)".
    names = {m.id: m.name for m in store.respondents(team.id, include_erased=True)}
    rounds = store.rounds(team.id)
    catalogue, per_round = team_catalogue(store, [r.id for r in rounds])
    if instruments:
        catalogue = Catalogue(instruments)
    titles = catalogue.in_language(language)
    sections, items, reliability = [], [], []
    maps = {table: [] for table in AGREEMENT_COLUMNS}  # what the members' published convergence maps agree on
    for round_ in rounds:
        figures = round_figures(store, team, round_.id, catalogue, per_round[round_.id])
        groups = [(SELF_LABEL, [SELF])]
        groups += [(f"others about {names.get(s, s)}", figures.rater_scopes(s)) for s in figures.subjects()]
        for label, scopes in groups:
            found = figures.aggregates(scopes, threshold)
            base = {"round_id": round_.id, "round": round_.label, "about": label}
            sections += _rows("section", found.sections, titles, base)
            items += _rows("item", found.items, titles, base)
        consistency = figures.reliability(threshold, lambda scope: _group_label(scope, names))
        reliability += [_said(row, language)
                        for row in export_rows(consistency, titles, {"round_id": round_.id, "round": round_.label})]
        for table, rows in agreement_rows(figures.maps(threshold),
                                          {"round_id": round_.id, "round": round_.label}).items():
            maps[table] += [_said(row, language) for row in rows]
    return {
        "team": team.name, "threshold": threshold,
        "generated_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "rounds": [{"id": r.id, "label": r.label, "closed": r.closed} for r in rounds],
        "sections": sections, "items": items, "reliability": reliability, **maps,
    }


def _said(row: dict, language: str) -> dict:
    """``row`` with its reading (words, not a key) in ``language``."""
    return dict(row, reading=words.reading(row["reading"], language)) if row.get("reading") else row


def _group_label(scope: str, names: dict) -> str:
    """A release group as the export names it: the team's self-assessments, or one rater group about a leader."""
    subject_id, group = scope_parts(scope)
    return SELF_LABEL if subject_id is None else f"{group} about {names.get(subject_id, subject_id)}"


def write_aggregates(data: dict, fmt: str, target: Path | None, table: str | None = None) -> bytes | None:
    """JSON keeps the structure; CSV and XLSX are one table, a ``level`` column telling sections from items.

    ``table`` ("goals", "programmes" or "links") writes that table of the maps' agreement alone.
    """
    if table is not None:
        return write_rows(data[table], fmt, target, columns=AGREEMENT_COLUMNS[table])
    if fmt not in FORMATS:
        raise LeaderbookError(f"unknown format {fmt!r} (choose one of: {', '.join(FORMATS)})")
    if fmt == "json":
        encoded = json_bytes(data)
        if target is None:
            return encoded
        write_whole(Path(target), encoded)
        return None
    return write_rows(data["sections"] + data["items"] + data["reliability"], fmt, target, columns=COLUMNS)
