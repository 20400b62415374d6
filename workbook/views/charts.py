"""Every chart leaderbook draws, as inline SVG or HTML made from templates.

No plotting library and no script: a chart is markup that works in a widget,
a downloaded summary, a printed report and a saved notebook alike. Python
lays a chart out (positions, wrapped lines, colours); its template under
``templates/charts/`` writes the markup, so every label is escaped by Jinja
like any other text and nothing here builds markup from strings.

The charts:

- :func:`bar_chart` and :func:`radar_chart`: section scores on 0-100, one
  series or more (you, then comparisons), with a title and a description
  for screen readers. The results on the page, the downloadable summary and
  the individual report all draw their scores with these.
- :func:`distribution_bar` and :func:`distribution_legend`: how many gave
  each answer to an item (the team report's spread).
- :func:`heat_colour`: the background of a heat-map cell for a 0-100 score.
- :func:`convergence_matrix`: the convergence map, goals × programmes, with
  the gaps a coach looks for (on the page, in the summary and the report).

Adding a chart: a function here that takes plain rows, computes the layout
and returns ``_draw("charts/<name>.svg.j2", ...)``; the template beside the
others; a test that parses the SVG and checks its labels are escaped.
"""

from __future__ import annotations

import math
import textwrap

from markupsafe import Markup

from . import render
from ..basics.numbers import format_number, format_score, is_number
from .style import colours

#: The 0-100 axis: its gridlines and their labels.
TICKS = (0, 25, 50, 75, 100)


def series_colours() -> tuple[str, ...]:
    """The colour of each series, "you" first, from the palette (colour-blind safe blue / orange / grey)."""
    palette = colours()
    return palette["you"], palette["other"], palette["third"]


def _draw(template: str, **context) -> Markup:
    return Markup(render(template, **context))


def _wrap(text: str, width: int, lines: int = 3) -> list[str]:
    """``text`` in lines of at most ``width`` characters; whole words, never cut mid-word
    (a word longer than a line, or a line past ``lines``, is the only thing shortened)."""
    wrapped = textwrap.wrap(text, width, break_long_words=False) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1].rstrip(".,;:") + "…"
    return wrapped


def _px(value: float) -> str:
    return f"{value:.1f}"


def _description(rows, series) -> str:
    """Every value in words, for screen readers: "Vision: You 75, Team 60; ..."."""
    return "; ".join(f"{label}: " + ", ".join(f"{name} {format_score(score)}" for name, score in zip(series, scores))
                     for label, scores in rows)


def _legend(series, x: int, y: int) -> list[dict]:
    keys, palette = [], series_colours()
    for n, name in enumerate(series):
        keys.append({"name": name, "x": x, "y": y, "colour": palette[n % len(palette)]})
        x += 34 + 9 * len(name)  # room for the name at the largest font a chart uses
    return keys


def _frame(width: int, height: int, title: str, rows, series, font_size: int) -> dict:
    return {"width": width, "height": height, "title": title, "description": _description(rows, series),
            "font_size": font_size}


def bar_chart(rows, series, title: str = "Scores by area") -> Markup:
    """Horizontal bars on a 0-100 axis: each area's name above its bars, wrapped, never cut.

    ``rows`` are ``(label, [score, ...])`` with one score per name in
    ``series`` (None where a series has no score: no bar). The drawing is
    narrow (480 units) and its text large, so on a phone it shrinks little
    and stays readable; it scales to its container.
    """
    left, plot_width, bar, line, top = 6, 420, 16, 18, 40
    palette = series_colours()
    areas, y = [], top
    for label, scores in rows:
        lines = _wrap(label, 46)
        bars_y = y + len(lines) * line
        bars = []
        for s, score in enumerate(scores):
            length = plot_width * (score or 0) / 100
            bars.append({"y": bars_y + s * bar, "text_y": bars_y + s * bar + bar - 4, "length": _px(length),
                         "text_x": _px(left + length + 5), "colour": palette[s % len(palette)],
                         "series": series[s], "value": format_score(score)})
        areas.append({"lines": [{"text": text, "y": _px(y + 13 + n * line)} for n, text in enumerate(lines)],
                      "bars": bars})
        y = bars_y + bar * len(scores) + 16
    height = y + 22
    ticks = [{"x": _px(left + plot_width * tick / 100), "label": tick} for tick in TICKS]
    return _draw("charts/bars.svg.j2", **_frame(left + plot_width + 54, height, title, rows, series, 15),
                 legend=_legend(series, left, 18), ticks=ticks, grid_top=top - 6, grid_bottom=height - 22,
                 left=_px(left), left_int=left, bar_height=bar - 3, areas=areas)


