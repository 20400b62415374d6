"""The store service: the Voila server's one store, answering its page kernels on a private Unix socket.

A respondent's page kernel does not import the data layer (SQLAlchemy alone is
some 15 MB of every kernel) nor keep a connection pool of its own (the pools of
all open pages would add up against the database's connection limit). The
server that starts the kernels opens one store and serves the handful of calls
the page makes, and nothing else, on a Unix socket in a directory only the
server's user may enter (0700, the socket 0600). It is never on the public
port, so neither nginx nor a browser can reach it; the socket's path reaches
the kernels in their environment (:mod:`pages.kernels`), and the kernel side
is :class:`workbook.store.client.StoreClient`.

Each call is checked at the door before the store sees it:

* the caller is a kernel this server started (its id and per-kernel secret);
* the call is in :data:`CALLS`, with exactly the arguments listed there, each
  of its type and within its size, and the whole request within
  :data:`MAX_BODY` bytes;
* the call concerns the link the kernel opened: until the kernel has resolved
  a live invite only ``invite_for_token`` is allowed, and from then on only
  that invite's respondent, round and subject (a kernel cannot read or write
  anyone else's answers, whatever it sends);
* an answer is checked against the server's own copy of the instrument (the
  round's kept programme, else the served workbook's), never one the kernel
  describes.

The store's own checks then run as they do for any caller. A refusal is
answered with the error's class and message (nothing is written); the store
runs on a small thread pool, so a slow database never stalls the server's
event loop.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.netutil import bind_unix_socket
from tornado.web import Application, RequestHandler

from workbook.errors import AnswerError, LeaderbookError, StoreError
from workbook.exports.own_copy import own_copy
from workbook.store import wire
from workbook.store.client import KERNEL_HEADER, STORE_SOCKET_ENV

__all__ = ["CALLS", "MAX_BODY", "STORE_SOCKET_ENV", "StoreService", "instruments_for_site", "private_socket_path"]

#: Largest request: a plan at its bounds (500 actions of long text) is the biggest thing a page saves.
MAX_BODY = 8 * 1024 * 1024
#: Longest text argument the door lets through (the store's checks are stricter for each field).
MAX_TEXT = 10_000
#: Store calls running at once: more wait their turn (and the pool's connections stay few).
WORKERS = 4


class Refused(Exception):
    """A call turned away at the door: an HTTP status, and the error the kernel raises."""

    def __init__(self, status: int, error: LeaderbookError):
        super().__init__(str(error))
        self.status, self.error = status, error


def _id(value):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**31:
        raise ValueError("a record id (a whole number)")
    return value


def _optional_id(value):
    return None if value is None else _id(value)


def _text(value):
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise ValueError(f"text of at most {MAX_TEXT} characters")
    return value


def _optional_text(value):
    return None if value is None else _text(value)


def _flag(value):
    if not isinstance(value, bool):
        raise ValueError("true or false")
    return value


def _token(value):
    if not isinstance(value, str) or len(value) > 200:  # the store says whether it is shaped like a token
        raise ValueError("a link's token")
    return value


def _answer_value(value):
    """An answer: plain JSON (the store checks it against the item); only its shape is checked here."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value if not isinstance(value, str) else _text(value)
    if isinstance(value, list) and len(value) <= 1000 and all(isinstance(v, (str, int)) for v in value):
        return value
    raise ValueError("an answer's value")


def _actions(value):
    if not isinstance(value, list) or not all(isinstance(a, dict) for a in value):
        raise ValueError("a list of actions")
    return value


def _mapping(value):
    if not isinstance(value, dict):
        raise ValueError("a mapping")
    return value


