"""The guided page's steps, each built only when first opened.

A page that built all nine instruments at once would send the browser about
a thousand widget models before anyone could click, and keep them all in
the kernel. Here every step starts as a light placeholder that a
:class:`widgets.Stepper` can show and count: an assessment step is told its
completion from one store read and builds its
:class:`widgets.InstrumentAssessment` (restored from the store) the first
time the Stepper opens it; the Stepper calls ``refresh()`` on the step it
enters, which also brings results, suggestions and the summary up to date.

The placeholders exist before anyone visits (a preheated kernel makes them
early); what they build reads the visitor from ``page`` (``page.binding``,
``page.visit``) only when it is built.
"""

from __future__ import annotations

from typing import Callable

from ipywidgets import HTML, Layout, VBox
from traitlets import Enum, Float

from widgets import (SAVE_STATES, ActionPlan, ConvergenceMap, CostOfNonTraining, InstrumentAssessment,
                     JustificationPlanner, Results, combined_save_state)

from workbook.assess.convergence import WORKSHEET as MAP_WORKSHEET
from workbook.instruments.model import Instrument
from workbook.assess.plan import new_action
from workbook.assess.plan import plan_completion
from workbook.reports.summary import data_uri, summary_html

from ._views import render
from .own_copy import OwnCopy

#: One layout model for every placeholder: fewer models for the browser to load.
_SHARED: dict[str, Layout] = {}


def shared_layout() -> Layout:
    layout = _SHARED.get("layout")
    if layout is None or layout.comm is None:  # closed with its page: make another
        layout = _SHARED["layout"] = Layout()
    return layout


def page_card(*children, classes=()) -> VBox:
    """The page's white card around ``children``: a step's parts, the welcome, a notice."""
    return VBox(list(children), layout=shared_layout(), _dom_classes=("lb-card", *classes))


def disable_inputs(widget) -> None:
    """Make every control under ``widget`` read-only (a closed round still shows its answers).

    A part that only reads (the member's own copy) says so with ``stays_enabled_when_read_only``.
    """
    if getattr(widget, "stays_enabled_when_read_only", False):
        return
    if widget.has_trait("disabled"):
        widget.disabled = True
    for child in getattr(widget, "children", ()):
        disable_inputs(child)


class LazyStep(VBox):
    """A step whose widget is built by ``build()`` on the first ``refresh()``.

    ``intro`` (HTML, rendered from a template) goes above the widget in the step's card. Later calls
    to ``refresh()`` refresh the widget, if it can be. With ``read_only``
    set, every control of the built widget is disabled.
    """

    def __init__(self, build: Callable[[], object], *, intro: str = "", extras: Callable[[], list] | None = None,
                 classes=(), **kwargs):
        self._build, self._intro, self._extras = build, intro, extras
        self.read_only = False
        self.inner = None
        super().__init__(layout=shared_layout(), _dom_classes=("lb-step-body", *classes), **kwargs)

    @property
    def built(self) -> bool:
        return self.inner is not None

    def refresh(self) -> None:
        if self.inner is None:
            self.inner = self._build()
            extras = self._extras() if self._extras else []
            if self.read_only:
                for widget in (self.inner, *extras):
                    disable_inputs(widget)
            self._follow(self.inner, extras)
            parts = [HTML(self._intro)] if self._intro else []
            self.children = (page_card(*parts, self.inner, *extras),)
        elif callable(getattr(self.inner, "refresh", None)):
            self.inner.refresh()

    def _follow(self, inner, extras=()) -> None:
        """Mirror the built widget's ``completion``, and the save state of it and of the extras
        that save (a worksheet), for the Stepper's count and the page's header."""
        if self.has_trait("completion") and inner.has_trait("completion"):
            def copy_completion(_=None):
                self.completion = inner.completion

            inner.observe(copy_completion, names="completion")
            copy_completion()
        savers = [w for w in (inner, *extras) if w.has_trait("save_state")]
        if self.has_trait("save_state") and savers:
            def copy_save_state(_=None):
                self.save_state = combined_save_state(w.save_state for w in savers)

            for widget in savers:
                widget.observe(copy_save_state, names="save_state")
            copy_save_state()


class CountedStep(LazyStep):
    """A step the Stepper counts: its completion is set from the store before it is built."""

    completion = Float(0.0, help="How complete the step is, 0 to 1.")
    save_state = Enum(SAVE_STATES, "saved", help="Whether everything shown in the step is in the store.")


