"""Stepper: guided progress through a list of steps, without reloading the page."""

from __future__ import annotations

from ipywidgets import HTML, Button, HBox, Layout, VBox
from traitlets import Any, Enum, Float, List, TraitError, Unicode, observe, validate

from workbook.basics.i18n import SOURCE_LANGUAGE, translator

from ._base import SAVE_STATES, combined_save_state
from ._browser import _BrowserInput
from ._step_focus import StepFocus
from ._views import render


def _completion_of(widget) -> float | None:
    """A step's completion (0-1) if it reports one, else None (e.g. a results page)."""
    if widget.has_trait("completion"):
        return widget.completion
    return None


class Stepper(_BrowserInput, VBox):
    """Walks through ``steps`` (``[(title, widget), ...]``): a list of the steps showing which
    are complete, the current step, Back and Next, and the overall completion.

    A step counts when its widget has a ``completion`` trait (every section,
    instrument and the action plan has one); moving to a step calls its
    widget's ``refresh()`` if it has one, so results and suggestions are current,
    and the browser brings the new step's top into view with the focus on its
    heading (each step widget gets the class ``lb-stepper-step-<position>``).
    """

    index = Any(0, help="The position of the step shown.").tag(sync=True)
    titles = List(Unicode(), help="The steps' titles, in order.").tag(sync=True)
    step_completion = List(Any(), help="Per step, its completion from 0 to 1, or None if it has none.").tag(sync=True)
    completion = Float(0.0, help="The mean completion of the steps that have one, from 0 to 1.").tag(sync=True)
    save_state = Enum(SAVE_STATES, "saved", help="The steps' save state, combined.").tag(sync=True)

    _browser_keys = ("index",)

    def __init__(self, steps, *, index: int = 0, language: str = SOURCE_LANGUAGE, **kwargs):
        self.language = language
        _ = translator(language).gettext
        steps = list(steps)
        if not steps:
            raise ValueError("a Stepper needs at least one step")
        self.steps = [(str(title), widget) for title, widget in steps]
        self._step_buttons = [self._step_button(n, title) for n, (title, _) in enumerate(self.steps)]
        self._back = Button(description=_("Back"), icon="arrow-left", tooltip=_("Go to the previous step"))
        self._next = Button(description=_("Next"), icon="arrow-right", tooltip=_("Go to the next step"))
        self._back.on_click(lambda _: self.go(self.index - 1))
        self._next.on_click(lambda _: self.go(self.index + 1))
        self._progress = HTML(_dom_classes=("lb-progress-text",))
        self._nav = HBox(self._step_buttons, layout=Layout(flex_flow="row wrap"), _dom_classes=("lb-step-list",))
        self._focus = StepFocus(layout=Layout(display="none"))
        self._footer = HBox([self._back, self._progress, self._next, self._focus], _dom_classes=("lb-step-footer",))
        for n, (_, widget) in enumerate(self.steps):
            if hasattr(widget, "add_class"):
                widget.add_class(f"lb-stepper-step-{n}")
        super().__init__(titles=[title for title, _ in self.steps], _dom_classes=("lb-stepper",), **kwargs)
        for _, widget in self.steps:
            names = [n for n in ("completion", "save_state") if widget.has_trait(n)]
            if names:
                widget.observe(self._step_changed, names=names)
        self._step_changed(None)
        self.index = index
        self._show()

    def _step_button(self, number: int, title: str) -> Button:
        tooltip = translator(self.language).gettext("Go to step %(number)d: %(title)s") % {
            "number": number + 1, "title": title}
        button = Button(description=f"{number + 1}. {title}", tooltip=tooltip,
                        layout=Layout(width="auto"), _dom_classes=("lb-step",))
        button.on_click(lambda _: self.go(number))
        return button

    def go(self, index: int) -> None:
        """Show step ``index`` (ignored when out of range, as Back on the first step)."""
        if 0 <= index < len(self.steps):
            self.index = index

    @property
    def current(self):
        """The widget of the step shown."""
        return self.steps[self.index][1]

    @validate("index")
    def _validate_index(self, proposal):
        index = proposal.value
        if isinstance(index, bool) or not isinstance(index, int):
            raise TraitError(f"the step must be a whole number, not {index!r}")
        if not 0 <= index < len(self.steps):
            raise TraitError(f"there is no step {index}; steps go from 0 to {len(self.steps) - 1}")
        return index

    @observe("index")
    def _index_moved(self, change):
        if hasattr(self, "_footer"):
            refresh = getattr(self.current, "refresh", None)
            if callable(refresh):
                refresh()
            self._show()
            self._focus.show(self.index)

    def _step_changed(self, change):
        done = [_completion_of(widget) for _, widget in self.steps]
        counted = [c for c in done if c is not None]
        states = [widget.save_state for _, widget in self.steps if widget.has_trait("save_state")]
        with self.hold_sync():
            self.step_completion = done
            self.completion = sum(counted) / len(counted) if counted else 0.0
            self.save_state = combined_save_state(states)
        self._mark_steps()

    def _mark_steps(self) -> None:
        for n, (button, (title, _)) in enumerate(zip(self._step_buttons, self.steps)):
            complete = self.step_completion[n] is not None and self.step_completion[n] >= 1
            button.description = f"{'✓ ' if complete else ''}{n + 1}. {title}"
            button.button_style = "success" if complete else ""
            classes = ["lb-step"] + (["lb-step-done"] if complete else []) + (
                ["lb-step-current"] if n == self.index else [])
            button._dom_classes = tuple(classes)
        done = sum(1 for c in self.step_completion if c is not None and c >= 1)
        counted = sum(1 for c in self.step_completion if c is not None)
        self._progress.value = render("stepper_progress.html.j2", language=self.language, number=self.index + 1, count=len(self.steps),
                                      percent=round(100 * self.completion), done=done, counted=counted)

    def _show(self) -> None:
        widget = self.current
        self._back.disabled = self.index == 0
        self._next.disabled = self.index == len(self.steps) - 1
        self._mark_steps()
        self.children = (self._nav, widget, self._footer)
