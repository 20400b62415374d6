"""Layout and style models shared by many private controls.

Every ipywidgets control creates its own layout and style model (two more
comms, each serialising dozens of traits) unless given one. The controls
inside an item all look alike, so they share one model per look: this cuts
the cost of building a long form by more than half. Only private children
share; the public widgets keep their own layout, so changing one item's
layout never changes another's.
"""

from __future__ import annotations

from ipywidgets import Layout, ToggleButtonsStyle
from ipywidgets.widgets.widget_string import HTMLStyle

_shared: dict[str, object] = {}


def _reuse(name: str, factory):
    model = _shared.get(name)
    if model is None or model.comm is None:  # closed (e.g. Widget.close_all): make a new one
        model = _shared[name] = factory()
    return model


def button_style() -> ToggleButtonsStyle:
    """Buttons as wide as their label, so "Most of the time" is not cut short."""
    return _reuse("buttons", lambda: ToggleButtonsStyle(button_width="auto"))


def html_style() -> HTMLStyle:
    return _reuse("html", HTMLStyle)


def full_width() -> Layout:
    return _reuse("full-width", lambda: Layout(width="100%"))


def wide_layout() -> Layout:
    """A layout of its own (not shared) for a box that should use the width, up to a comfortable line."""
    return Layout(width="min(100%, 44em)")
