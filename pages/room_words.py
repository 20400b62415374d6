"""How the coach's pages name a member's state in a round, in the page's language.

:class:`workbook.team.room.RoomWatch` keeps each state as a fixed English word
(``"not yet"``, ``"joined"``, ``"answering"``, ``"finished"``; the workspace adds
``"link revoked"``): the pages key their CSS classes on it, so it never changes,
and show it through :func:`state_name`.
"""

from __future__ import annotations

from workbook.basics.i18n import N_, translator

STATE_NAMES = {"not yet": N_("not yet"), "joined": N_("joined"), "answering": N_("answering"),
               "finished": N_("finished"), "link revoked": N_("link revoked")}


def state_name(state: str, language: str) -> str:
    """``state`` as the page says it in ``language`` (a state it does not know, as it came)."""
    return translator(language).gettext(STATE_NAMES[state]) if state in STATE_NAMES else state
