"""The coach's workspace (``templates/workspace.ipynb``): every team, and what a coach does with them.

Who may open it: the person who runs the server. Under Voila the page needs
the workspace token ``leaderbook serve`` prints (``?workspace=TOKEN``,
checked against its stored hash, here and by the gate before any kernel);
an invite or coach token opens nothing here. In JupyterLab it is the local
user's page, on the default store.

On it: the teams with each member's completion (:mod:`.workspace_teams`),
a form that creates a team from typed members or a roster
(:mod:`.workspace_create`), the actions on a team's members and rounds
(:mod:`.workspace_members`), its downloads (:mod:`.workspace_downloads`)
and, when a mail server is configured, its invitations and reminders
(:mod:`.workspace_mail`). Everything the browser sends is checked in the
kernel; text is shown through the autoescaped templates.

It speaks the coach's language as the dashboard does: the link's ``?lang=``,
then the browser's Accept-Language, else English, with ``<html lang>``/``dir``
set and a switch to the same link (its workspace token kept) in the others.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ipywidgets import HTML, Button, Dropdown, VBox

from workbook.basics.i18n import N_, SOURCE_LANGUAGE, translator
from workbook.basics.links import DEFAULT_BASE_URL
from workbook.errors import INVALID_LINK
from workbook.store import Store
from ._views import render
from .coach_page import again_link, coach_language, message
from .language import language_switch
from .request import query_string, under_voila, workspace_token
from .workspace_create import CreateTeamForm
from .workspace_downloads import Downloads
from .workspace_members import MemberActions, links_html
from .workspace_teams import TeamsView

STYLE = """<style>
.lb-workspace { max-width: 64rem; margin: 0 auto; padding: 0 0.5rem; box-sizing: border-box; }
.lb-workspace .widget-text, .lb-workspace .widget-textarea, .lb-workspace .widget-dropdown { max-width: 100%; }
.lb-ws-section { border-top: 1px solid #767676; margin-top: 1rem; padding-top: 0.5rem; }
.lb-ws-row { flex-wrap: wrap; gap: 0.25rem; }
.lb-workspace .jupyter-button { width: auto; min-width: 8rem; padding: 0 0.75rem; }
.lb-members { border-collapse: collapse; width: 100%; }
.lb-members th, .lb-members td { border-bottom: 1px solid #ccc; padding: 0.2rem 0.4rem; text-align: start; }
.lb-members caption { text-align: start; font-weight: bold; }
.lb-ws-error { color: #a00000; }
.lb-ws-done { color: #1d5e1d; }
.lb-workspace .lb-ws-danger { border: 2px solid #a00000; color: #a00000; background: #fff; }
.lb-ws-forget-warning { border-inline-start: 4px solid #a00000; padding-inline-start: 0.6rem; margin: 0.4rem 0; }
.lb-ws-link { width: 100%; max-width: 40rem; font-family: monospace; }
.lb-ws-links label { display: block; }
.lb-workspace .widget-label { color: #222; }
@media (max-width: 600px) { .lb-workspace .widget-text, .lb-workspace .widget-textarea,
  .lb-workspace .widget-dropdown { width: 100% !important; flex-wrap: wrap; }
  .lb-workspace .widget-label { width: auto !important; } }
</style>"""


NEW_WORKSPACE_LINK = N_("Run `leaderbook workspace-link` on the server for a new workspace link.")


def serve_base_url() -> str:
    """The address links are made for: ``serve``'s --base-url (recorded), or the server's own address."""
    from workbook.basics.links import base_url_for
    from workbook.store.paths import data_dir

    if under_voila() and not os.environ.get("LEADERBOOK_BASE_URL"):
        recorded = base_url_for(None, data_dir(os.environ.get("LEADERBOOK_DATA") or None))
        if recorded != DEFAULT_BASE_URL:
            return recorded
        port = os.environ.get("VOILA_APP_PORT")
        host = os.environ.get("LEADERBOOK_SERVER_HOST") or "127.0.0.1"
        return f"http://{host}:{port}" if port else DEFAULT_BASE_URL
    return base_url_for(None, data_dir(os.environ.get("LEADERBOOK_DATA") or None))


class Workspace(VBox):
    """The coach's workspace on ``store``: links are made for ``base_url``; it speaks ``language``, and
    ``link_query`` (its token, no ``lang``) is the link its language switch keeps."""

    def __init__(self, store: Store, *, base_url: str = DEFAULT_BASE_URL, mail=None,
                 language: str = SOURCE_LANGUAGE, link_query: str = ""):
        from widgets import PageLanguage

        self.store, self.base_url, self.language = store, base_url, language
        _ = translator(language).gettext
        self.teams_view = TeamsView(store, language=language)
        self.refresh_button = Button(description=_("Refresh"), tooltip=_("Read the teams' completion again"),
                                     _dom_classes=("lb-ws-refresh",))
        self.refresh_button.on_click(lambda _: self.refresh())
        self.team = Dropdown(description=_("Team"), options=[], _dom_classes=("lb-ws-team",))
        self.team.observe(lambda _: self._team_changed(), names="value")
        self.created_links = HTML(_dom_classes=("lb-ws-created-links",))
        self.create_form = CreateTeamForm(store, base_url=base_url, on_created=self._created, language=language)
        self.members = MemberActions(store, base_url=base_url, team_of=self.chosen_team, on_change=self.refresh,
                                     language=language)
        self.downloads = Downloads(store, team_of=self.chosen_team, language=language)
        self.mail = None
        # <html lang> and dir for the coach's language, and the same link in the others.
        parts = [PageLanguage(language)]
        switch = language_switch(link_query, language)
        if switch:
            parts.append(HTML(switch, _dom_classes=("lb-languages",)))
        parts += [HTML(STYLE + render("workspace_head.html.j2", language=language)), self.teams_view,
                  self.refresh_button, self.create_form, self.created_links,
                  VBox([HTML(render("workspace_heading.html.j2", title=_("Work on a team"))), self.team],
                       _dom_classes=("lb-ws-section",)),
                  self.members, self.downloads]
        if mail is not None:
            from .workspace_mail import MailPanel

            self.mail = MailPanel(store, mail, base_url=base_url, team_of=self.chosen_team,
                                  on_change=self.refresh, language=language)
            parts.append(self.mail)
        super().__init__(parts, _dom_classes=("lb-workspace",))
        self.refresh()

    def chosen_team(self):
        if not isinstance(self.team.value, int):
            return None
        known = {t.id: t for t in self.store.teams()}
        return known.get(self.team.value)

    def refresh(self) -> None:
        """Read the teams again: their completion, and the choices of every form."""
        self.teams_view.refresh()
        options = [(t.name, t.id) for t in self.store.teams()]
        if self.team.options != tuple(options):
            current = self.team.value
            self.team.options = options
            if options and current not in [i for _, i in options]:
                self.team.value = options[-1][1]
        self._team_changed()

    def _team_changed(self) -> None:
        self.members.refresh()
        self.downloads.refresh()
        if self.mail is not None:
            self.mail.refresh()

    def _created(self, made) -> None:
        heading = translator(self.language).gettext("Links of %(team)s") % {"team": made.team.name}
        self.created_links.value = links_html(heading, made.links, confidential=made.team.confidential,
                                              coach=made.coach_url, session=made.session_url, language=self.language)
        self.refresh()
        self.team.value = made.team.id


@dataclass
class WorkspacePage:
    """The workspace, or the problem to show instead."""

    workspace: Workspace | None = None
    problem: str = ""
    detail: str = ""
    language: str = SOURCE_LANGUAGE

    def widget(self):
        if self.workspace is not None:
            return self.workspace
        from widgets import PageLanguage

        return VBox([PageLanguage(self.language),
                     HTML(message(self.problem or INVALID_LINK, self.detail, language=self.language))])


def mail_settings():
    """The mail server ``leaderbook serve --smtp`` (or $LEADERBOOK_SMTP) names, or None."""
    url = os.environ.get("LEADERBOOK_SMTP", "").strip()
    if not url:
        return None
    from workbook.team.mail import MailServer

    return MailServer.from_url(url, os.environ.get("LEADERBOOK_SENDER", "").strip())


def open_workspace() -> WorkspacePage:
    """The workspace for the holder of a live workspace token (under Voila), or the local user (JupyterLab)."""
    language, link_query = SOURCE_LANGUAGE, ""
    if under_voila():
        query = query_string()  # once: a preheated kernel is handed its request a single time
        language, token = coach_language(query), workspace_token(query)
        store = Store()
        if not store.workspace_token_live(token):
            store.close()
            return WorkspacePage(problem=INVALID_LINK, detail=NEW_WORKSPACE_LINK, language=language)
        link_query = again_link("workspace", token)
    else:
        from .coach_page import _local_store
        from .visit import PRACTICE_URL

        # No store yet (nbval, a first look): a practice store in memory, so nothing is written anywhere.
        store = _local_store() or Store(PRACTICE_URL)
    try:
        mail = mail_settings()
    except Exception as exc:  # a bad --smtp setting: the workspace still opens, and says why mail is off
        from workbook.errors import LeaderbookError

        if not isinstance(exc, LeaderbookError):
            raise
        mail = None
    return WorkspacePage(Workspace(store, base_url=serve_base_url(), mail=mail, language=language,
                                   link_query=link_query), language=language)
