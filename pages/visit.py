"""Who is answering, in which round, and whether they may still change anything.

Under Voila the identity is the ``invite`` token of the page's query string,
checked against its stored hash: an unknown, mangled or revoked token yields
a visit that may only show "this link is not valid", and nothing is written.
An invite for a closed round shows the answers read-only. In plain Jupyter
(JupyterLab, nbval) there is no request: the visit is the store's local
leader, and unless ``LEADERBOOK_DATA``/``LEADERBOOK_DB`` name a store, an
in-memory one (a practice run that writes no file anywhere).
"""

from __future__ import annotations

import dataclasses
from urllib.parse import urlencode
import getpass
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbook.basics.i18n import SOURCE_LANGUAGE
from workbook.errors import INVALID_LINK
from workbook.store.client import StoreClient
from workbook.store.records import Respondent, Round
from . import request
from .language import visitor_language

if TYPE_CHECKING:  # under the server the page's store is a StoreClient: SQLAlchemy is never imported
    from workbook.store import Store

PRACTICE_URL = "sqlite:///:memory:"


@dataclass(frozen=True)
class Visit:
    """The outcome of reading the request: either someone to answer as, or a problem to show."""

    respondent: Respondent | None = None
    round: Round | None = None
    rater_group: str = "self"
    subject: Respondent | None = None
    problem: str = ""
    practice: bool = False
    #: The language the page speaks to this visitor (pages.language), an invalid link's included.
    language: str = SOURCE_LANGUAGE
    #: The query string that opens this same link again (``invite=TOKEN``; "" outside Voila): the
    #: page's language switch adds ``lang=`` to it, so the choice stays with the link.
    link_query: str = ""

    @property
    def valid(self) -> bool:
        return not self.problem and self.respondent is not None and self.round is not None

    @property
    def read_only(self) -> bool:
        return self.round is not None and self.round.closed


def local_respondent(store: Store) -> tuple[Respondent, Round]:
    """The individual leader of a store and their current round, created when missing.

    The leader is the first respondent with no team (named after the OS user,
    or "Me"); the round is the newest open round with no team.
    """
    individual = [r for r in store.respondents() if r.team_id is None]
    if individual:
        respondent = individual[0]
    else:
        try:
            name = getpass.getuser().strip() or "Me"
        except (KeyError, OSError):  # no user name on this system
            name = "Me"
        respondent = store.add_respondent(name[:200])
    open_rounds = [r for r in store.rounds() if r.team_id is None and not r.closed]
    round_ = open_rounds[-1] if open_rounds else store.start_round()
    return respondent, round_


def open_page_store() -> tuple[Store | StoreClient, bool]:
    """The store a page answers into, and whether it is a throwaway practice store.

    In a kernel started by ``leaderbook serve`` it is the server's store, reached
    through its store service (``LEADERBOOK_STORE_SOCKET``: see
    :mod:`pages.store_service`). Otherwise, under Voila or when
    ``LEADERBOOK_DATA``/``LEADERBOOK_DB`` is set, the configured store opened
    here; else an in-memory one that goes with the kernel.
    """
    client = StoreClient.from_environment()
    if client is not None:
        return client, False
    from workbook.store import Store

    if request.under_voila() or os.environ.get("LEADERBOOK_DATA") or os.environ.get("LEADERBOOK_DB"):
        return Store(), False
    # In memory: a practice run (nbval in CI, a quick look in JupyterLab) leaves no file anywhere.
    return Store(PRACTICE_URL), True


def visit_for_invite(store: Store, token: object) -> Visit:
    """The visit an invite token opens; a problem visit when the token is not a live invite."""
    from workbook.errors import NotFoundError
    from workbook.errors import InvalidInvite
    from workbook.store.invites import resolve_invite

    try:
        invite = resolve_invite(store, token)
        respondent = store.respondent(invite.respondent_id)
        round_ = store.round(invite.round_id)
        subject = store.respondent(invite.subject_id) if invite.subject_id is not None else None
    except (InvalidInvite, NotFoundError):
        return Visit(problem=INVALID_LINK)
    return Visit(respondent, round_, invite.rater_group, subject)


def current_visit(store: Store, practice: bool = False) -> Visit:
    """Read the request (waiting for it in a preheated kernel) and say who is visiting."""
    if request.under_voila():
        # once: a preheated kernel is handed its request a single time
        return visit_for_query(store, request.query_string())
    respondent, round_ = local_respondent(store)
    return Visit(respondent, round_, practice=practice)


def visit_for_query(store: Store, query: str) -> Visit:
    """The visit a Voila request's query string opens: its invite, and the language it is read in."""
    visit = visit_for_invite(store, request.invite_token(query))
    member = store.member_language(visit.respondent.id) if visit.valid else None
    token = request.invite_token(query)
    again = urlencode({"invite": token}) if visit.valid and token else ""
    return dataclasses.replace(visit, language=visitor_language(query, member), link_query=again)
