"""The individual report: one person's scores, charts, flagged mistakes, strengths and plan.

A person's own answers are not a group figure, so no threshold applies to
them; what others said about the person (a 360 round) is, and goes through
the release rule and :mod:`workbook.team.aggregate` like every team figure. A
member of a confidential team gets no individual report from the command
line: only their own link shows their answers.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from markupsafe import Markup

from ..team import aggregate as agg
from ..team.anonymity import effective_threshold
from ..errors import LeaderbookError, NotFoundError
from ..assess.scoring import Summary, assessment_summary
from ..store import Respondent, Round, Store
from ..instruments.catalogue import Catalogue
from ..assess.convergence import WORKSHEET as MAP_WORKSHEET
from ..team.answers import team_catalogue
from ..team.figures import round_figures
from ..team.release import SELF
from ..team.admin import team_by_id
from ..basics.i18n import SOURCE_LANGUAGE, template_functions, text_direction
from ..views import render_with
from ..views.convergence import convergence_context
from ..views.partials import results_context
from . import TEMPLATES


@dataclass(frozen=True)
class IndividualReport:
    respondent: Respondent
    round: Round
    team_name: str | None
    threshold: int
    summary: Summary
    plan: list[dict]
    texts: list[tuple[str, str]]  # (question, the person's own answer)
    others: pd.DataFrame | None  # gap table when others rated this person
    others_texts: pd.DataFrame | None
    convergence_map: dict | None = None  # the person's own map, saved as a worksheet
    #: The language the report is said in (the coach's ``--language``); its catalogue's text is in it.
    language: str = SOURCE_LANGUAGE
    catalogue: Catalogue | None = None


def _default_round(store: Store, respondent: Respondent) -> Round:
    answered = {a.round_id for a in store.answer_history(respondent.id)}
    rounds = [r for r in store.rounds(respondent.team_id) if r.id in answered] if respondent.team_id else []
    rounds = rounds or [r for r in store.rounds() if r.id in answered]
    if not rounds and respondent.team_id:
        rounds = store.rounds(respondent.team_id)
    if not rounds:
        raise NotFoundError(f"respondent {respondent.id} ({respondent.name}) has no round to report on yet")
    return rounds[-1]


def individual_report(store: Store, respondent_id: int, *, round_id: int | None = None,
                      threshold: int | None = None, instruments=(), actor: str | None = None,
                      language: str = SOURCE_LANGUAGE) -> IndividualReport:
    """Gather what the individual report shows for a respondent in a round (their latest by default),
    the instruments' text in ``language`` (a shipped language: see :func:`workbook.basics.i18n.chosen_language`).

    With ``actor`` (the CLI and the workspace give it) the report goes in the audit trail.
    """
    respondent = store.respondent(respondent_id)
    team = team_by_id(store, respondent.team_id) if respondent.team_id else None
    if team is not None and team.confidential:
        raise LeaderbookError(f"team {team.name!r} is confidential: its members' own answers are shown only "
                              f"through their own links, never in a report")
    round_ = store.round(round_id) if round_id is not None else _default_round(store, respondent)
    if actor is not None:
        store.record("report", actor=actor, team=team.name if team else None,
                     detail=f"individual report of respondent {respondent.id}, {round_.label}")
    threshold = effective_threshold(team.threshold if team else None, threshold)
    catalogue, per_round = team_catalogue(store, [round_.id])
    if instruments:
        catalogue = Catalogue(instruments)
    # Answers are keyed by ids, so the same answers read in any language: only the titles change.
    catalogue = catalogue.in_language(language)
    # Only the person's self-assessment: answers they gave about a leader are not about them.
    own = store.latest_answers(respondent.id, round_.id, subject_id=None)
    by_instrument: dict[str, dict] = {}
    texts = []
    for answer in own:
        by_instrument.setdefault(answer.instrument_id, {})[answer.item_id] = answer.value
        entry = catalogue.find(answer.instrument_id, answer.instrument_version, answer.item_id)
        if entry is not None and entry.item.kind == "text" and isinstance(answer.value, str) and answer.value.strip():
            texts.append((entry.item.text, answer.value))
    summary = assessment_summary(catalogue.instruments, by_instrument)
    others = others_texts = None
    own_map = store.load_worksheet(respondent.id, round_.id, MAP_WORKSHEET)
    if team is None:
        return IndividualReport(respondent, round_, None, threshold, summary,
                                store.load_plan(respondent.id, round_.id), texts, None, None, own_map,
                                language, catalogue)
    loaded = round_figures(store, team, round_.id, catalogue, per_round[round_.id])
    rated = loaded.rater_scopes(respondent.id)
    if not loaded.section_sums(rated).empty:
        team_sections = loaded.section_table([SELF], threshold)
        # The person's own scores are theirs, not a group's: read live, as the rest of the report.
        mine = pd.Series({score.ref: score.score for score in summary.scores if score.score is not None},
                         dtype=float)
        others = agg.gap_table(mine, loaded.section_table(rated, threshold), threshold, team_sections["n"])
        written = loaded.texts[(loaded.texts["subject_id"] == respondent.id) & (loaded.texts["group"] != "self")]
        others_texts = agg.text_table(written, threshold)
    return IndividualReport(respondent, round_, team.name if team else None, threshold, summary,
                            store.load_plan(respondent.id, round_.id), texts, others, others_texts, own_map,
                            language, catalogue)


def individual_context(r: IndividualReport, catalogue: Catalogue | None = None) -> dict:
    catalogue = catalogue or r.catalogue or Catalogue().in_language(r.language)
    gaps = None
    if r.others is not None:
        gaps = [dict(n=int(row["n"]), suppressed=bool(row["suppressed"]), title=catalogue.section_title(ref),
                     self=row["self"], others=row["others"], gap=row["gap"]) for ref, row in r.others.iterrows()]
    others_texts = []
    if r.others_texts is not None:
        others_texts = [dict(n=int(row["n"]), suppressed=bool(row["suppressed"]), text=catalogue.item_text(ref),
                             answers=row["answers"] or ()) for ref, row in r.others_texts.iterrows()]
    return {
        "name": r.respondent.name, "round": r.round, "team": r.team_name, "threshold": r.threshold,
        "suggestions": r.summary.suggestions,
        "texts": r.texts, "gaps": gaps, "others_texts": others_texts,
        "convergence": convergence_context(r.convergence_map),
        # Scores, strengths and gaps, mistakes and the plan: the partials the downloadable summary shows too.
        **results_context(r.summary, r.plan, title=lambda score: catalogue.section_title(score.ref),
                          gap_title=catalogue.gap_title, language=r.language),
    }


def individual_html(r: IndividualReport) -> str:
    """The individual report as a complete, self-contained HTML page, in the report's language."""
    words = template_functions(r.language)
    body = Markup(render_with(TEMPLATES, "individual.html.j2", **words, **individual_context(r)))
    return render_with(TEMPLATES, "document.html.j2", **words, direction=text_direction(r.language),
                       title=f"{r.respondent.name} — {r.round.label}", body=body)
