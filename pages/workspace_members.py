"""The workspace's actions on one team: add a late member, revoke, reissue, forget (erase), new round,
close, coach links.

Each button runs one team function (:mod:`workbook.team.admin`), which
checks what it is given; a refusal shows beside the buttons and nothing is
written. Links made here are shown once, to copy, except in a confidential
team, whose member links are never shown to the coach.
"""

from __future__ import annotations

from ipywidgets import HTML, Button, Dropdown, HBox, Text, VBox

from workbook.basics.i18n import SOURCE_LANGUAGE, translator
from workbook.errors import LeaderbookError
from workbook.store import Store
from workbook.team.admin import OTHERS_GROUPS, DEFAULT_RATER_GROUP
from ._views import render
from .workspace_create import note
from .room_words import group_name, link_purpose
from .workspace_forget import ForgetMember


def links_html(heading: str, links=(), *, confidential: bool = False, coach: str | None = None,
               session: str | None = None, language: str = SOURCE_LANGUAGE) -> str:
    """The links to copy; a confidential team's member links are left out (they go only by email)."""
    _ = translator(language).gettext
    shown = () if confidential else tuple(links)
    hidden = _("Member links of a confidential team are not shown: they go to their members only.") \
        if confidential and links else ""
    shown = [{"member": link.member, "url": link.url, "purpose": link_purpose(link, language)} for link in shown]
    return render("workspace_links.html.j2", language=language, heading=heading, links=shown, coach=coach,
                  session=session, note=hidden)


