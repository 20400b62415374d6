"""A self-contained HTML summary of one respondent's workbook, to download or print.

One file, no scripts, no external links: scores, where the respondent leans
between managing and leading, strengths and gaps, flagged mistakes, their
reflections and the notes beside their answers, the two worksheets (the cost
of not training with its figures, the justification planner's messages) and
the action plan. Numbers read as on the page (:mod:`workbook.numbers`: 37.5
stays 37.5). Every piece of text that anyone typed (names, answers, notes,
messages, actions, a programme's title) is escaped.
"""

from __future__ import annotations

import base64
import datetime as _dt
from html import escape
from typing import Iterable, Mapping

from .calculators import (JUSTIFICATION_ISSUES, NON_TRAINING_FIELDS, CalculatorError, check_cost_inputs,
                          check_justification, cost_of_non_training, cost_rows, justification_summary)
from .model import NOT_APPLICABLE, Instrument
from .numbers import format_number
from .plan import LEVELS, plan_warnings
from .printable import printable
from .scoring import assessment_summary

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2933;
max-width:52rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d9e2ec}
.meta{color:#52606d}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;
border-bottom:1px solid #e4e7eb;vertical-align:top}.bar{background:#e3f1f6;height:.7rem;border-radius:3px;min-width:8rem}
.bar span{display:block;height:100%;background:#1f6f8b;border-radius:3px}.none{color:#7b8794}
.sev{font-weight:600;color:#b42318}ul{padding-left:1.2rem}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
dt{font-weight:600;margin-top:.6rem}dd{margin:.1rem 0 0 1rem;white-space:pre-wrap}
.action{border:1px solid #d9e2ec;border-radius:6px;padding:.4rem .8rem;margin:.6rem 0;break-inside:avoid}
.action h3{font-size:1rem;margin:.2rem 0;white-space:pre-wrap}.action dl{display:grid;grid-template-columns:auto 1fr;
gap:.1rem .8rem;margin:.3rem 0}.action dt{margin:0;font-weight:600}.action dd{margin:0}
@media (max-width:30rem){.bar{min-width:3rem}th,td{padding:.3rem .25rem}}
@media (max-width:24rem){.barcell{display:none}}
@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}}
"""


_EMPTY = "<span class='none'>–</span>"


def _e(text: object) -> str:
    return escape("" if text is None else str(text), quote=True)


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
) -> str:
    """The summary page as one HTML string (``answers`` keyed by instrument id, as scoring takes them).

    ``worksheets`` holds the saved worksheets by name (``cost-of-non-training``,
    ``justification-planner``; a missing one is left out), ``notes`` the notes
    typed beside answers (``{instrument_id: {item_id: note}}``).
    """
    instruments = list(instruments)
    summary = assessment_summary(instruments, answers)
    generated = generated or _dt.datetime.now()
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{_e(title)}: summary</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f"<p class='meta'>{_e(respondent)}{' · ' if respondent and round_label else ''}{_e(round_label)}"
        f" · {_e(generated.strftime('%d %B %Y'))}</p>",
        "<h2>Leading or managing?</h2>",
        f"<p>{_e(summary.profile.label.capitalize())}"
        + (f" (leading {format_number(summary.profile.leader)}, managing {format_number(summary.profile.manager)}"
           " out of 100)."
           if summary.profile.lean is not None else ".") + "</p>",
        _scores_table(summary.scores),
        _ranked("Strengths", summary.strongest, "Answer more questions to see your strengths."),
        _ranked("Gaps to work on", summary.weakest, "No gaps yet: answer more questions to see them."),
        _mistakes(summary.mistakes),
        _reflections(instruments, answers),
        _notes(instruments, answers, notes or {}),
        _cost((worksheets or {}).get("cost-of-non-training"), currency),
        _justification((worksheets or {}).get("justification-planner")),
        _plan(plan, instruments),
        "</body></html>",
    ]
    return "\n".join(parts)


def _scores_table(scores) -> str:
    rows = []
    for s in scores:
        if s.kind == "text" or s.profile:
            continue  # a profile is a position between two poles, shown above, never a score
        if s.score is None:
            shown = "<span class='none'>not answered</span>"
            bar = ""
        else:
            shown = format_number(s.score)
            bar = f"<div class='bar'><span style='width:{max(0.0, min(100.0, s.score)):.0f}%'></span></div>"
        rows.append(f"<tr><td>{_e(s.title)}</td><td class='num'>{shown}</td><td class='barcell'>{bar}</td>"
                    f"<td>{s.answered} of {s.total}</td></tr>")
    return ("<h2>Scores by section (0 to 100)</h2><table><thead><tr><th>Section</th><th>Score</th>"
            "<th class='barcell'></th><th>Answered</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _ranked(heading: str, scores, empty: str) -> str:
    if not scores:
        return f"<h2>{_e(heading)}</h2><p class='none'>{_e(empty)}</p>"
    items = "".join(f"<li>{_e(s.title)}: {format_number(s.score)}</li>" for s in scores)
    return f"<h2>{_e(heading)}</h2><ul>{items}</ul>"


def _mistakes(mistakes) -> str:
    if not mistakes:
        return "<h2>Mistakes and obstacles</h2><p class='none'>None flagged.</p>"
    items = "".join(f"<li><span class='sev'>{_e(m.label)}</span>: {_e(m.text)}</li>" for m in mistakes)
    return f"<h2>Mistakes and obstacles</h2><ul>{items}</ul>"


def _reflections(instruments, answers) -> str:
    entries = []
    for instrument in instruments:
        given = answers.get(instrument.id, {})
        for item in instrument.items:
            text = given.get(item.id)
            if item.kind == "text" and isinstance(text, str) and text.strip():
                entries.append(f"<dt>{_e(item.text)}</dt><dd>{_e(text)}</dd>")
    if not entries:
        return ""
    return "<h2>Your reflections</h2><dl>" + "".join(entries) + "</dl>"


def _answer_label(item, value) -> str:
    if value is None or value == "":
        return "not answered"
    if value == NOT_APPLICABLE:
        return "not applicable"
    if item.kind == "checklist":
        return "Yes" if value is True else "No"
    if item.scale is not None and isinstance(value, int) and not isinstance(value, bool):
        return f"{item.scale.label(value)} ({value})"
    return str(value)


def _notes(instruments, answers, notes) -> str:
    """Every note typed beside an answer (a checklist's notes among them), with the answer it goes with."""
    entries = []
    for instrument in instruments:
        given, typed = answers.get(instrument.id, {}), notes.get(instrument.id, {})
        for item in instrument.items:
            note = typed.get(item.id)
            if isinstance(note, str) and note.strip():
                entries.append(f"<dt>{_e(item.text)} <span class='none'>({_e(_answer_label(item, given.get(item.id)))})"
                               f"</span></dt><dd>{_e(note.strip())}</dd>")
    if not entries:
        return ""
    return "<h2>Your notes</h2><dl>" + "".join(entries) + "</dl>"


def _with_unit(value: float, unit: str, currency: str) -> str:
    number = format_number(value, 2)
    if unit == "money":
        return f"{currency}{number}"
    return f"{number}%" if unit == "%" else f"{number} {unit}"


def _cost(inputs, currency: str) -> str:
    """The cost of not training: the figures entered and what they add up to, as the worksheet shows them."""
    if not inputs:
        return ""
    try:
        rows, payback = cost_rows(inputs, currency)
    except CalculatorError:  # an old or damaged worksheet: say so rather than fail the whole summary
        return "<h2>The cost of not training</h2><p class='none'>The saved figures could not be read.</p>"
    clean = check_cost_inputs(inputs)
    given = "".join(f"<tr><td>{_e(f.label)}</td><td class='num'>{_e(_with_unit(clean[f.name], f.unit, currency))}"
                    "</td></tr>" for f in NON_TRAINING_FIELDS)
    worked = "".join(f"<tr><td>{_e(label)}</td><td class='num'>{_e(amount)}</td></tr>" for label, amount in rows)
    verdict = cost_of_non_training(clean).verdict
    return ("<h2>The cost of not training</h2><h3>Your figures</h3><table><tbody>" + given + "</tbody></table>"
            "<h3>What they add up to</h3><table><tbody>" + worked + "</tbody></table>"
            f"<p><strong>{_e(verdict)}</strong> {_e(payback)}</p>")


def _justification(entries) -> str:
    """The justification planner: per issue, what people will be told and how far it has got."""
    if not entries:
        return ""
    try:
        clean = check_justification(entries)
    except CalculatorError:
        return "<h2>Justification planner</h2><p class='none'>The saved messages could not be read.</p>"
    summary = justification_summary(clean)
    items = []
    for issue in JUSTIFICATION_ISSUES:
        entry = clean[issue.id]
        message = _e(entry["message"]) if entry["message"] else "<span class='none'>No message yet.</span>"
        items.append(f"<dt>{_e(issue.title)} <span class='none'>({_e(entry['status'])})</span></dt><dd>{message}</dd>")
    return (f"<h2>Justification planner</h2><p>{len(summary.covered)} of {len(JUSTIFICATION_ISSUES)} issues "
            f"justified, {len(summary.communicated)} communicated.</p><dl>" + "".join(items) + "</dl>")


def _gap_title(ref: str, instruments) -> str:
    instrument_id, _, rest = ref.partition("/")
    section_id, _, item_id = rest.partition("/")
    for instrument in instruments:
        for section in instrument.sections if instrument.id == instrument_id else ():
            if section.id == section_id:
                item = next((i for i in section.items if i.id == item_id), None)
                return f"{section.title}: {item.text}" if item is not None else f"{instrument.title}: {section.title}"
    return ref


def _plan(plan: list[dict], instruments=()) -> str:
    """Each action as a block (readable on a phone and in print), with every field the person filled in."""
    if not plan:
        return "<h2>Action plan</h2><p class='none'>No actions yet.</p>"
    blocks = []
    for number, action in enumerate(plan, 1):
        level = action.get("level", "")
        fields = [("Answers", _gap_title(action["gap"], instruments) if action.get("gap") else ""),
                  ("Owner", action.get("owner", "")), ("Due", action.get("due", "")),
                  ("Measure of success", action.get("measure", "")),
                  ("Level", f"{level.capitalize()} (level {LEVELS.index(level) + 1})" if level in LEVELS else ""),
                  ("Status", action.get("status", "").capitalize())]
        rows = "".join(f"<dt>{_e(label)}</dt><dd>{_e(value) if value else _EMPTY}</dd>"
                       for label, value in fields)
        blocks.append(f"<div class='action'><h3>{number}. {_e(action.get('what', ''))}</h3><dl>{rows}</dl></div>")
    warnings = "".join(f"<li>{_e(w)}</li>" for w in plan_warnings(plan))
    return ("<h2>Action plan</h2>" + "".join(blocks)
            + (f"<p>Still to fill in:</p><ul>{warnings}</ul>" if warnings else ""))


def data_uri(html: str) -> str:
    """``html`` as a ``data:`` URI, for a download link that needs no server."""
    encoded = printable(html).encode("utf-8")  # old answers may hold a lone surrogate: never fail the download
    return "data:text/html;charset=utf-8;base64," + base64.b64encode(encoded).decode("ascii")
