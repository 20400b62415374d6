"""Helpers for testing widgets without a browser or a kernel: a small front end.

A test drives a widget the way a person at the page would, through what the
page is sent and what it sends back, never through a widget's private parts:

- **find** a control the way a person does, by its role (a button, a radio
  group, a text field...), its visible label, the text it shows, or its CSS
  class as the browser sees it (the ``_dom_classes`` in ``get_state()``).
  Only what is shown counts: a widget whose layout is ``display: none`` and
  everything inside it are hidden, as they are on the page.
- **act** as the browser would: :func:`click` a button, :func:`choose` an
  option by its label, :func:`fill` a text field, :func:`send` any state (a
  broken or hostile page included) or a custom :func:`message`. Each goes
  through the entry point the comm calls (``set_state`` for a state update,
  a button's click handlers for its click message, the ``on_msg`` handlers
  for a custom one), so the kernel's checks run exactly as for a real page;
  only, where ipywidgets would log a handler's exception, the test fails.
- **read** what the page shows: :func:`text` (what a person reads) and
  :func:`markup` (the HTML the page is sent, to check escaping).

``recording_comms()`` swaps the comm layer for one that records what each
widget sends, so a test can check what the page would be told::

    with recording_comms() as sent:
        scale = find(rating, role="radio group")
        send(scale, {"index": 99})
        assert sent.states(scale)[-1] == {"index": None}
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from html import unescape
from html.parser import HTMLParser
from typing import Iterator

import comm
from ipywidgets import (HTML, Box, Button, Checkbox, DatePicker, Dropdown, FloatText, Label, Select, Text, Textarea,
                        ToggleButtons, Widget)

from ._radio import RadioGroup

#: The roles a person (or a screen reader) tells the controls apart by, and the widgets that play each.
ROLES: dict[str, tuple[type, ...]] = {
    "button": (Button,),
    "radio group": (RadioGroup, ToggleButtons),
    "text field": (Text, Textarea),
    "number field": (FloatText,),
    "date field": (DatePicker,),
    "list": (Dropdown, Select),
    "checkbox": (Checkbox,),
    "text": (HTML, Label),
}


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


# -- looking at the page --------------------------------------------------------------


def classes(widget: Widget) -> tuple[str, ...]:
    """The widget's CSS classes, as the state sent to the page gives them."""
    return tuple(widget.get_state("_dom_classes")["_dom_classes"])


def hidden(widget: Widget) -> bool:
    """Whether the widget itself is not drawn (its layout says ``display: none``)."""
    layout = getattr(widget, "layout", None)
    return layout is not None and layout.display == "none"


def shown(root: Widget, *, include_hidden: bool = False) -> Iterator[Widget]:
    """``root`` and every widget shown inside it, depth first in page order.

    A box shows its ``children``; a hidden widget is left out with all it
    holds, unless ``include_hidden``.
    """
    if hidden(root) and not include_hidden:
        return
    yield root
    if isinstance(root, Box):
        for child in root.children:
            yield from shown(child, include_hidden=include_hidden)


def is_shown(widget: Widget, root: Widget) -> bool:
    """Whether ``widget`` is on the page ``root`` draws (inside it, and nothing on the way is hidden)."""
    return any(w is widget for w in shown(root))


def label_of(widget: Widget) -> str:
    """The label a person reads a control by: a button's text, a group's question, a field's description."""
    if isinstance(widget, RadioGroup):
        return widget.label
    return getattr(widget, "description", "") or ""


def options(widget: Widget) -> tuple[str, ...]:
    """The labels of a choice control's options, as the page shows them."""
    return tuple(widget.get_state("_options_labels")["_options_labels"])


def chosen(widget: Widget) -> str | None:
    """The label of the option a choice control shows as chosen, or None."""
    index = widget.get_state("index")["index"]
    return None if index is None else options(widget)[index]


