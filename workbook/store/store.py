"""The answer store: respondents, rounds, answer events and action plans.

Every write is one short transaction. Answers are checked against their
item before anything is written; a refused answer leaves the store as it
was. The latest answer per item is derived from the events when read.
"""

from __future__ import annotations

import datetime as _dt
import json
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Iterator

from sqlalchemy import func, insert, inspect, select, text, update
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from ..assess.calculators import WORKSHEET_CHECKS
from ..errors import AnswerError, LeaderbookError, NotFoundError, StoreError
from ..instruments.model import Instrument, Value
from .paths import database_url
from ..assess.plan import check_plan
from ..basics.text_check import quote
from . import checks, schema
from .engine import WRITE_OPTION, open_engine
from .messages import MessageRecords
from .team_records import TeamRecords
from .workspace_tokens import WorkspaceTokens


class _AllSubjects:
    def __repr__(self) -> str:
        return "ALL_SUBJECTS"


#: Pass as ``subject_id`` to read answers about anyone; None means self-assessments only.
ALL_SUBJECTS = _AllSubjects()

#: Longest JSON text of one worksheet: a convergence map at its bounds (40 goals, 80 programmes,
#: every pair linked, every name at full length in characters JSON escapes) is about 410,000.
MAX_WORKSHEET_LENGTH = 500_000


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


@dataclass(frozen=True)
class Respondent:
    id: int
    name: str
    team_id: int | None = None


@dataclass(frozen=True)
class Round:
    id: int
    label: str
    team_id: int | None = None
    closed_at: _dt.datetime | None = None

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True)
class Answer:
    respondent_id: int
    round_id: int
    instrument_id: str
    instrument_version: int
    item_id: str
    value: Value
    note: str | None
    recorded_at: _dt.datetime
    subject_id: int | None = None