#: The whitelist: each call the page may make, and its arguments with their checks.
CALLS = {
    "invite_for_token": {"token": _token},
    "respondent": {"respondent_id": _id},
    "member_language": {"respondent_id": _id},
    "round": {"round_id": _id},
    "round_programme": {"round_id": _id},
    "rename_respondent": {"respondent_id": _id, "name": _text},
    "latest_answers": {"respondent_id": _id, "round_id": _id, "instrument_id": _optional_text,
                       "subject_id": _optional_id, "include_cleared": _flag},
    "record_answer": {"respondent_id": _id, "round_id": _id, "instrument_id": _text, "instrument_version": _id,
                      "item_id": _text, "value": _answer_value, "note": _optional_text, "subject_id": _optional_id},
    "load_plan": {"respondent_id": _id, "round_id": _id},
    "save_plan": {"respondent_id": _id, "round_id": _id, "actions": _actions},
    "load_worksheet": {"respondent_id": _id, "round_id": _id, "name": _text},
    "save_worksheet": {"respondent_id": _id, "round_id": _id, "name": _text, "data": _mapping},
    "load_place": {"respondent_id": _id, "round_id": _id},
    "save_place": {"respondent_id": _id, "round_id": _id, "step": _text},
    # "Download my answers": made here, from the server's own store and instruments, and recorded
    # in the audit trail here; a kernel cannot write the trail, nor read anyone's copy but its link's.
    "own_copy": {"respondent_id": _id, "round_id": _id},
}


@dataclass(frozen=True)
class Grant:
    """What a kernel may touch: the respondent, round and subject of the invite it resolved."""

    respondent_id: int
    round_id: int
    subject_id: int | None


def checked_arguments(name: str, arguments: object) -> dict:
    """The call's arguments, each checked; Refused when the call or any argument is not as listed."""
    spec = CALLS.get(name)
    if spec is None:
        raise Refused(404, StoreError(f"the store's service has no call named {name[:50]!r}"))
    if not isinstance(arguments, dict) or set(arguments) - set(spec):
        raise Refused(400, StoreError(f"{name}: takes only {', '.join(spec)}"))
    checked = {}
    for argument, check in spec.items():
        try:
            checked[argument] = check(arguments.get(argument))
        except ValueError as exc:
            raise Refused(400, StoreError(f"{name}: {argument} must be {exc}")) from None
    return checked


def check_grant(name: str, arguments: dict, grant: Grant | None) -> None:
    """Refused unless the call concerns the link the kernel opened."""
    if name == "invite_for_token":
        return
    if grant is None:
        raise Refused(403, StoreError("this page has not opened a link yet"))
    allowed = {"respondent_id": {grant.respondent_id}, "round_id": {grant.round_id}, "subject_id": {grant.subject_id}}
    if name == "respondent":  # the visitor, and the leader they rate
        allowed["respondent_id"] = {grant.respondent_id, grant.subject_id} - {None}
    for argument, values in allowed.items():
        if argument in arguments and arguments[argument] not in values:
            raise Refused(403, StoreError(f"{name}: this page may not touch {argument} {arguments[argument]}"))


