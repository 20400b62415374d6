"""The kernel's half of the page's connection watch: a ping is answered with the page's save state
as the kernel sees it, anything else from the browser is ignored, and the browser may change nothing."""

from __future__ import annotations

import pytest

from pages.visit import Visit, local_respondent
from pages.workbook_page import WorkbookPage
from widgets.connection import LOST_MESSAGE, ConnectionWatch
from widgets.testing import find, message, send
from workbook.instruments.programme import Programme, resolve_instruments

pytestmark = pytest.mark.usefixtures("sent")


def open_page(store) -> WorkbookPage:
    page = WorkbookPage(Programme(), resolve_instruments(Programme()), store)
    respondent, round_ = local_respondent(store)
    page.open_for_visitor(Visit(respondent, round_))
    return page


def pongs(sent, watch) -> list[dict]:
    return [m["content"] for m in sent.messages(watch) if m.get("method") == "custom"]


def test_the_page_header_watches_the_connection_with_the_pages_own_save_state(store, sent):
    page = open_page(store)
    watch = find(page, css="lb-connection")
    assert isinstance(watch, ConnectionWatch) and watch.watched is page
    assert watch.get_state()["message"] == LOST_MESSAGE == "Not connected: your last answers are not saved"
    # A ping is answered at once, with what the header would say: the kernel has the answers.
    message(watch, {"ping": 1})
    assert pongs(sent, watch) == [{"pong": 1, "save_state": "saved"}]


def test_a_pong_carries_not_saved_when_the_store_refused_the_last_answer(store, sent):
    page = open_page(store)
    watch = find(page, css="lb-connection")
    page.stepper.go(1)
    store.close_round(page.visit.round.id)  # the page cannot save any more
    page.stepper.current.inner.sections[0].items[0].value = 4
    message(watch, {"ping": 7})
    assert pongs(sent, watch) == [{"pong": 7, "save_state": "not saved"}]


@pytest.mark.parametrize("content", [{}, {"ping": "1"}, {"ping": True}, {"ping": 1.5}, {"pong": 1}, ["ping"]])
def test_anything_but_a_whole_number_ping_gets_no_answer(store, sent, content):
    watch = find(open_page(store), css="lb-connection")
    message(watch, content)
    assert pongs(sent, watch) == []


def test_the_browser_may_not_change_what_the_watch_says_or_how_long_it_waits(store, sent):
    watch = find(open_page(store), css="lb-connection")
    send(watch, {"message": "All changes saved", "ack_timeout_ms": 10**9})
    assert watch.message == LOST_MESSAGE and watch.ack_timeout_ms == 3000
    assert "may not change" in watch.refused
