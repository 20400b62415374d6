"""A self-contained HTML summary of one respondent's workbook, to download or print.

One file, no scripts, no external links: scores, where the respondent leans
between managing and leading, strengths and gaps, flagged mistakes, their
reflections and the action plan. Every piece of text that anyone typed
(names, answers, actions, a programme's title) is escaped.
"""

from __future__ import annotations

import base64
import datetime as _dt
from html import escape
from typing import Iterable, Mapping

from .model import Instrument
from .plan import plan_warnings
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
@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}}
"""


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
) -> str:
    """The summary page as one HTML string (``answers`` keyed by instrument id, as scoring takes them)."""
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
        + (f" (leading {summary.profile.leader:.0f}, managing {summary.profile.manager:.0f} out of 100)."
           if summary.profile.lean is not None else ".") + "</p>",
        _scores_table(summary.scores),
        _ranked("Strengths", summary.strongest, "Answer more questions to see your strengths."),
        _ranked("Gaps to work on", summary.weakest, "No gaps yet: answer more questions to see them."),
        _mistakes(summary.mistakes),
        _reflections(instruments, answers),
        _plan(plan),
        "</body></html>",
    ]
    return "\n".join(parts)


def _scores_table(scores) -> str:
    rows = []
    for s in scores:
        if s.kind == "text":
            continue
        if s.score is None:
            shown = "<span class='none'>not answered</span>"
            bar = ""
        else:
            shown = f"{s.score:.0f}"
            bar = f"<div class='bar'><span style='width:{max(0.0, min(100.0, s.score)):.0f}%'></span></div>"
        rows.append(f"<tr><td>{_e(s.title)}</td><td>{shown}</td><td>{bar}</td>"
                    f"<td>{s.answered} of {s.total}</td></tr>")
    return ("<h2>Scores by section (0 to 100)</h2><table><thead><tr><th>Section</th><th>Score</th><th></th>"
            "<th>Answered</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _ranked(heading: str, scores, empty: str) -> str:
    if not scores:
        return f"<h2>{_e(heading)}</h2><p class='none'>{_e(empty)}</p>"
    items = "".join(f"<li>{_e(s.title)}: {s.score:.0f}</li>" for s in scores)
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


def _plan(plan: list[dict]) -> str:
    if not plan:
        return "<h2>Action plan</h2><p class='none'>No actions yet.</p>"
    rows = "".join(
        "<tr>" + "".join(f"<td>{_e(action.get(key, ''))}</td>"
                         for key in ("what", "owner", "due", "measure", "level", "status")) + "</tr>"
        for action in plan
    )
    warnings = "".join(f"<li>{_e(w)}</li>" for w in plan_warnings(plan))
    return ("<h2>Action plan</h2><table><thead><tr><th>Action</th><th>Owner</th><th>Due</th><th>Measure of "
            "success</th><th>Level</th><th>Status</th></tr></thead><tbody>" + rows + "</tbody></table>"
            + (f"<p>Still to fill in:</p><ul>{warnings}</ul>" if warnings else ""))


def data_uri(html: str) -> str:
    """``html`` as a ``data:`` URI, for a download link that needs no server."""
    encoded = printable(html).encode("utf-8")  # old answers may hold a lone surrogate: never fail the download
    return "data:text/html;charset=utf-8;base64," + base64.b64encode(encoded).decode("ascii")
