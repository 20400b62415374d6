"""The guided workbook in a real Chromium, served by a real ``leaderbook serve``.

One leader answers items in three steps by clicking, adds an action to the
plan, reloads the tab (which stops the page's kernel) and finds everything
as it was, in the page and in ``leaderbook export``. Other visitors arrive
with invites the way a team member would: a closed round reads only, a
mangled link gets a clear page and writes nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import download_summary
from workbook.instruments import find_instrument
from workbook.store import Store
from workbook.store.invites import create_invite, resolve_invite

pytestmark = pytest.mark.browser

ANSWERS = [  # (instrument, section kind, step title, label clicked, value stored)
    ("leader-or-manager", "rating", "Leader or manager?", "Often", 4),
    ("leader-skills", "rating", "Leader skills", "Always", 5),
    ("mistakes-obstacles", "mistakes", "Leadership mistakes and obstacles", "Often", 2),
]
PHONE = {"width": 390, "height": 844}


def first_item(instrument_id: str, kind: str):
    instrument = find_instrument(instrument_id)
    section = next(s for s in instrument.sections if s.kind == kind)
    return section, section.items[0]


def open_step(page, title: str) -> None:
    page.locator(".lb-step-list button", has_text=title).first.click()
    page.wait_for_selector(f".lb-header .lb-step-name:has-text({json.dumps(title)})")


def open_welcome(page) -> None:
    """Wait for the page, then show its welcome: a returning visitor reopens on the step they left."""
    page.wait_for_selector(".lb-page.lb-state-ready .lb-stepper", timeout=90_000)
    if not page.locator(".lb-start").is_visible():
        open_step(page, "Welcome")
    page.wait_for_selector(".lb-start", state="visible")


def choice(page, instrument_id: str, item_id: str, label: str):
    """One option of an item's radio group (rating, Yes/No or severity), by its name."""
    return page.locator(f".lb-item-{instrument_id}-{item_id}").get_by_role("radio", name=label, exact=True)


def chosen(page, instrument_id: str, item_id: str):
    return page.locator(f".lb-item-{instrument_id}-{item_id} [role=radio][aria-checked=true] .lb-radio-label")


def kernel_id(page) -> str:
    return json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]


