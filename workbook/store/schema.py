"""The store's tables (SQLAlchemy Core), shared by SQLite and PostgreSQL.

Answers and plans are append-only: a change is a new row, and "the current
answer" is the newest row per key. Nothing here is ever updated in place
except a round's or an invite's closing time, a respondent's name and a
visitor's place.

Every table is here, in one MetaData. A new store is made from it; a store
written by an older leaderbook is brought to it by the Alembic revisions in
``migrations/versions/`` (see upgrades.py), so a change here needs its
revision, and HEAD_REVISION names the newest (tests/test_store_upgrades.py
fails when they disagree).
"""

from __future__ import annotations

from sqlalchemy import (DDL, Boolean, Column, DateTime, ForeignKey, Index, Integer, MetaData, PrimaryKeyConstraint,
                        String, Table, Text, event)

from .append_only import trigger_statements

metadata = MetaData()

#: lb_meta's schema_version, which the leaderbooks before Alembic check on open so an old
#: program does not write into a newer store. 1: the first store; 2: teams may be confidential,
#: rounds keep their programme, published snapshots; 3: the revision is kept in lb_alembic_version
#: (revision 0008). Revisions after 0008 leave it at 3: the revision is what is checked
#: (0009: members' addresses, several live tokens per invite, the messages sent, reminder rules;
#: 0010: the coach's workspace tokens; 0011: the audit trail; 0012: published figures; 0013: rounds' retention periods).
SCHEMA_VERSION = 3

#: The newest revision in migrations/versions/: a store recording it opens without Alembic.
HEAD_REVISION = "0013"

meta = Table(
    "lb_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(255), nullable=False),
)

alembic_version = Table(
    "lb_alembic_version",
    metadata,
    # The store's revision, as Alembic keeps it (its own table's shape); lb_ like every table here,
    # so a database shared with another Alembic project keeps two versions apart.
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="lb_alembic_version_pkc"),
)

teams = Table(
    "lb_teams",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("threshold", Integer, nullable=False, default=3),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Confidential: nothing the coach can run shows one member's answers.
    Column("confidential", Boolean, nullable=False, default=False, server_default="0"),
)

rounds = Table(
    "lb_rounds",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", Integer, ForeignKey("lb_teams.id"), nullable=True),
    Column("label", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True), nullable=True),
)

