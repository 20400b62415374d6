"""KeyCommands: a few single keys that run commands anywhere on a page (a projector's clicker, say).

An invisible anywidget (``static/key_commands.js``) listens for key presses
on the whole page, ignores them while someone types in a field or holds a
modifier, and sends the command a key is bound to. The kernel stays the
judge: only a message naming one of this widget's own commands runs it;
anything else the page sends is counted in ``refused`` and dropped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import anywidget
from traitlets import Dict, Int, Unicode

_STATIC = Path(__file__).parent / "static"


class KeyCommands(anywidget.AnyWidget):
    """``bindings`` maps a key (``event.key``: "ArrowRight", "n") to a command name; see :meth:`on_command`."""

    _esm = _STATIC / "key_commands.js"

    bindings = Dict(Unicode(), help="Key (as the browser names it) → command.").tag(sync=True)
    refused = Int(0, help="Messages from the page that named no command of this widget.")

    def __init__(self, bindings: dict[str, str], **kwargs):
        super().__init__(bindings=dict(bindings), **kwargs)
        self._handlers: list[Callable[[str], None]] = []
        self.on_msg(self._received)

    def on_command(self, handler: Callable[[str], None]) -> None:
        """Call ``handler(command)`` for each command the page sends."""
        self._handlers.append(handler)

    def run(self, command: str) -> None:
        """Run ``command`` as if its key were pressed (for buttons that mirror the keys, and for tests)."""
        if command not in set(self.bindings.values()):
            self.refused += 1
            return
        for handler in self._handlers:
            handler(command)

    def _received(self, _widget, content, _buffers) -> None:
        command = content.get("command") if isinstance(content, dict) else None
        self.run(command if isinstance(command, str) else "")
