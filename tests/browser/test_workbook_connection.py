"""A lost connection, in a real Chromium against a real ``leaderbook serve`` that is stopped and killed.

The design is "refuse, visibly": the page never keeps answers the kernel did
not confirm (no copy in the browser: the store is the only place answers
live, and a link's answers must not stay behind in a shared browser). So a
choice made after the kernel went out of reach is undone on the page, the
header says "Not connected: your last answers are not saved" within seconds
and never "saved", the controls take no more input, and once a server runs
on the same store again the page reloads itself onto the same step showing
exactly what the store holds.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from processes import kernels_of
from test_workbook_voila import chosen, choice, first_item, open_step
from widgets.connection import LOST_MESSAGE
from workbook.store import Store
from workbook.store.invites import resolve_invite

pytestmark = pytest.mark.browser

STEP = "Leader skills"
LOST_WITHIN_SECONDS = 5
#: Every text the header showed, in order (a MutationObserver, so a "saved" shown for a moment counts too).
RECORD_HEADER = """() => {
  window.headerTexts = [];
  const header = document.querySelector('.lb-header');
  new MutationObserver(() => window.headerTexts.push(header.innerText))
    .observe(header, { subtree: true, childList: true, characterData: true, attributes: true });
}"""


def click_like_a_person(page, control) -> None:
    """A mouse click where the control is drawn: on an inert page it reaches nothing, as for a person."""
    box = control.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def end_kernels(pids) -> None:
    """The killed server's kernels exit once they notice their parent is gone; do not leave one behind."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass


def answers(data, token) -> list[tuple[str, object]]:
    with Store(data=data) as store:
        invite = resolve_invite(store, token)
        return [(a.item_id, a.value) for a in store.answer_history(invite.respondent_id, invite.round_id)]


def test_a_lost_connection_is_shown_at_once_and_its_answer_visibly_undone_never_saved(
        workbook_servers, page, tmp_path):
    data = tmp_path / "data"
    server = workbook_servers(data)
    token = server.url.split("invite=")[1]
    port = int(server.url.split(":")[2].split("/")[0])
    section, first = first_item("leader-skills", "rating")
    second = section.items[1]

    page.goto(server.url)
    page.wait_for_selector(".lb-page.lb-state-ready .lb-stepper", timeout=90_000)
    open_step(page, STEP)
    choice(page, "leader-skills", first.id, "Sometimes").click()
    page.wait_for_selector(f".lb-section-leader-skills-{section.id} .lb-section-status:has-text('1 of')")
    page.wait_for_selector(".lb-status.lb-status-saved")
    assert answers(data, token) == [(first.id, 3)]
    page.evaluate(RECORD_HEADER)
    kernels = kernels_of(server.process.pid)

    # The server stops answering (frozen: its sockets stay open), then the person answers.
    server.process.send_signal(signal.SIGSTOP)
    started = time.monotonic()
    click_like_a_person(page, choice(page, "leader-skills", first.id, "Never"))
    page.wait_for_selector(".lb-connection-lost", timeout=LOST_WITHIN_SECONDS * 1000)
    shown_after = time.monotonic() - started
    assert LOST_MESSAGE in page.locator(".lb-header").inner_text()
    assert not page.locator(".lb-status").is_visible()
    # Now it is killed for good, and the person answers again.
    server.process.kill()
    server.process.wait(timeout=20)
    try:
        # The kernel never had "Never": the page shows the stored answer again, and says it undid it.
        page.locator(f".lb-item-leader-skills-{first.id} .lb-radio-unsaved").wait_for(timeout=10_000)
        assert chosen(page, "leader-skills", first.id).inner_text().strip() == "Sometimes"
        click_like_a_person(page, choice(page, "leader-skills", second.id, "Always"))
        page.wait_for_timeout(300)  # a click that got through would show at once
        assert chosen(page, "leader-skills", second.id).count() == 0
        headers = page.evaluate("window.headerTexts")
        assert headers and not [h for h in headers if "saved" in h and LOST_MESSAGE not in h and "Saving" not in h]
        assert not [h for h in headers if "All changes saved" in h], headers

        # A server starts on the same store at the same address: the page reloads itself, on the same step.
        with page.expect_event("framenavigated", timeout=90_000):
            workbook_servers(data, port=port)
    finally:
        end_kernels(kernels)
    page.wait_for_selector(f".lb-page.lb-state-ready .lb-header .lb-step-name:has-text('{STEP}')", timeout=90_000)
    chosen(page, "leader-skills", first.id).wait_for()
    assert chosen(page, "leader-skills", first.id).inner_text().strip() == "Sometimes"
    assert chosen(page, "leader-skills", second.id).count() == 0
    assert page.locator(".lb-connection-lost").count() == 0
    assert page.locator(".lb-status").inner_text().strip() == "All changes saved"
    assert answers(data, token) == [(first.id, 3)]  # exactly what the page showed: nothing lost silently
    assert shown_after < LOST_WITHIN_SECONDS
    print(f"not connected shown {shown_after:.2f}s after an unacknowledged answer")


def test_a_killed_server_is_noticed_through_its_closed_socket_and_nothing_more_is_taken(
        workbook_servers, page, tmp_path):
    data = tmp_path / "data"
    server = workbook_servers(data)
    section, first = first_item("leader-skills", "rating")
    page.goto(server.url)
    page.wait_for_selector(".lb-page.lb-state-ready .lb-stepper", timeout=90_000)
    open_step(page, STEP)
    page.wait_for_selector(".lb-status.lb-status-saved")
    kernels = kernels_of(server.process.pid)

    started = time.monotonic()
    server.process.kill()
    try:
        page.wait_for_selector(".lb-connection-lost", timeout=LOST_WITHIN_SECONDS * 1000)
        shown_after = time.monotonic() - started
        click_like_a_person(page, choice(page, "leader-skills", first.id, "Often"))
        page.wait_for_timeout(300)
        assert chosen(page, "leader-skills", first.id).count() == 0  # inert: the click changed nothing
        assert LOST_MESSAGE in page.locator(".lb-header").inner_text()
        assert page.locator(".lb-stepper").evaluate("s => s.closest('[inert]') !== null")
    finally:
        server.process.wait(timeout=20)
        end_kernels(kernels)
    # A kill closes the kernel's socket: the browser knows at once, without waiting for a ping.
    assert shown_after < 2, shown_after
    print(f"not connected shown {shown_after:.2f}s after the kill")