class _TextOnly(HTMLParser):
    """Collects the text of an HTML fragment, leaving out style and script."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skipping += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script") and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def html_text(fragment: str) -> str:
    """The text a person reads in an HTML fragment, whitespace collapsed."""
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    return " ".join(unescape(" ".join(parser.parts)).split())


def _own_text(widget: Widget) -> str:
    if isinstance(widget, (HTML, Label)):
        return html_text(widget.value) if isinstance(widget, HTML) else widget.value
    parts = [label_of(widget)]
    if isinstance(widget, (RadioGroup, ToggleButtons, Dropdown, Select)):
        parts.extend(options(widget))
    return " ".join(p for p in parts if p)


def text(root: Widget) -> str:
    """Everything a person reads on the part of the page ``root`` draws, in order, as one line."""
    return " ".join(t for t in (_own_text(w) for w in shown(root)) if t)


def markup(root: Widget) -> str:
    """The HTML the page is sent for the text shown inside ``root``, joined in page order."""
    return "".join(w.value for w in shown(root) if isinstance(w, HTML))


def find_all(root: Widget, *, role: str | None = None, label: str | re.Pattern | None = None,
             css: str | None = None, contains: str | None = None, kind: type | None = None,
             include_hidden: bool = False) -> list[Widget]:
    """Every widget shown inside ``root`` that matches all the given tests.

    ``role`` is one of :data:`ROLES`; ``label`` the control's label, exactly,
    or a compiled pattern searched in it; ``css`` one of its CSS classes;
    ``contains`` a piece of the text it shows (:func:`text`); ``kind`` a
    widget class, for a part a person never sees but the page acts on.
    """
    if role is not None and role not in ROLES:
        raise ValueError(f"unknown role {role!r}; roles are {', '.join(ROLES)}")
    found = []
    for widget in shown(root, include_hidden=include_hidden):
        if role is not None and not isinstance(widget, ROLES[role]):
            continue
        if kind is not None and not isinstance(widget, kind):
            continue
        if label is not None and not _label_matches(widget, label):
            continue
        if css is not None and (not widget.has_trait("_dom_classes") or css not in classes(widget)):
            continue
        if contains is not None and contains not in text(widget):
            continue
        found.append(widget)
    return found


def _label_matches(widget: Widget, wanted) -> bool:
    own = label_of(widget)
    return bool(wanted.search(own)) if isinstance(wanted, re.Pattern) else own == wanted


def find(root: Widget, **tests) -> Widget:
    """The one widget shown inside ``root`` that matches ``tests`` (see :func:`find_all`).

    Fails, naming what was asked for, when none or several match: a test
    that finds the wrong control would test the wrong thing.
    """
    found = find_all(root, **tests)
    if len(found) != 1:
        asked = ", ".join(f"{key}={value!r}" for key, value in tests.items())
        raise AssertionError(f"expected one widget with {asked} on the page, found {len(found)}")
    return found[0]


# -- acting as the browser ------------------------------------------------------------


def send(widget: Widget, state: dict) -> None:
    """Send ``state`` from the page, as the front end's ``update`` message would; nothing is checked here."""
    widget.set_state(state)


def _run_handlers(dispatcher, *args) -> None:
    """Call each handler as ipywidgets' CallbackDispatcher does, but let an exception through.

    ipywidgets only logs a handler's exception (the page is never told), so a
    handler that crashes would pass a test unnoticed; here it fails the test.
    """
    for handler in list(dispatcher.callbacks):
        handler(*args)


def message(widget: Widget, content: dict, buffers=()) -> None:
    """Send a custom message from the page (what a front end's ``model.send(content)`` sends)
    to the widget's ``on_msg`` handlers."""
    _run_handlers(widget._msg_callbacks, widget, content, list(buffers))


def click(button: Button) -> None:
    """Click ``button`` as a person would: only an enabled button sends the click message."""
    if not isinstance(button, Button):
        raise AssertionError(f"{type(button).__name__} is not a button")
    if button.disabled:
        raise AssertionError(f"the button {button.description!r} is disabled; a person cannot click it")
    _run_handlers(button._click_handlers, button)


def choose(group: Widget, option: str | None) -> None:
    """Pick the option labelled ``option`` (None clears the choice), as the page sends it: by index."""
    if option is None:
        send(group, {"index": None})
        return
    labels = options(group)
    if option not in labels:
        raise AssertionError(f"no option {option!r}; the options are {list(labels)}")
    send(group, {"index": labels.index(option)})


def fill(field: Widget, value) -> None:
    """Type ``value`` into a text, number or date field, as the page sends it."""
    send(field, {"value": value})
