"""Stores written by every earlier leaderbook open with today's Store, upgrade to head, and keep every row.

The fixtures (tests/fixtures/stores/) were made by each old commit's own code
(tests/fixtures/build_old_stores.py); beside each, a JSON of every row it held.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pg_fixtures import PG_URL, private_pg_schema
from sqlalchemy import MetaData, create_engine, inspect, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
from build_old_stores import COMMITS  # noqa: E402
from store_contents import table_contents  # noqa: E402

from workbook.errors import StoreError
from workbook.store import Store, schema
from workbook.store.upgrades import upgrade_store

STORES = Path(__file__).parent / "fixtures" / "stores"
postgres = [pytest.mark.postgres, pytest.mark.skipif(not PG_URL, reason="no PostgreSQL: set LEADERBOOK_TEST_PG_URL")]


def _sqlite_copy(commit: str, tmp_path: Path) -> str:
    # Kept as SQLite's own dump (text, no database file in the repository), loaded as the file it was.
    target = tmp_path / "leaderbook.sqlite3"
    with sqlite3.connect(target) as conn:
        conn.executescript((STORES / f"{commit}.sqlite.sql").read_text(encoding="utf-8"))
    conn.close()
    return f"sqlite:///{target}"


def _load_pg_dump(commit: str, url: str) -> None:
    schema_name = make_url(url).query["options"].split("=", 1)[1]
    script = (STORES / f"{commit}.pg.sql").read_text().replace("__SCHEMA__", schema_name)
    engine = create_engine(url)
    raw = engine.raw_connection()
    try:
        raw.cursor().execute(script)
        raw.commit()
    finally:
        raw.close()
        engine.dispose()


def _assert_every_row_kept(url: str, recorded: dict) -> None:
    engine = create_engine(url)
    try:
        now = table_contents(engine)
    finally:
        engine.dispose()
    for table, rows in recorded.items():
        assert len(now[table]) == len(rows), table
        for before, after in zip(rows, now[table]):
            kept = {column: after[column] for column in before}
            if table == "lb_meta" and before["key"] == "schema_version":
                assert after["value"] == str(schema.SCHEMA_VERSION)
                continue
            assert kept == before, table
    assert set(schema.metadata.tables) - {"lb_alembic_version"} <= set(now)


def _revision(url: str) -> str:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM lb_alembic_version")).scalar_one()
    finally:
        engine.dispose()


def _opens_and_works(url: str) -> None:
    with Store(url) as store:
        names = {r.name for r in store.respondents()}
        assert {"Ana", "Ben Ünïcode"} <= names
        ana = next(r for r in store.respondents() if r.name == "Ana")
        newer = store.start_round("after the upgrade")
        store.save_plan(ana.id, newer.id, [])
        assert store.rounds()[-1].label == "after the upgrade"


@pytest.mark.parametrize("commit", list(COMMITS))
def test_a_sqlite_store_of_each_earlier_version_upgrades_keeping_every_row(commit, tmp_path):
    url = _sqlite_copy(commit, tmp_path)
    recorded = json.loads((STORES / f"{commit}.sqlite3.json").read_text())
    _opens_and_works(url)
    assert _revision(url) == schema.HEAD_REVISION
    recorded_rounds = len(recorded["lb_rounds"])
    engine = create_engine(url)
    with engine.begin() as conn:  # the rows this test added, taken out again to compare with the record
        conn.execute(text("DELETE FROM lb_plans WHERE round_id > :n"), {"n": recorded_rounds})
        conn.execute(text("DELETE FROM lb_rounds WHERE id > :n"), {"n": recorded_rounds})
    engine.dispose()
    _assert_every_row_kept(url, recorded)


@pytest.mark.parametrize("commit", [pytest.param(c, marks=postgres) for c in COMMITS])
def test_a_postgresql_store_of_each_earlier_version_upgrades_keeping_every_row(commit):
    with private_pg_schema() as url:
        _load_pg_dump(commit, url)
        recorded = json.loads((STORES / f"{commit}.pg.json").read_text())
        with Store(url) as store:
            assert len(store.respondents()) == len(recorded["lb_respondents"])
        assert _revision(url) == schema.HEAD_REVISION
        _assert_every_row_kept(url, recorded)


def test_check_says_what_it_would_do_and_changes_nothing_and_the_upgrade_is_idempotent(tmp_path):
    url = _sqlite_copy("56920df", tmp_path)
    before = _sqlite_schema(tmp_path / "leaderbook.sqlite3")
    plan = upgrade_store(url, check=True)
    assert plan.detected and plan.start == "0002"
    assert plan.describe()[0].endswith("its tables match revision 0002; would record it as 0002")
    assert [line.split(":")[0] for line in plan.describe()[1:]] == [
        f"would run {n:04d}" for n in range(3, int(schema.HEAD_REVISION) + 1)]
    assert _sqlite_schema(tmp_path / "leaderbook.sqlite3") == before  # --check changed nothing
    engine = create_engine(url)
    assert table_contents(engine) == json.loads((STORES / "56920df.sqlite3.json").read_text())
    engine.dispose()
    done = upgrade_store(url)
    assert done.describe(done=True)[1].startswith("ran 0003: ")
    again = upgrade_store(url)
    assert not again.needed and again.describe() == [
        f"the store is at revision {schema.HEAD_REVISION}, this leaderbook's: nothing to do"]
    _assert_every_row_kept(url, json.loads((STORES / "56920df.sqlite3.json").read_text()))


def test_the_upgrade_command_checks_then_upgrades(tmp_path):
    _sqlite_copy("2444e9e", tmp_path)
    run = [sys.executable, "-m", "workbook.cli", "upgrade", "--data", str(tmp_path)]
    checked = subprocess.run([*run, "--check"], capture_output=True, text=True, check=True).stdout
    assert checked.splitlines()[0].endswith("would record it as 0004")
    assert "would run 0005: A live session's reveals and chosen actions." in checked.splitlines()
    done = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    assert "ran 0005: A live session's reveals and chosen actions." in done.splitlines()
    again = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    assert "nothing to do" in again


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=postgres)])
def test_two_servers_opening_one_old_store_at_once_upgrade_it_once(backend, tmp_path):
    import threading

    def race(url):
        start, failures = threading.Barrier(4), []

        def open_it():
            start.wait()
            try:
                Store(url).close()
            except Exception as exc:  # reported below: any failure is the race lost
                failures.append(exc)
        threads = [threading.Thread(target=open_it) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        assert _revision(url) == schema.HEAD_REVISION
        recorded = json.loads((STORES / f"9abb818.{'sqlite3' if backend == 'sqlite' else 'pg'}.json").read_text())
        _assert_every_row_kept(url, recorded)
        engine = create_engine(url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM lb_alembic_version")).scalar() == 1
        engine.dispose()

    if backend == "sqlite":
        race(_sqlite_copy("9abb818", tmp_path))
    else:
        with private_pg_schema() as url:
            _load_pg_dump("9abb818", url)
            race(url)


def _sqlite_schema(path: Path) -> list:
    with sqlite3.connect(path) as conn:
        return sorted(conn.execute("SELECT type, name, sql FROM sqlite_master"))


def _stamp_newer(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE lb_alembic_version SET version_num = 'ffff_from_the_future'"))
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=postgres)])
def test_a_store_at_a_revision_this_leaderbook_does_not_know_is_refused(backend, tmp_path):
    def check(url):
        Store(url).close()
        _stamp_newer(url)
        with pytest.raises(StoreError) as refused:
            Store(url)
        where = make_url(url).render_as_string(hide_password=True)
        assert str(refused.value) == (f"the store at {where} was written by a newer leaderbook "
                                      f"(schema revision ffff_from_the_future); upgrade leaderbook to use it")
        with pytest.raises(StoreError, match="written by a newer leaderbook"):
            upgrade_store(url, check=True)
    if backend == "sqlite":
        check(f"sqlite:///{tmp_path / 'leaderbook.sqlite3'}")
    else:
        with private_pg_schema() as url:
            check(url)


def test_a_store_from_before_alembic_with_a_newer_schema_version_is_refused(tmp_path):
    url = _sqlite_copy("cb977d0", tmp_path)
    with sqlite3.connect(tmp_path / "leaderbook.sqlite3") as conn:
        conn.execute("UPDATE lb_meta SET value = '9' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match=r"written by a newer leaderbook \(schema 9\); upgrade leaderbook"):
        Store(url)


def test_an_upgraded_store_is_refused_by_the_leaderbook_before_alembic(tmp_path):
    """schema_version 3 after the upgrade: main before Alembic (which knew 2) must refuse the store."""
    url = _sqlite_copy("cb977d0", tmp_path)
    Store(url).close()
    with sqlite3.connect(tmp_path / "leaderbook.sqlite3") as conn:
        found = conn.execute("SELECT value FROM lb_meta WHERE key = 'schema_version'").fetchone()[0]
    assert int(found) == schema.SCHEMA_VERSION > 2


def test_a_store_that_cannot_be_upgraded_says_which_command_to_run(tmp_path):
    _sqlite_copy("9abb818", tmp_path)
    database = tmp_path / "leaderbook.sqlite3"
    with sqlite3.connect(database) as conn:  # a trigger stands in for a database user who may not change it
        conn.execute("CREATE TRIGGER no_update BEFORE UPDATE ON lb_meta BEGIN SELECT RAISE(ABORT, 'permission denied'); END")
    with pytest.raises(StoreError) as refused:
        Store(data=tmp_path)
    message = str(refused.value)
    assert message.startswith(f"the store at sqlite:///{database} needs upgrading to revision "
                              f"{schema.HEAD_REVISION}, which failed: permission denied; ")
    assert message.endswith(f"run `leaderbook upgrade --data {tmp_path}` as a user who may alter its tables "
                            f"(`--check` first says what it will do)")
    with sqlite3.connect(database) as conn:  # nothing was half done
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "lb_alembic_version" not in tables
        assert conn.execute("SELECT value FROM lb_meta WHERE key = 'schema_version'").fetchone()[0] == "2"


def _shape(url: str) -> dict:
    engine = create_engine(url)
    try:
        reflected = MetaData()
        reflected.reflect(engine)
        inspector = inspect(engine)
        return {name: _table_shape(table, inspector) for name, table in reflected.tables.items()}
    finally:
        engine.dispose()


def _table_shape(table, inspector) -> dict:
    return {
        "columns": {c.name: c.nullable for c in table.columns},
        "primary key": sorted(c.name for c in table.primary_key.columns),
        "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                          for i in inspector.get_indexes(table.name)),
        "unique": sorted(tuple(u["column_names"]) for u in inspector.get_unique_constraints(table.name)),
        "foreign keys": sorted((tuple(f["constrained_columns"]), f["referred_table"])
                               for f in inspector.get_foreign_keys(table.name)),
    }


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=postgres)])
def test_the_revisions_build_exactly_the_tables_of_schema_py(backend, tmp_path):
    """A change to schema.py that forgets its revision (or a revision schema.py lacks) fails here."""
    from alembic import command

    from workbook.store.upgrades import alembic_config, revision_scripts

    def compare(by_migrations, by_metadata):
        engine = create_engine(by_migrations)
        with engine.begin() as conn:
            assert revision_scripts(conn).get_current_head() == schema.HEAD_REVISION
            command.upgrade(alembic_config(conn), "head")
        engine.dispose()
        Store(by_metadata).close()  # an empty database: made from schema.metadata
        assert _shape(by_migrations) == _shape(by_metadata)
        assert set(_shape(by_metadata)) == set(schema.metadata.tables)
        assert _revision(by_migrations) == _revision(by_metadata) == schema.HEAD_REVISION

    if backend == "sqlite":
        compare(f"sqlite:///{tmp_path / 'migrated.sqlite3'}", f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    else:
        with private_pg_schema() as migrated, private_pg_schema() as fresh:
            compare(migrated, fresh)


def test_every_revision_refuses_to_downgrade_with_a_message_a_person_can_act_on():
    import importlib

    from workbook.errors import StoreError

    versions = Path(__file__).resolve().parents[1] / "workbook" / "store" / "migrations" / "versions"
    names = sorted(p.stem for p in versions.glob("0*.py"))
    assert len(names) == int(schema.HEAD_REVISION)
    for name in names:
        revision = importlib.import_module(f"workbook.store.migrations.versions.{name}")
        with pytest.raises(StoreError, match="leaderbook restore FILE"):
            revision.downgrade()
