"""Who a page is for: the request's invite token, checked against the store; the local leader outside Voila."""

from __future__ import annotations

import json
import socket
import threading

import pytest

from workbook.instruments import find_instrument
from workbook.store import Store
from workbook.store.invites import create_invite, revoke_invites
from pages import request
from pages.visit import INVALID_LINK, current_visit, local_respondent, open_page_store, visit_for_invite

VOILA_ENV = ("VOILA_PREHEAT", "VOILA_REQUEST_URL", "VOILA_KERNEL_ID", "VOILA_APP_IP", "VOILA_APP_PORT",
             "VOILA_SERVER_URL", "VOILA_WS_BASE_URL", "QUERY_STRING", "LEADERBOOK_DATA", "LEADERBOOK_DB")


@pytest.fixture(autouse=True)
def outside_voila(monkeypatch):
    for name in VOILA_ENV:
        monkeypatch.delenv(name, raising=False)


def counts(store: Store) -> tuple:
    return store.count_answers(), len(store.respondents()), len(store.rounds()), len(store.plans())


@pytest.mark.parametrize("query, token", [
    ("invite=abc", "abc"),
    ("a=1&invite=abc%2Fd&b=2", "abc/d"),
    ("", None),
    ("coach=abc", None),
    ("invite=a&invite=b", None),  # ambiguous: refused, not the first or the last
    ("invite=", ""),
    ("&".join(f"k{n}=v" for n in range(100)) + "&invite=abc", None),
])
def test_the_invite_token_is_read_from_the_query_string(query, token):
    assert request.invite_token(query) == token


def test_outside_voila_nothing_waits_and_there_is_no_query():
    assert not request.under_voila()
    assert request.query_string() == ""


def test_a_kernel_started_for_a_request_has_its_query_string_already(monkeypatch):
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv("QUERY_STRING", "invite=xyz")
    monkeypatch.setenv("VOILA_APP_PORT", "1")  # would fail if anything tried to connect
    assert request.query_string() == "invite=xyz"


def test_a_preheated_kernel_waits_for_voila_to_hand_over_the_request(monkeypatch):
    from websockets.sync.server import serve

    paths = []

    def handler(connection):
        paths.append(connection.request.path)
        connection.send(json.dumps({"QUERY_STRING": "invite=from-the-request", "SCRIPT_NAME": "/voila/render/x"}))

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with serve(handler, "127.0.0.1", port) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        monkeypatch.setenv("VOILA_PREHEAT", "True")
        monkeypatch.setenv("VOILA_APP_PORT", str(port))
        monkeypatch.setenv("VOILA_SERVER_URL", "/base/")
        monkeypatch.setenv("VOILA_KERNEL_ID", "kernel-1")
        assert request.query_string() == "invite=from-the-request"
        server.shutdown()
    assert paths == ["/base/voila/query/kernel-1"]


def test_a_preheated_kernel_stopped_before_anyone_came_leaves_the_cell_showing_nothing(monkeypatch, store):
    """The server closes the query socket without a request (as it does stopping the kernel): the
    page returns no visit and writes nothing, and the process is left for the server to stop."""
    from websockets.sync.server import serve

    from workbook.instruments.programme import Programme, resolve_instruments
    from pages.workbook_page import WorkbookPage

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with serve(lambda connection: connection.close(), "127.0.0.1", port) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        monkeypatch.setenv("VOILA_PREHEAT", "True")
        monkeypatch.setenv("VOILA_APP_PORT", str(port))
        with pytest.raises(request.NoVisitor):
            request.query_string()
        page = WorkbookPage(Programme(), resolve_instruments(Programme()), store)
        state, before = page.state, counts(store)
        assert page.open_for_visitor() is None
        server.shutdown()
    assert (page.state, page.visit, counts(store)) == (state, None, before)


