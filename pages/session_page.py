"""The live session console (``templates/session.ipynb``): a coach's page for the room's projector.

It shows, without reloading, how many of the round's people have joined,
are answering and have finished (names only when the coach asks), and walks
the round's topics one at a time: a topic is revealed only when the release
rule allows (:mod:`workbook.team.session`), and then shows its figures, a
chart, a one-line reading of each part and, above the threshold, the free
text as anonymous cards. The group's chosen actions are typed here and kept
as the team's action items.

Freshness: the kernel asks the store one small question a second
(:meth:`workbook.store.Store.round_pulse`) on the kernel's own IO loop,
where widget changes reach the browser, and redraws only what changed.
Everything the browser sends (keys, buttons, typed actions) is checked here.

The console speaks the coach's language (the link's ``?lang=``, else the
browser's: :func:`pages.coach_page.open_coach_page`): its own words through
gettext, the topics' titles and questions from the instruments' translations,
every number as that language writes it.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from pathlib import Path

from ipywidgets import HTML, Button, HBox, Text, ToggleButton, VBox

from widgets import KeyCommands, PageLanguage
from workbook.basics.i18n import N_, SOURCE_LANGUAGE, translator
from workbook.errors import INVALID_LINK, LeaderbookError
from workbook.team.round_programme import round_instruments
from workbook.team.room import RoomWatch
from workbook.team.session import Topic, choose_action, reveal, session_topics
from workbook.team.session_outcome import session_outcome
from workbook.store import Round, Store
from workbook.store.team_records import Team
from workbook.views import render_with
from .coach_page import message, open_coach_page
from .language import language_switch
from .room_words import state_name

TEMPLATES = Path(__file__).parent / "templates"
#: How often the kernel asks the store whether anything moved (seconds).
POLL_SECONDS = 1.0
#: Keys the console answers (as the browser names them) and the command each runs.
KEYS = {"ArrowRight": "next", "n": "next", "PageDown": "next", "ArrowLeft": "previous", "p": "previous",
        "PageUp": "previous", "r": "reveal", "h": "hide", "Escape": "hide"}

#: The buttons' names, labels and tooltips, said in the console's language where they are made.
BUTTONS = (("previous", N_("◀ Previous"), N_("Previous topic (P or ←)")),
           ("reveal", N_("Reveal"), N_("Show this topic to the room (R)")),
           ("hide", N_("Hide"), N_("Hide this topic again (H or Esc)")),
           ("next", N_("Next ▶"), N_("Next topic (N or →)")))
NEW_SESSION_LINK = N_("Ask whoever runs the workbook for a new session link.")

log = logging.getLogger("leaderbook.session")


def _html(template: str, *, language: str = SOURCE_LANGUAGE, **context) -> str:
    from workbook.basics.i18n import template_functions

    return render_with(TEMPLATES, template, **template_functions(language), **context)


def topics_in_language(topics: tuple[Topic, ...], instruments, language: str) -> tuple[Topic, ...]:
    """``topics`` with their titles, questions and answer labels from ``instruments`` in ``language``
    (same refs and figures; a text with no translation, a member's own, stays as it is)."""
    from workbook.instruments.catalogue import Catalogue

    from .workbook_page import in_language

    if language == SOURCE_LANGUAGE:
        return topics
    source = Catalogue(instruments)
    shown = Catalogue(in_language(i, language) for i in instruments)
    questions = {source.item_text(ref): shown.item_text(ref) for ref in source.entries}
    return tuple(dataclasses.replace(
        topic, title=shown.section_title(topic.ref),
        spreads=tuple(dataclasses.replace(s, text=shown.item_text(s.ref), labels=shown.value_labels(s.ref))
                      if s.ref in shown.entries else s for s in topic.spreads),
        flags=tuple(dataclasses.replace(f, text=questions.get(f.text, f.text)) for f in topic.flags))
        for topic in topics)


@dataclass
class _Shown:
    """Which topic is on screen and whether it is revealed."""

    index: int = 0
    revealed: bool = False


class SessionConsole(VBox):
    """The console for one team round: live counts, one topic at a time, the group's actions."""

    def __init__(self, store: Store, team: Team, round_: Round, *, language: str = SOURCE_LANGUAGE,
                 link_query: str = ""):
        self.store, self.team, self.round = store, team, round_
        #: The language the console speaks (the coach's), and its gettext.
        self.language = language
        _ = translator(language).gettext
        names = {m.id: m.name for m in store.respondents(team.id)}
        self.instruments = round_instruments(store, round_.id)
        self.room = RoomWatch(store, round_.id, self.instruments, names)
        self.topics: tuple[Topic, ...] = ()
        self.shown = _Shown()
        self._finished_people: frozenset | None = None
        self._callback = None
        self.counts_view = HTML(_dom_classes=("lb-counts",))
        self.list_toggle = ToggleButton(False, description=_("Show the list"),
                                        tooltip=_("Show who has joined, by name"), _dom_classes=("lb-list-toggle",))
        self.list_toggle.observe(self._list_toggled, names="value")
        self.buttons = {name: Button(description=_(label), tooltip=_(tip), _dom_classes=(f"lb-{name}",))
                        for name, label, tip in BUTTONS}
        self.buttons["reveal"].button_style = "primary"
        self.key_commands = KeyCommands(KEYS)
        self.key_commands.on_command(self.command)
        for name, button in self.buttons.items():
            button.on_click(lambda _, name=name: self.key_commands.run(name))
        self.topic_view = HTML(_dom_classes=("lb-topic-view",))
        self.what = Text(placeholder=_("What will the group do?"), description=_("Action"), _dom_classes=("lb-what",))
        self.owner = Text(placeholder=_("Who leads it"), description=_("Owner"), _dom_classes=("lb-owner",))
        self.due = Text(placeholder="2026-12-31", description=_("Due"), _dom_classes=("lb-due",))
        self.add = Button(description=_("Add the group's action"), _dom_classes=("lb-add-action",))
        self.add.on_click(lambda _: self.add_action())
        self.note = HTML(_dom_classes=("lb-message",))
        self.action_form = VBox([HBox([self.what, self.owner, self.due, self.add], _dom_classes=("lb-action-form",)),
                                 self.note])
        head = HTML(f"<style>{(TEMPLATES / 'session.css').read_text(encoding='utf-8')}</style>"
                    + _html("session_head.html.j2", language=language, team=team.name, round=round_.label,
                            threshold=team.threshold))
        nav = HBox([*self.buttons.values(), self.list_toggle,
                    HTML(_html("session_keys.html.j2", language=language))], _dom_classes=("lb-nav-bar",))
        # <html lang> and dir for the coach's language, and the same link in the others.
        languages = [PageLanguage(language)]
        switch = language_switch(link_query, language)
        if switch:
            languages.append(HTML(switch, _dom_classes=("lb-languages",)))
        super().__init__([*languages, head, self.counts_view, nav, self.topic_view, self.action_form,
                          self.key_commands], _dom_classes=("lb-console",))
        self.refresh()

    # -- live ---------------------------------------------------------------------------

    def start(self) -> None:
        """Poll the store once a second on the kernel's IO loop (where widget changes reach the page)."""
        from tornado.ioloop import PeriodicCallback

        if self._callback is None:
            self._callback = PeriodicCallback(self.refresh, POLL_SECONDS * 1000)
            self._callback.start()

    def stop(self) -> None:
        if self._callback is not None:
            self._callback.stop()
            self._callback = None

    def refresh(self) -> None:
        """One poll: redraw the counts when they moved, and the topics when who has finished did."""
        try:
            if not self.room.poll():
                return
            self._draw_counts()
            finished = frozenset(name for name, state in self.room.counts.people if state == "finished")
            if finished != self._finished_people:
                self._finished_people = finished
                self.topics = topics_in_language(session_topics(self.store, self.team, self.round.id),
                                                 self.instruments, self.language)
                self._draw_topic()
        except Exception:  # a store hiccup must not stop the loop: the next poll tries again
            log.exception("leaderbook: the session console could not refresh")

    # -- commands (keys and buttons) ----------------------------------------------------

    def command(self, name: str) -> None:
        """Run a checked command: next, previous, reveal or hide."""
        if not self.topics:
            return
        if name in ("next", "previous"):
            step = 1 if name == "next" else -1
            index = min(max(self.shown.index + step, 0), len(self.topics) - 1)
            if index != self.shown.index:
                self.shown = _Shown(index)
                self._say("")
        elif name == "reveal" and not self.shown.revealed:
            if not self.topic.revealable:  # refused here, in the console's words, before the store refuses it
                self._say(self.topic.waiting_in(self.language), bad=True)
                return
            try:
                reveal(self.store, self.round.id, self.topics, self.topic.ref)
            except LeaderbookError as exc:
                self._say(str(exc), bad=True)
                return
            self.shown = _Shown(self.shown.index, True)
        elif name == "hide":
            self.shown = _Shown(self.shown.index)
        self._draw_topic()

    @property
    def topic(self) -> Topic:
        return self.topics[self.shown.index]

    def add_action(self) -> None:
        """Keep the typed action on the topic shown (checked as plan actions are), then clear the form."""
        _ = translator(self.language).gettext
        if not self.topics or not self.shown.revealed:
            self._say(_("Reveal a topic first: the group chooses actions on what it has seen."), bad=True)
            return
        try:
            action = choose_action(self.store, self.round.id, self.topics, self.topic.ref, self.what.value,
                                   owner=self.owner.value, due=self.due.value)
        except LeaderbookError as exc:
            self._say(str(exc), bad=True)
            return
        self.what.value = self.owner.value = self.due.value = ""
        self._say(_("Kept: %(action)s. It is among the team's action items in the dashboard and report.")
                  % {"action": action["what"]})
        self._draw_topic()

    # -- drawing ------------------------------------------------------------------------

    def _list_toggled(self, change) -> None:
        _ = translator(self.language).gettext
        self.list_toggle.description = _("Hide the list") if change.new else _("Show the list")
        self._draw_counts()

    def _draw_counts(self) -> None:
        counts = self.room.counts
        people = [{"name": name, "state": state, "said": state_name(state, self.language)}
                  for name, state in counts.people]
        self.counts_view.value = _html("session_counts.html.j2", language=self.language, counts=counts,
                                       people=people, show_list=self.list_toggle.value)

    def _draw_topic(self) -> None:
        if not self.topics:
            self.topic_view.value = _html("session_no_topics.html.j2", language=self.language)
            return
        topic, revealed = self.topic, self.shown.revealed
        self.buttons["previous"].disabled = self.shown.index == 0
        self.buttons["next"].disabled = self.shown.index == len(self.topics) - 1
        self.buttons["reveal"].disabled = revealed or not topic.revealable
        self.buttons["hide"].disabled = not revealed
        self.action_form.layout.display = None if revealed else "none"
        self.topic_view.value = _html("session_topic.html.j2", language=self.language, **topic_context(
            topic, revealed, self.shown.index + 1, len(self.topics),
            [a for a in session_outcome(self.store, self.round.id).actions if a["gap"] == topic.ref],
            language=self.language))

    def _say(self, text: str, bad: bool = False) -> None:
        self.note.value = _html("session_note.html.j2", language=self.language, text=text, bad=bad)


def topic_context(topic: Topic, revealed: bool, position: int, total: int, actions: list[dict], *,
                  language: str = SOURCE_LANGUAGE) -> dict:
    """What ``session_topic.html.j2`` draws: the topic, and its charts made by the one chart module,
    their words in ``language``."""
    from workbook.views import charts

    _ = translator(language).gettext
    context = {"topic": topic, "revealed": revealed, "position": position, "total": total, "actions": actions,
               "chart": "", "spreads": [], "legend": "", "gaps": [], "readings": topic.readings(language),
               "waiting": topic.waiting_in(language)}
    if not revealed:
        return context
    scored = [s for s in topic.spreads if s.score is not None]
    if scored:
        context["chart"] = charts.bar_chart([(s.text, [s.score]) for s in scored], [_("Team")],
                                            title=_("%(topic)s: the team's score per question") % {"topic": topic.title})
    context["spreads"] = [{"text": s.text, "n": s.n, "bar": charts.distribution_bar(s.distribution, s.labels)}
                          for s in topic.spreads]
    if topic.spreads:
        context["legend"] = charts.distribution_legend(topic.spreads[0].labels)
    readings = context["readings"]
    for gap in topic.gaps:
        rows = [(gap.name, [gap.others, gap.own])] if gap.own is not None else [(gap.name, [gap.others])]
        others = _("Others")
        series = [others, _("%(name)s's own view") % {"name": gap.name}] if gap.own is not None else [others]
        title = _("%(topic)s: how others see %(name)s") % {"topic": topic.title, "name": gap.name}
        context["gaps"].append({"name": gap.name, "n": gap.n, "reading": readings[f"gap:{gap.name}"],
                                "chart": charts.bar_chart(rows, series, title=title)})
    return context


@dataclass
class SessionPage:
    """The console, or the problem to show instead (a link that is not valid, no team yet)."""

    console: SessionConsole | None = None
    problem: str = ""
    detail: str = ""
    language: str = SOURCE_LANGUAGE

    def widget(self):
        if self.console is not None:
            return self.console
        return HTML(message(self.problem or INVALID_LINK, self.detail, language=self.language))


def open_session_page(team_name: str = "") -> SessionPage:
    """The console of the team the coach link names (under Voila), or the named/newest team (JupyterLab)."""
    from workbook.team.admin import current_round

    from .coach_page import NEW_DASHBOARD_LINK

    coach = open_coach_page(team_name)
    if not coach.valid:
        detail = NEW_SESSION_LINK if coach.detail in ("", NEW_DASHBOARD_LINK) else coach.detail
        return SessionPage(problem=coach.problem or INVALID_LINK, detail=detail, language=coach.language)
    try:
        round_ = current_round(coach.store, coach.team)
    except LeaderbookError as exc:
        return SessionPage(problem=str(exc), language=coach.language)
    return SessionPage(SessionConsole(coach.store, coach.team, round_, language=coach.language,
                                      link_query=coach.link_query), language=coach.language)
