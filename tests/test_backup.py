"""Backups: a consistent copy while members save, put back after a check; PostgreSQL's pg_dump way too."""

from __future__ import annotations

import glob
import shutil
import subprocess
import threading
import time

import pytest
from sqlalchemy.engine import make_url

from pg_fixtures import PG_URL, pg_schema_url, private_pg_schema
from workbook.cli import main
from workbook.errors import StoreError
from workbook.instruments import find_instrument
from workbook.store import Store
from workbook.store.backup import backup_store, check_store_file, restore_store

WRITERS = 20


def test_a_backup_taken_while_twenty_members_save_holds_every_answer_acknowledged_before_it(tmp_path):
    skills = find_instrument("leader-skills")
    ratings = [item.id for item in skills.items if item.kind == "rating"]
    with Store(data=tmp_path / "live") as store:
        people = [(store.add_respondent(f"Member {n}").id, store.start_round().id) for n in range(WRITERS)]
    acknowledged: list[list[tuple[int, int, str, int]]] = [[] for _ in range(WRITERS)]
    stop = threading.Event()

    def member(number: int) -> None:
        # Each member has a store of their own, as each page's kernel does.
        who, round_id = people[number]
        with Store(data=tmp_path / "live") as own:
            turn = 0
            while not stop.is_set():
                item, value = ratings[turn % len(ratings)], 1 + turn % 5
                own.record_answer(who, round_id, skills, item, value)
                acknowledged[number].append((time.monotonic(), who, item, value))
                turn += 1

    threads = [threading.Thread(target=member, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # everyone is saving
    began = time.monotonic()
    made = backup_store(tmp_path / "backup.sqlite3", data=tmp_path / "live")
    time.sleep(0.5)  # and they go on saving after it
    stop.set()
    for thread in threads:
        thread.join()
    before = [(who, item, value) for saved in acknowledged for at, who, item, value in saved if at < began]
    assert len(before) > WRITERS  # the writers were saving while the backup was made
    assert made.answers >= len(before)

    restore_store(tmp_path / "backup.sqlite3", data=tmp_path / "restored")
    with Store(data=tmp_path / "restored") as restored:
        history = {(a.respondent_id, a.item_id, a.value) for who, _ in people for a in restored.answer_history(who)}
        total = restored.count_answers()
    assert set(before) <= history
    assert total == made.answers < sum(len(saved) for saved in acknowledged)  # later saves are not in it


def test_a_backup_is_checked_before_anything_is_restored(tmp_path):
    with Store(data=tmp_path / "live") as store:
        store.add_respondent("Ana")
    backup_store(tmp_path / "good.sqlite3", data=tmp_path / "live")
    assert check_store_file(tmp_path / "good.sqlite3").respondents == 1

    damaged = tmp_path / "damaged.sqlite3"
    data = bytearray((tmp_path / "good.sqlite3").read_bytes())
    data[len(data) // 2:] = b"\x00" * (len(data) - len(data) // 2)
    damaged.write_bytes(bytes(data))
    (tmp_path / "text.sqlite3").write_text("not a database")
    other = tmp_path / "other.sqlite3"
    import sqlite3

    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (text)")
    for bad, why in ((damaged, "damaged|cannot be read|not a leaderbook store"),
                     (tmp_path / "text.sqlite3", "not a SQLite database"), (other, "not a leaderbook store")):
        with pytest.raises(StoreError, match=why):
            restore_store(bad, data=tmp_path / "fresh")
        assert not (tmp_path / "fresh" / "leaderbook.sqlite3").exists()

    # A store with people in it is replaced only when asked to, and then it is the backup's.
    with Store(data=tmp_path / "other-live") as store:
        store.add_respondent("Ben")
        store.add_respondent("Cleo")
    with pytest.raises(StoreError, match="holds 2 respondent"):
        restore_store(tmp_path / "good.sqlite3", data=tmp_path / "other-live")
    restore_store(tmp_path / "good.sqlite3", data=tmp_path / "other-live", replace=True)
    with Store(data=tmp_path / "other-live") as store:
        assert [r.name for r in store.respondents()] == ["Ana"]


def test_the_commands_say_what_they_copied_and_refuse_without_a_traceback(tmp_path, capsys):
    with Store(data=tmp_path / "live") as store:
        store.add_respondent("Ana")
    assert main(["backup", str(tmp_path / "b.sqlite3"), "--data", str(tmp_path / "live")]) == 0
    assert "backed up 1 respondent(s)" in capsys.readouterr().out
    assert (tmp_path / "b.sqlite3").stat().st_mode & 0o777 == 0o600
    assert main(["backup", str(tmp_path / "b.sqlite3"), "--data", str(tmp_path / "live")]) == 1
    assert "exists" in capsys.readouterr().err
    assert main(["restore", str(tmp_path / "b.sqlite3"), "--data", str(tmp_path / "copy")]) == 0
    assert "restored 1 respondent(s)" in capsys.readouterr().out
    assert main(["backup", str(tmp_path / "pg.sqlite3"), "--db", "postgresql://nobody@127.0.0.1/none"]) == 1
    assert "pg_dump" in capsys.readouterr().err


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))[-1:]), None)
    if found is None:
        pytest.fail(f"{name} is missing: .ci/run installs PostgreSQL with its tools")
    return found


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="no PostgreSQL: run `eval \"$(bash .ci/postgres.sh)\"` to test it")
def test_the_readmes_pg_dump_way_restores_a_postgresql_store(tmp_path):
    skills = find_instrument("leader-skills")
    item = next(i.id for i in skills.items if i.kind == "rating")
    server = make_url(PG_URL)
    plain = server.set(drivername="postgresql").render_as_string(hide_password=False)
    with private_pg_schema() as url:
        schema = make_url(url).query["options"].split("=", 1)[1]
        with Store(url) as store:
            ana = store.add_respondent("Ana")
            store.record_answer(ana.id, store.start_round().id, skills, item, 4)
        dump = tmp_path / "leaderbook.dump"
        subprocess.run([_pg_tool("pg_dump"), "--format=custom", f"--schema={schema}", f"--file={dump}", plain],
                       check=True, capture_output=True)
        with Store(url) as store, store.transaction():
            store.rename_respondent(ana.id, "Lost")  # what happened after the dump
        subprocess.run([_pg_tool("pg_restore"), "--clean", "--if-exists", f"--dbname={plain}", str(dump)],
                       check=True, capture_output=True)
        with Store(pg_schema_url(schema)) as store:
            assert [r.name for r in store.respondents()] == ["Ana"]
            assert [a.value for a in store.answer_history(ana.id)] == [4]