def _query_socket(monkeypatch, payloads):
    """A stand-in for Voila's request-info socket: it hands over ``payloads`` (None: it closes at once)
    when ``release`` is set, as Voila does when the visitor's request comes."""
    from websockets.sync.server import serve

    release = threading.Event()

    def handler(connection):
        release.wait(10)
        payload = payloads.pop(0) if payloads else None
        if payload is not None:
            connection.send(json.dumps(payload))
        connection.close()

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = serve(handler, "127.0.0.1", port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_APP_PORT", str(port))
    return server, release


def _page(store):
    from workbook.instruments.programme import Programme, resolve_instruments

    from pages.workbook_page import WorkbookPage

    return WorkbookPage(Programme(), resolve_instruments(Programme()), store)


def test_a_preheated_page_ends_its_cell_at_once_and_opens_when_the_request_comes(monkeypatch, store):
    """Voila sends the page only once every cell has run: the last cell must not wait for the request."""
    import asyncio

    member = store.add_respondent("Bea")
    token = create_invite(store, member.id, store.start_round("Spring").id)
    server, release = _query_socket(monkeypatch, [{"QUERY_STRING": f"invite={token}&lang=fr"}])
    page = _page(store)

    async def cell_then_request():
        opening = page.open_when_visited()  # the cell: it returns before anyone has come
        assert isinstance(opening, asyncio.Future) and not opening.done()
        await asyncio.sleep(0.2)
        assert (page.state, page.visit) == ("opening", None) and not opening.done()
        release.set()  # the visitor's request arrives
        return await asyncio.wait_for(opening, 10)

    try:
        visit = asyncio.run(cell_then_request())
    finally:
        server.shutdown()
    assert page.state == "ready" and page.visit is visit
    assert (visit.respondent.name, visit.language, page.language) == ("Bea", "fr", "fr")


def test_a_preheated_page_whose_opening_fails_says_to_reload_instead_of_loading_for_ever(monkeypatch, tmp_path):
    import asyncio

    from workbook.store.client import StoreClient

    server, release = _query_socket(monkeypatch, [{"QUERY_STRING": "invite=some-token"}])
    # The page's server is gone by the time the visitor comes: its store socket answers no one.
    page = _page(StoreClient(str(tmp_path / "gone.sock"), "kernel-1", "secret", timeout=1))
    release.set()

    async def cell():
        return await asyncio.wait_for(page.open_when_visited(), 10)

    try:
        assert asyncio.run(cell()) is None
    finally:
        server.shutdown()
    assert page.state == "invalid"
    assert "could not be opened; reload the page" in page.children[-1].children[0].children[0].value


def test_a_live_invite_opens_its_respondents_round(store):
    member = store.add_respondent("Bea")
    round_ = store.start_round("Spring")
    visit = visit_for_invite(store, create_invite(store, member.id, round_.id))
    assert visit.valid and not visit.read_only
    assert (visit.respondent.name, visit.round.label, visit.rater_group) == ("Bea", "Spring", "self")


def test_an_invite_about_someone_else_names_the_subject(store):
    leader, peer = store.add_respondent("Lee"), store.add_respondent("Pat")
    round_ = store.start_round()
    visit = visit_for_invite(store, create_invite(store, peer.id, round_.id, "peer", subject_id=leader.id))
    assert (visit.respondent.name, visit.subject.name, visit.rater_group) == ("Pat", "Lee", "peer")


@pytest.mark.parametrize("token", ["x" * 32, "", None, 42, "short", "a" * 65, "<script>", "valid-looking_but-unknown-1234"])
def test_anything_but_a_live_token_is_not_valid_and_writes_nothing(store, token):
    store.add_respondent("Ana")
    store.start_round()
    before = counts(store)
    visit = visit_for_invite(store, token)
    assert not visit.valid and visit.problem == INVALID_LINK and visit.respondent is None
    assert counts(store) == before


def test_a_revoked_invite_is_not_valid(store):
    member, round_ = store.add_respondent("Bea"), store.start_round()
    token = create_invite(store, member.id, round_.id)
    revoke_invites(store, member.id)
    assert visit_for_invite(store, token).problem == INVALID_LINK


def test_an_invite_for_a_closed_round_reads_only(store):
    member, round_ = store.add_respondent("Bea"), store.start_round()
    token = create_invite(store, member.id, round_.id)
    store.close_round(round_.id)
    visit = visit_for_invite(store, token)
    assert visit.valid and visit.read_only


def test_the_local_leader_is_made_once_then_reused(store):
    first, round_ = local_respondent(store)
    again, same_round = local_respondent(store)
    assert (again.id, same_round.id) == (first.id, round_.id)
    assert len(store.respondents()) == 1 and len(store.rounds()) == 1


def test_the_local_leader_is_the_first_respondent_without_a_team(store):
    from workbook.team.admin import create_team

    create_team(store, "Sales", ["Member", "Other"])
    me = store.add_respondent("Me")
    leader, round_ = local_respondent(store)
    assert leader.id == me.id
    assert round_.team_id is None


def test_a_closed_round_makes_way_for_a_new_one(store):
    _, first = local_respondent(store)
    store.close_round(first.id)
    _, second = local_respondent(store)
    assert second.id != first.id and not second.closed


def test_outside_voila_without_a_configured_store_the_page_practices(tmp_path, monkeypatch):
    store, practice = open_page_store()
    with store:
        assert practice and store.url == "sqlite:///:memory:"
    monkeypatch.setenv("LEADERBOOK_DATA", str(tmp_path))
    store, practice = open_page_store()
    with store:
        assert not practice and str(tmp_path) in store.url


def test_under_voila_the_visit_comes_from_the_request(store, monkeypatch):
    member, round_ = store.add_respondent("Bea"), store.start_round()
    token = create_invite(store, member.id, round_.id)
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv("QUERY_STRING", f"invite={token}")
    assert current_visit(store).respondent.name == "Bea"
    monkeypatch.setenv("QUERY_STRING", "")
    assert current_visit(store).problem == INVALID_LINK
    assert len(store.respondents()) == 1  # no local leader made under Voila


def test_outside_voila_the_visit_is_the_local_leader(store):
    visit = current_visit(store, practice=True)
    assert visit.valid and visit.practice and visit.respondent.team_id is None
    store.record_answer(visit.respondent.id, visit.round.id, find_instrument("leader-skills"),
                        find_instrument("leader-skills").items[0].id, 3)
    assert current_visit(store).round.id == visit.round.id
