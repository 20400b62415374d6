"""The workspace's actions on one team: add a late member, revoke, reissue, forget (erase), new round,
close, coach links.

Each button runs one team function (:mod:`workbook.team.admin`), which
checks what it is given; a refusal shows beside the buttons and nothing is
written. Links made here are shown once, to copy, except in a confidential
team, whose member links are never shown to the coach.
"""

from __future__ import annotations

from ipywidgets import HTML, Button, Dropdown, HBox, Text, VBox

from workbook.errors import LeaderbookError
from workbook.store import Store
from workbook.team.admin import OTHERS_GROUPS, DEFAULT_RATER_GROUP
from ._views import render
from .workspace_create import note
from .workspace_forget import ForgetMember


def links_html(heading: str, links=(), *, confidential: bool = False, coach: str | None = None,
               session: str | None = None) -> str:
    """The links to copy; a confidential team's member links are left out (they go only by email)."""
    shown = () if confidential else tuple(links)
    hidden = "Member links of a confidential team are not shown: they go to their members only." \
        if confidential and links else ""
    return render("workspace_links.html.j2", heading=heading, links=shown, coach=coach, session=session,
                  note=hidden)


class MemberActions(VBox):
    """Buttons on the team chosen in the workspace (``team_of()`` says which)."""

    def __init__(self, store: Store, *, base_url: str, team_of, on_change=lambda: None):
        self.store, self.base_url, self.team_of, self.on_change = store, base_url, team_of, on_change
        wide = {"description_width": "initial"}
        self.member = Dropdown(description="Member", options=[], style=wide, _dom_classes=("lb-ws-member",))
        self.revoke = Button(description="Revoke the member's links", _dom_classes=("lb-ws-revoke",))
        self.reissue = Button(description="New links for the member", _dom_classes=("lb-ws-reissue",))
        self.new_name = Text(description="Late member's name", style=wide, _dom_classes=("lb-ws-late-name",))
        self.new_group = Dropdown(description="rates the leader as", options=list(OTHERS_GROUPS),
                                  value=DEFAULT_RATER_GROUP, style=wide, _dom_classes=("lb-ws-late-group",))
        self.new_email = Text(description="email (optional)", style=wide, _dom_classes=("lb-ws-late-email",))
        self.add = Button(description="Add the member", _dom_classes=("lb-ws-add-member",))
        self.round_label = Text(description="New round's label", style=wide, _dom_classes=("lb-ws-round-label",))
        self.new_round = Button(description="Start a new round", _dom_classes=("lb-ws-new-round",))
        self.close_round = Button(description="Close the round", _dom_classes=("lb-ws-close-round",))
        self.coach_links = Button(description="New dashboard and console links", _dom_classes=("lb-ws-coach-links",))
        self.message = HTML(_dom_classes=("lb-ws-member-message",))
        self.links = HTML(_dom_classes=("lb-ws-made-links",))
        self.forget = ForgetMember(store, team_of=team_of, member_of=lambda: self.member.value,
                                   on_change=self._forgotten)
        for button, run in ((self.revoke, self.do_revoke), (self.reissue, self.do_reissue), (self.add, self.do_add),
                            (self.new_round, self.do_new_round), (self.close_round, self.do_close),
                            (self.coach_links, self.do_coach_links)):
            button.on_click(lambda _, run=run: self._run(run))
        super().__init__([
            HTML(render("workspace_heading.html.j2", title="Members and rounds")),
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
            self.message.value = note("create a team first", bad=True)
            return
        try:
            done = action(team)
        except LeaderbookError as exc:
            self.message.value = note(str(exc), bad=True)
            return
        self.message.value = note(done)
        self.on_change()

    def _chosen(self) -> str:
        if not isinstance(self.member.value, str) or not self.member.value:
            raise LeaderbookError("choose a member first")
        return self.member.value

    def do_revoke(self, team) -> str:
        from workbook.team.admin import revoke_member

        member = self._chosen()
        count = revoke_member(self.store, team.name, member, actor="workspace")
        return f"Revoked {count} link(s) of {member}; their answers are kept."

    def do_reissue(self, team) -> str:
        from workbook.team.admin import reissue_links

        member = self._chosen()
        made = reissue_links(self.store, team.name, member, base_url=self.base_url, actor="workspace")
        self.links.value = links_html(f"New links for {member} (the old ones no longer work)", made)
        return f"New links for {member}."

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
        self.links.value = links_html(f"Links for {name}", made, confidential=team.confidential)
        return f"Added {name} to {team.name}."

    def do_new_round(self, team) -> str:
        from workbook.store import checks
        from workbook.team.admin import new_round

        label = checks.label(self.round_label.value) if self.round_label.value else ""
        made = new_round(self.store, team.name, label=label, base_url=self.base_url, actor="workspace")
        self.round_label.value = ""
        self.links.value = links_html(f"Links for {made.round.label}", made.links, confidential=team.confidential)
        closed = ", ".join(r.label for r in made.closed)
        return f"Started {made.round.label}" + (f"; closed {closed}." if closed else ".")

    def do_close(self, team) -> str:
        from workbook.team.admin import close_round

        closed = close_round(self.store, team.name, actor="workspace")
        return f"{closed.label} of {team.name} is closed: it accepts no more answers."

    def do_coach_links(self, team) -> str:
        from workbook.team.admin import new_session_links

        session, coach = new_session_links(self.store, team.name, base_url=self.base_url)
        self.links.value = links_html(f"Dashboard and console of {team.name}", coach=coach, session=session)
        return "New dashboard and console links; earlier ones no longer work."
