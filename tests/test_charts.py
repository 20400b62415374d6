"""The one chart module: every chart is well-formed markup, names itself, and shows labels as text."""

import xml.etree.ElementTree as ET

import pytest

from workbook.views.charts import bar_chart, distribution_bar, distribution_legend, heat_colour, radar_chart
from workbook.views.style import colours

EVIL = "<script>alert('x')</script> & co"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("draw", [bar_chart, radar_chart])
def test_a_chart_names_itself_and_escapes_every_label(draw):
    rows = [(EVIL, [40, 55]), ("Two", [70, None]), ("Three", [55, 20])]
    svg = draw(rows, [EVIL, "Team"], title=EVIL)
    root = ET.fromstring(svg)  # well-formed, or this raises
    assert root.get("role") == "img" and root.get("aria-label") == EVIL
    assert root.find(f"{SVG}title").text == EVIL
    description = root.find(f"{SVG}desc").text
    assert description.startswith(f"{EVIL}: {EVIL} 40, Team 55; Two: {EVIL} 70, Team –")
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_series_are_drawn_in_the_palettes_colours():
    svg = bar_chart([("One", [50, 60])], ["You", "Team"])
    palette = colours()
    fills = [rect.get("fill") for rect in ET.fromstring(svg).iter(f"{SVG}rect")]
    assert fills.count(palette["you"]) == 2 and fills.count(palette["other"]) == 2  # legend key and bar


def test_a_missing_score_draws_no_bar_length():
    svg = bar_chart([("One", [None])], ["You"])
    bars = [r for r in ET.fromstring(svg).iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert [bar.get("width") for bar in bars] == ["0.0"] and bars[0].find(f"{SVG}title").text == "You: –"


def test_the_distribution_bar_shares_and_escapes_its_labels():
    bar = distribution_bar({1: 3, 4: 1}, {1: EVIL, 4: "Always"})
    assert 'style="width:75.0%"' in bar and 'style="width:25.0%"' in bar
    assert "lb-v1" in bar and "lb-v4" in bar and "<script>" not in bar and "&lt;script&gt;" in bar
    assert distribution_bar({}, {}) == ""
    legend = distribution_legend({1: EVIL, 4: "Always"})
    assert "&lt;script&gt;" in legend and legend.index(">1<") < legend.index(">4<")


def test_heat_runs_from_red_to_green():
    assert heat_colour(0) == "hsl(0, 65%, 78%)" and heat_colour(100) == "hsl(120, 65%, 78%)"
    assert heat_colour(None) == heat_colour(float("nan")) == "#eeeeee"
