"""The workspace's email: compose the invitation and the reminder, send them, set the reminder rule, read the log.

It runs :mod:`workbook.team.mail` against the server ``leaderbook serve --smtp``
(or ``$LEADERBOOK_SMTP``) names; that module checks every text the page
sends (subject, message, date) and never returns a member's link. The log
shows, per member, what was sent when and any failure with the server's
reason.
"""

from __future__ import annotations

from ipywidgets import HTML, BoundedIntText, Button, HBox, Text, Textarea, VBox

from workbook.basics.i18n import SOURCE_LANGUAGE, translator
from workbook.errors import LeaderbookError
from workbook.store import Store
from workbook.team.mail import DEFAULT_INVITATION, DEFAULT_REMINDER, MessageTemplate
from ._views import render
from .room_words import message_word
from .workspace_create import note


class MailPanel(VBox):
    """Invitations, reminders, the reminder rule and the message log of the chosen team."""

    def __init__(self, store: Store, server, *, base_url: str, team_of, on_change=lambda: None,
                 language: str = SOURCE_LANGUAGE):
        self.store, self.server, self.base_url, self.team_of, self.on_change = store, server, base_url, team_of, on_change
        self.language = language
        _ = translator(language).gettext
        # The messages' own default texts go to the members, as written (their words are the mail module's).
        wide = {"description_width": "initial"}
        layout = {"width": "100%", "max_width": "40rem"}
        self.invite_subject = Text(DEFAULT_INVITATION.subject, description=_("Invitation's subject"), style=wide,
                                   layout=layout, _dom_classes=("lb-ws-invite-subject",))
        self.invite_body = Textarea(DEFAULT_INVITATION.body, description=_("Invitation's text"), style=wide,
                                    layout=dict(layout, height="10rem"), _dom_classes=("lb-ws-invite-body",))
        self.remind_subject = Text(DEFAULT_REMINDER.subject, description=_("Reminder's subject"), style=wide,
                                   layout=layout, _dom_classes=("lb-ws-remind-subject",))
        self.remind_body = Textarea(DEFAULT_REMINDER.body, description=_("Reminder's text"), style=wide,
                                    layout=dict(layout, height="8rem"), _dom_classes=("lb-ws-remind-body",))
        self.due = Text(description=_("Answer by (optional, for {due})"), placeholder="2026-06-30", style=wide,
                        _dom_classes=("lb-ws-due",))
        self.send_invitations = Button(description=_("Send invitations"), button_style="primary",
                                       _dom_classes=("lb-ws-send-invitations",))
        self.send_reminders = Button(description=_("Send reminders"), _dom_classes=("lb-ws-send-reminders",))
        self.max_reminders = BoundedIntText(3, min=0, max=20, description=_("Most reminders"), style=wide,
                                            _dom_classes=("lb-ws-max-reminders",))
        self.every_days = BoundedIntText(3, min=1, max=365, description=_("Days between them"), style=wide,
                                         _dom_classes=("lb-ws-every-days",))
        self.save_policy = Button(description=_("Keep the reminder rule"), _dom_classes=("lb-ws-save-policy",))
        self.message = HTML(_dom_classes=("lb-ws-mail-message",))
        self.log_view = HTML(_dom_classes=("lb-ws-message-log",))
        self.send_invitations.on_click(lambda _: self.send("invitation"))
        self.send_reminders.on_click(lambda _: self.send("reminder"))
        self.save_policy.on_click(lambda _: self.keep_policy())
        super().__init__([
            HTML(render("workspace_heading.html.j2", title=_("Email"))),
            HTML(render("workspace_mail_help.html.j2", language=language, server=str(server))),
            self.invite_subject, self.invite_body, self.remind_subject, self.remind_body, self.due,
            HBox([self.send_invitations, self.send_reminders], _dom_classes=("lb-ws-row",)),
            HBox([self.max_reminders, self.every_days, self.save_policy], _dom_classes=("lb-ws-row",)),
            self.message, self.log_view,
        ], _dom_classes=("lb-ws-section", "lb-ws-mail"))

    def refresh(self) -> None:
        from workbook.team.mail import message_log, reminder_policy

        team = self.team_of()
        if team is None:
            self.log_view.value = ""
            return
        policy = reminder_policy(self.store, team.name)
        with self.hold_sync():
            self.max_reminders.value, self.every_days.value = policy.max_reminders, policy.every_days
        self.log_view.value = render("workspace_messages.html.j2", language=self.language, team=team.name,
                                     messages=message_log(self.store, team.name),
                                     said=lambda word: message_word(word, self.language))

    def send(self, kind: str) -> None:
        from workbook.team.mail import send_invitations, send_reminders

        self.message.value = ""
        team = self.team_of()
        if team is None:
            self.message.value = note(translator(self.language).gettext("create a team first"), bad=True,
                                      language=self.language)
            return
        subject, body = ((self.invite_subject, self.invite_body) if kind == "invitation"
                         else (self.remind_subject, self.remind_body))
        run = send_invitations if kind == "invitation" else send_reminders
        try:
            template = MessageTemplate(subject.value, body.value)
            due = self.due.value.strip() if isinstance(self.due.value, str) and self.due.value.strip() else None
            report = run(self.store, team.name, self.server, template, due=due, base_url=self.base_url, actor="workspace")
        except LeaderbookError as exc:
            self.message.value = note(str(exc), bad=True, language=self.language)
            return
        problems = [f"{name}: {reason}" for name, reason in report.failed + report.skipped]
        # The summary is the mail module's words (the CLI prints the same line).
        self.message.value = note(report.summary() + ".", bad=not report.complete, problems=problems,
                                  language=self.language)
        self.on_change()

    def keep_policy(self) -> None:
        from workbook.team.mail import set_reminder_policy

        team = self.team_of()
        if team is None:
            self.message.value = note(translator(self.language).gettext("create a team first"), bad=True,
                                      language=self.language)
            return
        try:
            policy = set_reminder_policy(self.store, team.name, max_reminders=self.max_reminders.value,
                                         every_days=self.every_days.value)
        except LeaderbookError as exc:
            self.message.value = note(str(exc), bad=True, language=self.language)
            return
        words = translator(self.language)
        apart = words.ngettext("%(count)s day apart", "%(count)s days apart", policy.every_days) % {
            "count": policy.every_days}
        self.message.value = note(words.gettext("Reminders: at most %(most)s, %(apart)s.") % {
            "most": policy.max_reminders, "apart": apart}, language=self.language)
