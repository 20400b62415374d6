"""What the live session console reads: the topics the coach may reveal, and what the room decides.

:func:`session_topics` makes one :class:`Topic` per section of the round's
programme from the team dashboard's tables, so every figure is read from
published snapshots and has passed the threshold (:mod:`workbook.team.release`):
a topic can be revealed only when its figures are about at least k people,
and its free text shows as cards only then. Who is in the room is
:mod:`workbook.team.room`.

What the session decides (the topics revealed, the actions the group chose)
is kept append-only in the store (:func:`reveal`, :func:`choose_action`) and
becomes the team's action items in the dashboard and the report
(:mod:`workbook.team.session_outcome`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import LeaderbookError
from ..instruments.model import Ref
from ..basics.i18n import SOURCE_LANGUAGE, translator
from ..basics.numbers import format_score
from ..assess.plan import new_action
from ..basics.printable import shorten
from ..store import Store
from ..store.team_records import Team
from .anonymity import shown

#: Flagged mistakes a revealed topic lists, the most flagged first.
TOP_MISTAKES = 3
#: Longest quote of a question in a one-line reading (cut after a whole word).
QUOTE = 60


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
        return shown(self.n, self.threshold)

    @property
    def waiting(self) -> str:
        """Why the topic cannot be revealed yet (empty when it can)."""
        return self.waiting_in(SOURCE_LANGUAGE)

    def waiting_in(self, language: str) -> str:
        """:attr:`waiting` in ``language`` (the console's)."""
        if self.revealable:
            return ""
        return translator(language).gettext(
            "Opens once %(threshold)s people have finished and their answers are published (no figure is ever "
            "about fewer).") % {"threshold": self.threshold}

    def readings(self, language: str = SOURCE_LANGUAGE) -> dict[str, str]:
        """A one-line reading of each part shown, by part, in ``language`` (its numbers written as it writes them)."""
        words = translator(language)
        _, ngettext = words.gettext, words.ngettext

        def score(value) -> str:
            return format_score(value, language=language)

        found = {}
        if self.score is not None:
            agree = (_("they largely agree") if self.sd is None or self.sd < 10 else
                     _("views differ somewhat") if self.sd < 20 else _("views differ widely"))
            found["score"] = ngettext("The team scores %(score)s of 100 here (%(count)s person): %(agreement)s.",
                                      "The team scores %(score)s of 100 here (%(count)s people): %(agreement)s.",
                                      self.n) % {"score": score(self.score), "count": self.n, "agreement": agree}
        scored = [s for s in self.spreads if s.score is not None]
        low = min(scored, key=lambda s: s.score, default=None)
        high = max(scored, key=lambda s: s.score, default=None)
        if low is not None and score(low.score) != score(high.score):
            found["spread"] = _("Strongest: “%(strongest)s” (%(high)s). Weakest: “%(weakest)s” (%(low)s).") % {
                "strongest": shorten(high.text, QUOTE), "high": score(high.score),
                "weakest": shorten(low.text, QUOTE), "low": score(low.score)}
        elif low is not None:
            found["spread"] = (_("Every question scores %(score)s.") % {"score": score(low.score)} if len(scored) > 1
                               else _("“%(question)s” scores %(score)s.") % {"question": shorten(low.text, QUOTE),
                                                                             "score": score(low.score)})
        if self.flags:
            top = self.flags[0]
            found["flags"] = _("Flagged most: “%(mistake)s”, by %(flagged)s of %(n)s.") % {
                "mistake": shorten(top.text, QUOTE), "flagged": top.flagged, "n": top.n}
        for gap in self.gaps:
            if gap.own is None:
                found[f"gap:{gap.name}"] = _("Others rate %(name)s %(score)s of 100.") % {
                    "name": gap.name, "score": score(gap.others)}
            else:
                diff = gap.others - gap.own
                figures = {"name": gap.name, "points": score(abs(diff)), "others": score(gap.others),
                           "own": score(gap.own)}
                if abs(diff) < 0.05:
                    found[f"gap:{gap.name}"] = _("Others and %(name)s see this alike (%(others)s).") % figures
                elif diff > 0:
                    found[f"gap:{gap.name}"] = _("Others rate %(name)s %(points)s points higher than %(name)s's own "
                                                 "view (%(others)s against %(own)s).") % figures
                else:
                    found[f"gap:{gap.name}"] = _("Others rate %(name)s %(points)s points lower than %(name)s's own "
                                                 "view (%(others)s against %(own)s).") % figures
        if self.cards:
            found["cards"] = ngettext("%(count)s comment, anonymous.",
                                      "%(count)s comments, anonymous, in no particular order.",
                                      len(self.cards)) % {"count": len(self.cards)}
        return found


def _number(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def session_topics(store: Store, team: Team, round_id: int) -> tuple[Topic, ...]:
    """One topic per section of the round's programme, in order, from the dashboard's published tables."""
    from .dashboard import team_dashboard  # pandas: only when the topics are (re)made

    from .round_programme import round_instruments

    d = team_dashboard(store, team=team, round_id=round_id)
    cat, k = d.catalogue, d.threshold
    topics = []
    for ref in (str(Ref(i.id, s.id)) for i in round_instruments(store, round_id) for s in i.sections):
        row = d.sections.loc[ref] if ref in d.sections.index else None
        shown = row is not None and not row["suppressed"]
        prefix = ref + "/"
        spreads = tuple(Spread(item, cat.item_text(item), int(r["n"]), _number(r["score"]),
                               dict(r["distribution"]), cat.value_labels(item))
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
