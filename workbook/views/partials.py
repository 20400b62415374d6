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

from ..assess.plan import LEVELS, plan_warnings
from ..assess.scoring import SectionScore, Summary
from .charts import bar_chart

#: How a document names a section score; the summary uses the section's own title.
Title = Callable[[SectionScore], str]


def _own_title(score: SectionScore) -> str:
    return score.title


def charted(score: SectionScore) -> bool:
    """Whether a section's score belongs in the chart: scored, not mistakes, not a position between poles."""
    return score.kind != "mistakes" and score.score is not None and not score.profile


def scores_chart(summary: Summary, title: Title = _own_title) -> Markup | None:
    """The scores as the results chart on the page draws them (None before any section is scored)."""
    rows = [(title(s), [s.score]) for s in summary.scores if charted(s)]
    return bar_chart(rows, ["Score"], "Scores by section, 0 to 100") if rows else None


def results_context(summary: Summary, plan: list[dict], *, title: Title = _own_title,
                    gap_title: Callable[[str], str] = str) -> dict:
    """The context of the four partials: ``scores``, ``strengths``, ``mistakes`` and ``plan``.

    ``gap_title`` names what an action answers from its ref (``instrument/section[/item]``).
    """
    return {
        "chart": scores_chart(summary, title),
        # A profile is a position between two poles, shown in words; free text has no score.
        "scores": [{"title": title(s), "score": s.score, "answered": s.answered, "total": s.total}
                   for s in summary.scores if s.kind != "text" and not s.profile],
        "profile": summary.profile,
        "strongest": [{"title": title(s), "score": s.score} for s in summary.strongest],
        "weakest": [{"title": title(s), "score": s.score} for s in summary.weakest],
        "mistakes": summary.mistakes,
        "actions": [plan_action(action, gap_title) for action in plan],
        "plan_warnings": plan_warnings(plan),
    }


def plan_action(action: dict, gap_title: Callable[[str], str] = str) -> dict:
    """One action as the plan partial shows it: what, then every field by its label ("" when not filled in)."""
    level = action.get("level", "")
    return {"what": action.get("what", ""), "fields": [
        ("Answers", gap_title(action["gap"]) if action.get("gap") else ""),
        ("Owner", action.get("owner", "")),
        ("Due", action.get("due", "")),
        ("Measure of success", action.get("measure", "")),
        ("Level", f"{level.capitalize()} (level {LEVELS.index(level) + 1})" if level in LEVELS else ""),
        ("Status", action.get("status", "").capitalize()),
    ]}
