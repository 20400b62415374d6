"""Bringing a store's schema to this leaderbook's: Alembic revisions, run when a store opens.

Opening a store reads its revision with one plain query (``revision_state``);
a store at :data:`schema.HEAD_REVISION` opens without importing Alembic.
Otherwise :func:`bring_to_head` runs, in the write transaction that opens the
store, after taking the store's migration lock (SQLite's ``BEGIN IMMEDIATE``,
PostgreSQL's ``pg_advisory_xact_lock``), so two servers opening one old store
migrate it once:

- an empty database gets today's tables (``schema.metadata``) and the head revision;
- a store from before Alembic (no version table) is matched to the revision
  its tables, columns and indexes show (:func:`detect_revision`), stamped,
  and upgraded;
- a store at an earlier revision is upgraded;
- a store at a revision this leaderbook does not know was written by a newer
  one, and is refused.

``leaderbook upgrade [--check]`` calls :func:`upgrade_store`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import inspect, insert, select, text

from ..errors import StoreError
from . import schema

VERSION_TABLE = schema.alembic_version.name
#: pg_advisory_xact_lock's key: "lb" "up" as two 16-bit halves; any constant other programs do not use.
PG_LOCK_KEY = 0x6C62_7570

#: What each revision made before Alembic kept the revision, newest first: a store from before
#: Alembic is at the newest revision whose marks it holds, with every older revision's marks too.
#: A mark is a table, (table, column) or (table, index). Revision 0007's tables were made on first
#: use by the versions before it, so they mark nothing; 0008 changed no table.
MARKS = (
    ("0006", (("lb_answers", "ix_lb_answers_round_event"),)),
    ("0005", ("lb_session_events",)),
    ("0004", (("lb_teams", "confidential"), "lb_round_programmes", "lb_snapshots")),
    ("0003", ("lb_coach_tokens", "lb_worksheets")),
    ("0002", ("lb_invites",)),
    ("0001", ("lb_meta", "lb_teams", "lb_rounds", "lb_respondents", "lb_answers", "lb_plans")),
)


@dataclass(frozen=True)
class RevisionState:
    """What one cheap look at a store shows: its tables and the revision it records, if any."""

    tables: frozenset[str]
    revision: str | None

    @property
    def empty(self) -> bool:
        return not any(name.startswith("lb_") for name in self.tables)

    @property
    def current(self) -> bool:
        """At this leaderbook's head with every table there: nothing to do."""
        return self.revision == schema.HEAD_REVISION and set(schema.metadata.tables) <= self.tables


@dataclass
class UpgradePlan:
    """What bringing a store to head does, in words a coach can read (``leaderbook upgrade --check``)."""

    start: str | None  # the revision the store is at, recorded or detected; None for an empty store
    detected: bool = False  # the store predates Alembic: ``start`` was read from its tables
    steps: list[str] = field(default_factory=list)  # "0002: Invite links, ..." for each revision to run
    missing_tables: list[str] = field(default_factory=list)  # tables at head that are not there

    @property
    def needed(self) -> bool:
        return self.start != schema.HEAD_REVISION or bool(self.steps or self.missing_tables)

    def describe(self, done: bool = False) -> list[str]:
        """What upgrading does (or, ``done``, did), a line a step."""
        would = {"create": "created", "record": "recorded", "run": "ran", "make": "made"} if done else {}
        will = {verb: would.get(verb, f"would {verb}") for verb in ("create", "record", "run", "make")}
        if self.start is None:
            return [f"an empty database: {will['create']} every table at revision {schema.HEAD_REVISION}"]
        if not self.needed:
            return [f"the store is at revision {schema.HEAD_REVISION}, this leaderbook's: nothing to do"]
        lines = []
        if self.detected:
            lines.append(f"a store from before leaderbook kept revisions: its tables match revision {self.start}; "
                         f"{will['record']} it as {self.start}")
        else:
            lines.append(f"the store is at revision {self.start}")
        lines += [f"{will['run']} {step}" for step in self.steps]
        if self.missing_tables and not self.steps:
            lines.append(f"{will['make']} again the missing tables " + ", ".join(self.missing_tables))
        return lines


def revision_state(conn) -> RevisionState:
    """The store's tables and recorded revision: one or two plain queries, no Alembic."""
    tables = frozenset(inspect(conn).get_table_names())
    revision = None
    if VERSION_TABLE in tables:
        revision = conn.execute(select(schema.alembic_version.c.version_num)).scalar()
    return RevisionState(tables, revision)


