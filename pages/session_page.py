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
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ipywidgets import HTML, Button, HBox, Text, ToggleButton, VBox

from widgets import KeyCommands
from workbook.errors import INVALID_LINK, LeaderbookError
from workbook.team.round_programme import round_instruments
from workbook.team.room import RoomWatch
from workbook.team.session import Topic, choose_action, reveal, session_topics
from workbook.team.session_outcome import session_outcome
from workbook.store import Round, Store
from workbook.store.team_records import Team
from workbook.views import render_with
from .coach_page import message, open_coach_page

TEMPLATES = Path(__file__).parent / "templates"
#: How often the kernel asks the store whether anything moved (seconds).
POLL_SECONDS = 1.0
#: Keys the console answers (as the browser names them) and the command each runs.
KEYS = {"ArrowRight": "next", "n": "next", "PageDown": "next", "ArrowLeft": "previous", "p": "previous",
        "PageUp": "previous", "r": "reveal", "h": "hide", "Escape": "hide"}

log = logging.getLogger("leaderbook.session")


def _html(template: str, **context) -> str:
    return render_with(TEMPLATES, template, **context)


@dataclass
class _Shown:
    """Which topic is on screen and whether it is revealed."""

    index: int = 0
    revealed: bool = False


class SessionConsole(VBox):
    """The console for one team round: live counts, one topic at a time, the group's actions."""

    def __init__(self, store: Store, team: Team, round_: Round):
        self.store, self.team, self.round = store, team, round_
        names = {m.id: m.name for m in store.respondents(team.id)}
        self.room = RoomWatch(store, round_.id, round_instruments(store, round_.id), names)
        self.topics: tuple[Topic, ...] = ()
        self.shown = _Shown()
        self._finished_people: frozenset | None = None
        self._callback = None
        self.counts_view = HTML(_dom_classes=("lb-counts",))
        self.list_toggle = ToggleButton(False, description="Show the list", tooltip="Show who has joined, by name",
                                        _dom_classes=("lb-list-toggle",))
        self.list_toggle.observe(self._list_toggled, names="value")
        self.buttons = {name: Button(description=label, tooltip=tip, _dom_classes=(f"lb-{name}",))
                        for name, label, tip in (("previous", "◀ Previous", "Previous topic (P or ←)"),
                                                 ("reveal", "Reveal", "Show this topic to the room (R)"),
                                                 ("hide", "Hide", "Hide this topic again (H or Esc)"),
                                                 ("next", "Next ▶", "Next topic (N or →)"))}
        self.buttons["reveal"].button_style = "primary"
        self.key_commands = KeyCommands(KEYS)
        self.key_commands.on_command(self.command)
        for name, button in self.buttons.items():
            button.on_click(lambda _, name=name: self.key_commands.run(name))
        self.topic_view = HTML(_dom_classes=("lb-topic-view",))
        self.what = Text(placeholder="What will the group do?", description="Action", _dom_classes=("lb-what",))
        self.owner = Text(placeholder="Who leads it", description="Owner", _dom_classes=("lb-owner",))
        self.due = Text(placeholder="2026-12-31", description="Due", _dom_classes=("lb-due",))
        self.add = Button(description="Add the group's action", _dom_classes=("lb-add-action",))
        self.add.on_click(lambda _: self.add_action())
        self.note = HTML(_dom_classes=("lb-message",))
        self.action_form = VBox([HBox([self.what, self.owner, self.due, self.add], _dom_classes=("lb-action-form",)),
                                 self.note])
        head = HTML(f"<style>{(TEMPLATES / 'session.css').read_text(encoding='utf-8')}</style>"
                    + _html("session_head.html.j2", team=team.name, round=round_.label, threshold=team.threshold))
        nav = HBox([*self.buttons.values(), self.list_toggle,
                    HTML("<span class='lb-keys-help'>Keys: N / → next · P / ← previous · R reveal · H / Esc hide"
                         "</span>")], _dom_classes=("lb-nav-bar",))
        super().__init__([head, self.counts_view, nav, self.topic_view, self.action_form, self.key_commands],
                         _dom_classes=("lb-console",))
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
                self.topics = session_topics(self.store, self.team, self.round.id)
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
        if not self.topics or not self.shown.revealed:
            self._say("Reveal a topic first: the group chooses actions on what it has seen.", bad=True)
            return
        try:
            action = choose_action(self.store, self.round.id, self.topics, self.topic.ref, self.what.value,
                                   owner=self.owner.value, due=self.due.value)
        except LeaderbookError as exc:
            self._say(str(exc), bad=True)
            return
        self.what.value = self.owner.value = self.due.value = ""
        self._say(f"Kept: {action['what']}. It is among the team's action items in the dashboard and report.")
        self._draw_topic()

    # -- drawing ------------------------------------------------------------------------

    def _list_toggled(self, change) -> None:
        self.list_toggle.description = "Hide the list" if change.new else "Show the list"
        self._draw_counts()

    def _draw_counts(self) -> None:
        self.counts_view.value = _html("session_counts.html.j2", counts=self.room.counts,
                                       show_list=self.list_toggle.value)

    def _draw_topic(self) -> None:
        if not self.topics:
            self.topic_view.value = "<p class='lb-topic-state'>This round asks no topics.</p>"
            return
        topic, revealed = self.topic, self.shown.revealed
        self.buttons["previous"].disabled = self.shown.index == 0
        self.buttons["next"].disabled = self.shown.index == len(self.topics) - 1
        self.buttons["reveal"].disabled = revealed or not topic.revealable
        self.buttons["hide"].disabled = not revealed
        self.action_form.layout.display = None if revealed else "none"
        self.topic_view.value = _html("session_topic.html.j2", **topic_context(
            topic, revealed, self.shown.index + 1, len(self.topics),
            [a for a in session_outcome(self.store, self.round.id).actions if a["gap"] == topic.ref]))

    def _say(self, text: str, bad: bool = False) -> None:
        self.note.value = _html("session_note.html.j2", text=text, bad=bad)


