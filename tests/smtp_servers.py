"""Real SMTP servers for the mail tests (aiosmtpd on 127.0.0.1): one that keeps what it is given,
one that refuses some recipients (550), one that drops the connection after N messages.

Import :func:`smtp_server` and use it as a context manager: it yields the server's
:class:`Mailbox` (``.messages``: the received ``email.message.EmailMessage`` objects, ``.port``).
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Mailbox:
    port: int = 0
    refuse: frozenset[str] = frozenset()
    drop_after: int | None = None  # accept this many messages, then drop the connection of the next
    messages: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def to(self, address: str) -> list:
        return [m for m in self.messages if any(a.addr_spec == address for a in m["To"].addresses)]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.drop_after is not None and len(self.messages) >= self.drop_after:
                server.transport.close()  # the connection drops before the server answers
                return "421 closing"
            self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content,
                                                          policy=email.policy.default))
        return "250 Message accepted"


@contextmanager
def smtp_server(**settings):
    box = Mailbox(**settings)
    box.port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
