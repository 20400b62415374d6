"""ActionPlan: an editor of the actions that answer the assessment's gaps."""

from __future__ import annotations

from ipywidgets import HTML, Button, Layout, VBox
from traitlets import Float, Int, List, TraitError, Unicode, observe, validate

from workbook.basics.i18n import SOURCE_LANGUAGE, translator
from workbook.basics.printable import shorten
from workbook.errors import PlanError
from workbook.assess.plan import check_plan, missing_fields, new_action, plan_completion, plan_warnings
from workbook.assess.scoring import suggest_actions

from ._base import error_html
from ._browser import _BrowserInput
from ._plan_editor import TYPED_FIELDS, ActionCard
from ._plan_gaps import NO_GAP, FocusGroup, focus_groups, gap_choices, gap_label
from ._views import render
from .saving import TYPING_DELAY, _SavesThrough


class ActionPlan(_SavesThrough, _BrowserInput, VBox):
    """Edit a plan of actions: what, the gap it answers, owner, due date, measure of
    success and its Kirkpatrick level, status.

    First come the red flags (flagged mistakes) and the three weakest areas,
    each with its best suggested actions (one click adds one); the other
    suggestions are one click away. Then every action is a card edited in
    place, with its own buttons to move it or remove it.

    ``value`` is the plan: a list of action dicts (see :mod:`workbook.assess.plan`).
    An action without a measure, due date or owner is flagged in ``warnings``
    and on its card, not refused. Build it with :meth:`from_instruments` to load
    the stored plan and suggestions drawn from the stored answers.
    """

    value = List(help="The plan: a list of action dicts, in order.").tag(sync=True)
    selected = Int(None, allow_none=True, help="The position of the action last added or edited; None when none is.")
    warnings = List(Unicode(), help="What is missing from the plan's actions (flagged, not refused).").tag(sync=True)
    completion = Float(0.0, help="How far the plan has got (workbook.assess.plan.plan_completion): 1 once an action "
                                 "has an owner, due date and measure; never lower for adding more.").tag(sync=True)

    def __init__(self, instruments=(), *, binding=None, value=None, suggestions=(), answers=None,
                 language: str = SOURCE_LANGUAGE, **kwargs):
        self.instruments, self.binding, self.language = tuple(instruments), binding, language
        _ = translator(language).gettext
        self._answers = answers
        self._live = False
        self._last_answers: dict | None = None
        self._suggestions, self._suggestion_buttons, self._group_widgets = None, [], []
        self._gaps = [(_(label), ref) if (label, ref) == NO_GAP else (label, ref)
                      for label, ref in gap_choices(self.instruments)]
        self.cards: list[ActionCard] = []
        self._cards_by_id: dict[str, ActionCard] = {}
        plan = check_plan(value if value is not None else (binding.plan() if binding is not None else []))
        self._saved = plan
        self._header = HTML(_dom_classes=("lb-plan-summary",))
        self._error_view = HTML(_dom_classes=("lb-error",), layout=Layout(display="none"))
        self._suggestion_box = VBox(_dom_classes=("lb-suggestions",))
        self._more_box = VBox(_dom_classes=("lb-more-suggestions",), layout=Layout(display="none"))
        self.more_button = Button(description=_("Show more suggestions"), icon="chevron-down",
                                  tooltip=_("Suggestions for your other gaps"), layout=Layout(width="auto"),
                                  _dom_classes=("lb-more-toggle",))
        self.more_button.on_click(self._toggle_more)
        self._focus_intro = HTML(render("plan_focus_intro.html.j2", language=language, first=True),
                                 _dom_classes=("lb-focus-intro",))
        self._other_intro = HTML(render("plan_focus_intro.html.j2", language=language, first=False),
                                 _dom_classes=("lb-focus-intro",))
        self._cards_box = VBox(_dom_classes=("lb-plan-cards",))
        self.add_button = Button(description=_("New action"), icon="plus", tooltip=_("Add an empty action to the plan"),
                                 layout=Layout(width="auto"), _dom_classes=("lb-plan-new",))
        self.add_button.on_click(self._add_blank)
        super().__init__(value=plan, save_state="saved" if binding is not None else "not saved",
                         _dom_classes=("lb-action-plan",), **kwargs)
        actions_heading = HTML(render("plan_heading.html.j2", language=language), _dom_classes=("lb-plan-heading",))
        self.children = (self._suggestion_box, actions_heading, self._header, self._error_view, self._cards_box,
                         self.add_button)
        self._live = True
        self.set_suggestions(suggestions)
        self._refresh(select=0 if plan else None)

    @classmethod
    def from_instruments(cls, instruments, binding=None, answers=None, **kwargs):
        """A plan editor for ``instruments``: the stored plan, and suggestions from ``answers``
        (``{instrument_id: {item_id: value}}``, or a callable returning that; read from
        ``binding`` when not given)."""
        plan = cls(instruments, binding=binding, answers=answers if callable(answers) else None, **kwargs)
        plan.refresh_suggestions(None if callable(answers) else answers)
        return plan

    @property
    def fields(self) -> dict:
        """The controls of the selected action's card (of the first card when none is selected)."""
        if not self.cards:
            return {}
        return self.cards[self.selected if self.selected is not None else 0].fields

    # -- suggestions ------------------------------------------------------------

    def set_suggestions(self, suggestions, answers=None) -> None:
        """Show these suggestions (``workbook.assess.scoring.Suggestion``), one "add" button each: the red
        flags and the three weakest areas first (sorted from ``answers``, keyed by instrument id,
        when given), then the others behind "Show more suggestions"."""
        suggestions = list(suggestions)
        if suggestions == self._suggestions and answers == self._last_answers:
            return
        for widget in self._group_widgets:
            widget.close()  # its comm would otherwise outlive it in the kernel
        self._last_answers = answers
        translations = translator(self.language)
        _ = translations.gettext
        first, rest = focus_groups(self.instruments, answers or {}, suggestions, gettext=_)
        ordered, buttons, made = [], [], []

        def group_box(group: FocusGroup, level: int) -> VBox:
            kind = {"flag": _("Red flag"), "weak": _("Weak area")}.get(group.kind, "")
            heading = HTML(render("plan_focus_heading.html.j2", language=self.language, level=level, kind=kind,
                                  title=group.title, detail=group.detail))
            made.append(heading)
            row = []
            for suggestion in group.suggestions:
                button = Button(description=suggestion.text, icon="plus",
                                tooltip=_("Add to your plan: %(action)s") % {"action": suggestion.text},
                                layout=Layout(width="auto", height="auto"), _dom_classes=("lb-suggestion",))
                button.on_click(lambda _, s=suggestion: self.add(s.text, s.gap))
                ordered.append(suggestion)
                buttons.append(button)
                row.append(button)
            box = VBox([heading, *row], _dom_classes=("lb-focus-group", f"lb-focus-{group.kind}"))
            made.append(box)
            return box

        first_boxes = [group_box(group, 4) for group in first]
        more_boxes = [group_box(group, 4) for group in rest]
        self._more_box.children = tuple(more_boxes)
        count = sum(len(g.suggestions) for g in rest)
        self.more_button.description = (
            translations.ngettext("Show %(count)d more suggestion", "Show %(count)d more suggestions", count) if first
            else translations.ngettext("Show %(count)d suggestion", "Show %(count)d suggestions", count)
        ) % {"count": count}
        # Nothing sorted first (no answers to sort by): show them all; else they wait behind the button.
        self._more_box.layout.display = "" if not first else "none"
        self.more_button.icon = "chevron-down"
        children = []
        if ordered:
            children = [self._focus_intro if first else self._other_intro, *first_boxes]
            if more_boxes and first:
                children += [self.more_button, self._more_box]
            elif more_boxes:
                children += [self._more_box]
        self._suggestion_box.children = tuple(children)
        self._suggestions = ordered
        self._suggestion_buttons = buttons
        self._group_widgets = made + buttons
        self._mark_suggestions()

    def _toggle_more(self, _click=None) -> None:
        shown = self._more_box.layout.display != "none"
        self._more_box.layout.display = "none" if shown else ""
        self.more_button.icon = "chevron-down" if shown else "chevron-up"
        count = sum(1 for box in self._more_box.children for child in box.children if isinstance(child, Button))
        translations = translator(self.language)
        if shown:
            text = translations.ngettext("Show %(count)d more suggestion", "Show %(count)d more suggestions", count)
        else:
            text = translations.ngettext("Hide %(count)d more suggestion", "Hide %(count)d more suggestions", count)
        self.more_button.description = text % {"count": count}

    def refresh_suggestions(self, answers=None) -> None:
        """Recompute the suggestions from ``answers`` or, if not given, the ``answers`` callable
        given at construction, or the binding's stored answers."""
        if answers is None and self._answers is not None:
            answers = self._answers()
        elif answers is None:
            answers = {i.id: self.binding.values(i) for i in self.instruments} if self.binding is not None else {}
        self.set_suggestions([s for i in self.instruments for s in suggest_actions(i, answers.get(i.id, {}))],
                             answers)

    def refresh(self) -> None:
        """What a Stepper calls on entering the step: bring the suggestions up to date."""
        self.refresh_suggestions()

    def _mark_suggestions(self):
        planned = {action["what"] for action in self.value}
        _ = translator(self.language).gettext
        for suggestion, button in zip(self._suggestions or (), self._suggestion_buttons):
            button.disabled = suggestion.text in planned
            button.icon = "check" if button.disabled else "plus"
            button.tooltip = (_("In your plan: %(action)s") if button.disabled
                              else _("Add to your plan: %(action)s")) % {"action": suggestion.text}

    # -- editing ----------------------------------------------------------------

    def add(self, what: str, gap: str = "", **fields) -> None:
        """Append a new action and select it for editing."""
        self._change([*self.value, new_action(what, gap, **fields)], select=len(self.value))

    def _add_blank(self, _click=None):
        self.add(translator(self.language).gettext("New action"))

    def _index_of(self, card: ActionCard) -> int | None:
        ids = [a["id"] for a in self.value]
        return ids.index(card.action_id) if card.action_id in ids else None

    def _move_card(self, card: ActionCard, step: int) -> None:
        index = self._index_of(card)
        if index is None or not 0 <= index + step < len(self.value):
            return
        plan = list(self.value)
        plan[index], plan[index + step] = plan[index + step], plan[index]
        self._change(plan, select=index + step)

    def _remove_card(self, card: ActionCard) -> None:
        index = self._index_of(card)
        if index is None:
            return
        plan = [a for i, a in enumerate(self.value) if i != index]
        self._change(plan, select=min(index, len(plan) - 1) if plan else None)

    _typing = False  # the change being made is typed text: save it when the typing pauses

    def _card_edited(self, card: ActionCard, name: str, text: str) -> None:
        index = self._index_of(card)
        if index is None:
            return
        plan = list(self.value)
        plan[index] = dict(plan[index], **{name: text})
        # A What emptied while typing is refused (the plan keeps the last one) but left as typed:
        # putting the old text back under the person's fingers would fight their typing.
        emptied = name == "what" and not str(text).strip()
        self._typing = name in TYPED_FIELDS
        try:
            self._change(plan, select=index, reload=None if emptied else card)
        finally:
            self._typing = False

    def _field_refused(self, change):
        if change.new:
            self.error = change.new

    def _change(self, plan, select=None, reload=None) -> None:
        previous, self.selected = self.selected, select
        try:
            self.value = plan
        except TraitError as exc:
            self.selected = previous
            self.error = str(exc)
            if reload is not None:  # the refused edit's card shows the kept action again
                index = self._index_of(reload)
                reload.show(index + 1, len(self.value), self.value[index], self._gap_label)

    # -- validation and saving ---------------------------------------------------

    @validate("value")
    def _validate_value(self, proposal):
        try:
            return check_plan(proposal.value)
        except PlanError as exc:
            raise TraitError(str(exc)) from None

    @observe("value")
    def _plan_changed(self, change):
        if not self._live:
            return
        self.error = ""
        self._refresh(select=self.selected)
        if self.binding is None:
            return
        if change.new == self._saved:
            self._nothing_to_save()
            return
        plan = change.new

        def write():
            self._saved = self.binding.save_plan(plan)

        self._save(write, delay=TYPING_DELAY if self._typing else 0.0)

    def _restore_saved(self) -> None:
        with self._without_saving():
            self.value = self._saved
        self._refresh(select=self.selected)

    @observe("error")
    def _show_error(self, change):
        self._error_view.value = error_html(change.new) if change.new else ""
        self._error_view.layout.display = "" if change.new else "none"

    # -- showing ----------------------------------------------------------------

    def _gap_label(self, ref: str) -> str:
        return gap_label(ref, self.instruments)

    def _refresh(self, select=None) -> None:
        """Bring the cards, warnings, header and suggestion buttons in line with ``value``."""
        if select is not None and not 0 <= select < len(self.value):
            select = len(self.value) - 1 if self.value else None
        self.selected = select
        cards = []
        for number, action in enumerate(self.value, 1):
            card = self._cards_by_id.get(action["id"])
            if card is None:
                card = ActionCard(action["id"], self._gaps, on_edit=self._card_edited, on_refused=self._field_refused,
                                  on_move=self._move_card, on_remove=self._remove_card, language=self.language)
                self._cards_by_id[action["id"]] = card
            card.show(number, len(self.value), action, self._gap_label)
            cards.append(card)
        for action_id in set(self._cards_by_id) - {a["id"] for a in self.value}:
            self._cards_by_id.pop(action_id).close()
        self.cards = cards
        if tuple(self._cards_box.children) != tuple(cards):
            self._cards_box.children = tuple(cards)
        with self.hold_sync():
            self.warnings = plan_warnings(self.value)
            self.completion = plan_completion(self.value)
        self._header.value = self._summary_html()
        self._mark_suggestions()

    def _summary_html(self) -> str:
        return render("plan_summary.html.j2", language=self.language, count=len(self.value),
                      warnings=self._shown_warnings())

    def _shown_warnings(self) -> list[str]:
        """``warnings`` as the page says them, in its language (the trait keeps the plan's own words)."""
        if self.language == SOURCE_LANGUAGE:
            return list(self.warnings)
        _ = translator(self.language).gettext
        shown = []
        for number, action in enumerate(self.value, 1):
            missing = missing_fields(action)
            if missing:
                listed = ", ".join(_("no %(field)s") % {"field": _(label)} for label in missing)
                shown.append(_("Action %(number)d (%(what)s) has %(missing)s.")
                             % {"number": number, "what": shorten(action["what"]), "missing": listed})
        return shown
