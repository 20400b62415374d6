"""How the coach's pages name a member's state in a round, in the page's language.

:class:`workbook.team.room.RoomWatch` keeps each state as a fixed English word
(``"not yet"``, ``"joined"``, ``"answering"``, ``"finished"``; the workspace adds
``"link revoked"``): the pages key their CSS classes on it, so it never changes,
and show it through :func:`state_name`. A rater group (``"direct-report"``, kept
as written in the store) is shown through :func:`group_name`.
"""

from __future__ import annotations

from workbook.basics.i18n import N_, translator

STATE_NAMES = {"not yet": N_("not yet"), "joined": N_("joined"), "answering": N_("answering"),
               "finished": N_("finished"), "link revoked": N_("link revoked")}


GROUP_NAMES = {"direct-report": N_("direct report"), "peer": N_("peer"), "manager": N_("manager")}


def group_name(group: str, language: str) -> str:
    """The rater group ``group`` as the page says it in ``language`` (one it does not know, spaced out)."""
    return translator(language).gettext(GROUP_NAMES[group]) if group in GROUP_NAMES else group.replace("-", " ")


def link_purpose(link, language: str) -> str:
    """What a link (:class:`workbook.team.admin.Link`) is for, as the page says it in ``language``: the
    member's own answers, or their rating of a leader in their group."""
    words = translator(language)
    if link.subject is None:
        return words.gettext("self-assessment")
    return words.gettext("rates %(leader)s as %(group)s") % {"leader": link.subject,
                                                             "group": group_name(link.rater_group, language)}


#: The message log's kinds and statuses (:func:`workbook.team.mail.message_log` keeps them in English).
MESSAGE_WORDS = {"invitation": N_("invitation"), "reminder": N_("reminder"), "sent": N_("sent"),
                 "failed": N_("failed"), "unknown: may have been sent": N_("unknown: may have been sent")}


def message_word(word: str, language: str) -> str:
    """A message's kind or status as the page says it in ``language`` (one it does not know, as it came)."""
    return translator(language).gettext(MESSAGE_WORDS[word]) if word in MESSAGE_WORDS else word


def state_name(state: str, language: str) -> str:
    """``state`` as the page says it in ``language`` (a state it does not know, as it came)."""
    return translator(language).gettext(STATE_NAMES[state]) if state in STATE_NAMES else state
