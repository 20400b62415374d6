"""Fixtures shared by the core's tests: a real SQLite store in a temp dir, a small instrument."""

from __future__ import annotations

import pytest

from workbook.instrument_loader import parse_instrument
from workbook.store import Store

from samples import SMALL_INSTRUMENT



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
