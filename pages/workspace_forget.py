"""The workspace's "Forget the member": erase one member for good, after typing their name to confirm.

Erasure cannot be undone, so it takes two steps: the button opens a
confirmation that says what goes and what stays, and only the member's name
typed exactly (compared in the kernel, never trusted from the browser) lets
"Erase for good" run :func:`workbook.team.erasure.forget_member` with actor
"workspace". A refusal shows beside the buttons and nothing is changed.
"""

from __future__ import annotations

from ipywidgets import HTML, Button, HBox, Text, VBox

from workbook.basics.i18n import SOURCE_LANGUAGE, translator
from workbook.errors import LeaderbookError
from workbook.store import Store
from ._views import render
from .workspace_create import note


class ForgetMember(VBox):
    """Erase the member ``member_of()`` names, in the team ``team_of()`` names, once confirmed."""

    def __init__(self, store: Store, *, team_of, member_of, on_change=lambda: None, language: str = SOURCE_LANGUAGE):
        self.store, self.team_of, self.member_of, self.on_change = store, team_of, member_of, on_change
        self.language = language
        _ = translator(language).gettext
        self.start = Button(description=_("Forget the member…"), _dom_classes=("lb-ws-forget", "lb-ws-danger"))
        self.explain = HTML(_dom_classes=("lb-ws-forget-explain",))
        self.typed = Text(description=_("Type their name"), style={"description_width": "initial"},
                          _dom_classes=("lb-ws-forget-name",))
        self.confirm = Button(description=_("Erase for good"), _dom_classes=("lb-ws-forget-confirm", "lb-ws-danger"))
        self.cancel = Button(description=_("Cancel"), _dom_classes=("lb-ws-forget-cancel",))
        self.message = HTML(_dom_classes=("lb-ws-forget-message",))
        self.asking = VBox([self.explain, HBox([self.typed, self.confirm, self.cancel], _dom_classes=("lb-ws-row",))],
                           _dom_classes=("lb-ws-forget-box",))
        self.asking.layout.display = "none"
        self._member: str | None = None
        self.start.on_click(lambda _: self.ask())
        self.cancel.on_click(lambda _: self.close_question())
        self.confirm.on_click(lambda _: self.erase())
        super().__init__([HBox([self.start], _dom_classes=("lb-ws-row",)), self.asking, self.message],
                         _dom_classes=("lb-ws-forget-part",))

    def ask(self) -> None:
        _ = translator(self.language).gettext
        self.message.value = ""
        team, member = self.team_of(), self.member_of()
        if team is None or not isinstance(member, str) or not member:
            self.message.value = note(_("choose a member first"), bad=True, language=self.language)
            return
        self._member = member
        self.explain.value = render("workspace_forget.html.j2", language=self.language, member=member, team=team.name)
        self.typed.value = ""
        self.asking.layout.display = None

    def close_question(self) -> None:
        self._member = None
        self.typed.value = ""
        self.asking.layout.display = "none"

    def erase(self) -> None:
        from workbook.team.erasure import forget_member

        words = translator(self.language)
        _ = words.gettext
        team, member = self.team_of(), self._member
        typed = self.typed.value if isinstance(self.typed.value, str) else ""
        if team is None or member is None:
            self.message.value = note(_("choose a member first"), bad=True, language=self.language)
            return
        if typed.strip() != member or member != self.member_of():
            self.message.value = note(_("type the member's name exactly to erase them (%(member)s)")
                                      % {"member": member}, bad=True, language=self.language)
            return
        try:
            done = forget_member(self.store, team.name, member, actor="workspace")
        except LeaderbookError as exc:
            self.message.value = note(str(exc), bad=True, language=self.language)
            return
        self.close_question()
        counts = done.counts
        removed = ", ".join(said % {"count": count} for said, count in (
            (words.ngettext("%(count)s answer event", "%(count)s answer events", counts.answers), counts.answers),
            (words.ngettext("%(count)s plan version", "%(count)s plan versions", counts.plans), counts.plans),
            (words.ngettext("%(count)s worksheet version", "%(count)s worksheet versions", counts.worksheets),
             counts.worksheets),
            (words.ngettext("%(count)s link", "%(count)s links", counts.invites), counts.invites)))
        self.message.value = note(
            _("Erased %(member)s for good: %(removed)s. Published figures stay as they were; the audit trail names "
              "them by id only.") % {"member": member, "removed": removed}, language=self.language)
        self.on_change()
