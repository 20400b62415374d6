"""An answer the page calls saved survives a power cut: SQLite syncs every commit."""

from __future__ import annotations

from workbook.store import Store


def test_sqlite_stores_sync_the_write_ahead_log_on_every_commit(tmp_path):
    with Store(data=tmp_path) as store:
        # Every pooled connection gets the settings; ask a fresh one and the one a save used.
        who, round_id = store.add_respondent("Ana").id, store.start_round().id
        store.save_plan(who, round_id, [{"id": "a", "what": "Meet the sponsors"}])
        for _ in range(2):
            with store.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    # Reopened, the plan is there: it was committed, not left in a cache.
    with Store(data=tmp_path) as store:
        assert store.load_plan(who, round_id)[0]["what"] == "Meet the sponsors"
