"""widgets.testing, the front end the widget tests drive: it sees what the page shows and acts as the page does."""

import re

import pytest
from ipywidgets import HTML, Button, Layout, Text, VBox

from widgets import RatingScale
from widgets.testing import (chosen, classes, click, choose, fill, find, find_all, hidden, is_shown, markup, message,
                             options, send, text)
from workbook.instruments.loader import parse_instrument

INSTRUMENT = parse_instrument("""
id: sample
version: 1
title: Sample
scale: {min: 1, max: 3, labels: [Never, Sometimes, Always]}
sections:
  - {id: s, title: S, kind: rating, items: [{id: r1, text: I share <the> goals.}]}
""")


pytestmark = pytest.mark.usefixtures("sent")


@pytest.fixture
def page():
    """A small page: a heading, a field, two buttons, and a box hidden with one more button inside."""
    go = Button(description="Go", _dom_classes=("lb-go",))
    stop = Button(description="Stop", disabled=True)
    secret = Button(description="Secret")
    box = VBox([secret], layout=Layout(display="none"), _dom_classes=("lb-hidden-box",))
    heading = HTML("<style>.x{color:red}</style><h2>Plan &amp; <em>act</em></h2>", _dom_classes=("lb-heading",))
    return VBox([heading, Text(description="Owner"), go, stop, box])


def test_finds_by_role_label_css_and_text(page):
    go = find(page, role="button", label="Go")
    assert find(page, css="lb-go") is go and classes(go) == ("lb-go",)
    assert find(page, role="button", label=re.compile("^St")).description == "Stop"
    assert find(page, contains="Plan & act", role="text") is page.children[0]
    assert find(page, role="text field").description == "Owner"


def test_what_is_hidden_is_not_found_nor_read(page):
    assert find_all(page, role="button", label="Secret") == []
    assert find(page, role="button", label="Secret", include_hidden=True).description == "Secret"
    box = find(page, css="lb-hidden-box", include_hidden=True)
    assert hidden(box) and not is_shown(box.children[0], page)
    assert "Secret" not in text(page)


def test_text_is_what_a_person_reads_and_markup_what_the_page_is_sent(page):
    assert text(page) == "Plan & act Owner Go Stop"  # no stylesheet, no tags, entities read as characters
    assert markup(page) == page.children[0].value


def test_find_fails_on_none_or_several(page):
    with pytest.raises(AssertionError, match="found 0"):
        find(page, role="button", label="Nope")
    with pytest.raises(AssertionError, match="found 2"):
        find(page, role="button")
    with pytest.raises(ValueError, match="unknown role"):
        find(page, role="slider")


def test_a_disabled_button_cannot_be_clicked(page):
    clicks = []
    find(page, role="button", label="Go").on_click(clicks.append)
    click(find(page, role="button", label="Go"))
    assert len(clicks) == 1
    with pytest.raises(AssertionError, match="disabled"):
        click(find(page, role="button", label="Stop"))
    find(page, role="button", label="Go").on_click(lambda _: 1 / 0)
    with pytest.raises(ZeroDivisionError):  # ipywidgets would only log it
        click(find(page, role="button", label="Go"))


def test_choose_and_fill_go_through_the_widgets_checks(binding, sent):
    rating = RatingScale.from_item("r1", INSTRUMENT, binding)
    scale = find(rating, role="radio group", label="I share <the> goals.")
    assert options(scale) == ("Never", "Sometimes", "Always", "Not applicable")
    choose(scale, "Sometimes")
    assert chosen(scale) == "Sometimes" and rating.value == 2
    with pytest.raises(AssertionError, match="no option 'Often'"):
        choose(scale, "Often")
    send(scale, {"index": 9})  # a broken page: refused by the widget, the kept choice sent back
    assert rating.value == 2 and sent.states(scale)[-1] == {"index": 1}
    field = Text(description="Owner")
    fill(field, "Ana")
    assert field.value == "Ana"


def test_a_custom_message_reaches_the_handlers_and_their_errors_reach_the_test():
    widget = HTML()
    received = []
    widget.on_msg(lambda w, content, buffers: received.append(content))
    message(widget, {"event": "paste", "text": "x"})
    assert received == [{"event": "paste", "text": "x"}]

    def broken(w, content, buffers):
        raise RuntimeError("handler failed")

    widget.on_msg(broken)
    with pytest.raises(RuntimeError, match="handler failed"):
        message(widget, {})
