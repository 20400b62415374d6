"""RadioGroup: one choice out of a few, as a WAI-ARIA radio group the keyboard can reach in one Tab.

ipywidgets' ToggleButtons give every option its own tab stop and tell a
screen reader nothing about which one is chosen. This control draws the
standard radio group pattern instead (``static/radio_group.js``: named
after the question, ``role=radio`` with ``aria-checked``, roving tabindex,
arrow keys move and select). Its front end comes with anywidget, which
ships as a JupyterLab extension, so it needs no build step and works in
JupyterLab and Voila alike. The kernel stays the judge: the page may only
send ``index``, and a bad one is refused like any other browser input.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
from traitlets import Bool, List, Tuple, Unicode

from ._browser import _StrictIndex

_STATIC = Path(__file__).parent / "static"


class RadioGroup(_StrictIndex, anywidget.AnyWidget):
    """Pick one of ``options`` (``[(label, value), ...]`` or labels); ``index`` is the choice."""

    _esm = _STATIC / "radio_group.js"
    _css = _STATIC / "radio_group.css"

    _options_labels = Tuple(help="The options' labels, in order.").tag(sync=True)
    tooltips = List(Unicode(), help="A longer description per option, shown on hover.").tag(sync=True)
    label = Unicode("", help="The group's accessible name: the question the options answer.").tag(sync=True)
    disabled = Bool(False, help="Shown but not changeable (e.g. a closed round).").tag(sync=True)

    def __init__(self, options=(), **kwargs):
        labels = tuple(str(option[0] if isinstance(option, tuple) else option) for option in options)
        super().__init__(_options_labels=labels, **kwargs)
