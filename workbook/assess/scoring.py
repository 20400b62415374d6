"""Scoring: pure functions from an instrument and its answers to results.

Answers come in as ``{item_id: value}`` (what :meth:`Store.answer_values`
returns). Every score is on 0–100. Unanswered and "not applicable" items are
left out of a score, never counted as zeros; a section nobody answered has
no score (None) rather than 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import fmean
from typing import Iterable, Mapping

from ..basics.i18n import N_
from ..instruments.model import NOT_APPLICABLE, Instrument, Item, Ref, Section, Value

#: Below this section score (0–100) a section counts as a gap worth acting on.
GAP_THRESHOLD = 60.0
#: How far apart (points) the leader and manager poles must be to call a lean.
PROFILE_MARGIN = 15.0

Answers = Mapping[str, Value]


def item_points(item: Item, value: Value) -> float | None:
    """How good an answer is, from 0 (worst) to 1 (best); None when it does not count.

    Ratings are placed on their scale (reversed items turned round); a checked
    checklist item is 1; a mistake scores 1 when absent and 0 when pervasive.
    """
    if value is None or value == NOT_APPLICABLE or item.kind == "text":
        return None
    if item.kind == "checklist":
        return 1.0 if value is True else 0.0
    low, high = item.scale.min, item.scale.max
    position = (value - low) / (high - low)
    if item.kind == "mistakes" or item.reverse:
        return 1.0 - position
    return position


@dataclass(frozen=True)
class SectionScore:
    instrument_id: str
    section_id: str
    title: str
    kind: str
    score: float | None  # 0–100, None when nothing scorable was answered
    answered: int  # items with any answer, "not applicable" included
    total: int
    #: Every item sits at a pole (leader or manager): the score is a position, not a gap to close.
    profile: bool = False

    @property
    def complete(self) -> bool:
        return self.answered == self.total

    @property
    def ref(self) -> str:
        return str(Ref(self.instrument_id, self.section_id))


def score_section(section: Section, answers: Answers, instrument_id: str = "") -> SectionScore:
    points = [item_points(item, answers.get(item.id)) for item in section.items]
    counted = [p for p in points if p is not None]
    answered = sum(1 for item in section.items if answers.get(item.id) not in (None, ""))
    score = round(100 * fmean(counted), 1) if counted and section.scored else None
    return SectionScore(instrument_id, section.id, section.title, section.kind, score, answered, len(section.items),
                        profile=is_profile_section(section))


def score_instrument(instrument: Instrument, answers: Answers) -> list[SectionScore]:
    return [score_section(section, answers, instrument.id) for section in instrument.sections]


@dataclass(frozen=True)
class FlaggedMistake:
    instrument_id: str
    section_id: str
    item_id: str
    text: str
    severity: int
    label: str
    actions: tuple[str, ...]

    @property
    def ref(self) -> str:
        return str(Ref(self.instrument_id, self.section_id, self.item_id))


def flagged_mistakes(instrument: Instrument, answers: Answers) -> list[FlaggedMistake]:
    """Mistakes and obstacles that show up at all (severity 1 or more), the worst first."""
    flagged = []
    for section in instrument.sections:
        if section.kind != "mistakes":
            continue
        for item in section.items:
            severity = answers.get(item.id)
            if isinstance(severity, int) and severity > 0:
                flagged.append(FlaggedMistake(instrument.id, section.id, item.id, item.text, severity,
                                              item.scale.label(severity), item.actions or section.actions))
    return sorted(flagged, key=lambda m: -m.severity)


def is_profile_section(section: Section) -> bool:
    """Whether every item of ``section`` belongs to a pole: it locates a person, it does not grade them."""
    return bool(section.items) and all(item.pole for item in section.items)


def strongest_and_weakest(scores: Iterable[SectionScore], count: int = 3) -> tuple[list[SectionScore], list[SectionScore]]:
    """The best and worst scored sections (ties keep instrument order); they never overlap.

    Profile sections are left out: neither pole is better, so they are never a strength or a gap.
    """
    scored = [s for s in scores if s.score is not None and not s.profile]
    ranked = sorted(scored, key=lambda s: -s.score)
    count = min(count, len(ranked) // 2) if len(ranked) > 1 else len(ranked)
    strongest = ranked[:count]
    weakest = sorted(scored, key=lambda s: s.score)[:count] if len(ranked) > 1 else []
    return strongest, weakest


@dataclass(frozen=True)
class Profile:
    """Where a respondent sits between managing (0) and leading (100) training."""

    leader: float | None
    manager: float | None

    @property
    def lean(self) -> float | None:
        if self.leader is None or self.manager is None:
            return None
        return round(self.leader - self.manager, 1)

    @property
    def label(self) -> str:
        """Where the respondent sits, in English words; a page says them in its language (``_(label)``)."""
        if self.lean is None:
            return N_("not enough answers yet")
        if self.lean >= PROFILE_MARGIN:
            return N_("leaning towards leading")
        if self.lean <= -PROFILE_MARGIN:
            return N_("leaning towards managing")
        return N_("balanced between leading and managing")


def _pole_profile(answered_items: Iterable[tuple[Item, Value]]) -> Profile:
    by_pole: dict[str, list[float]] = {"leader": [], "manager": []}
    for item, value in answered_items:
        if item.pole:
            points = item_points(item, value)
            if points is not None:
                by_pole[item.pole].append(points)
    mean = {pole: round(100 * fmean(p), 1) if p else None for pole, p in by_pole.items()}
    return Profile(mean["leader"], mean["manager"])


def leader_manager_profile(instruments: Iterable[Instrument], answers: Mapping[str, Answers]) -> Profile:
    """Average the items marked ``pole: leader`` against those marked ``pole: manager``."""
    return _pole_profile((item, answers.get(instrument.id, {}).get(item.id))
                         for instrument in instruments for item in instrument.items)


def section_profile(section: Section, answers: Answers) -> Profile:
    """The same position, from one section's pole items only."""
    return _pole_profile((item, answers.get(item.id)) for item in section.items)


