"""Retention periods of team rounds: set one, list what is due, apply it.

A coach may promise an organisation that answers are kept no longer than
some days after a round closes (:mod:`workbook.store.retention`).
:func:`apply_retention` erases, for every round whose period has ended, its
answers, notes, plans, worksheets and places; first it makes sure every
published snapshot of the round has its figures kept
(:mod:`workbook.team.figures`), so the dashboard, reports and exports go on
showing what was published, and nothing is ever recomputed from answers
that are gone. Each round erased leaves one audit entry, with counts only.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..store import Store
from ..store.retention import Retention
from .admin import Team, current_round, find_team
from .answers import team_catalogue
from .figures import round_figures


@dataclass(frozen=True)
class DueRound:
    """A round whose retention period has ended (or is about to), with its team's name."""

    team: str
    round_id: int
    round_label: str
    retention: Retention


def set_retention(store: Store, team_name: str, keep_days: int, *, round_id: int | None = None) -> Retention:
    """Keep the answers of a team's round (its current one by default) ``keep_days`` after it closes."""
    team = find_team(store, team_name)
    round_ = _round_of(store, team, round_id)
    return store.set_retention(round_.id, keep_days)


def _round_of(store: Store, team: Team, round_id: int | None):
    if round_id is None:
        return current_round(store, team)
    from ..errors import NotFoundError

    found = next((r for r in store.rounds(team.id) if r.id == round_id), None)
    if found is None:
        raise NotFoundError(f"team {team.name!r} has no round with id {round_id}")
    return found


def due_rounds(store: Store, *, at: _dt.datetime | None = None) -> list[DueRound]:
    """Every round whose retention period has ended by ``at`` (now by default) and is not yet applied."""
    at = at or _dt.datetime.now(_dt.timezone.utc)
    teams = {team.id: team for team in store.teams()}
    found = []
    for retention in store.retentions():
        if not retention.due(at):
            continue
        round_ = store.round(retention.round_id)
        team = teams.get(retention.team_id)
        found.append(DueRound(team.name if team else "-", round_.id, round_.label, retention))
    return found


def apply_retention(store: Store, *, at: _dt.datetime | None = None, actor: str = "cli") -> list[tuple[DueRound, dict]]:
    """Erase the content of every round that is due (see :func:`due_rounds`); ``[(round, {table: rows})]``."""
    applied = []
    teams = {team.id: team for team in store.teams()}
    for due in due_rounds(store, at=at):
        team = teams.get(due.retention.team_id)
        if team is not None:
            # Every published snapshot of the round keeps its figures before its answers go.
            catalogue, per_round = team_catalogue(store, [due.round_id])
            round_figures(store, team, due.round_id, catalogue, per_round[due.round_id])
        removed = store.erase_round_content(due.round_id)
        store.record("retention", actor=actor, team=due.team,
                     detail=f"round {due.round_id}: retention period of {due.retention.keep_days} day(s) ended; "
                            f"{removed['lb_answers']} answer event(s), {removed['lb_plans']} plan version(s), "
                            f"{removed['lb_worksheets']} worksheet version(s) erased")
        applied.append((due, removed))
    return applied
