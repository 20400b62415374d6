"""Fixtures shared by the core's tests: a real SQLite store in a temp dir, a small instrument."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbook.instruments.loader import parse_instrument
from workbook.store import Store

from samples import SMALL_INSTRUMENT



@pytest.fixture(scope="session")
def installed_catalogues():
    """The shipped catalogues compiled in place, as ``pip install -e .`` compiles them (hatch_build.py)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from workbook.basics.i18n import LOCALE_DIR, available_languages, translator

    for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/leaderbook.po")):
        with po.open("rb") as source, po.with_suffix(".mo").open("wb") as mo:
            write_mo(mo, read_po(source, abort_invalid=True), use_fuzzy=False)
    available_languages.cache_clear()
    translator.cache_clear()
    return LOCALE_DIR


@pytest.fixture
def instrument():
    return parse_instrument(SMALL_INSTRUMENT, "sample.yaml")


@pytest.fixture
def store(tmp_path):
    with Store(data=tmp_path) as opened:
        yield opened


@pytest.fixture
def answering(store):
    """A respondent and a round to answer in: ``(store, respondent_id, round_id)``."""
    respondent = store.add_respondent("Ana")
    round_ = store.start_round()
    return store, respondent.id, round_.id


@pytest.fixture
def sent():
    """What widgets send to a front end, recorded, so widgets can be driven without a kernel."""
    from widgets.testing import recording_comms

    with recording_comms() as recorded:
        yield recorded


@pytest.fixture
def in_a_kernel_loop(monkeypatch):
    """Run a coroutine function on a fresh event loop in its own thread, standing for a kernel's loop
    (the test process has no kernel, and Playwright may hold this thread's loop), so writes that wait
    for the typing to stop wait as they do in a kernel."""
    import asyncio
    import threading

    monkeypatch.setattr("widgets.saving.kernel_loop", asyncio.get_running_loop)

    def run(coroutine) -> None:
        failure = []

        def in_thread():
            try:
                asyncio.run(coroutine())
            except BaseException as exc:  # handed to the test's thread below
                failure.append(exc)

        thread = threading.Thread(target=in_thread)
        thread.start()
        thread.join(timeout=60)
        if thread.is_alive():
            raise AssertionError("the coroutine was still running after 60 s")
        if failure:
            raise failure[0]

    return run


@pytest.fixture
def binding(store):
    """A respondent's round in a fresh store, as widgets bind to it."""
    from widgets import StoreBinding

    return StoreBinding(store, store.add_respondent("Ana").id, store.start_round().id)

