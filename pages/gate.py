"""Who may open a page, and which browser each page kernel belongs to.

The server asks the gate before it gives out a kernel: a page request must
carry a live link (an invite for the workbook, a coach token for the
dashboard and the session console, the workspace token for the coach's
workspace and for nothing else), checked against its stored hash. Each admitted page gets a fresh
secret, set as an HttpOnly cookie named after its link; the kernel that
serves the page is bound to that link, and every socket or API call on the
kernel must carry the link's current secret. A second load of the same link
replaces the first page's kernel, so reloads never pile up kernels, and a
cap on live pages keeps a crowd from exhausting memory.

Kernels prove themselves on the request-info socket with a per-kernel
secret handed to them in their environment when they start.

Nothing here imports Voila or tornado: the handlers in :mod:`pages.handlers`
ask, the gate answers.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from posixpath import basename

from workbook.errors import INVALID_LINK

from .request import link_token

#: Which link a page's query string must carry, by served notebook.
LINK_KIND = {"workbook.ipynb": "invite", "dashboard.ipynb": "coach", "session.ipynb": "coach",
             "workspace.ipynb": "workspace"}
COOKIE_PREFIX = "lb_page_"
#: Seconds an admitted page counts against the cap before its kernel is known.
PENDING_SECONDS = 120


@dataclass(frozen=True)
class Admission:
    """A page request let through: the link it opens and the secret its browser will hold."""

    link: str
    cookie_name: str
    secret: str


@dataclass(frozen=True)
class Refusal:
    """A page request turned away before any kernel: an HTTP status and what the page says."""

    status: int
    title: str
    detail: str


INVALID = Refusal(403, INVALID_LINK.capitalize(),
                  "Check that you copied the whole link, or ask whoever sent it for a new one.")
BUSY = Refusal(503, "The workbook is busy",
               "Too many people have it open right now. Try again in a minute; your answers are safe.")
UNKNOWN_PAGE = Refusal(404, "There is no such page", "Open the link you were sent.")


def link_id(notebook: str, token: str) -> str:
    """A link's identity: the page it opens and the hash of its token (the token itself is never kept).

    One coach token opens two pages (the dashboard and the session console):
    each is a page of its own, with its own kernel, and neither replaces the other.
    """
    return f"{notebook}:{hashlib.sha256(token.encode('utf-8')).hexdigest()}"


def cookie_name(link: str) -> str:
    """One cookie per link: a reload overwrites its own, and other links' pages in the same browser keep theirs."""
    return COOKIE_PREFIX + hashlib.sha256(link.encode("ascii")).hexdigest()[:16]


def link_of_request(path: str, query: str) -> str | None:
    """The link a page request (its path and query string) carries, unchecked; None when it carries none."""
    notebook = basename(path or "")
    kind = LINK_KIND.get(notebook)
    token = link_token(query, kind) if kind else None
    return link_id(notebook, token) if token else None


class PageGate:
    """Admits page requests and remembers, per kernel, whose page it serves.

    ``is_live(kind, token)`` is the store check (True for a live invite or
    coach token); ``max_pages`` bounds the kernels serving pages (the
    preheated pool is not counted); ``shutdown(kernel_id)`` stops a kernel
    that a newer page of the same link replaced.
    """

    def __init__(self, is_live, max_pages: int, shutdown=lambda kernel_id: None):
        self._is_live = is_live
        self.max_pages = max_pages
        self._shutdown = shutdown
        self._lock = threading.Lock()
        self._link_secret: dict[str, str] = {}
        self._link_kernel: dict[str, str] = {}
        self._kernel_link: dict[str, str] = {}
        self._kernel_secret: dict[str, str] = {}
        self._pending: dict[str, float] = {}  # admitted links whose kernel is not bound yet

    # -- pages ------------------------------------------------------------------------------

    def admit(self, notebook: str, query: str) -> Admission | Refusal:
        """Let a page request through with a fresh secret, or say why not (no kernel is touched)."""
        notebook = basename(notebook or "")
        kind = LINK_KIND.get(notebook)
        if kind is None:
            return UNKNOWN_PAGE
        token = link_token(query, kind)
        if not token or not self._is_live(kind, token):
            return INVALID
        link = link_id(notebook, token)
        with self._lock:
            if link not in self._pages() and len(self._pages()) >= self.max_pages:
                return BUSY
            secret = secrets.token_urlsafe(32)
            self._link_secret[link] = secret
            self._pending[link] = time.monotonic()
        return Admission(link, cookie_name(link), secret)

    def _pages(self) -> set[str]:
        """Links with a page open or on its way (admitted in the last PENDING_SECONDS)."""
        now = time.monotonic()
        for link, since in list(self._pending.items()):
            if now - since > PENDING_SECONDS:
                del self._pending[link]
        return set(self._link_kernel) | set(self._pending)

    @property
    def open_pages(self) -> int:
        """Pages open or being opened: what the cap counts."""
        with self._lock:
            return len(self._pages())

    # -- kernels ----------------------------------------------------------------------------

    def kernel_started(self, kernel_id: str, secret: str) -> None:
        with self._lock:
            self._kernel_secret[kernel_id] = secret

    def bind(self, kernel_id: str, link: str | None) -> None:
        """Record that ``kernel_id`` serves ``link``'s page; the link's earlier kernel is stopped."""
        if link is None or link not in self._link_secret:
            return
        with self._lock:
            if self._kernel_link.get(kernel_id) == link:
                return
            earlier = self._link_kernel.get(link)
            self._pending.pop(link, None)
            self._link_kernel[link] = kernel_id
            self._kernel_link[kernel_id] = link
        if earlier is not None and earlier != kernel_id:
            self._shutdown(earlier)

    def forget(self, kernel_id: str) -> None:
        """The kernel has stopped: it serves nothing any more."""
        with self._lock:
            link = self._kernel_link.pop(kernel_id, None)
            self._kernel_secret.pop(kernel_id, None)
            if link is not None and self._link_kernel.get(link) == kernel_id:
                del self._link_kernel[link]

    def link_of(self, kernel_id: str) -> str | None:
        return self._kernel_link.get(kernel_id)

    # -- checks on every socket and kernel call ---------------------------------------------

    def page_may_use(self, kernel_id: str, cookies: dict[str, str]) -> bool:
        """True when the request carries the current secret of the page this kernel serves."""
        link = self._kernel_link.get(kernel_id)
        if link is None:
            return False
        expected = self._link_secret.get(link)
        offered = cookies.get(cookie_name(link))
        return bool(expected and offered) and hmac.compare_digest(expected, offered)

    def kernel_may_listen(self, kernel_id: str, offered: str | None) -> bool:
        """True when the request-info socket is opened by the kernel itself (it knows its secret)."""
        expected = self._kernel_secret.get(kernel_id)
        return bool(expected and offered) and hmac.compare_digest(expected, offered)
