"""A self-contained HTML summary of one respondent's workbook, to download or print.

One file, no scripts, no external links: scores, where the respondent leans
between managing and leading, strengths and gaps, flagged mistakes, their
reflections and the notes beside their answers, the two worksheets (the cost
of not training with its figures, the justification planner's messages), the
convergence map with what it shows, and the action plan. It is rendered by the view layer (``summary.html.j2`` in
:mod:`workbook.views`), sharing the individual report's partials, so every
piece of text that anyone typed is escaped there. Numbers read as on the
page (:mod:`workbook.basics.numbers`: 37.5 stays 37.5).
"""

from __future__ import annotations

import base64
import datetime as _dt
from typing import Iterable, Mapping

from markupsafe import Markup

from ..errors import CalculatorError
from ..assess.calculators import (JUSTIFICATION_ISSUES, NON_TRAINING_FIELDS, STATUS_NAMES, check_cost_inputs,
                          check_justification, cost_of_non_training, cost_rows, justification_summary)
from ..instruments.catalogue import Catalogue
from ..assess.convergence import WORKSHEET as MAP_WORKSHEET
from ..instruments.model import NOT_APPLICABLE, Instrument
from ..basics.i18n import SOURCE_LANGUAGE, resolve_language, template_functions, text_direction, translator
from ..basics.numbers import format_number
from ..basics.printable import printable
from ..assess.scoring import assessment_summary
from ..views import render
from ..views.convergence import convergence_context
from ..views.partials import results_context


def summary_html(
    instruments: Iterable[Instrument],
    answers: Mapping[str, Mapping[str, object]],
    plan: list[dict],
    *,
    title: str,
    respondent: str = "",
    round_label: str = "",
    generated: _dt.datetime | None = None,
    worksheets: Mapping[str, object] | None = None,
    notes: Mapping[str, Mapping[str, str]] | None = None,
    currency: str = "",
    language: str = SOURCE_LANGUAGE,
) -> str:
    """The summary page as one HTML string (``answers`` keyed by instrument id, as scoring takes them).

    ``worksheets`` holds the saved worksheets by name (``cost-of-non-training``,
    ``justification-planner``, ``convergence-map``; a missing one is left out), ``notes`` the notes
    typed beside answers (``{instrument_id: {item_id: note}}``). Its words, numbers and date are in
    ``language`` (the page's: ``instruments`` come already in it), as ``<html lang>`` and ``dir`` say.
    """
    instruments = list(instruments)
    worksheets = worksheets or {}
    words = template_functions(language)
    _ = words["gettext"]
    body = Markup(render(  # rendered, so escaped: the document takes it as it is
        "summary.html.j2", **words,
        title=title, respondent=respondent, round_label=round_label,
        generated=_date(generated or _dt.datetime.now(), language),
        reflections=_reflections(instruments, answers),
        notes=_notes(instruments, answers, notes or {}, _),
        cost=_cost(worksheets.get("cost-of-non-training"), currency, language),
        justification=_justification(worksheets.get("justification-planner"), language),
        convergence=convergence_context(worksheets.get(MAP_WORKSHEET)),
        **results_context(assessment_summary(instruments, answers), plan,
                          gap_title=Catalogue(instruments).gap_title, language=language),
    ))
    return render("document.html.j2", **words, direction=text_direction(language),
                  title=_("%(title)s: summary") % {"title": title}, body=body)


def _date(moment: _dt.datetime, language: str) -> str:
    """The day the summary was made, as ``language`` writes a date (Babel, imported only then)."""
    if resolve_language(language) == SOURCE_LANGUAGE:
        return moment.strftime("%d %B %Y")
    from babel.dates import format_date

    return format_date(moment.date(), format="long", locale=resolve_language(language))


def _reflections(instruments, answers) -> list[tuple[str, str]]:
    """``(question, answer)`` for every free-text answer."""
    return [(item.text, text) for instrument in instruments for item in instrument.items
            if item.kind == "text" and isinstance(text := answers.get(instrument.id, {}).get(item.id), str)
            and text.strip()]


def _answer_label(item, value, gettext=str) -> str:
    _ = gettext
    if value is None or value == "":
        return _("not answered")
    if value == NOT_APPLICABLE:
        return _("not applicable")
    if item.kind == "checklist":
        return _("Yes") if value is True else _("No")
    if item.scale is not None and isinstance(value, int) and not isinstance(value, bool):
        # A translated instrument's labels are its own; the severity scale's are the interface's.
        return f"{_(item.scale.label(value))} ({value})"
    return str(value)


def _notes(instruments, answers, notes, gettext=str) -> list[tuple[str, str, str]]:
    """``(question, answer, note)`` for every note typed beside an answer (a checklist's notes among them)."""
    entries = []
    for instrument in instruments:
        given, typed = answers.get(instrument.id, {}), notes.get(instrument.id, {})
        for item in instrument.items:
            note = typed.get(item.id)
            if isinstance(note, str) and note.strip():
                entries.append((item.text, _answer_label(item, given.get(item.id), gettext), note.strip()))
    return entries


def _with_unit(value: float, unit: str, currency: str, language: str = SOURCE_LANGUAGE) -> str:
    number = format_number(value, 2, language=language)
    if unit == "money":
        return f"{currency}{number}"
    return f"{number}%" if unit == "%" else f"{number} {translator(language).gettext(unit)}"


def _cost(inputs, currency: str, language: str = SOURCE_LANGUAGE) -> dict | None:
    """The cost of not training: the figures entered and what they add up to, as the worksheet shows them."""
    if not inputs:
        return None
    try:
        rows, payback = cost_rows(inputs, currency, language)
    except CalculatorError:  # an old or damaged worksheet: say so rather than fail the whole summary
        return {"unreadable": True}
    _ = translator(language).gettext
    clean = check_cost_inputs(inputs)
    return {"unreadable": False, "worked": rows, "payback": payback,
            "verdict": _(cost_of_non_training(clean).verdict),
            "given": [(_(f.label), _with_unit(clean[f.name], f.unit, currency, language))
                      for f in NON_TRAINING_FIELDS]}


def _justification(entries, language: str = SOURCE_LANGUAGE) -> dict | None:
    """The justification planner: per issue, what people will be told and how far it has got."""
    if not entries:
        return None
    try:
        clean = check_justification(entries)
    except CalculatorError:
        return {"unreadable": True}
    _ = translator(language).gettext
    summary = justification_summary(clean, language)
    return {"unreadable": False, "covered": len(summary.covered), "communicated": len(summary.communicated),
            "issues": [{"title": _(issue.title), "status": _(STATUS_NAMES[clean[issue.id]["status"]]),
                        "message": clean[issue.id]["message"]} for issue in JUSTIFICATION_ISSUES]}


def data_uri(html: str) -> str:
    """``html`` as a ``data:`` URI, for a download link that needs no server."""
    encoded = printable(html).encode("utf-8")  # old answers may hold a lone surrogate: never fail the download
    return "data:text/html;charset=utf-8;base64," + base64.b64encode(encoded).decode("ascii")