def kernel_status(base: str, kernel: str) -> int:
    try:
        with urllib.request.urlopen(f"{base}/api/kernels/{kernel}", timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def export_rows(data) -> list[dict]:
    result = subprocess.run([sys.executable, "-m", "workbook.cli", "export", "--format", "json", "--data", str(data)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def wait_for_warm_kernel(server, seconds: float = 90) -> None:
    """Wait until Voila's pool holds a kernel no page has used, and it has run the notebook up to its
    wait for a request."""
    deadline = time.monotonic() + seconds
    while True:
        log = server.log.read_text()
        if log.count("Kernel pool of workbook.ipynb is filled") > log.count("Using pre-heated kernel"):
            break
        assert time.monotonic() < deadline, "no preheated kernel"
        time.sleep(0.2)
    time.sleep(6)


def plan_owners(data) -> list[str]:
    with Store(data=data) as store:
        return [action.get("owner") for plan in store.plans().values() for action in plan]


def store_counts(data) -> dict:
    with Store(data=data) as store:
        return {"answers": store.count_answers(), "respondents": len(store.respondents()),
                "rounds": len(store.rounds()), "plans": len(store.plans())}


@pytest.fixture
def offline(page):
    """Every request the page makes that leaves 127.0.0.1 (there must be none)."""
    outside = []
    page.on("request", lambda request: None if request.url.startswith(
        ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")) else outside.append(request.url))
    return outside


def test_answers_and_plan_survive_a_reload_and_reach_the_export(workbook_server, page, offline, tmp_path):
    page.goto(workbook_server.url)
    open_welcome(page)
    assert page.locator(".lb-status").inner_text().strip() == "All changes saved"
    # The kernel the reload will get is warmed now, before any answer exists: what it shows
    # after the reload must come from reading the store once the request arrived.
    wait_for_warm_kernel(workbook_server)
    page.evaluate("window.sameDocument = true")  # gone if moving between steps reloaded the page
    page.locator(".lb-start").click()

    for instrument_id, kind, title, label, _ in ANSWERS:
        if not page.locator(".lb-header .lb-step-name").inner_text().endswith(title):
            open_step(page, title)
        section, item = first_item(instrument_id, kind)
        control = choice(page, instrument_id, item.id, label)
        control.click()
        # The count under the section is worked out in the kernel: the answer has arrived.
        page.wait_for_selector(f".lb-section-{instrument_id}-{section.id} .lb-section-status:has-text('1 of')")
        assert control.get_attribute("aria-checked") == "true"
    page.wait_for_selector(".lb-status.lb-status-saved")

    open_step(page, "Action plan")
    page.locator(".lb-suggestion").first.click()
    page.wait_for_selector(".lb-plan-summary:has-text('1 action')")
    owner = page.get_by_placeholder("Who makes it happen")
    owner.fill("Ana Lopez")
    owner.press("Enter")
    # The header said "saved" before the typing reached the kernel; wait for the store itself.
    deadline = time.monotonic() + 30
    while "Ana Lopez" not in plan_owners(workbook_server.data):
        assert time.monotonic() < deadline, "the owner never reached the store"
        time.sleep(0.2)
    page.wait_for_selector(".lb-status.lb-status-saved")
    assert page.evaluate("window.sameDocument === true")
    page.screenshot(path=str(tmp_path / "workbook-desktop.png"), full_page=True)

    before = kernel_id(page)
    page.reload()
    # The page reopens on the step that was open, the action plan.
    page.wait_for_selector(".lb-page.lb-state-ready .lb-header .lb-step-name:has-text('Action plan')",
                           timeout=90_000)
    assert kernel_id(page) != before
    assert f"Using pre-heated kernel: {kernel_id(page)}" in workbook_server.log.read_text()
    open_welcome(page)
    assert page.locator(".lb-start").inner_text().strip() == "Continue where you left off"
    assert page.locator(".lb-start").evaluate("button => button.scrollWidth <= button.clientWidth")  # not cut
    for instrument_id, kind, title, label, _ in ANSWERS:
        open_step(page, title)
        _, item = first_item(instrument_id, kind)
        active = chosen(page, instrument_id, item.id)
        active.wait_for()
        assert active.inner_text().strip() == label
    open_step(page, "Action plan")
    page.wait_for_selector(".lb-plan-summary:has-text('1 action')")
    assert page.get_by_placeholder("Who makes it happen").input_value() == "Ana Lopez"
    # Reloading closed the old page: its kernel is gone.
    assert kernel_status(workbook_server.base, before) == 404

    with Store(data=workbook_server.data) as store:
        leader = resolve_invite(store, workbook_server.url.split("invite=")[1]).respondent_id
    rows = [r for r in export_rows(workbook_server.data) if r["respondent_id"] == leader]
    for instrument_id, kind, _, label, value in ANSWERS:
        _, item = first_item(instrument_id, kind)
        found = [r for r in rows if r["instrument_id"] == instrument_id and r["item_id"] == item.id]
        assert [(r["value"], r["value_label"]) for r in found] == [(value, label)]
    with Store(data=workbook_server.data) as store:
        plans = {key[0]: plan for key, plan in store.plans().items()}
    assert [a["owner"] for a in plans[leader]] == ["Ana Lopez"]
    assert offline == []
    assert page.errors == []


def test_the_page_fits_a_phone(workbook_server, browser, tmp_path):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(workbook_server.url)
        page.wait_for_selector(".lb-page.lb-state-ready .lb-stepper", timeout=90_000)
        open_step(page, "Leader or manager?")  # Continue would go back to wherever this leader last was
        page.wait_for_selector(".lb-item")
        widths = page.evaluate("""() => ({
            page: document.querySelector('.lb-page').getBoundingClientRect().right,
            scroll: document.getElementById('rendered_cells').scrollWidth,
            item: document.querySelector('.lb-item').getBoundingClientRect().right })""")
        assert max(widths.values()) <= PHONE["width"], widths
        page.mouse.wheel(0, 2500)
        page.wait_for_timeout(300)
        assert page.locator(".lb-header").bounding_box()["y"] == 0  # the header stays in view
        assert page.locator(".lb-status").is_visible()
        page.screenshot(path=str(tmp_path / "workbook-phone.png"))
    finally:
        context.close()


#: The widths a page must fit without sideways scrolling: two phones, a tablet, a laptop.
WIDTHS = (360, 390, 768, 1280)
#: Every shown element whose content is wider than its box (a scrollbar, or a cut, on Linux and Windows).
OVERFLOWING = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getClientRects().length && e.clientWidth > 0 && e.scrollWidth > e.clientWidth)
  .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].filter(c => c.startsWith('lb-')).join('.')}`
            + ` (${e.scrollWidth} > ${e.clientWidth})`)"""
#: Whether the long page's vertical scrollbar takes room (classic scrollbars, as Linux and Windows draw them).
SCROLLBAR_DRAWN = """() => window.innerWidth - document.documentElement.clientWidth >= 8
  || [...document.querySelectorAll('*')].some(e => e.offsetWidth - e.clientWidth >= 8
       && getComputedStyle(e).overflowY !== 'visible' && e.scrollHeight > e.clientHeight)"""
SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def test_no_step_overflows_sideways_at_any_width_with_scrollbars_drawn(workbook_server, browser_with_scrollbars,
                                                                         tmp_path):
    context = browser_with_scrollbars.new_context(viewport={"width": WIDTHS[-1], "height": 900})
    try:
        page = context.new_page()
        page.goto(workbook_server.url)
        page.wait_for_selector(".lb-page.lb-state-ready .lb-stepper", timeout=90_000)
        titles = page.locator(".lb-step-list button")
        overflowing = {}
        for number in range(titles.count()):
            titles.nth(number).click()
            page.wait_for_selector(f".lb-header .lb-step-name:has-text('Step {number + 1} of')")
            page.locator(f".lb-stepper-step-{number}").locator("h1, h2, h3, h4").first.wait_for()
            # The plan: with an action card (the module's first test may have added one), so its editor is walked too.
            if page.locator(".lb-suggestion").count() and not page.locator(".lb-plan-card").count():
                page.locator(".lb-suggestion:enabled").first.click()
                page.locator(".lb-plan-card").first.wait_for()
            page.wait_for_timeout(300)  # the step's last widgets draw
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                page.evaluate(SETTLED)
                if number == 2:  # a long step: its scrollbar must take room, or the test would see nothing
                    assert page.evaluate(SCROLLBAR_DRAWN), "Chromium hid its scrollbars"
                found = page.evaluate(OVERFLOWING)
                if found:
                    overflowing[(number + 1, width)] = sorted(set(found))
                if number == 2 and width in (360, 1280):
                    page.screenshot(path=str(tmp_path / f"leader-skills-{width}.png"))
            page.set_viewport_size({"width": WIDTHS[-1], "height": 900})
        assert overflowing == {}
    finally:
        context.close()


def test_an_invalid_link_says_so_and_writes_nothing(workbook_server, page, offline):
    before = store_counts(workbook_server.data)
    for token in ("x" * 32, "", "<script>alert(1)</script>"):
        page.goto(workbook_server.invite_url(token))
        page.wait_for_selector(".lb-state-invalid", timeout=90_000)
        # The server answers before any kernel: its own page says so.
        assert "this link is not valid" in page.locator(".lb-invalid").inner_text().lower()
        assert page.locator(".lb-item, .lb-stepper").count() == 0
    assert store_counts(workbook_server.data) == before
    assert offline == []


def test_a_closed_round_shows_its_answers_read_only(workbook_server, page):
    instrument = find_instrument("leader-or-manager")
    section, item = first_item("leader-or-manager", "rating")
    with Store(data=workbook_server.data) as store:
        member = store.add_respondent("<b>Chris</b>")
        round_ = store.start_round("Closed round")
        store.record_answer(member.id, round_.id, instrument, item.id, 2)
        token = create_invite(store, member.id, round_.id)
        store.close_round(round_.id)
    page.goto(workbook_server.invite_url(token))
    open_welcome(page)
    welcome = page.locator(".lb-step-welcome").inner_text()
    assert "<b>Chris</b>" in welcome  # shown as typed, not as markup
    assert "This round is closed" in welcome
    open_step(page, "Leader or manager?")
    buttons = page.locator(f".lb-item-leader-or-manager-{item.id} [role=radio]")
    buttons.first.wait_for()
    assert chosen(page, "leader-or-manager", item.id).inner_text().strip() == "Rarely"
    assert all(buttons.nth(n).get_attribute("aria-disabled") == "true" for n in range(buttons.count()))


def test_the_query_string_cannot_change_template_or_theme_and_no_source_shows(workbook_server, page):
    page.goto(workbook_server.url + "&template=lab&theme=dark")
    open_welcome(page)
    body = page.locator("body")
    assert "lb-body" in body.get_attribute("class")
    assert body.get_attribute("data-jp-theme-light") == "true"
    html = page.content()
    assert "WorkbookPage" not in html and "open_for_visitor" not in html
    assert page.locator(".jp-InputArea:visible, .jp-InputPrompt:visible, .jp-OutputPrompt:visible").count() == 0


def test_the_summary_downloads_as_one_escaped_html_file(workbook_server, page, tmp_path):
    page.goto(workbook_server.url)
    open_welcome(page)
    # An answer given now, which "Download my answers" must hold.
    why = find_instrument("why-converge")
    section, item = first_item(why.id, "rating")
    open_step(page, why.title)
    choice(page, why.id, item.id, "Partly").click()
    page.wait_for_selector(f".lb-section-{why.id}-{section.id} .lb-section-status:has-text('1 of')")
    open_step(page, "Summary")
    text = download_summary(page, tmp_path / "summary.html")
    assert text.startswith("<!DOCTYPE html>")
    assert "Action plan" in text and "Scores by section" in text
    # The scores chart is inline SVG: its namespace is a name, never fetched; nothing else may hold an address.
    addresses = text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<script" not in text and "http://" not in addresses and "https://" not in addresses

    # The member's own copy, beside the summary: made in the kernel of this link's respondent.
    page.locator("button.lb-own-copy", has_text="Download my answers").click()
    link = page.locator("a.lb-own-copy-json")
    link.wait_for()
    assert page.locator("a.lb-own-copy-csv").is_visible()
    page.screenshot(path=str(tmp_path / "summary-own-copy.png"), full_page=True)
    page.wait_for_selector(".lb-status.lb-status-saved")  # a copy changes nothing: the header settles
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "my-answers.json"
    download.value.save_as(tmp_path / "my-answers.json")
    copy = json.loads((tmp_path / "my-answers.json").read_text(encoding="utf-8"))
    with Store(data=workbook_server.data) as store:
        leader = resolve_invite(store, workbook_server.url.split("invite=")[1]).respondent_id
        audited = [e.detail for e in store.entries() if e.action == "own-copy"]
    assert copy["format"] == "leaderbook-own-copy" and copy["respondent"]["id"] == leader
    assert [(a["instrument_id"], a["item_id"], a["value"]) for a in copy["answers"]][-1] == (why.id, item.id, 3)
    assert audited[-1] == f"respondent {leader}: everything kept about them"


def test_a_team_members_link_opens_their_own_page_about_their_leader(workbook_server, page):
    from workbook.team.admin import create_team

    with Store(data=workbook_server.data) as store:
        made = create_team(store, "Operations", ["Lee", ("Pat", "peer")], leader="Lee")
    link = next(link for link in made.links if link.member == "Pat" and link.subject == "Lee")
    page.goto(workbook_server.invite_url(link.url.split("invite=")[1]))
    open_welcome(page)
    assert "You are answering about Lee as a peer, as Pat." in page.locator(".lb-who").inner_text()
    page.locator(".lb-start").click()
    section, item = first_item("leader-or-manager", "rating")
    choice(page, "leader-or-manager", item.id, "Sometimes").click()
    page.wait_for_selector(f".lb-section-leader-or-manager-{section.id} .lb-section-status:has-text('1 of')")
    with Store(data=workbook_server.data) as store:
        answers = store.latest_answers(link.respondent_id, made.round.id)
    assert [(a.item_id, a.value, a.subject_id) for a in answers] == [(item.id, 3, link.subject_id)]