def radar_chart(rows, series, title: str = "Scores by area") -> Markup:
    """A radar (spider) chart: one axis per row, one polygon per series. Needs three rows or more
    (fewer draw as :func:`bar_chart`)."""
    if len(rows) < 3:
        return bar_chart(rows, series, title)
    size, radius = 640, 160
    cx, cy = size / 2, 40 + radius + 70
    count = len(rows)

    def point(index: int, score: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        r = radius * score / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    def shape(points) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)

    rings = [{"points": shape(point(i, tick) for i in range(count)), "label": tick, "x": _px(cx + 3),
              "y": _px(cy - radius * tick / 100 - 2)} for tick in TICKS[1:]]
    axes = []
    for index, (label, _) in enumerate(rows):
        x, y = point(index, 100)
        lx, ly = point(index, 110)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        lines = _wrap(label, 18, lines=4)
        # Labels above the centre grow upwards, those below grow downwards: none crosses the drawing.
        if ly < cy - 10:
            first = ly + 5 - (len(lines) - 1) * 16
        elif ly > cy + 10:
            first = ly + 5
        else:
            first = ly + 5 - (len(lines) - 1) * 8
        axes.append({"x": _px(x), "y": _px(y), "anchor": anchor, "label": label,
                     "lines": [{"text": text, "x": _px(lx), "y": _px(first + n * 16)} for n, text in enumerate(lines)]})
    palette = series_colours()
    polygons = [{"points": shape(point(i, scores[s] or 0) for i, (_, scores) in enumerate(rows)),
                 "colour": palette[s % len(palette)], "opacity": 0.25 if s == 0 else 0.08, "dashed": s > 0,
                 "name": series[s]} for s in range(len(series))]
    return _draw("charts/radar.svg.j2", **_frame(size, int(cy + radius + 80), title, rows, series, 14),
                 legend=_legend(series, 16, 18), cx=cx, cy=cy, rings=rings, axes=axes, polygons=polygons)


def heat_colour(score) -> str:
    """A background colour for a 0–100 score: red for low, amber in the middle, green for high."""
    if not is_number(score):
        return "#eeeeee"
    hue = round(1.2 * max(0.0, min(100.0, float(score))))
    return f"hsl({hue}, 65%, 78%)"


def distribution_bar(distribution: dict, labels: dict) -> Markup:
    """A stacked bar of how many gave each value, with each value's label on hover (empty when nobody did)."""
    total = sum(distribution.values())
    if not total:
        return Markup("")
    parts = [{"value": int(value), "count": count, "share": f"{100 * count / total:.1f}",
              "label": labels.get(value, str(value))} for value, count in sorted(distribution.items())]
    return _draw("charts/distribution.html.j2", parts=parts)


def distribution_legend(labels: dict) -> Markup:
    """What each colour of :func:`distribution_bar` stands for: the value and its label."""
    return _draw("charts/legend.html.j2", entries=[{"value": value, "label": labels[value]} for value in sorted(labels)])


#: How a link reads in words.
_SERVES = {"direct": "directly", "some": "somewhat"}


