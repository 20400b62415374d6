"""Database connections are bounded per server, not per page: 30 pages on a PostgreSQL server of 20 connections.

A real PostgreSQL started with ``max_connections=20`` (.ci/postgres.sh) and 30 processes, each opening its
store as a page's kernel under ``leaderbook serve`` does (``pages.visit.open_page_store``, with the
environment serve gives its kernels), all saving at once.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbook.store import Store
from workbook.store.connection_slots import CONNECTIONS_ENV, SLOTS_ENV, ConnectionSlots
from workbook.errors import StoreError

ROOT = Path(__file__).resolve().parents[1]
PAGES = 30
SAVES = 5

PAGE = """
import os, sys, time
from pathlib import Path
from pages.visit import open_page_store
from workbook.instruments import find_instrument

skills = find_instrument("leader-skills")
items = [i.id for i in skills.items if i.kind == "rating"]
store, practice = open_page_store()
assert not practice
who, round_id = int(sys.argv[1]), int(sys.argv[2])
store.respondent(who)  # the page opens: it has read the store, as a page does before anyone answers
go = Path(sys.argv[3])
while not go.exists():
    time.sleep(0.01)
saved = 0
for n in range({saves}):
    try:
        store.record_answer(who, round_id, skills, items[n], 1 + n % 5)
        saved += 1
    except Exception as exc:
        print("refused:", str(exc).splitlines()[0], flush=True)
    time.sleep(0.05)
print("saved", saved, flush=True)
time.sleep(1.0)  # the page stays open a moment, as pages do
"""


@pytest.fixture(scope="module")
def small_postgres():
    """A PostgreSQL of its own with max_connections=20, stopped afterwards."""
    env = {k: v for k, v in os.environ.items() if k != "LEADERBOOK_TEST_PG_URL"}
    env["LEADERBOOK_PG_MAX_CONNECTIONS"] = "20"
    made = subprocess.run(["bash", str(ROOT / ".ci" / "postgres.sh")], capture_output=True, text=True, env=env)
    if made.returncode != 0:
        pytest.fail(f"could not start PostgreSQL: {made.stderr[-2000:]}")
    found = dict(line.removeprefix("export ").split("=", 1) for line in made.stdout.splitlines()
                 if line.startswith("export "))
    url = shlex.split(found["LEADERBOOK_TEST_PG_URL"])[0]
    try:
        yield url
    finally:
        subprocess.run(["bash", "-c", shlex.split(found["LEADERBOOK_PG_STOP"])[0]], capture_output=True)


def open_pages(url: str, tmp_path: Path, bound: bool) -> list[str]:
    with Store(url) as store:
        people = [(store.add_respondent(f"Member {n}").id, store.start_round().id) for n in range(PAGES)]
    go = tmp_path / f"go-{bound}"
    env = dict(os.environ, LEADERBOOK_DB=url, PYTHONPATH=str(ROOT))
    for name in (CONNECTIONS_ENV, SLOTS_ENV):
        env.pop(name, None)
    if bound:  # what `leaderbook serve` gives its kernels
        env[CONNECTIONS_ENV], env[SLOTS_ENV] = "10", str(tmp_path / "slots")
    code = PAGE.replace("{saves}", str(SAVES))
    pages = [subprocess.Popen([sys.executable, "-c", code, str(who), str(round_id), str(go)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for who, round_id in people]
    time.sleep(0.5)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not _all_opened(url, pages):
        time.sleep(0.2)
    go.touch()
    return [page.communicate(timeout=120)[0] for page in pages]


def _all_opened(url: str, pages) -> bool:
    return all(page.poll() is None for page in pages) and len(pages) == PAGES


@pytest.mark.postgres
def test_thirty_pages_on_twenty_connections_have_every_save_acknowledged(small_postgres, tmp_path):
    outputs = open_pages(small_postgres, tmp_path, bound=True)
    assert [out.strip().splitlines()[-1] for out in outputs] == [f"saved {SAVES}"] * PAGES, outputs
    with Store(small_postgres) as store:
        assert store.count_answers() == PAGES * SAVES


@pytest.mark.postgres
def test_without_the_bound_thirty_stores_are_refused(small_postgres, monkeypatch):
    # The check above can fail: a store's own pool keeps its connection, and 30 of them exceed 20.
    for name in (CONNECTIONS_ENV, SLOTS_ENV):
        monkeypatch.delenv(name, raising=False)
    stores, refused = [], None
    try:
        for _ in range(PAGES):
            stores.append(Store(small_postgres))
            try:
                stores[-1].respondents()
            except StoreError as exc:  # not reached: opening already needs a connection
                refused = exc
                break
    except StoreError as exc:
        refused = exc
    finally:
        for store in stores:
            store.close()
    assert refused is not None and "too many" in str(refused), refused


def test_a_slot_is_held_while_taken_and_free_again_when_given_back(tmp_path):
    slots = ConnectionSlots(tmp_path / "slots", 2)
    first, second = slots.take(), slots.take()
    with pytest.raises(StoreError, match="all 2 of this server's connections"):
        slots.take(wait=0.2)
    slots.give_back(first)
    third = slots.take(wait=0.2)
    slots.give_back(second)
    slots.give_back(third)
    for count in (0, 1001, True, "3"):
        with pytest.raises(StoreError, match="from 1 to 1000"):
            ConnectionSlots(tmp_path, count)