def topic_context(topic: Topic, revealed: bool, position: int, total: int, actions: list[dict]) -> dict:
    """What ``session_topic.html.j2`` draws: the topic, and its charts made by the one chart module."""
    from workbook.views import charts

    context = {"topic": topic, "revealed": revealed, "position": position, "total": total, "actions": actions,
               "chart": "", "spreads": [], "legend": "", "gaps": []}
    if not revealed:
        return context
    scored = [s for s in topic.spreads if s.score is not None]
    if scored:
        context["chart"] = charts.bar_chart([(s.text, [s.score]) for s in scored], ["Team"],
                                            title=f"{topic.title}: the team's score per question")
    context["spreads"] = [{"text": s.text, "n": s.n, "bar": charts.distribution_bar(s.distribution, s.labels)}
                          for s in topic.spreads]
    if topic.spreads:
        context["legend"] = charts.distribution_legend(topic.spreads[0].labels)
    readings = topic.readings()
    for gap in topic.gaps:
        rows = [(gap.name, [gap.others, gap.own])] if gap.own is not None else [(gap.name, [gap.others])]
        series = ["Others", f"{gap.name}'s own view"] if gap.own is not None else ["Others"]
        context["gaps"].append({"name": gap.name, "n": gap.n, "reading": readings[f"gap:{gap.name}"],
                                "chart": charts.bar_chart(rows, series, title=f"{topic.title}: how others see {gap.name}")})
    return context


@dataclass
class SessionPage:
    """The console, or the problem to show instead (a link that is not valid, no team yet)."""

    console: SessionConsole | None = None
    problem: str = ""
    detail: str = ""

    def widget(self):
        if self.console is not None:
            return self.console
        return HTML(message(self.problem or INVALID_LINK, self.detail))


def open_session_page(team_name: str = "") -> SessionPage:
    """The console of the team the coach link names (under Voila), or the named/newest team (JupyterLab)."""
    from workbook.team.admin import current_round

    coach = open_coach_page(team_name)
    if not coach.valid:
        return SessionPage(problem=coach.problem or INVALID_LINK,
                           detail=coach.detail or "Ask whoever runs the workbook for a new session link.")
    try:
        round_ = current_round(coach.store, coach.team)
    except LeaderbookError as exc:
        return SessionPage(problem=str(exc))
    return SessionPage(SessionConsole(coach.store, coach.team, round_))