@dataclass(frozen=True)
class Suggestion:
    gap: str  # instrument/section[/item]: what the action answers
    gap_title: str
    text: str


def suggest_actions(instrument: Instrument, answers: Answers, threshold: float = GAP_THRESHOLD) -> list[Suggestion]:
    """Actions for this instrument's gaps: flagged mistakes first, then weak sections and items."""
    suggestions: list[Suggestion] = []
    seen: set[str] = set()

    def add(gap: str, title: str, texts: Iterable[str]) -> None:
        for text in texts:
            if text not in seen:
                seen.add(text)
                suggestions.append(Suggestion(gap, title, text))

    for mistake in flagged_mistakes(instrument, answers):
        add(mistake.ref, mistake.text, mistake.actions)
    scores = {s.section_id: s for s in score_instrument(instrument, answers)}
    for section in sorted(instrument.sections, key=lambda s: scores[s.id].score if scores[s.id].score is not None else 101):
        if section.kind not in ("rating", "checklist") or is_profile_section(section):
            continue  # a pole is a position, not a gap: nothing to fix
        weak_items = [item for item in section.items
                      if (p := item_points(item, answers.get(item.id))) is not None and p < 0.5]
        for item in weak_items:
            add(str(Ref(instrument.id, section.id, item.id)), item.text, item.actions[:1])
        score = scores[section.id].score
        if score is not None and score < threshold:
            add(str(Ref(instrument.id, section.id)), section.title, section.actions)
    return suggestions


@dataclass(frozen=True)
class Summary:
    scores: list[SectionScore]
    strongest: list[SectionScore]
    weakest: list[SectionScore]
    mistakes: list[FlaggedMistake]
    profile: Profile
    suggestions: list[Suggestion] = field(default_factory=list)


def assessment_summary(instruments: Iterable[Instrument], answers: Mapping[str, Answers]) -> Summary:
    """Everything a results page shows, for answers keyed by instrument id."""
    instruments = list(instruments)
    scores = [s for i in instruments for s in score_instrument(i, answers.get(i.id, {}))]
    strongest, weakest = strongest_and_weakest([s for s in scores if s.kind != "mistakes"])
    mistakes = sorted((m for i in instruments for m in flagged_mistakes(i, answers.get(i.id, {}))),
                      key=lambda m: -m.severity)
    suggestions = [s for i in instruments for s in suggest_actions(i, answers.get(i.id, {}))]
    return Summary(scores, strongest, weakest, mistakes, leader_manager_profile(instruments, answers), suggestions)