def convergence_matrix(clean_map: dict, title: str = "Convergence map: which programme serves which goal") -> Markup:
    """The convergence map (``workbook.assess.convergence.check_map``'s clean data) as a matrix:
    goals down the side with their priority, programmes across the top, a filled circle
    where a programme serves a goal directly and a ring where it serves it somewhat; each
    goal's share of the spend (``spend_by_goal``) on the right, "no programme" beside a goal
    nothing serves, a triangle under a programme that serves no goal. The description
    lists every link in words for screen readers."""
    from ..assess.convergence import spend_by_goal
    palette = colours()
    goals, programmes, links = clean_map["goals"], clean_map["programmes"], clean_map["links"]
    strength = {(link["goal"], link["programme"]): link["strength"] for link in links}
    serving = {link["programme"] for link in links}
    served = {link["goal"] for link in links}
    left, label_width, cell, top = 8, 220, 34, 150
    grid_left, grid_top = left + label_width, top
    costed = any(p["cost"] is not None for p in programmes)
    spend = spend_by_goal(clean_map) if costed else {}
    columns = []
    for n, programme in enumerate(programmes):
        unaligned = programme["id"] not in serving
        columns.append({"name": programme["name"], "label": _wrap(programme["name"], 22, lines=1)[0],
                        "left": grid_left + n * cell, "x": _px(grid_left + n * cell + cell / 2),
                        "unaligned": unaligned, "colour": palette["warn"] if unaligned else "#222"})
    rows, y = [], grid_top
    for goal in goals:
        lines = _wrap(goal["name"], 30, lines=2)
        height = max(cell, 16 * len(lines) + 20)
        marks = []
        for column, programme in zip(columns, programmes):
            how = strength.get((goal["id"], programme["id"]))
            if how is not None:
                marks.append({"x": column["x"], "strength": how,
                              "label": f"{programme['name']} serves {goal['name']} {_SERVES[how]}"})
        unserved = goal["id"] not in served
        rows.append({"name": goal["name"], "mid": round(y + height / 2, 1), "bottom": y + height, "marks": marks,
                     "lines": [{"text": text, "y": _px(y + 15 + 16 * i)} for i, text in enumerate(lines)],
                     "detail": f"{goal['priority']} priority · {goal['horizon']}",
                     "detail_y": _px(y + 15 + 16 * len(lines)), "unserved": unserved,
                     "colour": palette["bad"] if unserved else "#222",
                     "spend": format_number(spend[goal["id"]], 0) if costed else ""})
        y += height
    grid_right = grid_left + cell * len(programmes)
    grid_bottom = y
    key_y = grid_bottom + 40
    width = max(grid_right + 110, left + 340)
    return _draw("charts/convergence.svg.j2", width=width, height=key_y + 40, title=title,
                 description=_convergence_description(goals, programmes, strength), font_size=13, legend=[],
                 columns=columns, rows=rows, left=left, cell=cell, grid_top=grid_top, grid_bottom=grid_bottom,
                 grid_right=grid_right, key_y=key_y, spend_heading="spend" if costed else "",
                 ink=palette["you"], warn=palette["other"], warn_soft="#fdf1e1", bad=palette["bad"])


def _convergence_description(goals, programmes, strength) -> str:
    """The map in words: each goal with the programmes serving it, then the programmes serving none."""
    names = {p["id"]: p["name"] for p in programmes}
    parts = []
    for goal in goals:
        by = {how: [names[p] for (g, p), s in strength.items() if g == goal["id"] and s == how] for how in _SERVES}
        served = "; ".join(f"{_SERVES[how]} by {', '.join(who)}" for how, who in by.items() if who)
        served = served or "no programme serves it"
        parts.append(f"{goal['name']} ({goal['priority']} priority): {served}")
    unaligned = [p["name"] for p in programmes if not any(pid == p["id"] for _, pid in strength)]
    if unaligned:
        parts.append(f"Programmes serving no goal: {', '.join(unaligned)}")
    return ". ".join(parts) + "." if parts else "The map is empty."
