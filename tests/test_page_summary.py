"""The downloadable summary: one self-contained HTML file, everything typed by anyone escaped."""

from __future__ import annotations

import base64
import datetime as dt
from html.parser import HTMLParser

from workbook.instruments import find_instrument
from workbook.summary_html import data_uri, summary_html

EVIL = "<script>alert('x')</script>"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.urls = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.urls += [value for name, value in attrs if name in ("href", "src") and value]


def parse(text: str) -> _Tags:
    tags = _Tags()
    tags.feed(text)
    return tags


def test_the_summary_shows_scores_mistakes_reflections_and_the_plan():
    skills, mistakes, process = (find_instrument(i) for i in ("leader-skills", "mistakes-obstacles",
                                                               "convergence-process"))
    text_item = next(i for i in process.items if i.kind == "text")
    answers = {
        skills.id: {item.id: 5 for item in skills.sections[0].items},
        mistakes.id: {mistakes.items[0].id: 3},
        process.id: {text_item.id: "We would lose the <b>contract</b>."},
    }
    plan = [{"id": "a1", "what": "Brief HR", "gap": "", "owner": "Ana", "due": "2026-12-31", "measure": "",
             "level": "behaviour", "status": "planned"}]
    page = summary_html([skills, mistakes, process], answers, plan, title="Spring programme",
                        respondent="Ana", round_label="Round 1", generated=dt.datetime(2026, 5, 1))
    assert skills.sections[0].title in page and "100" in page
    assert mistakes.items[0].text in page and "Most of the time" in page
    assert "We would lose the &lt;b&gt;contract&lt;/b&gt;." in page
    assert "Brief HR" in page and "2026-12-31" in page
    assert "Still to fill in" in page  # the action has no measure of success yet
    assert "01 May 2026" in page


def test_everything_typed_is_escaped_and_nothing_is_linked_or_run():
    skills = find_instrument("leader-skills")
    plan = [{"id": "a1", "what": EVIL, "gap": "", "owner": EVIL, "due": "", "measure": EVIL, "level": "",
             "status": "planned"}]
    page = summary_html([skills], {}, plan, title=EVIL, respondent=EVIL, round_label=EVIL)
    tags = parse(page)
    assert "script" not in tags.tags and tags.urls == []
    assert EVIL not in page and "&lt;script&gt;" in page


def test_an_empty_workbook_still_summarises():
    page = summary_html([find_instrument("leader-skills")], {}, [], title="T")
    assert "not answered" in page and "No actions yet." in page and "None flagged." in page


def test_the_data_uri_holds_the_page_as_utf8():
    uri = data_uri("<p>Café ✓</p>")
    assert uri.startswith("data:text/html;charset=utf-8;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]).decode("utf-8") == "<p>Café ✓</p>"
