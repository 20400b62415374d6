"""The coach dashboard page (``templates/dashboard.ipynb``): whose dashboard, and its HTML.

Under Voila the page belongs to whoever holds a live coach token
(``?coach=TOKEN``, checked against its stored hash); anything else gets
"this link is not valid" and nothing more. Opened in JupyterLab there is no
request: the coach's own store is read, and the team is the one named in
the notebook (or $LEADERBOOK_TEAM), else the newest team.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from sqlalchemy.engine import make_url

from workbook.errors import INVALID_LINK, LeaderbookError
from workbook.store.paths import database_url
from workbook.store import Round, Store
from workbook.errors import InvalidInvite
from workbook.team.admin import Team, find_team, resolve_coach_token, teams
from ._views import render
from .request import coach_token, query_string, under_voila


def message(text: str, detail: str = "") -> Markup:
    """The short page shown instead of a dashboard: ``text`` as its heading, ``detail`` under it."""
    return Markup(render("coach_message.html.j2", problem=text[:1].upper() + text[1:], detail=detail))


@dataclass
class CoachPage:
    """One coach's view: a store and a team, or the problem to show instead."""

    store: Store | None = None
    team: Team | None = None
    problem: str = ""
    detail: str = ""
    rounds: tuple[Round, ...] = field(default_factory=tuple)

    @property
    def valid(self) -> bool:
        return self.store is not None and self.team is not None and not self.problem

    def html(self, round_id: int | None = None) -> Markup:
        """The dashboard of a round (the latest by default), or the problem as a short page."""
        if not self.valid:
            return message(self.problem or INVALID_LINK, self.detail)
        from workbook.team.dashboard import team_dashboard
        from workbook.reports.team import team_fragment

        return team_fragment(team_dashboard(self.store, team=self.team, round_id=round_id))


def _local_store() -> Store | None:
    """The coach's own store in JupyterLab; None (not an empty new file) when there is none yet."""
    url = database_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).is_file():
        return None
    return Store(url)


def open_coach_page(team_name: str = "") -> CoachPage:
    """Read the request (under Voila) or the notebook's team name, and open the page."""
    if under_voila():
        token = coach_token(query_string())
        store = Store()
        try:
            team = resolve_coach_token(store, token)
        except InvalidInvite:
            store.close()
            return CoachPage(problem=INVALID_LINK,
                             detail="Ask whoever runs the workbook for a new dashboard link.")
        return CoachPage(store, team, rounds=tuple(store.rounds(team.id)))
    store = _local_store()
    if store is None:
        return CoachPage(problem="no answers yet", detail="Create a team (`leaderbook team create`) or try "
                                                           "`leaderbook demo`, then run this notebook again.")
    name = team_name or os.environ.get("LEADERBOOK_TEAM", "")
    try:
        team = find_team(store, name) if name else teams(store)[-1]
    except IndexError:
        return CoachPage(problem="no team yet", detail="Create one with `leaderbook team create` or try "
                                                       "`leaderbook demo`.")
    except LeaderbookError as exc:
        return CoachPage(problem=str(exc))
    return CoachPage(store, team, rounds=tuple(store.rounds(team.id)))