class StoreService:
    """The calls in :data:`CALLS`, answered from ``store`` for the kernels ``kernel_may_call`` admits.

    ``kernel_may_call(kernel_id, secret)`` says whether a caller is a kernel this server started;
    ``instruments_of(round_id)`` gives the instruments a round answers (the server's own copies).
    """

    def __init__(self, store, kernel_may_call, instruments_of, *, workers: int = WORKERS):
        self.store, self.kernel_may_call, self.instruments_of = store, kernel_may_call, instruments_of
        self._grants: dict[str, Grant] = {}
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="leaderbook-store")
        self._server: HTTPServer | None = None
        self.socket_path = ""

    # -- serving ------------------------------------------------------------------------------

    def listen(self, socket_path: str) -> None:
        """Answer on a Unix socket at ``socket_path`` (its directory should be private: see private_socket_path)."""
        sock = bind_unix_socket(socket_path, mode=0o600)
        self._server = HTTPServer(Application([(r"/call/([a-z_]+)", CallHandler, {"service": self})]),
                                  max_body_size=MAX_BODY + 1024)
        self._server.add_socket(sock)
        self.socket_path = socket_path

    def close(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
        self._executor.shutdown(wait=False)
        if self.socket_path:
            shutil.rmtree(Path(self.socket_path).parent, ignore_errors=True)

    def forget(self, kernel_id: str) -> None:
        """The kernel stopped: whatever it was allowed to touch is no longer."""
        self._grants.pop(kernel_id, None)

    # -- one call -------------------------------------------------------------------------------

    def caller(self, credentials: str) -> str:
        """The id of the kernel these credentials (``kernel_id:secret``) prove; Refused otherwise."""
        kernel_id, _, secret = (credentials or "").partition(":")
        if not kernel_id or not secret or not self.kernel_may_call(kernel_id, secret):
            raise Refused(403, StoreError("only the server's own page kernels may call the store"))
        return kernel_id

    async def answer(self, kernel_id: str, name: str, arguments: object):
        """The result of one call (JSON-ready), or Refused / the store's own error."""
        checked = checked_arguments(name, arguments)
        check_grant(name, checked, self._grants.get(kernel_id))
        result = await IOLoop.current().run_in_executor(self._executor, self._run, name, checked)
        if name == "invite_for_token" and result is not None and not result.revoked:
            self._grants[kernel_id] = Grant(result.respondent_id, result.round_id, result.subject_id)
        return wire.encode(result)

    def _run(self, name: str, arguments: dict):
        """The store call itself (on the pool's thread)."""
        store = self.store
        if name == "record_answer":
            a = arguments
            instrument = self._instrument(a["round_id"], a["instrument_id"], a["instrument_version"])
            return store.record_answer(a["respondent_id"], a["round_id"], instrument, a["item_id"], a["value"],
                                       a["note"], subject_id=a["subject_id"])
        if name == "own_copy":
            return own_copy(store, arguments["respondent_id"], self.instruments_of(arguments["round_id"]),
                            actor="member")
        if name == "round_programme":
            found = store.round_programme(arguments["round_id"])
            return None if found is None else [found[0], found[1]]
        return getattr(store, name)(**arguments)

    def _instrument(self, round_id: int, instrument_id: str, version: int):
        """The server's own copy of the instrument the answer is to; AnswerError when the round asks none such."""
        for instrument in self.instruments_of(round_id):
            if instrument.id == instrument_id and instrument.version == version:
                return instrument
        raise AnswerError(f"this round asks no instrument {instrument_id[:100]!r} at version {version}")


class CallHandler(RequestHandler):
    """POST /call/<name> with the arguments as a JSON object; answers {"result": ...} or {"error": ...}."""

    def initialize(self, service: StoreService):
        self.service = service

    def check_xsrf_cookie(self):  # a Unix socket only the server's user can reach; no browser ever calls it
        return

    async def post(self, name: str):
        self.set_header("Content-Type", "application/json")
        try:
            kernel_id = self.service.caller(self.request.headers.get(KERNEL_HEADER, ""))
            if len(self.request.body) > MAX_BODY:
                raise Refused(413, StoreError(f"the call is larger than {MAX_BODY} bytes"))
            try:
                arguments = json.loads(self.request.body or b"{}")
            except ValueError:
                raise Refused(400, StoreError("the call's arguments are not JSON")) from None
            result = await self.service.answer(kernel_id, name, arguments)
        except Refused as refused:
            self.set_status(refused.status)
            self.finish(wire.error_body(refused.error))
            return
        except LeaderbookError as exc:  # the store's own refusal: nothing was written
            self.set_status(422)
            self.finish(wire.error_body(exc))
            return
        except Exception:  # a database failure: the page says "not saved"; the details stay in the server's log
            self.service_log().exception("leaderbook: a store call from a page failed")
            self.set_status(500)
            self.finish(wire.error_body(StoreError("the database could not be written to; try again in a moment")))
            return
        self.finish(json.dumps({"result": result}, allow_nan=False))

    @staticmethod
    def service_log():
        import logging

        return logging.getLogger("leaderbook.store_service")


def instruments_for_site(store, site: Path):
    """``instruments_of(round_id)`` for a server over ``site``: the round's kept programme's instruments,
    else those of the served workbook's programme (what the page itself answers). Kept per round: a
    round's programme is set when the round is made."""
    from workbook.instruments.programme import PROGRAMME_FILE, load_programme, resolve_instruments
    from workbook.team.round_programme import round_instruments

    known: dict[int, tuple] = {}

    def instruments_of(round_id: int) -> tuple:
        if round_id not in known:
            if len(known) > 1000:
                known.clear()
            if store.round_programme(round_id) is not None:
                known[round_id] = tuple(round_instruments(store, round_id))
            else:
                programme = load_programme(Path(site) / PROGRAMME_FILE)
                known[round_id] = tuple(resolve_instruments(programme, Path(site)))
        return known[round_id]

    return instruments_of


def private_socket_path() -> str:
    """A path for the service's socket in a fresh directory only this user may enter (0700)."""
    directory = tempfile.mkdtemp(prefix="leaderbook-store-")
    os.chmod(directory, 0o700)
    return os.path.join(directory, "store.sock")
