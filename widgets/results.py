"""Results: section scores as a chart, strongest and weakest areas, flagged mistakes."""

from __future__ import annotations

from ipywidgets import HTML, VBox
from markupsafe import Markup
from traitlets import Dict, Enum, List, Unicode, observe

from workbook.basics.i18n import N_, SOURCE_LANGUAGE, translator
from workbook.instruments import builtin_instruments
from workbook.assess.scoring import Summary, assessment_summary
from workbook.views.charts import bar_chart, radar_chart

from ._browser import _BrowserInput
from ._inputs import ChoiceButtons
from ._profile_view import profile_html
from ._views import render

CHART_CHOICES = ((N_("Bars"), "bars"), (N_("Radar"), "radar"))
#: The series' names when none are given: the person's scores, and what they are compared with.
LABELS = (N_("You"), N_("Comparison"))


def _comparison_scores(comparison) -> dict[str, float]:
    """``{ref: score}`` from a Summary or a mapping; refs are ``instrument/section``."""
    if comparison is None:
        return {}
    if isinstance(comparison, Summary):
        return {s.ref: s.score for s in comparison.scores if s.score is not None}
    clean = {}
    for ref, score in dict(comparison).items():
        if score is None:
            continue
        if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 <= score <= 100:
            raise ValueError(f"comparison score for {ref!r} must be a number from 0 to 100, not {score!r}")
        clean[str(ref)] = round(float(score), 1)
    return clean


class Results(_BrowserInput, VBox):
    """Section scores as an SVG chart (bars or radar), with an optional comparison series
    (e.g. "team average"), the strongest and weakest areas, and the flagged mistakes.

    ``scores`` holds what the chart shows as plain data. Build it with
    :meth:`from_store` (and call :meth:`refresh` when answers change), with
    ``answers=`` a callable returning ``{instrument_id: {item_id: value}}``,
    or with :meth:`from_summary` for results computed elsewhere.
    """

    chart = Enum(("bars", "radar"), "bars", help="How the scores are drawn.").tag(sync=True)
    series = List(Unicode(), help="The names of the series: yours, then the comparison's.").tag(sync=True)
    scores = List(Dict(), help="Per scored section: {ref, title, score, comparison}.").tag(sync=True)

    _browser_keys = ("chart",)

    def __init__(self, summary: Summary | None = None, *, comparison=None, labels=None,
                 binding=None, instruments=None, answers=None, language: str = SOURCE_LANGUAGE, **kwargs):
        self.binding, self.language = binding, language
        _ = translator(language).gettext
        labels = labels if labels is not None else tuple(_(label) for label in LABELS)
        self._answers = answers
        self.instruments = tuple(instruments) if instruments is not None else None
        self._labels = tuple(labels)
        self._chooser = ChoiceButtons(options=[(_(label), value) for label, value in CHART_CHOICES],
                                      description=_("Chart"), index=0,
                                      tooltips=[_("Scores as bars"), _("Scores as a radar")])
        self._chooser.observe(lambda change: setattr(self, "chart", CHART_CHOICES[change.new][1]), names="index")
        self._chart_view = HTML(_dom_classes=("lb-chart-view",))
        self._details = HTML(_dom_classes=("lb-results-details",))
        super().__init__(children=(self._chooser, self._chart_view, self._details),
                         _dom_classes=("lb-results",), **kwargs)
        self.summary = None
        self.update(summary or assessment_summary((), {}), comparison)

    @classmethod
    def from_summary(cls, summary: Summary, comparison=None, labels=None, **kwargs):
        return cls(summary, comparison=comparison, labels=labels, **kwargs)

    @classmethod
    def from_store(cls, binding, instruments=None, comparison=None, labels=None, **kwargs):
        """Results of the answers held by ``binding`` (for the built-in instruments unless given)."""
        results = cls(binding=binding, instruments=instruments, comparison=comparison, labels=labels, **kwargs)
        results.refresh(comparison)
        return results

    def refresh(self, comparison=None) -> None:
        """Re-read the answers and redraw (keeps the comparison unless a new one is given).

        The answers come from the ``answers`` callable given at construction
        (``{instrument_id: {item_id: value}}``), else from the binding.
        """
        instruments = self.instruments if self.instruments is not None else builtin_instruments()
        if self._answers is not None:
            answers = self._answers()
        elif self.binding is not None:
            answers = {i.id: self.binding.values(i) for i in instruments}
        else:
            return
        self.update(assessment_summary(instruments, answers), comparison)

    def update(self, summary: Summary, comparison=None) -> None:
        """Show ``summary``; ``comparison`` is a Summary or ``{ref: score}`` (None keeps the current one)."""
        if comparison is not None or self.summary is None:
            self._comparison = _comparison_scores(comparison)
        self.summary = summary
        rows = [{"ref": s.ref, "title": s.title, "score": s.score, "comparison": self._comparison.get(s.ref)}
                for s in summary.scores if s.kind != "mistakes" and s.score is not None and not s.profile]
        with self.hold_sync():
            self.series = list(self._labels[: 2 if self._comparison else 1])
            self.scores = rows
        self._draw()
        self._details.value = self._details_html()

    @observe("chart")
    def _chart_chosen(self, change):
        self._chooser.index = [value for _, value in CHART_CHOICES].index(change.new)
        self._draw()

    def _draw(self) -> None:
        if not self.scores:
            self._chart_view.value = render("results_note.html.j2", language=self.language, kind="empty")
            return
        with_comparison = len(self.series) > 1
        rows = [(r["title"], [r["score"], r["comparison"]] if with_comparison else [r["score"]]) for r in self.scores]
        note = ""
        if self.chart == "radar" and len(rows) < 3:
            note = render("results_note.html.j2", language=self.language, kind="radar")
        draw = radar_chart if self.chart == "radar" else bar_chart
        title = translator(self.language).gettext("Scores by area, 0 to 100")
        self._chart_view.value = note + draw(rows, self.series, title)

    def _repr_mimebundle_(self, **kwargs):
        # A saved notebook opened without its widget state (nbconvert, a notebook
        # viewer) shows this static copy of the chart and lists instead of nothing.
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle["text/html"] = (f"<div class='lb-results'>{self._chart_view.value}"
                                   f"{self._details.value}</div>")
        return bundle

    def _details_html(self) -> str:
        profile = None
        if self.summary.profile.lean is not None:
            profile = Markup(profile_html(self.summary.profile,
                                          translator(self.language).gettext("Between managing and leading"),
                                          language=self.language))
        return render("results_details.html.j2", language=self.language, summary=self.summary, profile=profile)
