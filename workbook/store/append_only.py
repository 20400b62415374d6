"""The triggers that keep lb_audit append-only: the database itself refuses UPDATE and DELETE.

The store's code has no method that changes or removes an audit entry; these
triggers make that hold for anyone else who writes to the database too (a
psql session, another program). Used by schema.py (a new store) and by
revision 0011 (an older store brought up to date), so both get the same ones.
"""

from __future__ import annotations

MESSAGE = "lb_audit is append-only: an audit entry is never changed or removed"

_SQLITE = [
    f"CREATE TRIGGER lb_audit_no_update BEFORE UPDATE ON lb_audit BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER lb_audit_no_delete BEFORE DELETE ON lb_audit BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]

_POSTGRESQL = [
    "CREATE FUNCTION lb_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS "
    f"$body$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $body$",
    "CREATE TRIGGER lb_audit_append_only BEFORE UPDATE OR DELETE ON lb_audit "
    "FOR EACH ROW EXECUTE FUNCTION lb_audit_refuse()",
    "CREATE TRIGGER lb_audit_no_truncate BEFORE TRUNCATE ON lb_audit "
    "FOR EACH STATEMENT EXECUTE FUNCTION lb_audit_refuse()",
]


def trigger_statements(dialect: str) -> list[str]:
    """The statements that make lb_audit append-only on ``dialect`` ("sqlite" or "postgresql")."""
    return {"sqlite": _SQLITE, "postgresql": _POSTGRESQL}.get(dialect, [])
