"""WorkbookPage: the whole guided page, header to summary, in one widget.

Built in two phases so a preheated Voila kernel does all it can before
anyone asks for the page. :meth:`WorkbookPage.from_programme` imports, loads
the instruments, opens the store and builds the page's frame: the header,
the Stepper and one placeholder per step, nothing about any visitor.
:meth:`WorkbookPage.open_for_visitor` waits for the request, works out who
is visiting and fills the frame from the store (one read for the progress,
one for the plan). Until then the page shows a quiet "opening" line, so a
kernel warmed long ago never shows stale answers.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from ipywidgets import HTML, Button, HBox, VBox
from ipywidgets.widgets.widget_string import HTMLStyle
from traitlets import Enum, Unicode

from widgets import SAVE_STATES, ConnectionWatch, PageLanguage, SaveStatus, Stepper, StoreBinding, TextInput, style

from workbook.basics.i18n import N_, SOURCE_LANGUAGE, translator
from workbook.errors import INVALID_LINK, LeaderbookError

from workbook.instruments.programme import (MAP_AFTER, PROGRAMME_FILE, Programme, load_programme, resolve_instruments,
                                shows_convergence_map)
from workbook.assess.plan import plan_completion
from workbook.assess.progress import Tallies, Tally
from .workbook_steps import (assessment_step, map_step, page_card, plan_step, results_step, shared_layout,
                             summary_step)
from ._views import render
from .language import language_switch  # the welcome's switch, shared with the coach's pages
from .request import NoVisitor
from . import request
from .visit import Visit, current_visit, open_page_store, visit_for_query

RATER_ROLES = {"manager": N_("as their manager"), "peer": N_("as a peer"),
               "direct-report": N_("as someone who reports to them")}
#: The problems a visit can have, as the page says them (the first is workbook.errors.INVALID_LINK).
#: What the page says when opening a visitor's workbook failed in the background (the cause is logged).
NOT_OPENED = N_("this workbook could not be opened; reload the page to try again")
PROBLEMS = {INVALID_LINK: N_("this link is not valid"), NOT_OPENED: NOT_OPENED}
#: The titles of the steps around the instruments' (an instrument's title is its own, in its file).
STEP_TITLES = {"welcome": N_("Welcome"), "map": N_("Convergence map"), "results": N_("Results"),
               "plan": N_("Action plan"), "summary": N_("Summary")}

#: The keys that name the steps around the instruments' (an instrument id starts with a letter, so none clashes).
WELCOME, MAP, RESULTS, PLAN, SUMMARY = "0-welcome", "0-map", "0-results", "0-plan", "0-summary"

if TYPE_CHECKING:  # the page may be given a StoreClient (the same calls): it never imports the store itself
    from workbook.store import Store

log = logging.getLogger("leaderbook.page")


def in_language(instrument, language: str):
    """``instrument`` with its text in ``language`` where a translation is kept beside it (ids, kinds
    and scales unchanged, so answers stay keyed alike); as written otherwise, and as written too when
    its translation is broken (a page never fails on it: ``leaderbook validate`` reports it)."""
    from workbook.errors import LeaderbookError
    from workbook.instruments import translated

    try:
        return translated(instrument, language)
    except LeaderbookError:
        return instrument


class WorkbookPage(VBox):
    """The guided workbook: a header (title, progress, save state) over a Stepper of steps."""

    state = Enum(("opening", "ready", "invalid"), "opening",
                 help="opening until the visitor is known; invalid when the link is not.").tag(sync=True)
    save_state = Enum(SAVE_STATES, "saved", help="The page's save state, as the header shows it.").tag(sync=True)
    respondent = Unicode("", help="The name of the person answering, once known.").tag(sync=True)

    def __init__(self, programme: Programme, instruments, store: Store, *, practice: bool = False,
                 language: str = SOURCE_LANGUAGE):
        self.programme, self.store, self.practice = programme, store, practice
        #: The instruments as written; ``self.instruments`` are they in the page's language (same ids).
        self._source_instruments = self.instruments = tuple(instruments)
        #: The language this page speaks, handed to every widget it builds (the visitor's, once known).
        self.language = language
        _ = translator(language).gettext
        self.visit: Visit | None = None
        self.binding: StoreBinding | None = None
        self._text_style = HTMLStyle()  # one style model for all the page's text
        self._title = self._text(render("page_title.html.j2", title=self.own_text(programme.title)), "lb-title")
        self._progress = self._text("", "lb-progress")
        self._body = VBox([page_card(self._text(render("opening.html.j2", language=language)))],
                          layout=shared_layout(), _dom_classes=("lb-body",))
        self._welcome_text = self._text("", "lb-welcome-text")
        self._notices = VBox(layout=shared_layout())
        self._languages = self._text("", "lb-languages")  # the switch: this link again, in another language
        self._name_box = VBox(layout=shared_layout(), _dom_classes=("lb-name",))
        self.name_input: TextInput | None = None  # the individual leader's own name, on the welcome
        self._start = Button(description=_("Start"), button_style="primary", _dom_classes=("lb-start",))
        self._start.on_click(lambda _: self.resume())
        self._welcome = VBox([page_card(self._welcome_text, self._languages, self._notices, self._name_box,
                                   HBox([self._start], _dom_classes=("lb-nav",)))],
                             layout=shared_layout(), _dom_classes=("lb-step-body", "lb-step-welcome"))
        self._build_steps()
        self._last_step: int | None = None  # the last step past the welcome opened in this visit
        # The browser's own watch on this kernel: it overrides the save state when the kernel is out of reach.
        self._connection = ConnectionWatch(self, language=language)
        self._document_language = PageLanguage(language)  # <html lang> and dir, set in the browser
        parts = [self._title, self._progress, self._status, self._connection, self._document_language]
        self._practice_badge = None
        if practice:
            self._practice_badge = self._text(render("practice_badge.html.j2", language=language), "lb-practice")
            parts.append(self._practice_badge)
        self._header = HBox(parts, _dom_classes=("lb-header",))
        super().__init__([style(), self._header, self._body], _dom_classes=("lb-page", "lb-state-opening"))

    def _build_steps(self) -> None:
        """The steps of ``self.instruments``, their stepper and its save status (not shown until a visitor is)."""
        _ = translator(self.language).gettext
        self.instruments = tuple(in_language(i, self.language) for i in self._source_instruments)
        self._assessments = [assessment_step(self, instrument) for instrument in self.instruments]
        self._plan = plan_step(self)
        steps = [(_(STEP_TITLES["welcome"]), self._welcome)]
        steps += [(i.title, step) for i, step in zip(self.instruments, self._assessments)]
        keys = [WELCOME, *(i.id for i in self.instruments)]
        if shows_convergence_map(self.programme, self.instruments):  # after the process it puts to work, else last
            ids = [i.id for i in self.instruments]
            at = ids.index(MAP_AFTER) + 2 if MAP_AFTER in ids else len(steps)
            steps.insert(at, (_(STEP_TITLES["map"]), map_step(self)))
            keys.insert(at, MAP)
        steps += [(_(STEP_TITLES["results"]), results_step(self)), (_(STEP_TITLES["plan"]), self._plan),
                  (_(STEP_TITLES["summary"]), summary_step(self))]
        self.stepper = Stepper(steps, language=self.language)
        self._step_keys = [*keys, RESULTS, PLAN, SUMMARY]
        self._status = SaveStatus(self.stepper, language=self.language)

    @property
    def plan_step(self):
        """The action plan's step (its ``inner`` is the plan editor once the step has been opened)."""
        return self._plan

    def _follow_round_programme(self, round_id: int) -> None:
        """A team round answers the programme kept with it (``team create --workbook``), whatever this page serves.

        A round with no programme kept (an individual's, or a team's made without
        ``--workbook``) keeps the page's own.
        """
        if self.store.round_programme(round_id) is None:
            return
        from workbook.team.round_programme import round_programme

        programme, instruments = round_programme(self.store, round_id)
        if [i.key for i in instruments] == [i.key for i in self.instruments] and programme == self.programme:
            return
        self.programme, self._source_instruments = programme, tuple(instruments)
        self._title.value = render("page_title.html.j2", title=self.own_text(programme.title))
        self._build_steps()
        self._header.children = (self._title, self._progress, self._status, *self._header.children[3:])

    def own_text(self, text: str) -> str:
        """leaderbook's own default title or introduction in the page's language; a coach's as written."""
        from workbook.instruments.programme import DEFAULT_INTRO, DEFAULT_TITLE

        return translator(self.language).gettext(text) if text in (DEFAULT_TITLE, DEFAULT_INTRO) else text

    def _text(self, value: str = "", *classes: str) -> HTML:
        return HTML(value, layout=shared_layout(), style=self._text_style, _dom_classes=classes)

    @classmethod
    def from_programme(cls, path: str | Path = PROGRAMME_FILE) -> "WorkbookPage":
        """The page for the programme file at ``path`` (every built-in instrument if there is none)."""
        path = Path(path)
        programme = load_programme(path)
        instruments = resolve_instruments(programme, path.parent)
        store, practice = open_page_store()
        return cls(programme, instruments, store, practice=practice)

    # -- the visitor ---------------------------------------------------------------

    def open_for_visitor(self, visit: Visit | None = None) -> Visit | None:
        """Read the request (waiting for it in a preheated kernel), then show that visitor's workbook.

        An invalid link shows only "this link is not valid" and writes nothing. Returns None, showing
        nothing, when the server stopped this preheated kernel before anyone came (it is about to end).
        """
        if visit is None:
            try:
                visit = current_visit(self.store, self.practice)
            except NoVisitor:
                return None
        self.visit = visit
        self._speak(visit.language)
        if not visit.valid:
            self._show_invalid(visit.problem)
            return visit
        self._follow_round_programme(visit.round.id)
        self.binding = StoreBinding(self.store, visit.respondent.id, visit.round.id,
                                    visit.subject.id if visit.subject else None)
        tally = self.tally()
        for instrument, step in zip(self.instruments, self._assessments):
            step.completion = tally.completion_of(instrument.id)
        self._plan.completion = plan_completion(self.binding.plan())
        for _, step in self.stepper.steps:
            step.read_only = visit.read_only
        self._fill_welcome(visit, started=tally.started)
        self.stepper.observe(self._stepper_changed, names=["index", "completion", "save_state"])
        with self.hold_sync():
            self.respondent = visit.respondent.name
            self.state = "ready"
            self._dom_classes = ("lb-page", "lb-state-ready") + (("lb-read-only",) if visit.read_only else ())
        self._body.children = (self.stepper,)
        # Reopen where the visitor last was; a closed round opens on the welcome, which says it is closed.
        place = self._saved_place()
        if place:
            self._last_step = place
            if not visit.read_only:
                self.stepper.go(place)
        self._stepper_changed()
        self.stepper.observe(self._moved, names="index")
        return visit

    def open_when_visited(self):
        """:meth:`open_for_visitor`, without holding up the page's HTML.

        Voila sends the end of a page (its scripts, which open the kernel's socket) only once every
        cell has run, and a preheated kernel's last cell waits for the request: so the whole opening
        (the request handed over, the store read, the widgets filled) came before the browser could
        even start, some 70 ms of a page that is interactive in about a second (bench/bench_page.py).
        In a preheated kernel this returns at once with an asyncio task: the wait for the request runs
        in a worker thread, and the workbook is opened on the kernel's own thread when it comes, while
        the browser loads Voila's scripts. Widgets change only on that thread, between the kernel's
        messages, as in any cell. Anywhere else (a kernel started for the request, JupyterLab, nbval)
        it opens at once and returns the Visit, as :meth:`open_for_visitor` does.
        """
        if not request.preheated():
            return self.open_for_visitor()
        import asyncio

        return asyncio.ensure_future(self._open_when_request_comes())

    async def _open_when_request_comes(self) -> Visit | None:
        import asyncio

        try:
            query = await asyncio.get_running_loop().run_in_executor(None, request.query_string)
        except NoVisitor:
            return None  # the server stopped this kernel before anyone came: it is about to end
        try:
            return self.open_for_visitor(visit_for_query(self.store, query))
        except Exception:
            # No cell is left to show a traceback in: log it, and tell the visitor what to do.
            log.exception("the visitor's workbook could not be opened")
            self._show_invalid(NOT_OPENED)
            return None

    def _speak(self, language: str) -> None:
        """Speak ``language`` from now on: the frame a preheated kernel built before anyone came
        (in English) is rebuilt in it; nothing about the visitor is shown yet."""
        self._connection.speak(language)
        self._document_language.speak(language)
        if language == self.language:
            return
        self.language = language
        _ = translator(language).gettext
        self._start.description = _("Start")
        self._title.value = render("page_title.html.j2", title=self.own_text(self.programme.title))
        if self._practice_badge is not None:
            self._practice_badge.value = render("practice_badge.html.j2", language=language)
        self._build_steps()
        self._header.children = (self._title, self._progress, self._status, *self._header.children[3:])

    def _show_invalid(self, problem: str) -> None:
        problem = translator(self.language).gettext(PROBLEMS.get(problem, problem))
        message = self._text(render("invalid_link.html.j2", language=self.language, problem=problem),
                             "lb-invalid-message")
        with self.hold_sync():
            self.state = "invalid"
            self._dom_classes = ("lb-page", "lb-state-invalid")
        self._status.layout.display = "none"  # nothing here is saved, or could be
        self._body.children = (page_card(message, classes=("lb-invalid",)),)

    def tally(self) -> Tally:
        """How far the visitor's link got with the page's programme, from one store read (no widget built).

        The same fold (:class:`workbook.assess.progress.Tallies`) as the coach's dashboard, the
        release rule and the session console tally the link with.
        """
        binding = self.binding
        answers = self.store.latest_answers(binding.respondent_id, binding.round_id, subject_id=binding.subject_id)
        return Tallies(self.instruments).add(answers).tally(binding.respondent_id, binding.subject_id)

    def _fill_welcome(self, visit: Visit, started: bool) -> None:
        self._welcome_text.value = self._welcome_html(visit)
        self._languages.value = language_switch(visit.link_query, self.language)
        _ = translator(self.language).gettext
        notices = []
        if visit.read_only:
            notices.append(_("This round is closed: your answers are shown as they were, and can no longer change."))
        if visit.practice:
            notices.append(_("Practice run: answers are kept only until this notebook stops. Start the workbook "
                             "with `leaderbook serve` to keep them."))
        self._notices.children = tuple(self._text(render("notice.html.j2", notice=n), "lb-notice") for n in notices)
        self._start.description = _("Continue where you left off") if started else _("Start")
        # Only a leader answering for themselves names themselves: a team member's name is the coach's.
        if visit.subject is None and visit.respondent.team_id is None and not visit.read_only:
            self._offer_name(visit.respondent.name)

    def _offer_name(self, name: str) -> None:
        if self.name_input is None:
            _ = translator(self.language).gettext
            self.name_input = TextInput(description=_("Your name"), placeholder=_("How the summary names you"),
                                        continuous_update=False, _dom_classes=("lb-name-input",),
                                        tooltip=_("Shown on the welcome and at the top of your summary"))
            self.name_input.observe(self._renamed, names="value")
            self._name_error = self._text("", "lb-error")
            self._name_box.children = (self.name_input, self._name_error)
        self.name_input.value = name

    def _renamed(self, change) -> None:
        """Keep the name typed on the welcome: the store first, then the page, the welcome and the summary."""
        visit = self.visit
        if visit is None or not visit.valid or change.new.strip() == visit.respondent.name:
            return
        try:
            renamed = self.store.rename_respondent(visit.respondent.id, change.new)
        except LeaderbookError as exc:
            self._name_error.value = render("name_error.html.j2", language=self.language, reason=str(exc))
            self.name_input.value = visit.respondent.name
            return
        self._name_error.value = ""
        self.visit = dataclasses.replace(visit, respondent=renamed)
        self.respondent = renamed.name
        self._welcome_text.value = self._welcome_html(self.visit)
        if self.name_input.value != renamed.name:
            self.name_input.value = renamed.name

    def _welcome_html(self, visit: Visit) -> str:
        role = RATER_ROLES.get(visit.rater_group)
        return render("welcome.html.j2", language=self.language, respondent=visit.respondent.name, round_label=visit.round.label,
                      paragraphs=[p for p in self.own_text(self.programme.intro).split("\n\n") if p.strip()],
                      subject=visit.subject.name if visit.subject is not None else "",
                      role=translator(self.language).gettext(role) if role else "")

    def resume(self) -> None:
        """Go to the step the visitor last had open, else to the first assessment that is not
        complete (the first one when all are)."""
        place = self._last_step if self._last_step is not None else self._saved_place()
        if place:
            self.stepper.go(place)
            return
        for index, (_, step) in enumerate(self.stepper.steps):
            if any(step is a for a in self._assessments) and step.completion < 1:
                self.stepper.go(index)
                return
        self.stepper.go(1)

    # -- the visitor's place ---------------------------------------------------------

    def _saved_place(self) -> int | None:
        """The position of the step the visitor last had open, if the store remembers one."""
        if self.binding is None:
            return None
        try:
            key = self.store.load_place(self.binding.respondent_id, self.binding.round_id)
        except Exception:  # a lost place is a small thing: start at the welcome, say why in the log
            log.exception("leaderbook: could not read where the visitor was")
            return None
        return self._step_keys.index(key) if key in self._step_keys else None

    def _moved(self, change) -> None:
        """Remember the step now open. The Stepper has already sent the new step to the
        browser (its own observer runs first), so this one short write does not hold it up."""
        if change.new:
            self._last_step = change.new
        if self.binding is None or self.visit is None or self.visit.read_only:
            return
        try:
            self.store.save_place(self.binding.respondent_id, self.binding.round_id, self._step_keys[change.new])
        except Exception:  # not an answer: never shown as "not saved", only logged
            log.exception("leaderbook: could not remember the step the visitor is on")

    # -- the header ----------------------------------------------------------------

    def _stepper_changed(self, change=None) -> None:
        stepper = self.stepper
        self._progress.value = render("header_progress.html.j2", language=self.language, number=stepper.index + 1, count=len(stepper.steps),
                                      title=stepper.titles[stepper.index], percent=round(100 * stepper.completion))
        self.save_state = stepper.save_state
        # On the welcome, its own button is the one way to begin: the Stepper's Back/Next are hidden.
        classes = tuple(c for c in self._dom_classes if c != "lb-on-welcome")
        classes += ("lb-on-welcome",) if stepper.index == 0 else ()
        if classes != tuple(self._dom_classes):
            self._dom_classes = classes
