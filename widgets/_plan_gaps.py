"""The gaps an action can answer, as ``(label, ref)`` choices drawn from the instruments.

A ref (:class:`workbook.instruments.model.Ref`) is ``instrument/section`` (a function or
skill area) or ``instrument/section/item`` (a single mistake, or a single weak
item), the same refs :func:`workbook.assess.scoring.suggest_actions` gives its
suggestions; :class:`workbook.instruments.catalogue.Catalogue` names them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbook.instruments.catalogue import Catalogue
from workbook.instruments.model import Ref
from workbook.basics.i18n import N_
from workbook.basics.numbers import format_score
from workbook.assess.scoring import Suggestion, flagged_mistakes, score_instrument

NO_GAP = (N_("(not tied to a gap)"), "")  # its label is translated where the choices are shown
#: How many suggestions each red flag or weak area offers first.
BEST = 3
#: How many of the weakest areas come first.
WEAKEST = 3
#: How many red flags (the worst) come first; the others open with the other suggestions.
FLAGS = 3
#: Longest question shown in a gap's label, in characters.
LABEL_LENGTH = 70
#: Catalogues kept, by the identity of the instruments they name (a page asks the same few again and again).
KEPT_CATALOGUES = 8
_catalogues: dict[tuple[int, ...], Catalogue] = {}


def catalogue_of(instruments) -> Catalogue:
    """The catalogue of these instruments, made once: they are frozen, and each catalogue keeps
    its instruments alive, so their identities cannot be taken by others while it is kept."""
    instruments = tuple(instruments)
    key = tuple(map(id, instruments))
    found = _catalogues.get(key)
    if found is None:
        if len(_catalogues) >= KEPT_CATALOGUES:
            del _catalogues[next(iter(_catalogues))]
        found = _catalogues[key] = Catalogue(instruments)
    return found


@dataclass
class FocusGroup:
    """A red flag or a weak area, with the suggestions that answer it (best first)."""

    kind: str  # "flag" (a flagged mistake) or "weak" (one of the weakest areas) or "other"
    ref: str
    title: str
    detail: str  # the severity, or the score
    suggestions: list[Suggestion] = field(default_factory=list)


def focus_groups(instruments, answers, suggestions, gettext=str) -> tuple[list[FocusGroup], list[FocusGroup]]:
    """``suggestions`` sorted for a plan: first the three worst red flags (flagged mistakes) and
    the three weakest areas, each with its :data:`BEST` suggestions; then every other
    suggestion, grouped by the gap it answers (any further red flags first). Each suggestion
    appears once."""
    instruments = list(instruments)
    flags = sorted((m for i in instruments for m in flagged_mistakes(i, answers.get(i.id, {}))),
                   key=lambda m: -m.severity)
    scores = [s for i in instruments for s in score_instrument(i, answers.get(i.id, {}))
              if s.kind != "mistakes" and s.score is not None and not s.profile]  # a pole is no gap
    weakest = sorted(scores, key=lambda s: s.score)  # ties keep the instruments' order
    left = list(suggestions)
    # The section each suggestion's gap is in (read once: a suggestion is checked against every group).
    section_of = {s.gap: str(Ref.parse(s.gap).section_ref) for s in left}
    first: list[FocusGroup] = []

    def take(group: FocusGroup, limit: int) -> None:
        """Move up to ``limit`` suggestions answering the group's gap (that gap, or an item of that section)."""
        for suggestion in [s for s in left if group.ref in (s.gap, section_of[s.gap])][:limit]:
            group.suggestions.append(suggestion)
            left.remove(suggestion)

    later: list[FocusGroup] = []
    for mistake in flags:
        group = FocusGroup("flag", mistake.ref, mistake.text, gettext(mistake.label))  # the severity scale's label
        shown_first = sum(1 for g in first if g.kind == "flag") < FLAGS
        take(group, BEST if shown_first else len(left))
        if group.suggestions:
            (first if shown_first else later).append(group)
    weak = 0
    for score in weakest:
        if weak == WEAKEST:
            break
        group = FocusGroup("weak", score.ref, score.title,
                           gettext("%(score)s out of 100") % {"score": format_score(score.score)})
        take(group, BEST)
        if group.suggestions:
            first.append(group)
            weak += 1
    rest: dict[str, FocusGroup] = {group.ref: group for group in later}
    catalogue = catalogue_of(instruments)
    for suggestion in left:
        ref = section_of[suggestion.gap]
        if ref not in rest:
            rest[ref] = FocusGroup("other", ref, catalogue.gap_title(ref), "")
        rest[ref].suggestions.append(suggestion)
    return first, list(rest.values())


def gap_choices(instruments) -> list[tuple[str, str]]:
    """Every scored section, and every mistake or obstacle on its own."""
    instruments = tuple(instruments)
    catalogue = catalogue_of(instruments)
    refs = []
    for instrument in instruments:
        for section in instrument.sections:
            if section.kind == "mistakes":
                refs.extend(Ref(instrument.id, section.id, item.id) for item in section.items)
            elif section.scored:
                refs.append(Ref(instrument.id, section.id))
    return [NO_GAP] + [(catalogue.gap_title(str(ref), LABEL_LENGTH), str(ref)) for ref in refs]


def gap_label(ref: str, instruments) -> str:
    """A readable name for any ref, even one not among :func:`gap_choices` (e.g. a weak item)."""
    return catalogue_of(instruments).gap_title(ref, LABEL_LENGTH)
