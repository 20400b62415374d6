"""Reading the visitor's request from inside a Voila kernel.

A preheated kernel runs the notebook before anyone asks for the page, so
the request (and its query string) is only known once Voila hands it over.
:func:`query_string` waits for that moment, exactly as Voila's own
``voila.utils.wait_for_request`` / ``get_query_string`` do: it connects to
the server's ``voila/query/<kernel id>`` socket and receives the request's
CGI-style variables. It does not import ``voila.utils``, which pulls in
jupyter_server and costs every page kernel some 50 MB.

Outside Voila (JupyterLab, nbval) there is no request: :func:`under_voila`
is False and nothing waits. A preheated kernel the server stops before anyone
came gets :class:`NoVisitor` instead of a request; the page catches it and
leaves the cell, and the kernel then stops as the server asked.
"""

from __future__ import annotations

import json
import os
from urllib.parse import parse_qs

# The per-kernel secret's variable is named once, beside the store client that proves itself with it too.
from workbook.store.client import KERNEL_SECRET_ENV

#: Seconds allowed to connect to the server's query socket. Only the
#: connection is bounded: a preheated kernel waits as long as it takes for
#: its visitor to arrive.
CONNECT_TIMEOUT = 5

#: The header a kernel proves itself with on the query socket, with the per-kernel secret
#: ``leaderbook serve`` gives each kernel it starts (KERNEL_SECRET_ENV): without it, whoever
#: learnt a kernel id could take the socket and receive the next visitor's link.
KERNEL_SECRET_HEADER = "X-Leaderbook-Kernel"
#: Where the kernel finds its server (the listening address when it is not a wildcard).
SERVER_HOST_ENV = "LEADERBOOK_SERVER_HOST"


class NoVisitor(Exception):
    """The server stopped this preheated kernel (or went away) before any visitor came."""


def under_voila() -> bool:
    """True in a kernel started by Voila (preheated or for a request)."""
    return "VOILA_PREHEAT" in os.environ or "VOILA_REQUEST_URL" in os.environ


def preheated() -> bool:
    return os.environ.get("VOILA_PREHEAT", "False") == "True"


def _query_socket_url() -> str:
    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    ip = os.environ.get(SERVER_HOST_ENV) or os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{ip}:{port}{base}voila/query/{os.environ.get('VOILA_KERNEL_ID', '')}"


def wait_for_request() -> None:
    """In a preheated kernel, block until Voila passes the request, and put it in ``os.environ``.

    Returns at once when the kernel was started for a request (the variables
    are already in the environment) or outside Voila. Raises :class:`NoVisitor`
    when the server stops the kernel (it interrupts it, then shuts it down) or
    closes the socket before handing over a request: no page can use it then.
    """
    if not preheated():
        return
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    secret = os.environ.get(KERNEL_SECRET_ENV, "")
    headers = {KERNEL_SECRET_HEADER: secret} if secret else None
    with connect(_query_socket_url(), open_timeout=CONNECT_TIMEOUT, additional_headers=headers) as socket:
        try:
            payload = socket.recv()
        except (ConnectionClosed, KeyboardInterrupt):
            raise NoVisitor() from None
    for key, value in json.loads(payload).items():
        if isinstance(key, str) and isinstance(value, str):
            os.environ[key] = value


def query_string() -> str:
    """The page request's query string (after waiting for the request); empty outside Voila."""
    if not under_voila():
        return ""
    wait_for_request()
    return os.environ.get("QUERY_STRING", "")


def link_token(query: str, name: str) -> str | None:
    """The ``name`` parameter (``invite``, ``coach`` or ``workspace``) of a query string; None when absent or repeated."""
    try:
        values = parse_qs(query or "", keep_blank_values=True, max_num_fields=50).get(name, [])
    except ValueError:  # more fields than any real link has
        return None
    if len(values) != 1:
        return None
    return values[0]


def invite_token(query: str) -> str | None:
    """The ``invite`` parameter of a query string; None when absent or given more than once."""
    return link_token(query, "invite")


def coach_token(query: str) -> str | None:
    """The ``coach`` parameter of a query string; None when absent or given more than once."""
    return link_token(query, "coach")


def workspace_token(query: str) -> str | None:
    """The ``workspace`` parameter of a query string; None when absent or given more than once."""
    return link_token(query, "workspace")
