"""Invitations and reminders by email: each member gets their own link, and only the unfinished are reminded.

:class:`MailServer` is where messages go (``smtp://`` with STARTTLS, ``smtps://``
with TLS from the start); :class:`MessageTemplate` what they say, with
``{name}``, ``{link}`` and ``{due}``. :func:`send_invitations` writes to every
member with an address and a live link who has not had one;
:func:`send_reminders` to those who have not finished, within the round's
reminder rule (:func:`set_reminder_policy`).

Tokens are kept only as hashes, so each message carries a fresh token added
to the member's invite: earlier links keep working, and revoking the invite
stops them all. No token is ever logged, stored, raised or recorded.

Resuming is safe: a message is recorded "sending" before it goes to the server
and "sent" once the server accepted it. A later call skips what was sent, and
leaves a "sending" row (a crash between the two) alone, reported as "unknown:
may have been sent", unless asked to ``retry_unknown``; a "failed" one is sent
again. A refused recipient fails alone; a dropped connection fails the message
in hand and stops the run, and the next call goes on from there.
"""

from __future__ import annotations

import datetime as _dt
import smtplib
import ssl
import string
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, format_datetime, make_msgid, parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

from ..basics.links import DEFAULT_BASE_URL, invite_url
from ..basics.text_check import check_text, quote
from ..errors import InputError, LeaderbookError, MailError
from ..store import Store, checks
from .admin import find_team, current_round

__all__ = ["DEFAULT_INVITATION", "DEFAULT_REMINDER", "MailServer", "MessageRecord", "MessageTemplate", "SendReport",
           "message_log", "reminder_policy", "send_invitations", "send_reminders", "set_reminder_policy"]

PLACEHOLDERS = ("name", "link", "due")
MAX_SUBJECT_LENGTH = 200
MAX_BODY_LENGTH = 5000
#: Waiting longer than this for the mail server is a failure, not a hang.
TIMEOUT_SECONDS = 30
Progress = Callable[[int, int], None]


# -- the server ---------------------------------------------------------------


@dataclass(frozen=True)
class MailServer:
    """Where messages are handed over: a host, how it is secured, who logs in, and the sender.

    Build it with :meth:`from_url`. Its password is never shown (``repr`` leaves it out).
    """

    host: str
    port: int
    security: str  # "starttls", "tls" (implicit, smtps) or "none" (a local relay)
    sender: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def from_url(cls, url: str, sender: str) -> "MailServer":
        """``smtp://user:pass@host:587`` (STARTTLS; port 587 by default) or ``smtps://user:pass@host:465``
        (TLS from the start; 465 by default). ``smtp://host:25?starttls=no`` talks in clear text, for a
        relay on this machine or a test; it is refused with a password unless the host is this machine
        (a password never travels in clear). User and password are URL-decoded (``%40`` for ``@``)."""
        if not isinstance(url, str) or not url.strip():
            raise MailError("no mail server: give --smtp smtp://user:password@host:587 or set $LEADERBOOK_SMTP")
        check_text(url, "the mail server's address", max_length=2000, error=MailError)
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError:
            raise MailError("the mail server's address is not a URL like smtp://user:password@host:587") from None
        scheme = parts.scheme.lower()
        if scheme not in ("smtp", "smtps"):
            raise MailError(f"the mail server's address starts with {quote(scheme + '://')}; "
                            "use smtp:// (STARTTLS) or smtps:// (TLS)")
        host = parts.hostname
        if not host:
            raise MailError("the mail server's address has no host: smtp://user:password@host:587")
        if parts.path not in ("", "/") or parts.fragment:
            raise MailError("the mail server's address has a path; write only smtp://user:password@host:port")
        query = parse_qs(parts.query, keep_blank_values=True)
        unknown = sorted(set(query) - {"starttls"})
        if unknown:
            raise MailError(f"the mail server's address has an unknown setting {quote(unknown[0])}; "
                            "the only one is ?starttls=no")
        starttls = query.get("starttls", ["yes"])[-1].lower()
        if starttls not in ("yes", "no"):
            raise MailError("?starttls= is yes or no")
        username = unquote(parts.username) if parts.username else None
        password = unquote(parts.password) if parts.password is not None else None
        if scheme == "smtps":
            security = "tls"
            if starttls == "no":
                raise MailError("smtps:// is TLS from the start; ?starttls=no goes with smtp:// only")
        else:
            security = "starttls" if starttls == "yes" else "none"
        if security == "none" and password is not None and host not in ("localhost", "127.0.0.1", "::1"):
            raise MailError("a password would travel in clear text with ?starttls=no; use STARTTLS or smtps://")
        return cls(host, port or (465 if scheme == "smtps" else 587), security, _check_sender(sender),
                   username, password)

    def __str__(self) -> str:
        who = f"{self.username}@" if self.username else ""
        return f"{'smtps' if self.security == 'tls' else 'smtp'}://{who}{self.host}:{self.port}"

    @contextmanager
    def connect(self):
        """An open, logged-in SMTP connection; MailError (with the server's reason) when it cannot be had."""
        context = ssl.create_default_context()
        try:
            if self.security == "tls":
                conn = smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT_SECONDS, context=context)
            else:
                conn = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_SECONDS)
                if self.security == "starttls":
                    conn.starttls(context=context)
            if self.username:
                conn.login(self.username, self.password or "")
        except smtplib.SMTPAuthenticationError as exc:
            raise MailError(f"{self} refused the login of {self.username!r}: {_reason(exc)}") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise MailError(f"cannot reach the mail server {self}: {_reason(exc)}") from None
        try:
            yield conn
        finally:
            try:
                conn.quit()
            except (smtplib.SMTPException, OSError):
                conn.close()