class Store(TeamRecords, MessageRecords, WorkspaceTokens):
    """A durable answer store at a SQLAlchemy URL (SQLite by default).

    ``Store()`` opens the default SQLite file in the user's data directory;
    ``Store(data="DIR")`` one in DIR; ``Store("postgresql://...")`` a server.
    Use it as a context manager, or call :meth:`close`. Teams, invites, coach
    links, round programmes and published snapshots: see :class:`TeamRecords`; members' addresses,
    messages sent and reminder rules: see :class:`MessageRecords`; the coach's workspace link:
    :class:`WorkspaceTokens`.
    """

    def __init__(self, url: str | None = None, *, data=None):
        # The connection of the transaction this thread is in, if any (see transaction()).
        self._local = threading.local()
        self.url = database_url(url, data)
        self.engine = open_engine(self.url)
        try:
            self._prepare()
        except SQLAlchemyError as exc:
            self.engine.dispose()
            reason = getattr(exc, "orig", None) or exc
            raise StoreError(f"cannot open the store at {self._safe_url()}: {reason}") from None

    def _safe_url(self) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)

    def _prepare(self) -> None:
        with self._write() as conn:
            schema.metadata.create_all(conn)
            self._add_missing_columns(conn)
            self._add_missing_indexes(conn)
            found = conn.execute(select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")).scalar()
            if found is None:
                conn.execute(insert(schema.meta).values(key="schema_version", value=str(schema.SCHEMA_VERSION)))
            elif int(found) > schema.SCHEMA_VERSION:
                raise StoreError(
                    f"the store at {self._safe_url()} was written by a newer leaderbook "
                    f"(schema {found}); upgrade leaderbook to use it"
                )
            elif int(found) < schema.SCHEMA_VERSION:
                conn.execute(update(schema.meta).where(schema.meta.c.key == "schema_version")
                             .values(value=str(schema.SCHEMA_VERSION)))

    @staticmethod
    def _add_missing_columns(conn) -> None:
        """Columns added since a store was created (create_all makes only missing tables)."""
        inspector = inspect(conn)
        for table_name, column_name in schema.ADDED_COLUMNS:
            if column_name in {c["name"] for c in inspector.get_columns(table_name)}:
                continue
            column = schema.metadata.tables[table_name].c[column_name]
            kind = column.type.compile(dialect=conn.dialect)
            default = "false" if conn.dialect.name == "postgresql" else column.server_default.arg
            conn.execute(text(f"ALTER TABLE {table_name} ADD COLUMN {column_name} {kind} NOT NULL DEFAULT {default}"))

    @staticmethod
    def _add_missing_indexes(conn) -> None:
        """Indexes added since a store was created (create_all skips the tables that exist)."""
        tables = schema.metadata.tables
        for table_name, index_name in schema.ADDED_INDEXES:
            index = next(i for i in tables[table_name].indexes if i.name == index_name)
            index.create(conn, checkfirst=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator["Store"]:
        """Make every store call inside the block one transaction: all are written, or none.

        ``with store.transaction(): ...`` (on this thread) reads what it has
        written so far; an exception leaves the store as it was. Nested blocks
        join the outer one.
        """
        if getattr(self._local, "conn", None) is not None:
            yield self
            return
        with self.engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                self._local.conn = conn
                try:
                    yield self
                finally:
                    self._local.conn = None

    @contextmanager
    def _write(self) -> Iterator:
        joined = getattr(self._local, "conn", None)
        if joined is not None:
            yield joined
            return
        with self.engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator:
        joined = getattr(self._local, "conn", None)
        if joined is not None:
            yield joined
            return
        with self.engine.connect() as conn:
            yield conn

    # -- respondents and rounds -------------------------------------------

    @staticmethod
    def _require(conn, table, row_id: int, what: str):
        """The row of ``table`` with this id, or NotFoundError (not the database's IntegrityError)."""
        row = conn.execute(select(table).where(table.c.id == row_id)).first()
        if row is None:
            raise NotFoundError(f"no {what} with id {row_id}")
        return row

    def add_respondent(self, name: str, team_id: int | None = None) -> Respondent:
        name = checks.name(name, "a respondent")
        team_id = checks.optional_id(team_id, "a team id")
        with self._write() as conn:
            if team_id is not None:
                self._require(conn, schema.teams, team_id, "team")
            new_id = conn.execute(
                insert(schema.respondents).values(name=name, team_id=team_id, created_at=_now())
            ).inserted_primary_key[0]
        return Respondent(new_id, name, team_id)

    def respondent(self, respondent_id: int) -> Respondent:
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        with self._read() as conn:
            row = conn.execute(select(schema.respondents).where(schema.respondents.c.id == respondent_id)).first()
        if row is None:
            raise NotFoundError(f"no respondent with id {respondent_id}")
        return Respondent(row.id, row.name, row.team_id)

    def rename_respondent(self, respondent_id: int, name: str) -> Respondent:
        """Give a respondent another name (1 to 200 characters, trimmed); their answers stay theirs."""
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        name = checks.name(name, "a respondent")
        with self._write() as conn:
            row = self._require(conn, schema.respondents, respondent_id, "respondent")
            conn.execute(update(schema.respondents).where(schema.respondents.c.id == respondent_id)
                         .values(name=name))
        return Respondent(respondent_id, name, row.team_id)

    def respondents(self, team_id: int | None = None) -> list[Respondent]:
        team_id = checks.optional_id(team_id, "a team id")
        query = select(schema.respondents).order_by(schema.respondents.c.id)
        if team_id is not None:
            query = query.where(schema.respondents.c.team_id == team_id)
        with self._read() as conn:
            return [Respondent(r.id, r.name, r.team_id) for r in conn.execute(query)]

    def start_round(self, label: str = "", team_id: int | None = None) -> Round:
        """A new assessment round; a re-assessment is a new round, never an edit."""
        label = checks.label(label)
        team_id = checks.optional_id(team_id, "a team id")
        with self._write() as conn:
            if team_id is not None:
                self._require(conn, schema.teams, team_id, "team")
            if not label:
                same_team = (schema.rounds.c.team_id.is_(None) if team_id is None
                             else schema.rounds.c.team_id == team_id)
                count = conn.execute(select(func.count()).select_from(schema.rounds).where(same_team)).scalar()
                label = f"Round {count + 1}"
            new_id = conn.execute(
                insert(schema.rounds).values(label=label, team_id=team_id, created_at=_now())
            ).inserted_primary_key[0]
        return Round(new_id, label, team_id)

    def round(self, round_id: int) -> Round:
        round_id = checks.record_id(round_id, "a round id")
        with self._read() as conn:
            row = conn.execute(select(schema.rounds).where(schema.rounds.c.id == round_id)).first()
        if row is None:
            raise NotFoundError(f"no round with id {round_id}")
        return Round(row.id, row.label, row.team_id, row.closed_at)

    def rounds(self, team_id: int | None = None) -> list[Round]:
        team_id = checks.optional_id(team_id, "a team id")
        query = select(schema.rounds).order_by(schema.rounds.c.id)
        if team_id is not None:
            query = query.where(schema.rounds.c.team_id == team_id)
        with self._read() as conn:
            return [Round(r.id, r.label, r.team_id, r.closed_at) for r in conn.execute(query)]

    def close_round(self, round_id: int) -> None:
        round_id = self.round(round_id).id
        with self._write() as conn:
            conn.execute(
                update(schema.rounds)
                .where(schema.rounds.c.id == round_id, schema.rounds.c.closed_at.is_(None))
                .values(closed_at=_now())
            )

    # -- answers --------------------------------------------------------------

    def _check_together(self, conn, respondent_id: int, round_id: int, subject_id: int | None = None):
        """The round's row, once respondent, round (and subject) exist and belong together.

        A team's members answer in their team's rounds, and only they do; a
        person outside any team answers in rounds outside any team.
        """
        respondent = self._require(conn, schema.respondents, respondent_id, "respondent")
        round_ = self._require(conn, schema.rounds, round_id, "round")
        if respondent.team_id != round_.team_id:
            why = ("they are a member of a team, and it is not one of that team's rounds"
                   if round_.team_id is None or respondent.team_id is not None
                   else "it is a team's round, and they are not a member of that team")
            raise AnswerError(f"respondent {respondent_id} does not take part in round {round_id}: {why}")
        if subject_id is not None:
            subject = self._require(conn, schema.respondents, subject_id, "respondent (the subject of the answers)")
            if subject.team_id != round_.team_id:
                raise AnswerError(f"respondent {subject_id}, whom the answers are about, "
                                  f"does not take part in round {round_id}")
        return round_

    def _check_open(self, conn, respondent_id: int, round_id: int, subject_id: int | None = None) -> None:
        if self._check_together(conn, respondent_id, round_id, subject_id).closed_at is not None:
            raise AnswerError("this round is closed and accepts no more answers")

    def record_answer(
        self,
        respondent_id: int,
        round_id: int,
        instrument: Instrument,
        item_id: str,
        value: Value,
        note: str | None = None,
        subject_id: int | None = None,
    ) -> Answer:
        """Check ``value`` against the item and append it as the newest answer."""
        return self.record_answers(respondent_id, round_id, instrument, [(item_id, value, note)], subject_id)[0]

    def record_answers(
        self,
        respondent_id: int,
        round_id: int,
        instrument: Instrument,
        entries: Iterable[tuple],
        subject_id: int | None = None,
    ) -> list[Answer]:
        """Several answers in one transaction: all are written, or (on any bad one) none.

        Each entry is ``(item_id, value)`` or ``(item_id, value, note)``.
        """
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        round_id = checks.record_id(round_id, "a round id")
        instrument = checks.instrument(instrument)
        subject_id = checks.optional_id(subject_id, "a subject id")
        now = _now()
        rows = []
        for item_id, value, note in checks.entries(entries):
            _, item = instrument.find_item(item_id)
            value = item.check_value(value)
            note = checks.note(note, item_id)
            rows.append(
                dict(respondent_id=respondent_id, round_id=round_id, subject_id=subject_id,
                     instrument_id=instrument.id, instrument_version=instrument.version, item_id=item_id,
                     value=json.dumps(value), note=note or None, recorded_at=now)
            )
        if not rows:
            return []
        try:
            with self._write() as conn:
                self._check_open(conn, respondent_id, round_id, subject_id)
                conn.execute(insert(schema.answers), rows)
        except OperationalError as exc:
            raise StoreError(f"the answer could not be saved: {exc.orig}") from None
        return [self._answer(row) for row in rows]

    @staticmethod
    def _answer(row) -> Answer:
        get = row.get if isinstance(row, dict) else row._mapping.get
        return Answer(
            respondent_id=get("respondent_id"), round_id=get("round_id"), instrument_id=get("instrument_id"),
            instrument_version=get("instrument_version"), item_id=get("item_id"),
            value=json.loads(get("value")) if get("value") is not None else None,
            note=get("note"), recorded_at=get("recorded_at"), subject_id=get("subject_id"),
        )

    def _latest_ids(self, subject_id, as_of=None, **where):
        """The id of the newest event per (respondent, round, subject, instrument, item)."""
        a = schema.answers.c
        query = select(func.max(a.id)).group_by(a.respondent_id, a.round_id, a.subject_id, a.instrument_id, a.item_id)
        if as_of is not None:
            query = query.where(a.id <= as_of)
        for name, value in where.items():
            if value is not None:
                query = query.where(getattr(a, name) == value)
        if subject_id is None:
            query = query.where(a.subject_id.is_(None))
        elif subject_id is not ALL_SUBJECTS:
            query = query.where(a.subject_id == subject_id)
        return query

    def latest_answers(
        self,
        respondent_id: int | None = None,
        round_id: int | None = None,
        instrument_id: str | None = None,
        *,
        subject_id=ALL_SUBJECTS,
        include_cleared: bool = False,
        as_of: int | None = None,
    ) -> list[Answer]:
        """The current answer per item: the newest event, cleared answers left out.

        ``subject_id`` narrows to answers about one person (None: self-assessments);
        by default answers about anyone are returned. ``as_of`` (an answer event
        id, see :meth:`newest_event_ids`) reads them as they were after that event.
        """
        as_of = checks.optional_id(as_of, "as_of (an answer event id)")
        respondent_id = checks.optional_id(respondent_id, "a respondent id")
        round_id = checks.optional_id(round_id, "a round id")
        instrument_id = checks.optional_key(instrument_id, "an instrument id")
        if subject_id is not ALL_SUBJECTS:
            subject_id = checks.optional_id(subject_id, "a subject id")
        include_cleared = checks.flag(include_cleared, "include_cleared")
        latest = self._latest_ids(subject_id, as_of, respondent_id=respondent_id, round_id=round_id,
                                  instrument_id=instrument_id)
        query = select(schema.answers).where(schema.answers.c.id.in_(latest)).order_by(schema.answers.c.id)
        with self._read() as conn:
            found = [self._answer(row) for row in conn.execute(query)]
        return found if include_cleared else [a for a in found if a.value is not None]

    def newest_event_ids(self) -> tuple[int, int]:
        """``(answers, plans)``: the id of the newest answer event and plan version (0 when none)."""
        with self._read() as conn:
            answers = conn.execute(select(func.max(schema.answers.c.id))).scalar() or 0
            plans = conn.execute(select(func.max(schema.plans.c.id))).scalar() or 0
        return answers, plans

    def answering_count(self, round_id: int) -> int:
        """How many people gave at least one answer in a round."""
        round_id = checks.record_id(round_id, "a round id")
        a = schema.answers.c
        with self._read() as conn:
            return conn.execute(select(func.count(func.distinct(a.respondent_id))).where(a.round_id == round_id)
                                ).scalar()

    def round_pulse(self, round_id: int) -> tuple[int, int]:
        """``(newest answer event id, people who opened the round's page)`` of a round, in one query.

        A live view asks this every second and reads more only when it moved:
        the answers index (on round) finds the newest id, and the places of
        one round are at most one row per person.
        """
        from .places import places, _ready

        round_id = checks.record_id(round_id, "a round id")
        _ready(self)
        a = schema.answers.c
        newest = select(func.max(a.id)).where(a.round_id == round_id).scalar_subquery()
        visited = select(func.count()).select_from(places).where(places.c.round_id == round_id).scalar_subquery()
        with self._read() as conn:
            row = conn.execute(select(newest, visited)).one()
        return row[0] or 0, row[1] or 0

    def answers_since(self, round_id: int, after: int) -> list[tuple[int, Answer]]:
        """A round's answer events newer than event ``after`` (0: all), oldest first, each with its id."""
        round_id = checks.record_id(round_id, "a round id")
        after = checks.record_id(after, "an answer event id")
        a = schema.answers.c
        query = select(schema.answers).where(a.round_id == round_id, a.id > after).order_by(a.id)
        with self._read() as conn:
            return [(row.id, self._answer(row)) for row in conn.execute(query)]

    def round_visitors(self, round_id: int) -> frozenset[int]:
        """The people who opened their page in a round (a page remembers where its reader is)."""
        from .places import places, _ready

        round_id = checks.record_id(round_id, "a round id")
        _ready(self)
        with self._read() as conn:
            return frozenset(conn.execute(select(places.c.respondent_id).where(places.c.round_id == round_id))
                             .scalars())

    def answer_values(self, respondent_id: int, round_id: int, instrument_id: str,
                      subject_id: int | None = None) -> dict[str, Value]:
        """``{item_id: value}`` of the current answers about ``subject_id`` (None: about themselves)."""
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        round_id = checks.record_id(round_id, "a round id")
        instrument_id = checks.key(instrument_id, "an instrument id")
        found = self.latest_answers(respondent_id, round_id, instrument_id, subject_id=subject_id)
        return {a.item_id: a.value for a in found}

    def answer_history(self, respondent_id: int, round_id: int | None = None) -> list[Answer]:
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        round_id = checks.optional_id(round_id, "a round id")
        query = select(schema.answers).where(schema.answers.c.respondent_id == respondent_id)
        if round_id is not None:
            query = query.where(schema.answers.c.round_id == round_id)
        with self._read() as conn:
            return [self._answer(row) for row in conn.execute(query.order_by(schema.answers.c.id))]

    def count_answers(self) -> int:
        """How many answer events the store holds (every change counts)."""
        with self._read() as conn:
            return conn.execute(select(func.count()).select_from(schema.answers)).scalar()

    # -- worksheets ------------------------------------------------------------

    @staticmethod
    def _worksheet_check(name: object):
        if not isinstance(name, str) or name not in WORKSHEET_CHECKS:
            raise AnswerError(f"there is no worksheet named {quote(name)} "
                              f"(worksheets: {', '.join(WORKSHEET_CHECKS)})")
        return WORKSHEET_CHECKS[name]

    def save_worksheet(self, respondent_id: int, round_id: int, name: str, data: dict) -> dict:
        """Keep a worksheet's inputs (a calculator's, say) as their newest version; returns them checked.

        Only what the page can load back is kept: the worksheet's own check
        (in workbook.assess.calculators) refuses unknown fields, negative numbers and
        unknown statuses, and fills in the defaults.
        """
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        round_id = checks.record_id(round_id, "a round id")
        check = self._worksheet_check(name)
        if not isinstance(data, dict):
            raise AnswerError(f"worksheet {name!r} is a mapping of field names to values, not {quote(data)}")
        try:
            data = check(data)
        except LeaderbookError as exc:
            raise AnswerError(f"worksheet {name!r}: {exc}") from None
        try:
            text = json.dumps(data, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise AnswerError(f"worksheet {name!r} holds a value that is not plain data: {exc}") from None
        if len(text) > MAX_WORKSHEET_LENGTH:
            raise AnswerError(f"worksheet {name!r} is larger than {MAX_WORKSHEET_LENGTH} characters")
        with self._write() as conn:
            self._check_open(conn, respondent_id, round_id)
            conn.execute(insert(schema.worksheets).values(respondent_id=respondent_id, round_id=round_id,
                                                          name=name, data=text, saved_at=_now()))
        return data

    def load_worksheet(self, respondent_id: int, round_id: int, name: str) -> dict | None:
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        round_id = checks.record_id(round_id, "a round id")
        self._worksheet_check(name)
        w = schema.worksheets.c
        query = (select(w.data).where(w.respondent_id == respondent_id, w.round_id == round_id, w.name == name)
                 .order_by(w.id.desc()).limit(1))
        with self._read() as conn:
            found = conn.execute(query).scalar()
        return json.loads(found) if found else None

    # -- action plans ---------------------------------------------------------

    def save_plan(self, respondent_id: int, round_id: int, actions: list[dict]) -> list[dict]:
        """Keep the whole plan as its newest version; returns the checked actions."""
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        round_id = checks.record_id(round_id, "a round id")
        clean = check_plan(actions)
        with self._write() as conn:
            self._check_open(conn, respondent_id, round_id)
            conn.execute(
                insert(schema.plans).values(respondent_id=respondent_id, round_id=round_id,
                                            actions=json.dumps(clean), saved_at=_now())
            )
        return clean

    def load_plan(self, respondent_id: int, round_id: int) -> list[dict]:
        respondent_id = checks.record_id(respondent_id, "a respondent id")
        round_id = checks.record_id(round_id, "a round id")
        p = schema.plans.c
        query = (select(p.actions).where(p.respondent_id == respondent_id, p.round_id == round_id)
                 .order_by(p.id.desc()).limit(1))
        with self._read() as conn:
            found = conn.execute(query).scalar()
        return json.loads(found) if found else []

    def plans(self, round_id: int | None = None, *, as_of: int | None = None) -> dict[tuple[int, int], list[dict]]:
        """The current plan of every respondent (and round), keyed ``(respondent_id, round_id)``.

        ``as_of`` (a plan version id) reads them as they were after that version.
        """
        round_id = checks.optional_id(round_id, "a round id")
        as_of = checks.optional_id(as_of, "as_of (a plan version id)")
        p = schema.plans.c
        latest = select(func.max(p.id)).group_by(p.respondent_id, p.round_id)
        if round_id is not None:
            latest = latest.where(p.round_id == round_id)
        if as_of is not None:
            latest = latest.where(p.id <= as_of)
        with self._read() as conn:
            rows = conn.execute(select(schema.plans).where(p.id.in_(latest)))
            return {(r.respondent_id, r.round_id): json.loads(r.actions) for r in rows}


__all__ = ["ALL_SUBJECTS", "Answer", "Respondent", "Round", "Store"]
