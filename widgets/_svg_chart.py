"""Score charts as inline SVG text: no plotting library, nothing to load in the browser.

Each chart takes rows ``(label, [score, ...])`` on 0-100, one score per
series (None where a series has none), and series names. The SVG scales to
its container, names itself for screen readers, and escapes every label.
"""

from __future__ import annotations

import math
from html import escape

from workbook.numbers import format_number

#: Series colours: "you" first, then comparisons (colour-blind safe blue / orange / grey).
COLOURS = ("#2f6db5", "#e08a1e", "#6b6b6b")
TICKS = (0, 25, 50, 75, 100)


def _wrap(text: str, width: int, lines: int = 3) -> list[str]:
    """``text`` in lines of at most ``width`` characters; whole words, never cut mid-word
    (a word longer than a line, or a fourth line, is the only thing shortened)."""
    import textwrap

    wrapped = textwrap.wrap(text, width, break_long_words=False) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1].rstrip(".,;:") + "…"
    return wrapped


def _lines(lines, x: float, y: float, step: float) -> str:
    return "".join(f'<tspan x="{x:.1f}" y="{y + n * step:.1f}">{escape(line)}</tspan>' for n, line in enumerate(lines))


def _fmt(score) -> str:
    return format_number(score)  # as the summary writes it


def _description(rows, series) -> str:
    parts = []
    for label, scores in rows:
        values = ", ".join(f"{name} {_fmt(score)}" for name, score in zip(series, scores))
        parts.append(f"{label}: {values}")
    return "; ".join(parts)


def _open(width: int, height: int, title: str, rows, series, font_size: int = 12) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" role="img" aria-label="{escape(title)}" class="lb-chart" '
        f'font-family="sans-serif" font-size="{font_size}">',
        f"<title>{escape(title)}</title><desc>{escape(_description(rows, series))}</desc>",
    ]


def _legend(series, x: int, y: int) -> list[str]:
    parts = []
    for n, name in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        parts.append(f'<rect x="{x}" y="{y - 9}" width="12" height="12" fill="{colour}" rx="2"/>'
                     f'<text x="{x + 17}" y="{y + 1}" fill="#333">{escape(name)}</text>')
        x += 34 + 9 * len(name)  # room for the name at the largest font a chart uses
    return parts


def bar_chart(rows, series, title: str = "Scores by area") -> str:
    """Horizontal bars on a 0-100 axis: each area's name above its bars, wrapped, never cut.

    The drawing is narrow (480 units) and its text large, so on a phone it
    shrinks little and stays readable.
    """
    left, plot_width, bar, line = 6, 420, 16, 18
    width = left + plot_width + 54
    top = 40
    out_rows, y = [], top
    for label, scores in rows:
        lines = _wrap(label, 46)
        out_rows.append((label, lines, scores, y))
        y += len(lines) * line + bar * len(scores) + 16
    height = y + 22
    out = _open(width, height, title, rows, series, font_size=15)
    out.extend(_legend(series, left, 18))
    for tick in TICKS:
        x = left + plot_width * tick / 100
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 22}" stroke="#ddd"/>'
                   f'<text x="{x:.1f}" y="{height - 5}" text-anchor="middle" fill="#555" font-size="13">{tick}</text>')
    for label, lines, scores, y in out_rows:
        out.append(f'<text fill="#222">{_lines(lines, left, y + 13, line)}</text>')
        bars_y = y + len(lines) * line
        for s, score in enumerate(scores):
            bar_y = bars_y + s * bar
            colour = COLOURS[s % len(COLOURS)]
            length = plot_width * (score or 0) / 100
            out.append(f'<rect x="{left}" y="{bar_y}" width="{length:.1f}" height="{bar - 3}" '
                       f'fill="{colour}" rx="2"><title>{escape(series[s])}: {_fmt(score)}</title></rect>'
                       f'<text x="{left + length + 5:.1f}" y="{bar_y + bar - 4}" fill="#333" '
                       f'font-size="13">{_fmt(score)}</text>')
    out.append("</svg>")
    return "".join(out)


def radar_chart(rows, series, title: str = "Scores by area") -> str:
    """A radar (spider) chart: one axis per row, one polygon per series. Needs three rows or more."""
    if len(rows) < 3:
        return bar_chart(rows, series, title)
    size, radius = 640, 160
    cx, cy = size / 2, 40 + radius + 70
    height = int(cy + radius + 80)
    out = _open(size, height, title, rows, series, font_size=14)
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
        lx, ly = point(index, 110)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        lines = _wrap(label, 18, lines=4)
        # Labels above the centre grow upwards, those below grow downwards: none crosses the drawing.
        first = ly + 5 - (len(lines) - 1) * 16 if ly < cy - 10 else (ly + 5 if ly > cy + 10 else
                                                                     ly + 5 - (len(lines) - 1) * 8)
        out.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                   f'<text text-anchor="{anchor}" fill="#222" font-size="13">'
                   f"<title>{escape(label)}</title>{_lines(lines, lx, first, 16)}</text>")
    for s in range(len(series)):
        colour = COLOURS[s % len(COLOURS)]
        shape = " ".join(f"{x:.1f},{y:.1f}" for x, y in
                         (point(i, scores[s] or 0) for i, (_, scores) in enumerate(rows)))
        dash = ' stroke-dasharray="5 3"' if s else ""
        out.append(f'<polygon points="{shape}" fill="{colour}" fill-opacity="{0.25 if s == 0 else 0.08}" '
                   f'stroke="{colour}" stroke-width="2"{dash}><title>{escape(series[s])}</title></polygon>')
    out.append("</svg>")
    return "".join(out)
