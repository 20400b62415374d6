"""``leaderbook team invite | remind | reminders | messages | email``: links by email, and the log.

A thin layer over :mod:`workbook.team.mail` and :mod:`workbook.team.roster`. The
mail server comes from ``--smtp`` or ``$LEADERBOOK_SMTP``, the sender from
``--sender`` or ``$LEADERBOOK_SENDER``; the server's password is never printed.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import sys
from pathlib import Path

from ..errors import LeaderbookError
from . import open_store, store_options

#: The most a message file may hold (the template's body is at most 5,000 characters).
MAX_MESSAGE_FILE_BYTES = 64 * 1024


def mail_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--smtp", metavar="URL",
                        help="the mail server: smtp://user:password@host:587 (STARTTLS) or smtps://user:password@"
                             "host:465 (TLS); smtp://localhost:25?starttls=no for a local relay "
                             "(default: $LEADERBOOK_SMTP)")
    parent.add_argument("--sender", metavar="ADDR", help="the From address (default: $LEADERBOOK_SENDER)")
    parent.add_argument("--subject", metavar="TEXT", help="the subject ({name} and {due} may appear)")
    parent.add_argument("--message", metavar="FILE",
                        help="the message's text (UTF-8), with {link} where the member's link goes, "
                             "and {name}, {due} if you like")
    parent.add_argument("--due", metavar="DATE", help="the date to answer by, as 2025-06-30 (fills {due})")
    parent.add_argument("--retry-unknown", action="store_true",
                        help="send again the messages an interrupted run may or may not have sent")
    return parent


def register(sub, link_parents) -> None:
    both = [*link_parents, mail_options()]
    invite = sub.add_parser("invite", parents=both,
                            help="email each member their own link (those not sent one yet)")
    invite.add_argument("team", metavar="TEAM")
    invite.set_defaults(run=run_invite)

    remind = sub.add_parser("remind", parents=both,
                            help="email the members who have not finished, within the round's reminder rule")
    remind.add_argument("team", metavar="TEAM")
    remind.set_defaults(run=run_remind)

    rule = sub.add_parser("reminders", parents=[store_options()],
                          help="set the round's reminder rule: at most N reminders, DAYS apart")
    rule.add_argument("team", metavar="TEAM")
    rule.add_argument("--max", type=int, required=True, metavar="N", help="the most reminders per member (0: none)")
    rule.add_argument("--every", type=int, required=True, metavar="DAYS", help="days between reminders (at least 1)")
    rule.set_defaults(run=run_reminders)

    log = sub.add_parser("messages", parents=[store_options()], help="what was emailed to whom, when, and failures")
    log.add_argument("team", metavar="TEAM")
    log.add_argument("--json", action="store_true", help="print JSON instead of a table")
    log.set_defaults(run=run_messages)

    address = sub.add_parser("email", parents=[store_options()], help="give a member an email address")
    address.add_argument("team", metavar="TEAM")
    address.add_argument("member", metavar="MEMBER", help="the member's name or respondent id")
    address.add_argument("address", metavar="ADDRESS")
    address.add_argument("--language", metavar="TAG", help="their language, as fr or es-ES")
    address.set_defaults(run=run_email)


def read_roster_file(path: str):
    """The rows of a roster file, or a LeaderbookError (too large, unreadable, bad rows)."""
    from ..errors import RosterError
    from ..team.roster import MAX_ROSTER_BYTES, read_roster

    file = Path(path)
    try:
        if file.stat().st_size > MAX_ROSTER_BYTES:
            raise RosterError([f"{file.name} is larger than {MAX_ROSTER_BYTES // 1024 // 1024} MB"])
        data = file.read_bytes()
    except OSError as exc:
        raise LeaderbookError(f"cannot read the roster {path}: {exc.strerror}") from None
    return read_roster(data, file.name)


def _server(args):
    from ..team.mail import MailServer

    return MailServer.from_url(args.smtp or os.environ.get("LEADERBOOK_SMTP", ""),
                               args.sender or os.environ.get("LEADERBOOK_SENDER", ""))


def _template(args, default):
    from ..errors import MailError
    from ..team.mail import MessageTemplate

    body = default.body
    if args.message:
        file = Path(args.message)
        try:
            if file.stat().st_size > MAX_MESSAGE_FILE_BYTES:
                raise MailError(f"{args.message} is too large for a message")
            body = file.read_bytes().decode("utf-8-sig")
        except OSError as exc:
            raise MailError(f"cannot read the message {args.message}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise MailError(f"{args.message} is not UTF-8 text") from None
    return MessageTemplate(args.subject if args.subject is not None else default.subject, body)


def _due(args):
    if not args.due:
        return None
    try:
        return _dt.date.fromisoformat(args.due)
    except ValueError:
        raise LeaderbookError(f"--due {args.due[:40]!r} is not a date; write it as 2025-06-30") from None


def _progress():
    stream = sys.stderr
    tty = stream.isatty()

    def show(done: int, total: int) -> None:
        if tty:
            stream.write(f"\rsending {done}/{total}" + ("\n" if done == total else ""))
        elif done == total or done % 10 == 0:
            stream.write(f"sending {done}/{total}\n")
        stream.flush()
    return show


def _report(report) -> int:
    for name, reason in report.failed:
        print(f"  failed  {name}: {reason}")
    for name in report.unknown:
        print(f"  unknown {name}: may have been sent (an interrupted run); --retry-unknown sends it again")
    for name, why in report.skipped:
        print(f"  not sent {name}: {why}")
    print(report.summary())
    return 0 if report.complete else 2


def _send(args, which) -> int:
    from ..team import mail

    server, due = _server(args), _due(args)
    template = _template(args, mail.DEFAULT_INVITATION if which == "invitation" else mail.DEFAULT_REMINDER)
    send = mail.send_invitations if which == "invitation" else mail.send_reminders
    with open_store(args) as store:
        report = send(store, args.team, server, template, due=due, base_url=args.base_url, progress=_progress(),
                      retry_unknown=args.retry_unknown)
    return _report(report)


def run_invite(args) -> int:
    return _send(args, "invitation")


def run_remind(args) -> int:
    return _send(args, "reminder")


def run_reminders(args) -> int:
    from ..team.mail import set_reminder_policy

    with open_store(args) as store:
        rule = set_reminder_policy(store, args.team, max_reminders=args.max, every_days=args.every)
    print(f"team {args.team!r}: at most {rule.max_reminders} reminder(s) per unfinished member, "
          f"at least {rule.every_days} day(s) apart")
    return 0


def run_messages(args) -> int:
    from ..team.mail import message_log

    with open_store(args) as store:
        log = message_log(store, args.team)
    if args.json:
        print(json.dumps([{"member": r.member, "email": r.email, "kind": r.kind, "status": r.status,
                           "when": r.when.isoformat(), "reason": r.reason, "round": r.round} for r in log],
                         indent=2, ensure_ascii=False))
        return 0
    if not log:
        print(f"Nothing emailed to team {args.team!r} yet: `leaderbook team invite {args.team}`.")
        return 0
    for r in log:
        reason = f"  ({r.reason})" if r.reason else ""
        print(f"{r.when:%Y-%m-%d %H:%M}  {r.round:<10} {r.kind:<10} {r.status:<28} {r.member} <{r.email}>{reason}")
    return 0


def run_email(args) -> int:
    from ..team.roster import set_member_contact

    with open_store(args) as store:
        set_member_contact(store, args.team, args.member, args.address, language=args.language)
    print(f"{args.member!r} of team {args.team!r} will be emailed at {args.address.strip()}")
    return 0