class MemberActions(VBox):
    """Buttons on the team chosen in the workspace (``team_of()`` says which)."""

    def __init__(self, store: Store, *, base_url: str, team_of, on_change=lambda: None,
                 language: str = SOURCE_LANGUAGE):
        self.store, self.base_url, self.team_of, self.on_change = store, base_url, team_of, on_change
        self.language = language
        _ = translator(language).gettext
        wide = {"description_width": "initial"}
        self.member = Dropdown(description=_("Member"), options=[], style=wide, _dom_classes=("lb-ws-member",))
        self.revoke = Button(description=_("Revoke the member's links"), _dom_classes=("lb-ws-revoke",))
        self.reissue = Button(description=_("New links for the member"), _dom_classes=("lb-ws-reissue",))
        self.new_name = Text(description=_("Late member's name"), style=wide, _dom_classes=("lb-ws-late-name",))
        self.new_group = Dropdown(description=_("rates the leader as"),
                                  options=[(group_name(g, language), g) for g in OTHERS_GROUPS],
                                  value=DEFAULT_RATER_GROUP, style=wide, _dom_classes=("lb-ws-late-group",))
        self.new_email = Text(description=_("email (optional)"), style=wide, _dom_classes=("lb-ws-late-email",))
        self.add = Button(description=_("Add the member"), _dom_classes=("lb-ws-add-member",))
        self.round_label = Text(description=_("New round's label"), style=wide, _dom_classes=("lb-ws-round-label",))
        self.new_round = Button(description=_("Start a new round"), _dom_classes=("lb-ws-new-round",))
        self.close_round = Button(description=_("Close the round"), _dom_classes=("lb-ws-close-round",))
        self.coach_links = Button(description=_("New dashboard and console links"), _dom_classes=("lb-ws-coach-links",))
        self.message = HTML(_dom_classes=("lb-ws-member-message",))
        self.links = HTML(_dom_classes=("lb-ws-made-links",))
        self.forget = ForgetMember(store, team_of=team_of, member_of=lambda: self.member.value,
                                   on_change=self._forgotten, language=language)
        for button, run in ((self.revoke, self.do_revoke), (self.reissue, self.do_reissue), (self.add, self.do_add),
                            (self.new_round, self.do_new_round), (self.close_round, self.do_close),
                            (self.coach_links, self.do_coach_links)):
            button.on_click(lambda _, run=run: self._run(run))
        super().__init__([
            HTML(render("workspace_heading.html.j2", title=_("Members and rounds"))),
            HBox([self.member, self.revoke, self.reissue], _dom_classes=("lb-ws-row",)),
            self.forget,
            HBox([self.new_name, self.new_group, self.new_email, self.add], _dom_classes=("lb-ws-row",)),
            HBox([self.round_label, self.new_round, self.close_round], _dom_classes=("lb-ws-row",)),
            HBox([self.coach_links], _dom_classes=("lb-ws-row",)),
            self.message, self.links,
        ], _dom_classes=("lb-ws-section", "lb-ws-members-actions"))

    def refresh(self) -> None:
        team = self.team_of()
        names = [m.name for m in self.store.respondents(team.id)] if team else []
        with self.hold_sync():
            self.member.options = names
            self.reissue.disabled = bool(team and team.confidential)

    def _forgotten(self) -> None:
        self.links.value = ""  # links shown earlier may be the erased member's
        self.on_change()

    def _run(self, action) -> None:
        self.message.value = ""
        team = self.team_of()
        if team is None:
            self.message.value = note(translator(self.language).gettext("create a team first"), bad=True,
                                      language=self.language)
            return
        try:
            done = action(team)
        except LeaderbookError as exc:
            self.message.value = note(str(exc), bad=True, language=self.language)
            return
        self.message.value = note(done, language=self.language)
        self.on_change()

    def _chosen(self) -> str:
        if not isinstance(self.member.value, str) or not self.member.value:
            raise LeaderbookError(translator(self.language).gettext("choose a member first"))
        return self.member.value

    def do_revoke(self, team) -> str:
        from workbook.team.admin import revoke_member

        member = self._chosen()
        count = revoke_member(self.store, team.name, member, actor="workspace")
        return translator(self.language).ngettext(
            "Revoked %(count)s link of %(member)s; their answers are kept.",
            "Revoked %(count)s links of %(member)s; their answers are kept.", count) % {"count": count,
                                                                                       "member": member}

    def do_reissue(self, team) -> str:
        from workbook.team.admin import reissue_links

        member = self._chosen()
        made = reissue_links(self.store, team.name, member, base_url=self.base_url, actor="workspace")
        _ = translator(self.language).gettext
        self.links.value = links_html(_("New links for %(member)s (the old ones no longer work)") % {"member": member},
                                      made, language=self.language)
        return _("New links for %(member)s.") % {"member": member}

    def do_add(self, team) -> str:
        from workbook.team.admin import add_member

        group = self.new_group.value if self.new_group.value in OTHERS_GROUPS else None
        if group is None:
            raise LeaderbookError(f"choose how the member rates the leader: {', '.join(OTHERS_GROUPS)}")
        email = self.new_email.value.strip() if isinstance(self.new_email.value, str) else ""
        if email:
            from workbook.store import checks

            checks.email(email)  # refused before the member is added
        with self.store.transaction():
            made = add_member(self.store, team.name, self.new_name.value, rater_group=group, base_url=self.base_url,
                              actor="workspace")
            name = made[0].member
            if email:
                from workbook.team.roster import set_member_contact

                set_member_contact(self.store, team.name, name, email)
        self.new_name.value = self.new_email.value = ""
        _ = translator(self.language).gettext
        self.links.value = links_html(_("Links for %(name)s") % {"name": name}, made, confidential=team.confidential,
                                      language=self.language)
        return _("Added %(name)s to %(team)s.") % {"name": name, "team": team.name}

    def do_new_round(self, team) -> str:
        from workbook.store import checks
        from workbook.team.admin import new_round

        label = checks.label(self.round_label.value) if self.round_label.value else ""
        made = new_round(self.store, team.name, label=label, base_url=self.base_url, actor="workspace")
        self.round_label.value = ""
        _ = translator(self.language).gettext
        self.links.value = links_html(_("Links for %(name)s") % {"name": made.round.label}, made.links,
                                      confidential=team.confidential, language=self.language)
        closed = ", ".join(r.label for r in made.closed)
        return (_("Started %(round)s; closed %(closed)s.") % {"round": made.round.label, "closed": closed} if closed
                else _("Started %(round)s.") % {"round": made.round.label})

    def do_close(self, team) -> str:
        from workbook.team.admin import close_round

        closed = close_round(self.store, team.name, actor="workspace")
        return translator(self.language).gettext("%(round)s of %(team)s is closed: it accepts no more answers.") % {
            "round": closed.label, "team": team.name}

    def do_coach_links(self, team) -> str:
        from workbook.team.admin import new_session_links

        session, coach = new_session_links(self.store, team.name, base_url=self.base_url)
        _ = translator(self.language).gettext
        self.links.value = links_html(_("Dashboard and console of %(team)s") % {"team": team.name}, coach=coach,
                                      session=session, language=self.language)
        return _("New dashboard and console links; earlier ones no longer work.")