respondents = Table(
    "lb_respondents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("team_id", Integer, ForeignKey("lb_teams.id"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

answers = Table(
    "lb_answers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("respondent_id", Integer, ForeignKey("lb_respondents.id"), nullable=False),
    Column("round_id", Integer, ForeignKey("lb_rounds.id"), nullable=False),
    # Whom the answer is about: null for a self-assessment, else the rated leader.
    Column("subject_id", Integer, ForeignKey("lb_respondents.id"), nullable=True),
    Column("instrument_id", String(100), nullable=False),
    Column("instrument_version", Integer, nullable=False),
    Column("item_id", String(100), nullable=False),
    Column("value", Text, nullable=True),  # JSON; null clears the answer
    Column("note", Text, nullable=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_lb_answers_key", "respondent_id", "round_id", "instrument_id", "item_id"),
    Index("ix_lb_answers_round", "round_id"),
    # A round's newest event in one index step (the live console asks every second).
    Index("ix_lb_answers_round_event", "round_id", "id"),
)

invites = Table(
    "lb_invites",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # sha256 of the token: the token itself is shown once and never stored.
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("respondent_id", Integer, ForeignKey("lb_respondents.id"), nullable=False),
    Column("round_id", Integer, ForeignKey("lb_rounds.id"), nullable=False),
    # self | manager | peer | direct-report: how the respondent relates to the subject.
    Column("rater_group", String(20), nullable=False, default="self"),
    Column("subject_id", Integer, ForeignKey("lb_respondents.id"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

plans = Table(
    "lb_plans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("respondent_id", Integer, ForeignKey("lb_respondents.id"), nullable=False),
    Column("round_id", Integer, ForeignKey("lb_rounds.id"), nullable=False),
    Column("actions", Text, nullable=False),  # JSON list of actions: the whole plan
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Index("ix_lb_plans_key", "respondent_id", "round_id"),
)

coach_tokens = Table(
    "lb_coach_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # sha256 of the token, as for invites: the coach's link is shown once.
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("team_id", Integer, ForeignKey("lb_teams.id"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

worksheets = Table(
    "lb_worksheets",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("respondent_id", Integer, ForeignKey("lb_respondents.id"), nullable=False),
    Column("round_id", Integer, ForeignKey("lb_rounds.id"), nullable=False),
    # Which worksheet: a calculator's name, e.g. cost-of-non-training.
    Column("name", String(50), nullable=False),
    Column("data", Text, nullable=False),  # JSON object: the worksheet's inputs, whole
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Index("ix_lb_worksheets_key", "respondent_id", "round_id", "name"),
)

round_programmes = Table(
    "lb_round_programmes",
    metadata,
    # The programme a team round answers: written once, when the round starts.
    Column("round_id", Integer, ForeignKey("lb_rounds.id"), primary_key=True),
    Column("programme", Text, nullable=False),  # JSON: programme.json, built-in ids pinned to their version
    Column("files", Text, nullable=False),  # JSON object: a coach's own instrument files, name -> YAML text
)

snapshots = Table(
    "lb_snapshots",
    metadata,
    # A published snapshot of one group of a team round: who it is about and
    # up to which answer event. Figures are recomputed from the append-only
    # events, so a snapshot is a few numbers, and never changes.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", Integer, ForeignKey("lb_teams.id"), nullable=False),
    Column("round_id", Integer, ForeignKey("lb_rounds.id"), nullable=False),
    Column("scope", String(100), nullable=False),  # "self", or "about:SUBJECT:GROUP"
    Column("respondents", Text, nullable=False),  # JSON list of respondent ids
    Column("answers_upto", Integer, nullable=False),  # the newest answer event id it includes
    Column("plans_upto", Integer, nullable=False),  # the newest plan version id it includes
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_lb_snapshots_team", "team_id"),
)

session_events = Table(
    "lb_session_events",
    metadata,
    # What a live session of a team round decided, append-only: each topic the
    # coach revealed to the room, and each action the group chose on a topic.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("round_id", Integer, ForeignKey("lb_rounds.id"), nullable=False),
    Column("kind", String(20), nullable=False),  # "reveal" or "action"
    Column("topic", String(201), nullable=False),  # the section's ref: "instrument/section"
    Column("action", Text, nullable=True),  # JSON: the action (as workbook.assess.plan checks it), for "action"
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_lb_session_events_round", "round_id"),
)

places = Table(
    "lb_places",
    metadata,
    # The step of the workbook each respondent last had open, per round: overwritten as they
    # move, never exported, so it has no history (a place is not an answer). No foreign keys:
    # earlier leaderbooks made it lazily without them, and revision 0007 keeps a table that exists.
    Column("respondent_id", Integer, nullable=False),
    Column("round_id", Integer, nullable=False),
    Column("step", String(100), nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Index("ux_lb_places_key", "respondent_id", "round_id", unique=True),
)

snapshot_worksheets = Table(
    "lb_snapshot_worksheets",
    metadata,
    # The newest worksheet version a published snapshot includes (the maps' group's), written
    # once; a snapshot published before this table existed releases no worksheet.
    Column("snapshot_id", Integer, primary_key=True, autoincrement=False),
    Column("worksheets_upto", Integer, nullable=False),
)

snapshot_figures = Table(
    "lb_snapshot_figures",
    metadata,
    # What a published snapshot's group adds up to (sums, counts, reliability), made once when
    # it is published (workbook.team.figures): team views read these, not the answers, so they
    # cost what the figures cost, and a person's erasure leaves what was published as it was.
    # Never a person's answer: only sums over a group the release rule let out.
    Column("snapshot_id", Integer, ForeignKey("lb_snapshots.id"), primary_key=True, autoincrement=False),
    Column("figures", Text, nullable=False),  # JSON, see workbook.team.figures
    Column("made_at", DateTime(timezone=True), nullable=False),
)

round_retention = Table(
    "lb_round_retention",
    metadata,
    # How long a round's answers are kept once it is closed: after keep_days, its answers, notes,
    # plans, worksheets and places are erased and only its published figures remain.
    Column("round_id", Integer, ForeignKey("lb_rounds.id"), primary_key=True, autoincrement=False),
    Column("keep_days", Integer, nullable=False),
    Column("set_at", DateTime(timezone=True), nullable=False),
    Column("erased_at", DateTime(timezone=True), nullable=True),  # when the period ended and it was applied
)

workspace_tokens = Table(
    "lb_workspace_tokens",
    metadata,
    # The coach's workspace link (the person who runs the server): sha256 of the token only,
    # as for invites and coach links; rotating revokes every earlier one.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

member_contacts = Table(
    "lb_member_contacts",
    metadata,
    # Where a team member's invitations go, and the language their roster gave (a BCP-47 tag).
    Column("respondent_id", Integer, ForeignKey("lb_respondents.id"), primary_key=True),
    Column("email", String(254), nullable=False),
    Column("language", String(35), nullable=True),
)

invite_tokens = Table(
    "lb_invite_tokens",
    metadata,
    # More live tokens of one invite: each email carries a fresh one (tokens are kept only as
    # hashes, so the one made with the invite cannot be sent later). Revoking the invite
    # revokes them all; the invite's own token_hash stays valid too.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("invite_id", Integer, ForeignKey("lb_invites.id"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

messages = Table(
    "lb_messages",
    metadata,
    # One email to one member: written "sending" before it goes to the mail server, then
    # "sent" (the server accepted it) or "failed" (with the server's reason). Never its text.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("round_id", Integer, ForeignKey("lb_rounds.id"), nullable=False),
    Column("respondent_id", Integer, ForeignKey("lb_respondents.id"), nullable=False),
    Column("kind", String(20), nullable=False),  # "invitation" or "reminder"
    Column("email", String(254), nullable=False),  # the address it went to
    Column("status", String(20), nullable=False),  # "sending", "sent" or "failed"
    Column("reason", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    Index("ix_lb_messages_round", "round_id"),
)

reminder_policies = Table(
    "lb_reminder_policies",
    metadata,
    # How often a round's unfinished members are reminded: at most max_reminders, every_days apart.
    Column("round_id", Integer, ForeignKey("lb_rounds.id"), primary_key=True),
    Column("max_reminders", Integer, nullable=False),
    Column("every_days", Integer, nullable=False),
)

audit = Table(
    "lb_audit",
    metadata,
    # What the coach did, when and from where: append-only (no method changes a row, and
    # triggers refuse UPDATE and DELETE, see append_only.py). ``detail`` is a short note
    # (what was exported, how many were sent), never an answer and never a token.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(32), nullable=False),
    Column("action", String(32), nullable=False),
    Column("team", String(200), nullable=True),
    Column("detail", String(500), nullable=False, default=""),
)

for _dialect in ("sqlite", "postgresql"):
    for _statement in trigger_statements(_dialect):
        event.listen(audit, "after_create", DDL(_statement).execute_if(dialect=_dialect))
