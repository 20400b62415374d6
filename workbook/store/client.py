"""StoreClient: the part of :class:`~workbook.store.Store` a respondent's page uses, through its server.

Under ``leaderbook serve`` a page kernel does not open the store itself: the
Voila server that started it keeps one store (one connection pool) for all
its pages and answers a short whitelist of calls on a Unix socket in a
private directory (:mod:`pages.store_service`). The socket's path, and the
kernel's id and secret that prove who is calling, reach the kernel in its
environment. This client has the same methods, arguments and results as the
store for those calls, so widgets and pages work unchanged, and it imports
only the standard library and the store's plain records: no SQLAlchemy.

Every failure is a :class:`~workbook.errors.LeaderbookError`: the store's own
refusals come back as the same class (an AnswerError stays one), and a server
that is gone, frozen or answers nonsense is a StoreError, which the page
shows as "not saved" exactly as a failed write to a store of its own.
"""

from __future__ import annotations

import http.client
import json
import os
import socket

from ..errors import StoreError
from . import wire
from .records import ALL_SUBJECTS

#: The environment variable naming the socket; set only in kernels the server started.
STORE_SOCKET_ENV = "LEADERBOOK_STORE_SOCKET"
#: Who the kernel is, and the secret it proves it with (set by pages.kernels / Voila).
KERNEL_ID_ENV = "VOILA_KERNEL_ID"
KERNEL_SECRET_ENV = "LEADERBOOK_KERNEL_SECRET"
KERNEL_HEADER = "X-Leaderbook-Kernel"
#: Seconds a call may take: a frozen server must end in "not saved", not a page that hangs for good.
CALL_TIMEOUT = 10


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float):
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self._path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


class StoreClient:
    """The store as the respondent's page sees it, reached through the server at ``socket_path``."""

    def __init__(self, socket_path: str, kernel_id: str = "", secret: str = "", *, timeout: float = CALL_TIMEOUT):
        self.socket_path, self.timeout = socket_path, timeout
        self._credentials = f"{kernel_id}:{secret}"

    @classmethod
    def from_environment(cls) -> "StoreClient | None":
        """The client for this kernel's server, or None when the kernel was not started by one."""
        path = os.environ.get(STORE_SOCKET_ENV)
        if not path:
            return None
        return cls(path, os.environ.get(KERNEL_ID_ENV, ""), os.environ.get(KERNEL_SECRET_ENV, ""))

    def __repr__(self) -> str:
        return f"StoreClient({self.socket_path!r})"

    def close(self) -> None:
        """Nothing to close: each call is one short connection."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def call(self, call: str, /, **arguments):
        """One call of the service by name, with its arguments as JSON (the methods below use it);
        returns its plain JSON result or raises the error it ended in."""
        try:
            body = json.dumps(arguments, allow_nan=False).encode("utf-8")
        except (TypeError, ValueError) as exc:  # as the store refuses what it cannot keep as JSON
            raise StoreError(f"{call}: the call holds a value that is not plain data: {exc}") from None
        connection = _UnixConnection(self.socket_path, self.timeout)
        try:
            connection.request("POST", f"/call/{call}", body=body,
                               headers={"Content-Type": "application/json", KERNEL_HEADER: self._credentials})
            response = connection.getresponse()
            payload = response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            raise StoreError(f"the answer store could not be reached: {exc}") from None
        finally:
            connection.close()
        try:
            found = json.loads(payload)
        except ValueError:
            raise StoreError("the answer store's service gave an answer that is not JSON") from None
        if status != 200:
            wire.raise_error(found)
        if not isinstance(found, dict) or "result" not in found:
            raise StoreError("the answer store's service gave an answer that is not one")
        return found["result"]

    # -- the visitor -----------------------------------------------------------------------

    def invite_for_token(self, token: object):
        return wire.invite(self.call("invite_for_token", token=token))

    def respondent(self, respondent_id: int):
        return wire.respondent(self.call("respondent", respondent_id=respondent_id))

    def member_language(self, respondent_id: int) -> str | None:
        found = self.call("member_language", respondent_id=respondent_id)
        return found if isinstance(found, str) else None

    def round(self, round_id: int):
        return wire.round_(self.call("round", round_id=round_id))

    def rename_respondent(self, respondent_id: int, name: str):
        return wire.respondent(self.call("rename_respondent", respondent_id=respondent_id, name=name))

    def round_programme(self, round_id: int):
        found = self.call("round_programme", round_id=round_id)
        return None if found is None else (found[0], found[1])

    # -- answers ---------------------------------------------------------------------------

    def latest_answers(self, respondent_id: int, round_id: int, instrument_id: str | None = None, *,
                       subject_id=ALL_SUBJECTS, include_cleared: bool = False):
        if subject_id is ALL_SUBJECTS:  # a page reads the answers of its own link only
            raise StoreError("a page reads answers about one subject (or None for its own)")
        found = self.call("latest_answers", respondent_id=respondent_id, round_id=round_id,
                           instrument_id=instrument_id, subject_id=subject_id, include_cleared=include_cleared)
        return [wire.answer(a) for a in found]

    def record_answer(self, respondent_id: int, round_id: int, instrument, item_id: str, value,
                      note: str | None = None, subject_id: int | None = None):
        """As the store's: the server checks the value against its own copy of the instrument."""
        return wire.answer(self.call(
            "record_answer", respondent_id=respondent_id, round_id=round_id, instrument_id=instrument.id,
            instrument_version=instrument.version, item_id=item_id, value=value, note=note, subject_id=subject_id))

    # -- the plan, worksheets, the visitor's place ----------------------------------------------

    def load_plan(self, respondent_id: int, round_id: int) -> list[dict]:
        return self.call("load_plan", respondent_id=respondent_id, round_id=round_id)

    def save_plan(self, respondent_id: int, round_id: int, actions: list[dict]) -> list[dict]:
        return self.call("save_plan", respondent_id=respondent_id, round_id=round_id, actions=actions)

    def load_worksheet(self, respondent_id: int, round_id: int, name: str) -> dict | None:
        return self.call("load_worksheet", respondent_id=respondent_id, round_id=round_id, name=name)

    def save_worksheet(self, respondent_id: int, round_id: int, name: str, data: dict) -> dict:
        return self.call("save_worksheet", respondent_id=respondent_id, round_id=round_id, name=name, data=data)

    def load_place(self, respondent_id: int, round_id: int) -> str | None:
        return self.call("load_place", respondent_id=respondent_id, round_id=round_id)

    def save_place(self, respondent_id: int, round_id: int, step: str) -> None:
        self.call("save_place", respondent_id=respondent_id, round_id=round_id, step=step)

    def own_copy(self, respondent_id: int, round_id: int) -> dict:
        """The member's own copy (:func:`workbook.exports.own_copy.own_copy`), made and recorded by the server."""
        return self.call("own_copy", respondent_id=respondent_id, round_id=round_id)
