"""Alembic's environment: run the revisions on the connection leaderbook hands it.

leaderbook calls Alembic with ``config.attributes["connection"]`` set, inside
the transaction (and lock) that opened the store, so every revision and the
new version row commit together or not at all. A developer's ``alembic``
command (``alembic.ini`` at the repository root) has no connection: it opens
the store named by ``-x db=URL``, ``$LEADERBOOK_DB`` or ``$LEADERBOOK_DATA``.
"""

from __future__ import annotations

from alembic import context

from workbook.store import schema
from workbook.store.upgrades import VERSION_TABLE


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=schema.metadata,
        version_table=VERSION_TABLE,
        # SQLite alters a table by copying it; batch mode does that for op.batch_alter_table.
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_from_the_command_line() -> None:
    from workbook.store.engine import open_engine
    from workbook.store.paths import database_url

    engine = open_engine(database_url(context.get_x_argument(as_dictionary=True).get("db"), None))
    try:
        with engine.connect() as connection:
            _run(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("leaderbook's revisions run on a live store: use `leaderbook upgrade --check` to see the plan")
connection = context.config.attributes.get("connection")
if connection is None:
    _run_from_the_command_line()
else:
    _run(connection)
