"""Score charts as inline SVG text: no plotting library, nothing to load in the browser.

Each chart takes rows ``(label, [score, ...])`` on 0-100, one score per
series (None where a series has none), and series names. The SVG scales to
its container, names itself for screen readers, and escapes every label.
"""

from __future__ import annotations

import math
from html import escape

#: Series colours: "you" first, then comparisons (colour-blind safe blue / orange / grey).
COLOURS = ("#2f6db5", "#e08a1e", "#6b6b6b")
TICKS = (0, 25, 50, 75, 100)


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _fmt(score) -> str:
    return "–" if score is None else f"{score:g}"


def _description(rows, series) -> str:
    parts = []
    for label, scores in rows:
        values = ", ".join(f"{name} {_fmt(score)}" for name, score in zip(series, scores))
        parts.append(f"{label}: {values}")
    return "; ".join(parts)


def _open(width: int, height: int, title: str, rows, series) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" role="img" aria-label="{escape(title)}" class="lb-chart" '
        f'font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title><desc>{escape(_description(rows, series))}</desc>",
    ]


def _legend(series, x: int, y: int) -> list[str]:
    parts = []
    for n, name in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        parts.append(f'<rect x="{x}" y="{y - 9}" width="12" height="12" fill="{colour}" rx="2"/>'
                     f'<text x="{x + 17}" y="{y + 1}" fill="#333">{escape(name)}</text>')
        x += 30 + 7 * len(name)
    return parts


def bar_chart(rows, series, title: str = "Scores by area") -> str:
    """Horizontal bars, one group per row, one bar per series, on a 0-100 axis."""
    label_width, plot_width, bar, gap = 230, 360, 14, 10
    group = bar * len(series) + gap
    top = 34
    width = label_width + plot_width + 50
    height = top + group * len(rows) + 24
    out = _open(width, height, title, rows, series)
    out.extend(_legend(series, label_width, 16))
    for tick in TICKS:
        x = label_width + plot_width * tick / 100
        out.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 20}" stroke="#ddd"/>'
                   f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" fill="#666">{tick}</text>')
    for n, (label, scores) in enumerate(rows):
        y = top + n * group
        out.append(f'<text x="{label_width - 8}" y="{y + group / 2 + 2:.1f}" text-anchor="end" fill="#222">'
                   f"<title>{escape(label)}</title>{escape(_short(label, 36))}</text>")
        for s, score in enumerate(scores):
            bar_y = y + s * bar
            colour = COLOURS[s % len(COLOURS)]
            length = plot_width * (score or 0) / 100
            out.append(f'<rect x="{label_width}" y="{bar_y}" width="{length:.1f}" height="{bar - 2}" '
                       f'fill="{colour}" rx="2"><title>{escape(series[s])}: {_fmt(score)}</title></rect>'
                       f'<text x="{label_width + length + 4:.1f}" y="{bar_y + bar - 4}" fill="#333" '
                       f'font-size="10">{_fmt(score)}</text>')
    out.append("</svg>")
    return "".join(out)


def radar_chart(rows, series, title: str = "Scores by area") -> str:
    """A radar (spider) chart: one axis per row, one polygon per series. Needs three rows or more."""
    if len(rows) < 3:
        return bar_chart(rows, series, title)
    size, radius = 560, 170
    cx, cy = size / 2, 40 + radius + 60
    height = int(cy + radius + 70)
    out = _open(size, height, title, rows, series)
    out.extend(_legend(series, 16, 18))
    count = len(rows)

    def point(index: int, score: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        r = radius * score / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    for tick in TICKS[1:]:
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, tick) for i in range(count)))
        out.append(f'<polygon points="{ring}" fill="none" stroke="#ddd"/>')
        out.append(f'<text x="{cx + 3:.1f}" y="{cy - radius * tick / 100 - 2:.1f}" fill="#999" '
                   f'font-size="9">{tick}</text>')
    for index, (label, _) in enumerate(rows):
        x, y = point(index, 100)
        lx, ly = point(index, 112)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        out.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                   f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}" fill="#222" font-size="11">'
                   f"<title>{escape(label)}</title>{escape(_short(label, 24))}</text>")
    for s in range(len(series)):
        colour = COLOURS[s % len(COLOURS)]
        shape = " ".join(f"{x:.1f},{y:.1f}" for x, y in
                         (point(i, scores[s] or 0) for i, (_, scores) in enumerate(rows)))
        dash = ' stroke-dasharray="5 3"' if s else ""
        out.append(f'<polygon points="{shape}" fill="{colour}" fill-opacity="{0.25 if s == 0 else 0.08}" '
                   f'stroke="{colour}" stroke-width="2"{dash}><title>{escape(series[s])}</title></polygon>')
    out.append("</svg>")
    return "".join(out)
