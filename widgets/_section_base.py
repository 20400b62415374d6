"""The private base of the section widgets: a title, items, completion and score.

The section builds one item widget per item (the class chosen by the
item's kind), restores them from the binding with one store read, and keeps
``value`` (``{item_id: answer}`` of the answered items), completion and
score in step with its items.
"""

from __future__ import annotations

from ipywidgets import HTML, VBox
from markupsafe import Markup
from traitlets import Bool, Dict, Enum, Float, Int, TraitError, Unicode, observe, validate

from workbook.basics.i18n import SOURCE_LANGUAGE
from workbook.errors import AnswerError
from workbook.instruments.model import Instrument, Section
from workbook.assess.scoring import flagged_mistakes, is_profile_section, score_section, section_profile

from ._base import SAVE_STATES, combined_save_state, same_answer
from ._browser import _BrowserInput
from ._profile_view import profile_html
from ._shared import full_width, html_style
from ._views import render


class _SectionBase(_BrowserInput, VBox):
    """Private base: a whole instrument section, one item widget per item."""

    #: Item widget class per item kind that this section shows.
    item_widgets: dict[str, type] = {}

    value = Dict(help="The answers given, {item_id: value}; unanswered items are left out.").tag(sync=True)
    answered = Int(0, help="How many items have an answer (\"not applicable\" counts).").tag(sync=True)
    total = Int(0, help="How many items the section has.").tag(sync=True)
    completion = Float(0.0, help="answered / total, from 0 to 1.").tag(sync=True)
    complete = Bool(False, help="Whether every item has an answer.").tag(sync=True)
    score = Float(None, allow_none=True,
                  help="The section's score, 0-100, once complete and scored; else None.").tag(sync=True)
    error = Unicode("", help="Why the last change to the whole section was refused.").tag(sync=True)
    save_state = Enum(SAVE_STATES, "not saved", help="The items' save state, combined.").tag(sync=True)

    def __init__(self, section: Section, instrument: Instrument, *, binding=None, answers=None,
                 language: str = SOURCE_LANGUAGE, **kwargs):
        unknown = {item.kind for item in section.items} - set(self.item_widgets)
        if unknown or not section.items:
            raise ValueError(f"{type(self).__name__} shows {' or '.join(self.item_widgets)} sections; "
                             f"section {section.id!r} is a {section.kind} section")
        self.section, self.instrument, self.binding = section, instrument, binding
        self.language = language  # the page's, handed to every item
        if answers is None:
            answers = binding.answers(instrument) if binding is not None else {}
        self.items = tuple(self._item_widget(item, answers.get(item.id)) for item in section.items)
        self._header = HTML(self._header_html(), layout=full_width(), style=html_style(),
                            _dom_classes=("lb-section-header",))
        self._footer = HTML(layout=full_width(), style=html_style(), _dom_classes=("lb-section-status",))
        self._syncing = False
        classes = ("lb-section", f"lb-section-{instrument.id}-{section.id}", f"lb-{section.kind}s")
        super().__init__(children=(self._header, *self.items, self._footer), total=len(self.items),
                         _dom_classes=classes, **kwargs)
        for widget in self.items:
            widget.observe(self._item_changed, names=["value", "save_state"])
        self._item_changed(None)

    @classmethod
    def from_section(cls, section, instrument: Instrument, binding=None, **kwargs):
        """The widget for ``section`` (a Section or its id) of ``instrument``, filled from ``binding``."""
        if isinstance(section, str):
            section = instrument.section(section)
        return cls(section, instrument, binding=binding, **kwargs)

    def _item_widget(self, item, stored):
        kwargs = {"value": stored.value, "note": stored.note} if stored is not None else {}
        widget_class = self.item_widgets[item.kind]
        return widget_class(item, self.instrument, binding=self.binding, section=self.section,
                            language=self.language, **kwargs)

    def item(self, item_id: str):
        """The widget of one item."""
        for widget in self.items:
            if widget.item.id == item_id:
                return widget
        raise KeyError(item_id)

    # -- the parts --------------------------------------------------------------

    def _header_html(self) -> str:
        return render("section_header.html.j2", title=self.section.title, help=self.section.help)

    def _status_html(self) -> str:
        profile = score = flags = None
        unscored = False
        if self.section.kind == "mistakes":
            # Never a score here (the results count flagged mistakes, not points): what is flagged instead.
            flags = self._flags()
        elif is_profile_section(self.section):
            if self.answered:  # the profile view's own markup, rendered from its template
                profile = Markup(profile_html(section_profile(self.section, self.value), language=self.language))
        elif self.score is not None:
            score = self.score
        else:
            unscored = self.complete and self.section.scored
        return render("section_status.html.j2", language=self.language, answered=self.answered, total=self.total, profile=profile,
                      score=score, unscored=unscored, flags=flags, error=self.error)

    def _flags(self) -> dict:
        """How many mistakes are flagged, by scoring's own definition (severity 1 or more,
        :func:`~workbook.assess.scoring.flagged_mistakes`), and the actions the flagged ones unlock."""
        ids = {item.id for item in self.section.items}
        flagged = {m.item_id for m in flagged_mistakes(self.instrument, self.value) if m.item_id in ids}
        actions = {a for w in self.items if w.item.id in flagged for a in w.unlocked}
        return {"flagged": len(flagged), "actions": len(actions)}

    # -- keeping in step with the items ------------------------------------------

    def _item_changed(self, change) -> None:
        if change is not None and change.name == "save_state":
            self.save_state = combined_save_state(w.save_state for w in self.items)
            return
        value = {w.item.id: w.value for w in self.items if w.value is not None}
        result = score_section(self.section, value, self.instrument.id)
        self._syncing = True
        try:
            with self.hold_sync():
                self.value = value
                self.answered = result.answered
                self.completion = result.answered / result.total
                self.complete = result.complete
                self.score = result.score if result.complete else None
                self.save_state = combined_save_state(w.save_state for w in self.items)
                self._footer.value = self._status_html()
        finally:
            self._syncing = False

    @validate("value")
    def _validate_value(self, proposal):
        answers = proposal.value
        try:
            for item_id, value in answers.items():
                self.section.item(item_id).check_value(value)
        except KeyError as exc:
            raise TraitError(f"section {self.section.id!r} has no item {exc.args[0]!r}") from None
        except AnswerError as exc:
            raise TraitError(str(exc)) from None
        return answers

    @observe("value")
    def _value_changed(self, change):
        # A whole-section change (from Python or the page): hand each answer to its item.
        if self._syncing:
            return
        for widget in self.items:
            wanted = change.new.get(widget.item.id)
            if not same_answer(widget.value, wanted):
                widget.value = wanted
        self._item_changed(None)

    @observe("refused")
    def _accepted_again(self, change):
        # A change from the page was accepted after a refusal: the old message no longer applies.
        if not change.new:
            self.error = ""

    @observe("error")
    def _error_changed(self, change):
        self._footer.value = self._status_html()
