"""Helpers for testing widgets without a browser or a kernel.

``recording_comms()`` swaps the comm layer for one that records what each
widget sends, so a test can play the front end with ``set_state`` and check
what the page would be told::

    with recording_comms() as sent:
        rating._buttons.set_state({"index": 99})
        assert sent.states(rating._buttons)[-1] == {"index": None}
"""

from __future__ import annotations

from contextlib import contextmanager

import comm
from ipywidgets import Widget


class RecordingComm(comm.base_comm.BaseComm):
    """A comm that keeps every message instead of sending it."""

    def __init__(self, *args, **kwargs):
        self.messages: list[dict] = []
        super().__init__(*args, **kwargs)

    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        self.messages.append({"msg_type": msg_type, "data": data or {}})


class Sent:
    """What the widgets created under :func:`recording_comms` sent to the page."""

    def messages(self, widget: Widget) -> list[dict]:
        return [m["data"] for m in widget.comm.messages if m["msg_type"] == "comm_msg"]

    def states(self, widget: Widget) -> list[dict]:
        """The state updates (``method: update``) sent for ``widget``, oldest first."""
        return [m["state"] for m in self.messages(widget) if m.get("method") == "update"]


@contextmanager
def recording_comms():
    """Record the messages of every widget created inside the block."""
    original = comm.create_comm
    comm.create_comm = RecordingComm
    try:
        yield Sent()
    finally:
        comm.create_comm = original
