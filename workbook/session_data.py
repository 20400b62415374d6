"""What the live session console reads: who is in the room, and the topics the coach may reveal.

Two parts, both pure core (the page in :mod:`pages.session_page` only draws them):

* :class:`RoomWatch` counts the people of a round who have joined (went
  past their workbook's welcome, which the page remembers as their place, or
  answered), are answering, and have finished (the one
  definition of :mod:`workbook.progress`). It asks the store one cheap
  question per poll (:meth:`Store.round_pulse`) and reads more, only the
  answer events it has not seen, when that moved.
* :func:`session_topics` makes one :class:`Topic` per section of the
  round's programme from the team dashboard's tables, so every figure is
  read from published snapshots and has passed the threshold
  (:mod:`workbook.release`): a topic can be revealed only when its figures
  are about at least k people, and its free text shows as cards only then.

What the session decides (the topics revealed, the actions the group chose)
is kept append-only in the store (:func:`reveal`, :func:`choose_action`) and
becomes the team's action items in the dashboard and the report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import LeaderbookError
from .model import Instrument, Ref
from .numbers import format_number
from .plan import new_action, shorten
from .progress import answered, counted_items, total_items
from .store import Store
from .store.team_records import Team

#: Flagged mistakes a revealed topic lists, the most flagged first.
TOP_MISTAKES = 3
#: Longest quote of a question in a one-line reading (cut after a whole word).
QUOTE = 60


# -- who is in the room ------------------------------------------------------------------


@dataclass(frozen=True)
class RoomCounts:
    """How many of a round's people are in: counts only (names only through :attr:`people`)."""

    invited: int = 0
    joined: int = 0  # went past their workbook's welcome, or gave an answer
    answering: int = 0  # gave an answer, not finished
    finished: int = 0
    people: tuple[tuple[str, str], ...] = ()  # (name, state), by name: shown only when the coach asks


class RoomWatch:
    """The live counts of one round, kept up to date by :meth:`poll` at one small query per call."""

    def __init__(self, store: Store, round_id: int, instruments: tuple[Instrument, ...], names: dict[int, str]):
        self.store, self.round_id, self.names = store, round_id, names
        self._wanted = {(i.id, i.version): {item.id for item in counted_items(i)} for i in instruments}
        self._total = total_items(instruments)
        self._pulse: tuple[int, int] | None = None
        self._upto = 0  # the newest answer event read
        self._latest: dict[tuple, bool] = {}  # (respondent, subject, instrument, version, item) -> answered
        self._answered: dict[tuple[int, int | None], int] = {}  # counted items answered, per link
        self._gave_any: set[int] = set()
        self.counts = RoomCounts()

    def poll(self) -> bool:
        """Bring the counts up to date; True when they changed (the console redraws only then)."""
        pulse = self.store.round_pulse(self.round_id)
        if pulse == self._pulse:
            return False
        self._pulse = pulse
        for event_id, answer in self.store.answers_since(self.round_id, self._upto):
            self._upto = event_id
            self._gave_any.add(answer.respondent_id)
            wanted = self._wanted.get((answer.instrument_id, answer.instrument_version), ())
            if answer.item_id not in wanted:
                continue
            key = (answer.respondent_id, answer.subject_id, answer.instrument_id, answer.instrument_version,
                   answer.item_id)
            link = (answer.respondent_id, answer.subject_id)
            was, now = self._latest.get(key, False), answered(answer.value)
            self._latest[key] = now
            self._answered[link] = self._answered.get(link, 0) + (now - was)
        before, self.counts = self.counts, self._count()
        return self.counts != before

    def _count(self) -> RoomCounts:
        links: dict[int, set[int | None]] = {}
        for invite in self.store.invites(self.round_id, include_revoked=True):
            links.setdefault(invite.respondent_id, set()).add(invite.subject_id)
        visitors = self.store.round_visitors(self.round_id)
        people = []
        for person, subjects in links.items():
            if all(self._answered.get((person, s), 0) >= self._total for s in subjects):
                state = "finished"
            elif person in self._gave_any:
                state = "answering"
            else:
                state = "joined" if person in visitors else "not yet"
            people.append((self.names.get(person, f"member {person}"), state))
        states = [state for _, state in people]
        return RoomCounts(invited=len(people), joined=sum(s != "not yet" for s in states),
                          answering=states.count("answering"), finished=states.count("finished"),
                          people=tuple(sorted(people, key=lambda p: p[0].casefold())))


# -- the topics ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """One item of a topic: how many gave each answer."""

    ref: str
    text: str
    n: int
    score: float | None
    distribution: dict
    labels: dict


@dataclass(frozen=True)
class Flag:
    """A mistake of the topic and how many of the people flagged it."""

    text: str
    flagged: int
    n: int


@dataclass(frozen=True)
class Gap:
    """How others rate a leader on the topic, against the leader's own view."""

    name: str
    n: int
    own: float | None
    others: float