def _check_sender(sender: object) -> str:
    if not isinstance(sender, str) or not sender.strip():
        raise MailError("no sender: give --sender coach@example.org or set $LEADERBOOK_SENDER")
    check_text(sender, "the sender", max_length=320, error=MailError)
    if "\r" in sender or "\n" in sender:
        raise MailError("the sender holds a line break")
    display, address = parseaddr(sender)
    try:
        address = checks.email(address, "the sender's address")
    except InputError as exc:
        raise MailError(str(exc)) from None
    return formataddr((display, address)) if display else address


def _reason(exc: BaseException) -> str:
    """What the server (or the network) said, as one line: never the message, never a password."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(_reason_of(code, text) for code, text in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reason_of(exc.smtp_code, exc.smtp_error)
    return checks.reason(str(exc) or type(exc).__name__) or type(exc).__name__


def _reason_of(code, text) -> str:
    return checks.reason(f"{code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}") or str(code)


# -- the text -------------------------------------------------------------------


@dataclass(frozen=True)
class MessageTemplate:
    """A message's subject and plain-text body, with ``{name}``, ``{link}`` (required) and ``{due}``.

    Write ``{{`` and ``}}`` for a brace. A member's name is put in as text; the
    subject may hold no line break, before or after it is filled in.
    """

    subject: str
    body: str

    def __post_init__(self):
        if isinstance(self.subject, str) and ("\n" in self.subject or "\r" in self.subject):
            raise MailError("the subject holds a line break; keep it on one line")
        subject = check_text(self.subject, "the subject", max_length=MAX_SUBJECT_LENGTH, error=MailError,
                             required=True, strip=True)
        body = check_text(self.body, "the message", max_length=MAX_BODY_LENGTH, error=MailError, required=True)
        if "\n" in subject or "\r" in subject:
            raise MailError("the subject holds a line break; keep it on one line")
        if "link" in _fields(subject, "the subject"):
            raise MailError("the subject may not hold {link}: a link goes in the message only")
        if "link" not in _fields(body, "the message"):
            raise MailError("the message needs {link}, where each member's own link goes")
        object.__setattr__(self, "subject", subject)

    @property
    def needs_due(self) -> bool:
        return "due" in _fields(self.subject, "the subject") | _fields(self.body, "the message")

    def render(self, name: str, link: str, due: str | None = None) -> tuple[str, str]:
        """``(subject, body)`` for one member."""
        if self.needs_due and not due:
            raise MailError("the message mentions {due}; give the date to answer by (--due 2025-06-30)")
        values = {"name": name, "link": link, "due": due or ""}
        subject = self.subject.format_map(values)
        if "\r" in subject or "\n" in subject:
            raise MailError(f"the subject for {quote(name)} would hold a line break; keep names on one line")
        return subject, self.body.format_map(values)


def _fields(text: str, what: str) -> set[str]:
    found = set()
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise MailError(f"{what} has a stray brace ({exc}); write {{{{ or }}}} for a brace itself") from None
    for _, field_name, spec, conversion in parsed:
        if field_name is None:
            continue
        if field_name not in PLACEHOLDERS:
            raise MailError(f"{what} has the placeholder {{{field_name[:40]}}}, which is not one of: "
                            + ", ".join("{" + p + "}" for p in PLACEHOLDERS))
        if spec or conversion:
            raise MailError(f"{what}: write {{{field_name}}} plainly, without ! or :")
        found.add(field_name)
    return found


DEFAULT_INVITATION = MessageTemplate(
    "Your leaderbook workbook",
    "Hello {name},\n\n"
    "You are invited to take part in a leaderbook round. The link below is yours alone: it opens your own\n"
    "workbook, and your answers are saved as you go, so you can stop and come back with the same link.\n\n"
    "{link}\n\n"
    "Please do not forward this message. Team figures are shown only about groups large enough that no one's\n"
    "answers can be told apart.\n")

DEFAULT_REMINDER = MessageTemplate(
    "Reminder: your leaderbook workbook",
    "Hello {name},\n\n"
    "A reminder that your leaderbook workbook is waiting for you. Your link (your answers so far are kept):\n\n"
    "{link}\n\n"
    "If you have finished since this was sent, thank you, and please ignore it.\n")


def _due_text(due) -> str | None:
    if due is None:
        return None
    if isinstance(due, _dt.datetime):
        due = due.date()
    if isinstance(due, _dt.date):
        return f"{due.day} {due:%B %Y}"
    return check_text(due, "the date to answer by", max_length=100, error=MailError, required=True, strip=True)


# -- what was sent ----------------------------------------------------------------


@dataclass(frozen=True)
class SendReport:
    """What one run did: who was sent a message, who failed and why, what is unknown, who was left out."""

    kind: str
    sent: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()  # (member, the server's reason)
    unknown: tuple[str, ...] = ()  # a "sending" row from an interrupted run: may have been sent
    skipped: tuple[tuple[str, str], ...] = ()  # (member, why nothing was sent)
    stopped: str | None = None  # why the run stopped before the end (the connection dropped)

    @property
    def complete(self) -> bool:
        return not self.failed and not self.unknown and self.stopped is None

    def summary(self) -> str:
        parts = [f"{len(self.sent)} {self.kind}(s) sent"]
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        if self.unknown:
            parts.append(f"{len(self.unknown)} unknown (may have been sent: --retry-unknown sends them again)")
        if self.skipped:
            parts.append(f"{len(self.skipped)} not sent")
        if self.stopped:
            parts.append(f"stopped: {self.stopped}; run it again to go on")
        return ", ".join(parts)


@dataclass(frozen=True)
class MessageRecord:
    """A line of the message log: to whom, what, how it went, when, and the server's reason."""

    member: str
    email: str
    kind: str
    status: str  # "sent", "failed" or "unknown: may have been sent"
    when: _dt.datetime
    reason: str | None
    round: str


