"""What the shared partials show of one person's results, as plain data.

The downloadable summary and the individual report show the same four
things (``templates/partials/``): the scores (chart, table and where the
person sits between managing and leading), strengths and gaps, the flagged
mistakes, and the action plan. Both build their context here, so the two
documents cannot drift apart; each names sections its own way (``title``).
"""

from __future__ import annotations

from typing import Callable

from markupsafe import Markup

from ..assess.plan import LEVELS, missing_fields
from dataclasses import replace

from ..assess.scoring import SectionScore, Summary
from ..instruments.model import BUILTIN_SCALE_LABELS
from ..basics.i18n import N_, SOURCE_LANGUAGE, translator
from ..basics.printable import shorten
from .charts import bar_chart

#: Where the person sits between managing and leading (workbook.assess.scoring.Profile.label), as said.
PROFILE_WORDS = {"not enough answers yet": N_("not enough answers yet"),
                 "leaning towards leading": N_("leaning towards leading"),
                 "leaning towards managing": N_("leaning towards managing"),
                 "balanced between leading and managing": N_("balanced between leading and managing")}
#: The Kirkpatrick levels and the statuses as the plan shows them (the plan stores them in English, as data).
LEVEL_NAMES = {"reaction": N_("Reaction"), "learning": N_("Learning"), "behaviour": N_("Behaviour"),
               "results": N_("Results")}
STATUS_NAMES = {"planned": N_("Planned"), "in progress": N_("In progress"), "done": N_("Done"),
                "dropped": N_("Dropped")}

#: How a document names a section score; the summary uses the section's own title.
Title = Callable[[SectionScore], str]


def _own_title(score: SectionScore) -> str:
    return score.title


def charted(score: SectionScore) -> bool:
    """Whether a section's score belongs in the chart: scored, not mistakes, not a position between poles."""
    return score.kind != "mistakes" and score.score is not None and not score.profile


def scores_chart(summary: Summary, title: Title = _own_title, language: str = SOURCE_LANGUAGE) -> Markup | None:
    """The scores as the results chart on the page draws them (None before any section is scored)."""
    _ = translator(language).gettext
    rows = [(title(s), [s.score]) for s in summary.scores if charted(s)]
    return bar_chart(rows, [_("Score")], _("Scores by section, 0 to 100")) if rows else None


def results_context(summary: Summary, plan: list[dict], *, title: Title = _own_title,
                    gap_title: Callable[[str], str] = str, language: str = SOURCE_LANGUAGE) -> dict:
    """The context of the four partials: ``scores``, ``strengths``, ``mistakes`` and ``plan``, their
    own words in ``language`` (the titles and texts are the instruments' as given).

    ``gap_title`` names what an action answers from its ref (``instrument/section[/item]``).
    """
    _ = translator(language).gettext
    return {
        "chart": scores_chart(summary, title, language),
        # A profile is a position between two poles, shown in words; free text has no score.
        "scores": [{"title": title(s), "score": s.score, "answered": s.answered, "total": s.total}
                   for s in summary.scores if s.kind != "text" and not s.profile],
        "profile": summary.profile,
        "profile_label": _(PROFILE_WORDS.get(summary.profile.label, summary.profile.label)),
        "strongest": [{"title": title(s), "score": s.score} for s in summary.strongest],
        "weakest": [{"title": title(s), "score": s.score} for s in summary.weakest],
        "mistakes": [replace(m, label=_(m.label)) if m.label in BUILTIN_SCALE_LABELS else m
                     for m in summary.mistakes],
        "actions": [plan_action(action, gap_title, language) for action in plan],
        "plan_warnings": plan_warnings(plan, language),
    }


def plan_warnings(actions: list[dict], language: str = SOURCE_LANGUAGE) -> list[str]:
    """What is missing from the actions (workbook.assess.plan.plan_warnings), said in ``language``."""
    _ = translator(language).gettext
    warnings = []
    for number, action in enumerate(actions, 1):
        missing = missing_fields(action)
        if missing:
            listed = ", ".join(_("no %(field)s") % {"field": _(label)} for label in missing)
            warnings.append(_("Action %(number)d (%(what)s) has %(missing)s.")
                            % {"number": number, "what": shorten(action["what"]), "missing": listed})
    return warnings


def plan_action(action: dict, gap_title: Callable[[str], str] = str, language: str = SOURCE_LANGUAGE) -> dict:
    """One action as the plan partial shows it: what, then every field by its label ("" when not filled in)."""
    _ = translator(language).gettext
    level, status = action.get("level", ""), action.get("status", "")
    return {"what": action.get("what", ""), "fields": [
        (_("Answers"), gap_title(action["gap"]) if action.get("gap") else ""),
        (_("Owner"), action.get("owner", "")),
        (_("Due"), action.get("due", "")),
        (_("Measure of success"), action.get("measure", "")),
        (_("Level"), _("%(level)s (level %(number)d)") % {"level": _(LEVEL_NAMES[level]),
                                                          "number": LEVELS.index(level) + 1}
         if level in LEVELS else ""),
        (_("Status"), _(STATUS_NAMES[status]) if status in STATUS_NAMES else status.capitalize()),
    ]}
