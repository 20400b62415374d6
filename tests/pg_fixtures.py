"""A ``backend_store`` fixture: the same test on SQLite and on PostgreSQL.

PostgreSQL comes from ``LEADERBOOK_TEST_PG_URL`` (``.ci/postgres.sh`` starts
a throwaway server and sets it). Each test gets a schema of its own, dropped
afterwards, so tests never see each other's rows. Without the URL the
PostgreSQL runs are skipped on a developer's machine and fail under CI,
where the server must be there.

Import the fixtures into a test module: ``from pg_fixtures import backend_store, backend_url``;
every test that uses them runs once per backend.
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.schema import CreateSchema, DropSchema

from workbook.store import Store

PG_URL = os.environ.get("LEADERBOOK_TEST_PG_URL", "")
IN_CI = bool(os.environ.get("CI"))

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=[
        pytest.mark.postgres,
        pytest.mark.skipif(not PG_URL and not IN_CI,
                           reason="no PostgreSQL: run `eval \"$(bash .ci/postgres.sh)\"` to test it"),
    ]),
]


def pg_schema_url(schema: str) -> str:
    """The test server's URL with ``schema`` first on the search path."""
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=BACKENDS)
def backend_url(request, tmp_path):
    """A store URL on each backend in turn, empty and private to the test."""
    backend = request.param
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'leaderbook.sqlite3'}"
        return
    with private_pg_schema() as url:
        yield url


@contextmanager
def private_pg_schema():
    """A PostgreSQL store URL on a schema of its own, dropped afterwards."""
    if not PG_URL:
        pytest.fail("CI needs LEADERBOOK_TEST_PG_URL: .ci/run must start PostgreSQL with .ci/postgres.sh")
    schema = f"lb_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(CreateSchema(schema))
    try:
        yield pg_schema_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(DropSchema(schema, cascade=True))
        admin.dispose()


@pytest.fixture
def backend_store(backend_url):
    with Store(backend_url) as store:
        yield store