def message_log(store: Store, team_name: str) -> list[MessageRecord]:
    """Every message sent to the team's members, every round, oldest first."""
    team = find_team(store, team_name)
    names = {m.id: m.name for m in store.respondents(team.id)}
    log = []
    for round_ in store.rounds(team.id):
        for entry in store.messages(round_.id):
            status = "unknown: may have been sent" if entry.status == "sending" else entry.status
            log.append(MessageRecord(names.get(entry.respondent_id, str(entry.respondent_id)), entry.email,
                                     entry.kind, status, entry.sent_at or entry.created_at, entry.reason,
                                     round_.label))
    return log


# -- reminders' rule ----------------------------------------------------------------


def set_reminder_policy(store: Store, team_name: str, *, max_reminders: int = 3, every_days: int = 3):
    """At most ``max_reminders`` reminders per unfinished member, at least ``every_days`` days apart,
    for the team's current round (a new round takes the last rule it finds)."""
    team = find_team(store, team_name)
    return store.set_reminder_policy(current_round(store, team).id, max_reminders, every_days)


def reminder_policy(store: Store, team_name: str):
    """The rule of the current round: its own, else the latest earlier round's, else 3 reminders, 3 days apart."""
    from ..store.messages import ReminderPolicy

    team = find_team(store, team_name)
    for round_ in reversed(store.rounds(team.id)):
        found = store.reminder_policy(round_.id)
        if found is not None:
            return found
    return ReminderPolicy()


