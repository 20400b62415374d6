"""Results: an SVG chart (bars or radar, with a comparison), strongest and weakest areas, red flags."""

import html
import re
import xml.etree.ElementTree as ET

import pytest
from IPython.core.formatters import DisplayFormatter

from widgets import Results, StoreBinding
from widgets.testing import choose, find, send
from workbook.views.charts import bar_chart, radar_chart
from workbook.instruments.loader import parse_instrument
from workbook.instruments import builtin_instruments
from workbook.assess.scoring import assessment_summary
from workbook.store import Store

INSTRUMENT = parse_instrument("""
id: core
version: 1
title: Core
sections:
  - {id: a, title: Vision & <direction>, kind: rating, items: [{id: a1, text: A.}]}
  - {id: b, title: Alignment, kind: rating, items: [{id: b1, text: B.}]}
  - {id: c, title: Motivation, kind: rating, items: [{id: c1, text: C.}]}
  - {id: d, title: Development, kind: rating, items: [{id: d1, text: D.}]}
  - id: m
    title: Mistakes
    kind: mistakes
    items: [{id: m1, text: Nobody knows <why>., actions: [Explain.]}]
""")
ANSWERS = {"core": {"a1": 5, "b1": 1, "c1": 4, "d1": 2, "m1": 3}}


pytestmark = pytest.mark.usefixtures("sent")


def parse_svg(text):
    return ET.fromstring(text)  # well-formed XML, or this raises


def chart(results):
    """The chart as the page is sent it."""
    return find(results, css="lb-chart-view").value


def details(results):
    """The strongest and weakest areas and the red flags, as the page is sent them."""
    return find(results, css="lb-results-details").value


def test_bars_with_escaped_labels():
    results = Results(assessment_summary([INSTRUMENT], ANSWERS))
    svg = chart(results)
    root = parse_svg(svg)
    assert root.get("role") == "img" and root.get("aria-label")
    assert "Vision &amp; &lt;direction&gt;" in svg
    assert svg.count("<rect") >= 4 and results.series == ["You"]
    assert [r["title"] for r in results.get_state()["scores"]] == ["Vision & <direction>", "Alignment",
                                                                    "Motivation", "Development"]


def test_mistake_sections_are_listed_not_charted():
    results = Results(assessment_summary([INSTRUMENT], ANSWERS))
    assert all(r["ref"] != "core/m" for r in results.scores)
    assert "Most of the time</strong>: Nobody knows &lt;why&gt;." in details(results)


def test_strongest_and_weakest():
    shown = details(Results(assessment_summary([INSTRUMENT], ANSWERS)))
    strongest, weakest = shown.split("Areas to work on")
    assert "Vision &amp; &lt;direction&gt;" in strongest and "Alignment" in weakest


def test_comparison_series_and_radar():
    team = {"core/a": 60, "core/b": 40.5, "core/c": None}
    results = Results(assessment_summary([INSTRUMENT], ANSWERS), comparison=team, labels=("Self", "Team average"))
    assert results.series == ["Self", "Team average"]
    assert results.scores[1]["comparison"] == 40.5 and results.scores[2]["comparison"] is None
    assert "Team average" in chart(results)
    choose(find(results, role="radio group", label="Chart"), "Radar")
    assert results.chart == "radar"
    root = parse_svg(chart(results))
    assert len(root.findall("{http://www.w3.org/2000/svg}polygon")) == 4 + 2  # four rings, two series


def test_comparison_from_another_summary():
    other = assessment_summary([INSTRUMENT], {"core": {"a1": 3}})
    results = Results(assessment_summary([INSTRUMENT], ANSWERS), comparison=other)
    assert results.scores[0]["comparison"] == 50.0


@pytest.mark.parametrize("bad", ["pie", 1, None, True])
def test_bad_chart_kind_refused(bad):
    results = Results(assessment_summary([INSTRUMENT], ANSWERS))
    send(results, {"chart": bad})
    assert results.chart == "bars" and results.refused


def test_bad_comparison_refused_in_python():
    with pytest.raises(ValueError, match="0 to 100"):
        Results(assessment_summary([INSTRUMENT], ANSWERS), comparison={"core/a": 140})


def test_from_store_and_refresh(tmp_path):
    with Store(data=tmp_path) as store:
        binding = StoreBinding(store, store.add_respondent("Ana").id, store.start_round().id)
        results = Results.from_store(binding, [INSTRUMENT])
        assert results.scores == [] and "No scores yet" in chart(results)
        binding.record(INSTRUMENT, "a1", 4)
        results.refresh()
        assert results.scores == [{"ref": "core/a", "title": "Vision & <direction>", "score": 75.0,
                                   "comparison": None}]


def test_radar_of_too_few_areas_says_so():
    results = Results(assessment_summary([INSTRUMENT], {"core": {"a1": 5, "b1": 1}}), chart="radar")
    assert "three scored areas" in chart(results)


def test_radar_needs_three_areas_else_bars():
    rows = [("One", [50]), ("Two", [70])]
    assert radar_chart(rows, ["You"]) == bar_chart(rows, ["You"])
    parse_svg(radar_chart(rows + [("Three", [None])], ["You"]))


def test_a_saved_notebook_without_widget_state_still_shows_the_chart():
    instrument = builtin_instruments()[0]
    # A graded section: the sections of poles are drawn as a position, not in the chart.
    section = next(s for s in instrument.sections if not all(item.pole for item in s.items))
    answers = {instrument.id: {item.id: 4 for item in section.items}}
    results = Results.from_summary(assessment_summary([instrument], answers))
    bundle, _ = DisplayFormatter().format(results)  # what Jupyter keeps in the saved notebook
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "<svg" in bundle["text/html"] and html.escape(section.title) in bundle["text/html"]


def test_the_leader_or_manager_profile_is_a_position_not_a_bar():
    from workbook.instruments import find_instrument

    step1 = find_instrument("leader-or-manager")
    answers = {item.id: 1 for item in step1.items}  # the lowest point everywhere
    results = Results(instruments=[step1], answers=lambda: {"leader-or-manager": answers})
    results.refresh()
    profile_titles = {s.title for s in step1.sections if all(item.pole for item in s.items)}
    assert profile_titles and not profile_titles & {row["title"] for row in results.scores}
    shown = details(results)
    assert "lb-profile" in shown and "Managing" in shown and "Leading" in shown
    areas = shown.split("Areas to work on")[1].split("<h3>")[0]
    assert not any(title.replace("?", "") in areas for title in profile_titles)


@pytest.mark.parametrize("draw", [bar_chart, radar_chart])
def test_long_area_names_wrap_and_are_never_cut(draw):
    long = "Trainer or strategic training leader? The whole name stays"
    rows = [(long, [40]), ("Two", [70]), ("Three", [55])]
    svg = draw(rows, ["You"])
    parse_svg(svg)
    shown = " ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg))
    assert all(word in shown.split() for word in long.split()) and "…" not in shown
