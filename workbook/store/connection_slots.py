"""A bound on the database connections of one server and all its pages' kernels together.

Each page has a kernel of its own, and each kernel its own store: with a pool
per kernel, the open pages of all servers add up against PostgreSQL's
``max_connections`` (100 by default), and a workshop of 120 sees saves
refused. So under ``leaderbook serve`` a store on PostgreSQL keeps no idle
connection (SQLAlchemy's NullPool: one connection per transaction, closed
after it), and holds one of the server's *slots* while a connection is open:
the server and its kernels share ``LEADERBOOK_DB_CONNECTIONS`` slots, lock
files in the data directory taken with ``flock``. A transaction waits for a
free slot rather than being refused, and a killed kernel's slot is freed by
the operating system with its process.
"""

from __future__ import annotations

import errno
import fcntl
import os
import random
import time
from pathlib import Path

from ..errors import StoreError

#: Set by ``leaderbook serve`` for itself and its kernels: how many connections, and where the slots are.
CONNECTIONS_ENV = "LEADERBOOK_DB_CONNECTIONS"
SLOTS_ENV = "LEADERBOOK_DB_SLOTS"
DEFAULT_CONNECTIONS = 10
MAX_CONNECTIONS = 1000
#: How long a transaction waits for a free connection before it is refused.
WAIT_SECONDS = 30.0


class ConnectionSlots:
    """``count`` slots in ``folder``; :meth:`take` holds one until :meth:`give_back`."""

    def __init__(self, folder: str | os.PathLike, count: int):
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_CONNECTIONS:
            raise StoreError(f"a server keeps from 1 to {MAX_CONNECTIONS} database connections, not {count!r}")
        self.folder, self.count = Path(folder), count
        self._made = False

    def take(self, wait: float = WAIT_SECONDS) -> int:
        """A file descriptor holding one slot, waiting up to ``wait`` seconds for one to free."""
        if not self._made:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._made = True
        deadline = time.monotonic() + wait
        pause = 0.005
        while True:
            order = list(range(self.count))
            random.shuffle(order)  # kernels starting together do not all queue on slot 0
            for number in order:
                descriptor = os.open(self.folder / f"slot-{number}", os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return descriptor
                except OSError as exc:
                    os.close(descriptor)
                    if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                        raise StoreError(f"cannot take a database connection slot in {self.folder}: "
                                         f"{exc.strerror}") from None
            if time.monotonic() >= deadline:
                raise StoreError(f"the database is busy: all {self.count} of this server's connections stayed "
                                 f"in use for {wait:.0f} s; try again")
            time.sleep(pause)
            pause = min(pause * 2, 0.1)

    @staticmethod
    def give_back(descriptor: int) -> None:
        os.close(descriptor)  # closing the descriptor drops its lock


def slots_from_environment() -> ConnectionSlots | None:
    """The server's slots when ``leaderbook serve`` set them for this process, else None."""
    folder, count = os.environ.get(SLOTS_ENV), os.environ.get(CONNECTIONS_ENV)
    if not folder or not count:
        return None
    if not count.isdigit():
        raise StoreError(f"{CONNECTIONS_ENV} is a number of connections, not {count!r}")
    return ConnectionSlots(folder, int(count))


def bound_connections(engine, slots: ConnectionSlots) -> None:
    """Make ``engine`` (on NullPool) hold one of ``slots`` for as long as each connection is open."""
    from sqlalchemy import event

    @event.listens_for(engine, "do_connect")
    def _take(dialect, record, cargs, cparams):
        descriptor = slots.take()
        try:
            connection = dialect.connect(*cargs, **cparams)
        except BaseException:
            slots.give_back(descriptor)
            raise
        record.info["slot"] = descriptor
        return connection

    def _give_back(_dbapi_connection, record):
        descriptor = record.info.pop("slot", None)
        if descriptor is not None:
            slots.give_back(descriptor)

    event.listen(engine, "close", _give_back)
    event.listen(engine, "close_detached", _give_back)