# -- sending ------------------------------------------------------------------------


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


def _open_team_round(store: Store, team_name: str):
    team = find_team(store, team_name)
    round_ = current_round(store, team)
    if round_.closed:
        raise MailError(f"{round_.label} of team {team.name!r} is closed: its links take no answers; "
                        "start a new round first (`leaderbook team new-round`)")
    return team, round_


def _unfinished(store: Store, round_id: int) -> set[int]:
    """The members with a live link they have not finished, as the dashboard counts it."""
    from .answers import team_catalogue
    from .dashboard import round_progress

    team_members = {}
    _, per_round = team_catalogue(store, [round_id])
    names = {}
    round_ = store.round(round_id)
    for member in store.respondents(round_.team_id):
        names[member.id] = member.name
        team_members[member.name] = member.id
    return {team_members[p.member] for p in round_progress(store, round_id, per_round[round_id], names)
            if not p.revoked and not p.finished and p.member in team_members}


def _message(server: MailServer, name: str, email: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = server.sender
    message["To"] = formataddr((" ".join(name.split()), email))
    message["Date"] = format_datetime(_now())
    message["Message-ID"] = make_msgid(domain=server.sender.rsplit("@", 1)[-1].rstrip(">"))
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    return message


def _send(store: Store, team_name: str, server: MailServer, template: MessageTemplate, kind: str, *,
          due, base_url: str, now: _dt.datetime | None, progress: Progress | None,
          retry_unknown: bool, actor: str = "cli") -> SendReport:
    if not isinstance(server, MailServer):
        raise InputError("the server is a MailServer (MailServer.from_url)")
    if not isinstance(template, MessageTemplate):
        raise InputError("the template is a MessageTemplate")
    due_text = _due_text(due)
    if template.needs_due and not due_text:
        raise MailError("the message mentions {due}; give the date to answer by (--due 2025-06-30)")
    team, round_ = _open_team_round(store, team_name)
    now = now or _now()
    names = {m.id: m.name for m in store.respondents(team.id)}
    contacts = store.member_contacts(team.id)
    invites: dict[int, list] = {}
    for invite in store.invites(round_.id):
        invites.setdefault(invite.respondent_id, []).append(invite)
    history: dict[int, list] = {}
    for entry in store.messages(round_.id):
        history.setdefault(entry.respondent_id, []).append(entry)
    policy = reminder_policy(store, team.name) if kind == "reminder" else None
    unfinished = _unfinished(store, round_.id) if kind == "reminder" else set()

    due_list, unknown, skipped = [], [], []
    for member_id in sorted(invites):
        name = names[member_id]
        if member_id not in contacts:
            skipped.append((name, "no email address"))
            continue
        mine = history.get(member_id, [])
        pending = [e for e in mine if e.kind == kind and e.status == "sending"]
        if pending and not retry_unknown:
            unknown.append(name)
            continue
        if kind == "invitation":
            if any(e.kind == "invitation" and e.status == "sent" for e in mine):
                continue
        else:
            why = _why_no_reminder(member_id in unfinished, mine, policy, now)
            if why:
                skipped.append((name, why))
                continue
        due_list.append((member_id, pending))

    sent, failed, stopped = [], [], None
    total = len(due_list)
    if total:
        with server.connect() as conn:
            for done, (member_id, pending) in enumerate(due_list, start=1):
                name, email = names[member_id], contacts[member_id].email
                with store.transaction():
                    for entry in pending:  # retried: the unknown one is closed as failed, the new one goes
                        store.finish_message(entry.id, "failed", "unknown outcome; sent again", at=now)
                    entry = store.start_message(round_.id, member_id, kind, email, at=now)
                    tokens = [(i, store.add_invite_token(i.id)) for i in invites[member_id]]
                link = _link_text(tokens, names, base_url)
                try:
                    subject, body = template.render(name, link, due_text)
                    conn.send_message(_message(server, name, email, subject, body))
                except smtplib.SMTPRecipientsRefused as exc:
                    _fail(store, entry, failed, name, _reason(exc), tokens, now)
                except (smtplib.SMTPDataError, smtplib.SMTPNotSupportedError) as exc:
                    _fail(store, entry, failed, name, _reason(exc), tokens, now)
                except (smtplib.SMTPException, OSError) as exc:
                    # The connection is gone (or the server refuses the sender): this one failed, the rest waits.
                    stopped = _scrub(_reason(exc), tokens)
                    _fail(store, entry, failed, name, stopped, tokens, now)
                    break
                except LeaderbookError as exc:
                    _fail(store, entry, failed, name, str(exc), tokens, now)
                else:
                    store.finish_message(entry.id, "sent", at=now)
                    sent.append(name)
                finally:
                    if progress is not None:
                        progress(done, total)
    # Counts only: the members' names and the server's reasons stay in the message log.
    store.record("email", actor=actor, team=team.name,
                 detail=f"{kind}s, {round_.label}: {len(sent)} sent, {len(failed)} failed, {len(unknown)} unknown, "
                        f"{len(skipped)} not sent" + ("; stopped early" if stopped else ""))
    return SendReport(kind, tuple(sent), tuple(failed), tuple(unknown), tuple(skipped), stopped)


def _why_no_reminder(unfinished: bool, mine: list, policy, now: _dt.datetime) -> str | None:
    if not unfinished:
        return "finished"
    if not any(e.kind == "invitation" and e.status == "sent" for e in mine):
        return "not invited by email yet"
    reminders = [e for e in mine if e.kind == "reminder" and e.status == "sent"]
    if len(reminders) >= policy.max_reminders:
        return f"had {len(reminders)} reminder(s), the most the round sends"
    last = max(e.sent_at for e in mine if e.status == "sent")
    if now - last < _dt.timedelta(days=policy.every_days):
        return f"last written to on {last:%Y-%m-%d}, less than {policy.every_days} day(s) ago"
    return None


def _link_text(tokens, names: dict[int, str], base_url: str) -> str:
    if len(tokens) == 1:
        return invite_url(tokens[0][1], base_url)
    lines = []
    for invite, token in tokens:
        purpose = "your self-assessment" if invite.subject_id is None else (
            f"to rate {names.get(invite.subject_id, '')} as {invite.rater_group.replace('-', ' ')}")
        lines.append(f"{purpose}:\n{invite_url(token, base_url)}")
    return "\n\n".join(lines)


def _scrub(reason: str, tokens) -> str:
    """A server could echo the message back: no token leaves in its reason."""
    for _, token in tokens:
        reason = reason.replace(token, "…")
    return reason


def _fail(store: Store, entry, failed: list, name: str, reason: str, tokens, now) -> None:
    reason = _scrub(reason, tokens)
    store.finish_message(entry.id, "failed", reason, at=now)
    failed.append((name, reason))


def send_invitations(store: Store, team_name: str, server: MailServer, template: MessageTemplate = DEFAULT_INVITATION,
                     *, due=None, base_url: str = DEFAULT_BASE_URL, progress: Progress | None = None,
                     retry_unknown: bool = False, actor: str = "cli") -> SendReport:
    """Email each member of the current round who has an address and a live link, and no invitation sent yet.

    Each message carries the member's own link (a fresh token of their invite).
    ``progress(done, total)`` is called after each message.
    """
    return _send(store, team_name, server, template, "invitation", due=due, base_url=base_url, now=None,
                 progress=progress, retry_unknown=retry_unknown, actor=actor)


def send_reminders(store: Store, team_name: str, server: MailServer, template: MessageTemplate = DEFAULT_REMINDER,
                   *, due=None, base_url: str = DEFAULT_BASE_URL, now: _dt.datetime | None = None,
                   progress: Progress | None = None, retry_unknown: bool = False, actor: str = "cli") -> SendReport:
    """Remind the members who were invited by email and have not finished, within the round's rule
    (:func:`set_reminder_policy`): at most N reminders, D days after the last message. ``now`` is
    the time the rule is read at (and recorded)."""
    if now is not None:
        if not isinstance(now, _dt.datetime):
            raise InputError("now is a datetime")
        now = now.replace(tzinfo=_dt.timezone.utc) if now.tzinfo is None else now.astimezone(_dt.timezone.utc)
    return _send(store, team_name, server, template, "reminder", due=due, base_url=base_url, now=now,
                 progress=progress, retry_unknown=retry_unknown, actor=actor)