@dataclass(frozen=True)
class Topic:
    """One section of the round's programme, as the room may see it: every figure published, n ≥ k."""

    ref: str
    title: str
    threshold: int
    n: int = 0  # people the topic's published figures are about
    score: float | None = None
    sd: float | None = None
    spreads: tuple[Spread, ...] = ()
    flags: tuple[Flag, ...] = ()
    gaps: tuple[Gap, ...] = ()
    cards: tuple[str, ...] = ()  # free text, anonymous, sorted; only from answers about k or more people

    @property
    def revealable(self) -> bool:
        return self.n >= self.threshold

    @property
    def waiting(self) -> str:
        """Why the topic cannot be revealed yet (empty when it can)."""
        if self.revealable:
            return ""
        return (f"Opens once {self.threshold} people have finished and their answers are published "
                f"(no figure is ever about fewer).")

    def readings(self) -> dict[str, str]:
        """A one-line reading of each part shown, by part."""
        found = {}
        if self.score is not None:
            agree = ("they largely agree" if self.sd is None or self.sd < 10 else
                     "views differ somewhat" if self.sd < 20 else "views differ widely")
            found["score"] = f"The team scores {format_number(self.score)} of 100 here ({self.n} people): {agree}."
        scored = [s for s in self.spreads if s.score is not None]
        low = min(scored, key=lambda s: s.score, default=None)
        high = max(scored, key=lambda s: s.score, default=None)
        if low is not None and format_number(low.score) != format_number(high.score):
            found["spread"] = (f"Strongest: “{shorten(high.text, QUOTE)}” ({format_number(high.score)}). "
                               f"Weakest: “{shorten(low.text, QUOTE)}” ({format_number(low.score)}).")
        elif low is not None:
            found["spread"] = (f"Every question scores {format_number(low.score)}." if len(scored) > 1
                               else f"“{shorten(low.text, QUOTE)}” scores {format_number(low.score)}.")
        if self.flags:
            top = self.flags[0]
            found["flags"] = f"Flagged most: “{shorten(top.text, QUOTE)}”, by {top.flagged} of {top.n}."
        for gap in self.gaps:
            if gap.own is None:
                found[f"gap:{gap.name}"] = f"Others rate {gap.name} {format_number(gap.others)} of 100."
            else:
                diff = gap.others - gap.own
                way = "higher" if diff > 0 else "lower"
                found[f"gap:{gap.name}"] = (f"Others rate {gap.name} {format_number(abs(diff))} points {way} than "
                                            f"{gap.name}'s own view ({format_number(gap.others)} against "
                                            f"{format_number(gap.own)})." if abs(diff) >= 0.05 else
                                            f"Others and {gap.name} see this alike ({format_number(gap.others)}).")
        if self.cards:
            found["cards"] = f"{len(self.cards)} comment(s), anonymous, in no particular order."
        return found


def _number(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def session_topics(store: Store, team: Team, round_id: int) -> tuple[Topic, ...]:
    """One topic per section of the round's programme, in order, from the dashboard's published tables."""
    from .dashboard_data import team_dashboard  # pandas: only when the topics are (re)made
    from .reports.team import value_labels

    from .round_programme import round_instruments

    d = team_dashboard(store, team=team, round_id=round_id)
    cat, k = d.catalogue, d.threshold
    topics = []
    for ref in (str(Ref(i.id, s.id)) for i in round_instruments(store, round_id) for s in i.sections):
        row = d.sections.loc[ref] if ref in d.sections.index else None
        shown = row is not None and not row["suppressed"]
        prefix = ref + "/"
        spreads = tuple(Spread(item, cat.item_text(item), int(r["n"]), _number(r["score"]),
                               dict(r["distribution"]), value_labels(cat, item))
                        for item, r in d.items.iterrows() if item.startswith(prefix) and not r["suppressed"]
                        ) if shown else ()
        flags = tuple(Flag(cat.item_text(item), int(r["flagged"]), int(r["n"]))
                      for item, r in d.mistakes.iterrows()
                      if item.startswith(prefix) and not r["suppressed"] and r["flagged"] > 0)[:TOP_MISTAKES]
        gaps = tuple(Gap(view.name, int(g["n"]), _number(g["self"]), float(g["others"]))
                     for view in d.subjects for sec, g in view.gaps.iterrows()
                     if sec == ref and not g["suppressed"] and _number(g["others"]) is not None)
        texts = [(int(r["n"]), r["answers"]) for item, r in d.texts.iterrows()
                 if item.startswith(prefix) and not r["suppressed"]]
        cards = tuple(sorted((a for _, answers in texts for a in answers), key=str.casefold))
        n = int(row["n"]) if shown else max((n for n, _ in texts), default=0)
        topics.append(Topic(ref, cat.section_title(ref), k, n, _number(row["score"]) if shown else None,
                            _number(row["sd"]) if shown else None, spreads, flags if shown else (), gaps, cards))
    return tuple(topics)


# -- what the session decides --------------------------------------------------------------


def _topic(topics: tuple[Topic, ...], ref: object) -> Topic:
    found = next((t for t in topics if t.ref == ref), None)
    if found is None:
        raise LeaderbookError("there is no such topic in this round's programme")
    return found


def reveal(store: Store, round_id: int, topics: tuple[Topic, ...], ref: object) -> Topic:
    """Show a topic to the room and keep that it was: refused while its figures are about fewer than k."""
    topic = _topic(topics, ref)
    if not topic.revealable:
        raise LeaderbookError(topic.waiting)
    store.add_session_event(round_id, "reveal", topic.ref)
    return topic


def choose_action(store: Store, round_id: int, topics: tuple[Topic, ...], ref: object, what: object,
                  owner: object = "", due: object = "") -> dict:
    """Keep an action the group chose on a revealed topic, checked as a plan's actions are."""
    topic = _topic(topics, ref)
    if not topic.revealable:
        raise LeaderbookError("an action is chosen on a topic the room has seen")
    action = new_action(what=what, gap=topic.ref, owner=owner, due=due)
    store.add_session_event(round_id, "action", topic.ref, action)
    return action


@dataclass(frozen=True)
class SessionOutcome:
    """What a round's sessions decided: the topics revealed and the actions chosen, oldest first."""

    revealed: tuple[str, ...] = ()  # section refs
    actions: tuple[dict, ...] = ()


def session_outcome(store: Store, round_id: int) -> SessionOutcome:
    events = store.session_events(round_id)
    revealed = tuple(dict.fromkeys(e.topic for e in events if e.kind == "reveal"))
    return SessionOutcome(revealed, tuple(e.action for e in events if e.kind == "action"))
