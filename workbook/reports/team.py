"""The team report and the coach dashboard's page: a :class:`Dashboard` rendered as HTML.

Only tables from :mod:`workbook.team.dashboard` reach the page, so every
figure has already passed the anonymity threshold; a suppressed figure is
rendered as a note with no number in it, and every element that stands for
a group of answers carries ``data-n`` and ``data-suppressed`` so tests can
check the rule on the page itself.
"""

from __future__ import annotations

from markupsafe import Markup

from ..team.dashboard import Dashboard
from ..instruments.model import BUILTIN_SCALE_LABELS, Ref
from ..team.reliability import LOW_READING
from ..basics.i18n import SOURCE_LANGUAGE, template_functions, text_direction, translator
from ..views import charts, render_with
from ..team import words
from . import TEMPLATES

#: Flagged mistakes listed, the most flagged first.
TOP_MISTAKES = 10




def _figure(row) -> dict:
    return {"n": int(row["n"]), "suppressed": bool(row["suppressed"])}


def team_context(d: Dashboard, language: str = SOURCE_LANGUAGE) -> dict:
    """What the team template shows, its words and the instruments' text in ``language`` (the figures
    are keyed by ids, so they are the same whatever the language)."""
    cat = d.catalogue.in_language(language)
    shown_rounds = [r for r in d.rounds if r.id <= d.round.id]
    by_cell = {(section, round_id): row for (round_id, section), row in d.heatmap.iterrows()}
    heat_sections = [ref for ref in cat.sections if any(key[0] == ref for key in by_cell)]
    heat = [{"title": cat.section_title(ref),
             "cells": [dict(_figure(by_cell[(ref, r.id)]), score=by_cell[(ref, r.id)]["score"])
                       if (ref, r.id) in by_cell else None for r in shown_rounds]}
            for ref in heat_sections]
    _ = translator(language).gettext

    def value_labels(ref: str) -> dict:
        # A built-in scale's labels and a checklist's yes and no are the interface's words: said here.
        return {value: _(label) if label in BUILTIN_SCALE_LABELS or label in ("yes", "no") else label
                for value, label in cat.value_labels(ref).items()}

    spread, legends = {}, {}
    for ref, row in d.items.iterrows():
        section = cat.section_title(str(Ref.parse(ref).section_ref))
        legends.setdefault(section, charts.distribution_legend(value_labels(ref)))
        spread.setdefault(section, []).append(dict(
            _figure(row), text=cat.item_text(ref), mean=row["mean"], score=row["score"],
            bar=charts.distribution_bar(row["distribution"], value_labels(ref)) if not row["suppressed"] else "",
        ))
    mistakes = [dict(_figure(row), text=cat.item_text(ref), flagged=row["flagged"], share=row["share"],
                     severity=row["severity"])
                for ref, row in d.mistakes.iterrows() if not row["suppressed"]][:TOP_MISTAKES]
    subjects = [{
        "name": view.name,
        "gaps": [dict(_figure(row), title=cat.section_title(ref), self=row["self"], others=row["others"],
                      gap=row["gap"]) for ref, row in view.gaps.iterrows()],
        "groups": [dict(_figure(row), title=cat.section_title(section),
                        group=words.group(group.replace("-", " "), language),
                        raters=row["raters"], score=row["score"])
                   for (section, group), row in view.groups.iterrows()],
    } for view in d.subjects]
    change = None
    if d.change is not None:
        change = [dict(_figure(row), title=cat.section_title(ref), before=row["before"], after=row["after"],
                       change=row["change"]) for ref, row in d.change.iterrows()]
    return {
        "team": d.team.name, "round": d.round, "previous": d.previous, "threshold": d.threshold,
        "rounds": shown_rounds,
        "progress": [dict(member=p.member, purpose=words.purpose(p.purpose, language), answered=p.answered,
                          total=p.total, state=words.state(p.state, language)) for p in d.progress],
        "finished": sum(1 for p in d.progress if p.finished), "heat": heat, "spread": spread,
        "mistakes": mistakes, "mistakes_hidden": int(d.mistakes["suppressed"].sum()),
        "subjects": subjects, "change": change,
        "texts": [dict(_figure(row), text=cat.item_text(ref), answers=row["answers"] or ())
                  for ref, row in d.texts.iterrows()],
        # A gap typed by a member is free text: it is named only once enough people share it.
        "actions": [dict(_figure(row), gap=cat.title(gap), actions=row["actions"],
                         statuses=None if row["statuses"] is None else
                         {words.status(status, language): count for status, count in row["statuses"].items()},
                         what=row["what"] or ()) for gap, row in d.actions.iterrows()
                    if not row["suppressed"] or cat.knows(gap)],
        "actions_hidden": sum(1 for gap, row in d.actions.iterrows() if row["suppressed"] and not cat.knows(gap)),
        "members_answering": d.members_answering,
        "legends": legends, "confidential": d.confidential,
        "waiting": [words.waiting(w, language) for w in d.waiting],
        # What a live session decided: typed by the coach for the group, so no threshold applies to it.
        "session_topics": [cat.section_title(ref) for ref in d.session.revealed],
        "session_actions": [dict(action, topic=cat.section_title(action["gap"]),
                                 status=words.status(action.get("status", ""), language))
                            for action in d.session.actions],
        "reliability": _reliability(d, cat, language),
        "maps": _maps(d, language),
    }