def detect_revision(conn, tables: frozenset[str]) -> str:
    """The revision a store from before Alembic matches, read from its tables, columns and indexes."""
    inspector = inspect(conn)

    def holds(mark) -> bool:
        if isinstance(mark, str):
            return mark in tables
        table, name = mark
        if table not in tables:
            return False
        return (name in {c["name"] for c in inspector.get_columns(table)}
                or name in {i["name"] for i in inspector.get_indexes(table)})

    held = [revision for revision, marks in MARKS if all(holds(mark) for mark in marks)]
    if "0001" not in held:
        missing = [m if isinstance(m, str) else ".".join(m) for m in MARKS[-1][1] if not holds(m)]
        raise StoreError(f"this database holds lb_ tables but is not a leaderbook store: it lacks {', '.join(missing)}")
    start = None
    for revision, _ in reversed(MARKS):  # oldest first: the store is at the last of an unbroken run
        if revision not in held:
            break
        start = revision
    stray = [revision for revision in held if revision > start]
    if stray:
        raise StoreError(f"the store's tables match no leaderbook schema: they hold revision {stray[0]}'s "
                         f"changes but not all of the revisions before it; restore a backup")
    return start


def alembic_config(conn):
    """Alembic's Config for the revisions in migrations/, running on ``conn`` (no alembic.ini is read)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    config.attributes["connection"] = conn
    return config


def revision_scripts(conn):
    """The revisions this leaderbook knows (Alembic's ScriptDirectory)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(conn))


def newer_store_error(where: str, found: str) -> StoreError:
    return StoreError(f"the store at {where} was written by a newer leaderbook ({found}); upgrade leaderbook to use it")


def plan_upgrade(conn, state: RevisionState, where: str) -> UpgradePlan:
    """What :func:`bring_to_head` would do to this store; refuses a store newer than this leaderbook."""
    if state.empty:
        return UpgradePlan(None)
    if state.revision is None:
        _refuse_newer_schema_version(conn, state, where)
        start, detected = detect_revision(conn, state.tables), True
    else:
        start, detected = state.revision, False
    scripts = revision_scripts(conn)
    from alembic.util import CommandError

    try:
        scripts.get_revision(start)
    except CommandError:
        raise newer_store_error(where, f"schema revision {start}") from None
    steps = [f"{script.revision}: {script.doc.splitlines()[0]}"
             for script in reversed(list(scripts.iterate_revisions(schema.HEAD_REVISION, start)))]
    missing = sorted(set(schema.metadata.tables) - state.tables)
    return UpgradePlan(start, detected, steps, missing)


def _refuse_newer_schema_version(conn, state: RevisionState, where: str) -> None:
    if schema.meta.name not in state.tables:
        return
    found = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")).scalar()
    if found is not None and int(found) > schema.SCHEMA_VERSION:
        raise newer_store_error(where, f"schema {found}")


def lock_for_upgrade(conn) -> None:
    """Hold the store's migration lock until the transaction ends (SQLite: BEGIN IMMEDIATE holds it)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})


def bring_to_head(conn, where: str) -> UpgradePlan:
    """Upgrade the store on ``conn`` (in its write transaction) to head; returns what was done."""
    lock_for_upgrade(conn)
    # Read again under the lock: another server may have upgraded the store while this one waited.
    state = revision_state(conn)
    if state.current:
        return UpgradePlan(schema.HEAD_REVISION)
    plan = plan_upgrade(conn, state, where)
    if plan.start is None:
        schema.metadata.create_all(conn)
        conn.execute(insert(schema.alembic_version).values(version_num=schema.HEAD_REVISION))
        conn.execute(insert(schema.meta).values(key="schema_version", value=str(schema.SCHEMA_VERSION)))
        return plan
    from alembic import command

    config = alembic_config(conn)
    if plan.detected:
        command.stamp(config, plan.start)
    if plan.steps:
        command.upgrade(config, "head")
    # A table dropped by hand from a store at head is made again, as opening a store always did.
    schema.metadata.create_all(conn, tables=[schema.metadata.tables[name] for name in plan.missing_tables])
    return plan


def upgrade_store(db: str | None = None, data=None, *, check: bool = False) -> UpgradePlan:
    """Bring the store named by ``db`` or ``data`` to this leaderbook's schema (or, with ``check``, only say how).

    The function behind ``leaderbook upgrade``. Raises :class:`StoreError` for
    a store written by a newer leaderbook, or when the database refuses the change.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from .engine import WRITE_OPTION, open_engine
    from .paths import database_url

    url = database_url(db, data)
    where = make_url(url).render_as_string(hide_password=True)
    engine = open_engine(url)
    try:
        with engine.connect() as conn:
            if check:
                with conn.begin():
                    state = revision_state(conn)
                    return UpgradePlan(schema.HEAD_REVISION) if state.current else plan_upgrade(conn, state, where)
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                return bring_to_head(conn, where)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot upgrade the store at {where}: {getattr(exc, 'orig', None) or exc}") from None
    finally:
        engine.dispose()