#: The worksheets that belong with a step (CONTENT.md): justifying training on the
#: five fundamental issues beside the mistakes, the cost of non-training beside
#: "training as an investment". Saved like answers; not counted in completion.
#: Each with the template of the introduction shown above it.
WORKSHEETS = {
    "mistakes-obstacles": (JustificationPlanner, "intro_justification.html.j2"),
    "learning-leader": (CostOfNonTraining, "intro_cost.html.j2"),
}


def assessment_step(page, instrument: Instrument) -> CountedStep:
    """One instrument's step; its completion is set by the page until it is built."""
    extras = None
    if instrument.id in WORKSHEETS:
        worksheet, intro = WORKSHEETS[instrument.id]
        extras = lambda: [HTML(render(intro, language=page.language)),  # noqa: E731
                          worksheet(binding=page.binding, language=page.language)]
    return CountedStep(lambda: InstrumentAssessment(instrument, binding=page.binding, language=page.language),
                       extras=extras,
                       classes=(f"lb-step-{instrument.id}",))


class SavingStep(LazyStep):
    """A step whose saving shows in the page's header but that progress does not count (the map)."""

    save_state = Enum(SAVE_STATES, "saved", help="Whether everything shown in the step is in the store.")


def add_to_plan(page, what: str, gap: str, level: str) -> None:
    """Add an action to the visitor's plan: through the plan editor once it is built, else to the store
    (the editor, built later, starts from there)."""
    plan = page.plan_step.inner
    if plan is not None:
        plan.add(what, gap, level=level)
        return
    actions = [*page.binding.plan(), new_action(what, gap, level=level)]
    page.binding.save_plan(actions)
    page.plan_step.completion = plan_completion(actions)


def map_step(page) -> SavingStep:
    """The convergence map: optional (a programme may leave it out) and never counted in progress."""
    return SavingStep(
        lambda: ConvergenceMap(binding=page.binding, language=page.language,
                               on_add_action=lambda what, gap, level: add_to_plan(page, what, gap, level)),
        intro=render("intro_map.html.j2", language=page.language),
        classes=("lb-step-map",))


def plan_step(page) -> CountedStep:
    return CountedStep(
        lambda: ActionPlan.from_instruments(page.instruments, binding=page.binding, language=page.language),
        intro=render("intro_plan.html.j2", language=page.language),
        classes=("lb-step-plan",))


def results_step(page) -> LazyStep:
    def build():
        results = Results(instruments=page.instruments, binding=page.binding, language=page.language)
        results.refresh()
        return results

    return LazyStep(build, intro=render("intro_results.html.j2", language=page.language),
                    classes=("lb-step-results",))


class SummaryLink(HTML):
    """A link that downloads the summary as one HTML file; rebuilt from the store on ``refresh()``."""

    def __init__(self, page):
        self._page = page
        super().__init__(_dom_classes=("lb-download",))

    def summary(self) -> str:
        """Everything the visitor entered: answers and the notes beside them, the worksheets and the map, the plan."""
        page, binding = self._page, self._page.binding
        stored = {i.id: binding.answers(i) for i in page.instruments}
        answers = {i: {item: s.value for item, s in got.items() if s.value is not None} for i, got in stored.items()}
        notes = {i: {item: s.note for item, s in got.items() if s.note} for i, got in stored.items()}
        names = [*(w.worksheet_name for w, _ in WORKSHEETS.values()), MAP_WORKSHEET]
        worksheets = {name: binding.worksheet(name) for name in names}
        return summary_html(page.instruments, answers, binding.plan(), title=page.own_text(page.programme.title),
                            respondent=page.visit.respondent.name, round_label=page.visit.round.label,
                            worksheets=worksheets, notes=notes, language=page.language)

    def refresh(self) -> None:
        text = self.summary()
        # The same page shown below the link, in a frame that may run nothing (sandbox) and reach nothing.
        self.value = render("summary_link.html.j2", language=self._page.language, href=data_uri(text), document=text)


def summary_step(page) -> LazyStep:
    def build():
        link = SummaryLink(page)
        link.refresh()
        return link

    # Below the summary, the member's own copy of everything kept about them (JSON and CSV).
    return LazyStep(build, intro=render("intro_summary.html.j2", language=page.language),
                    extras=lambda: [OwnCopy(page)],
                    classes=("lb-step-summary",))