def _reliability(d: Dashboard, cat, language: str) -> dict[str, list[dict]]:
    """Per published group, each section's alpha, rWG(J) and SD (None where not computed), flagged when low."""
    found: dict[str, list[dict]] = {}
    if d.reliability is None:
        return found
    for (about, ref), row in d.reliability.iterrows():
        figures = {name: None if row["suppressed"] or row[name] != row[name] else row[name]
                   for name in ("alpha", "rwg", "sd")}
        found.setdefault(words.group(about, language), []).append(dict(
            _figure(row), **figures, title=cat.section_title(ref), k=row["items"],
            truncated=bool(row["truncated"]), reading=words.reading(row["reading"], language),
            low=row["reading"] == LOW_READING))
    return found


def _maps(d: Dashboard, language: str) -> dict | None:
    """What the published convergence maps agree on: every pair at least k maps name, split pairs first."""
    if d.maps is None:
        return None
    pairs = d.maps.pairs
    order = pairs.assign(evenness=(pairs["share"] - 0.5).abs()).sort_values(["evenness"], kind="stable").index
    return {"maps": d.maps.maps, "shown": d.maps.shown,
            "pairs": [dict(_figure(pairs.loc[key]), goal=key[0], programme=key[1], **{
                name: pairs.loc[key][name] for name in ("named", "direct", "some", "share")},
                reading=words.reading(pairs.loc[key]["reading"], language),
                disagree=pairs.loc[key]["reading"] == "disagree")
                for key in order]}


def team_fragment(d: Dashboard, *, expanded: bool = False, language: str = SOURCE_LANGUAGE) -> Markup:
    """The dashboard as an HTML fragment (styles included), for a notebook's output or a report,
    in ``language`` (a shipped language: :func:`workbook.basics.i18n.chosen_language`).

    ``expanded`` opens every collapsible part: a printed report shows all the screen can.
    """
    return Markup(render_with(TEMPLATES, "team.html.j2", expanded=expanded, **template_functions(language),
                              **team_context(d, language)))


def team_report(d: Dashboard, *, language: str = SOURCE_LANGUAGE) -> str:
    """The team report: a complete, self-contained HTML page, every part open, in ``language``."""
    return render_with(TEMPLATES, "document.html.j2", **template_functions(language),
                       direction=text_direction(language), title=f"{d.team.name} — {d.round.label}",
                       body=team_fragment(d, expanded=True, language=language))
