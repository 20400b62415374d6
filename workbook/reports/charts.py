"""Small charts for reports and the dashboard, drawn as inline HTML and SVG.

No plotting library and no script: a report is one self-contained file that
prints well. Every label that reaches a chart is escaped here; every number
is formatted here, so templates never build markup from user text.
"""

from __future__ import annotations

import math
from html import escape

from markupsafe import Markup


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and not math.isnan(value)


def heat_colour(score) -> str:
    """A background colour for a 0–100 score: red for low, amber in the middle, green for high."""
    if not is_number(score):
        return "#eeeeee"
    hue = round(1.2 * max(0.0, min(100.0, float(score))))
    return f"hsl({hue}, 65%, 78%)"


def score_bars(rows: list[tuple[str, float | None]], width: int = 720) -> Markup:
    """Horizontal bars, one per ``(label, score 0–100)``; a missing score draws no bar."""
    label_width, bar_width, row_height = 370, width - 410, 22
    height = row_height * len(rows) + 24
    parts = [f'<svg class="lb-bars" role="img" xmlns="http://www.w3.org/2000/svg" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}">']
    for step in (0, 50, 100):
        x = label_width + bar_width * step / 100
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 18}" stroke="#ccc"/>'
                     f'<text x="{x:.1f}" y="{height - 4}" font-size="10" text-anchor="middle">{step}</text>')
    for index, (label, score) in enumerate(rows):
        y = index * row_height
        short = label if len(label) <= 60 else label[:59] + "…"
        parts.append(f'<text x="{label_width - 6}" y="{y + 15}" font-size="11" text-anchor="end">'
                     f'<title>{escape(label)}</title>{escape(short)}</text>')
        if is_number(score):
            length = bar_width * max(0.0, min(100.0, float(score))) / 100
            parts.append(f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="14" '
                         f'fill="{heat_colour(score)}" stroke="#888"/>'
                         f'<text x="{label_width + length + 4:.1f}" y="{y + 15}" font-size="11">{score:.0f}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def distribution_bar(distribution: dict, labels: dict) -> Markup:
    """A stacked bar of how many gave each value, with each value's label on hover."""
    total = sum(distribution.values())
    if not total:
        return Markup("")
    parts = ['<span class="lb-dist">']
    for value in sorted(distribution):
        count = distribution[value]
        share = 100 * count / total
        label = labels.get(value, str(value))
        parts.append(f'<span class="lb-dist-part lb-v{int(value) % 6}" style="width:{share:.1f}%" '
                     f'title="{escape(str(label))}: {count}">{count}</span>')
    parts.append("</span>")
    return Markup("".join(parts))


def distribution_legend(labels: dict) -> Markup:
    """What each colour of :func:`distribution_bar` stands for: the value and its label."""
    parts = ['<span class="lb-dist-legend">']
    for value in sorted(labels):
        parts.append(f'<span class="lb-legend-entry"><span class="lb-dist-part lb-v{int(value) % 6}">{value}</span> '
                     f'{escape(str(labels[value]))}</span>')
    parts.append("</span>")
    return Markup(" ".join(parts))


def fmt_score(value) -> str:
    return f"{value:.0f}" if is_number(value) else "–"


def fmt_change(value) -> str:
    return f"{value:+.0f}" if is_number(value) else "–"


def fmt_share(value) -> str:
    return f"{value:.0%}" if is_number(value) else "–"


def fmt_mean(value) -> str:
    return f"{value:.1f}" if is_number(value) else "–"
