"""The coach dashboard page (``templates/dashboard.ipynb``): whose dashboard, and its HTML.

Under Voila the page belongs to whoever holds a live coach token
(``?coach=TOKEN``, checked against its stored hash); anything else gets
"this link is not valid" and nothing more. Opened in JupyterLab there is no
request: the coach's own store is read, and the team is the one named in
the notebook (or $LEADERBOOK_TEAM), else the newest team.

The page speaks the coach's language as the respondent's page does
(:func:`pages.language.visitor_language`: the link's ``?lang=``, then the
browser's Accept-Language, else English; a coach has no roster line), with
a switch to the same link in another language. The session console, made
from the same link, speaks it too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from urllib.parse import urlencode

from markupsafe import Markup
from sqlalchemy.engine import make_url

from workbook.basics.i18n import N_, SOURCE_LANGUAGE, translator
from workbook.errors import INVALID_LINK, LeaderbookError
from workbook.store.paths import database_url
from workbook.store import Round, Store
from workbook.errors import InvalidInvite
from workbook.team.admin import Team, find_team, resolve_coach_token, teams
from ._views import render
from .language import language_switch, visitor_language
from .request import coach_token, query_string, under_voila

#: The problems a coach's page can show, as the page says them (translated where shown; a problem
#: raised by the core, such as a team name not found, is shown as the core words it).
PROBLEMS = {INVALID_LINK: N_("this link is not valid"), "no answers yet": N_("no answers yet"),
            "no team yet": N_("no team yet")}
NEW_DASHBOARD_LINK = N_("Ask whoever runs the workbook for a new dashboard link.")
NO_STORE_YET = N_("Create a team (`leaderbook team create`) or try `leaderbook demo`, then run this notebook again.")
NO_TEAM_YET = N_("Create one with `leaderbook team create` or try `leaderbook demo`.")


def message(text: str, detail: str = "", *, language: str = SOURCE_LANGUAGE) -> Markup:
    """The short page shown instead of a dashboard: ``text`` as its heading, ``detail`` under it, both
    in ``language`` when they are the pages' own words."""
    _ = translator(language).gettext
    text = _(PROBLEMS.get(text, text))
    return Markup(render("coach_message.html.j2", language=language, problem=text[:1].upper() + text[1:],
                         detail=_(detail) if detail else ""))


@dataclass
class CoachPage:
    """One coach's view: a store and a team, or the problem to show instead."""

    store: Store | None = None
    team: Team | None = None
    problem: str = ""
    detail: str = ""
    rounds: tuple[Round, ...] = field(default_factory=tuple)
    #: The language the page speaks (the coach's: :func:`coach_language`).
    language: str = SOURCE_LANGUAGE
    #: The query string that opens this page again (its coach token, no ``lang``); empty outside Voila.
    link_query: str = ""

    @property
    def valid(self) -> bool:
        return self.store is not None and self.team is not None and not self.problem

    def html(self, round_id: int | None = None) -> Markup:
        """The dashboard of a round (the latest by default), or the problem as a short page."""
        if not self.valid:
            return message(self.problem or INVALID_LINK, self.detail, language=self.language)
        from workbook.team.dashboard import team_dashboard
        from workbook.reports.team import team_fragment

        return team_fragment(team_dashboard(self.store, team=self.team, round_id=round_id), language=self.language)

    def widget(self):
        """What ``templates/dashboard.ipynb`` shows: the page's language on ``<html>``, the language
        switch, a round picker when there are earlier rounds (each with its change from the one
        before), and the dashboard."""
        from ipywidgets import HTML, Dropdown, VBox

        from widgets import PageLanguage

        _ = translator(self.language).gettext
        shown = HTML(self.html(), _dom_classes=("lb-dashboard",))
        parts = [PageLanguage(self.language)]
        switch = language_switch(self.link_query, self.language)
        if switch:
            parts.append(HTML(switch, _dom_classes=("lb-languages",)))
        if self.valid and len(self.rounds) > 1:
            picker = Dropdown(options=[(r.label, r.id) for r in reversed(self.rounds)], description=_("Round"),
                              _dom_classes=("lb-round-picker",))
            picker.observe(lambda change: setattr(shown, "value", self.html(change["new"])), names="value")
            parts.append(picker)
        return VBox([*parts, shown], _dom_classes=("lb-coach-page",))


def coach_language(query: str) -> str:
    """The language of a coach's page requested with ``query``: its ``?lang=``, then the browser's, else
    English (a coach has no roster line to say it)."""
    return visitor_language(query)


def again_link(name: str, token: str | None) -> str:
    """The query string that opens the same page again with its ``name`` token (the switch adds ``lang``)."""
    return urlencode({name: token}) if token else ""


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
        query = query_string()  # once: a preheated kernel is handed its request a single time
        language, token = coach_language(query), coach_token(query)
        store = Store()
        try:
            team = resolve_coach_token(store, token)
        except InvalidInvite:
            store.close()
            return CoachPage(problem=INVALID_LINK, detail=NEW_DASHBOARD_LINK, language=language)
        return CoachPage(store, team, rounds=tuple(store.rounds(team.id)), language=language,
                         link_query=again_link("coach", token))
    store = _local_store()
    if store is None:
        return CoachPage(problem="no answers yet", detail=NO_STORE_YET)
    name = team_name or os.environ.get("LEADERBOOK_TEAM", "")
    try:
        team = find_team(store, name) if name else teams(store)[-1]
    except IndexError:
        return CoachPage(problem="no team yet", detail=NO_TEAM_YET)
    except LeaderbookError as exc:
        return CoachPage(problem=str(exc))
    return CoachPage(store, team, rounds=tuple(store.rounds(team.id)))
