"""The database itself refuses to rewrite the audit trail.

UPDATE is refused on both databases. DELETE is refused on PostgreSQL; on SQLite it stays
possible because Django's test runner empties tables with DELETE there (PostgreSQL uses
TRUNCATE, which row triggers do not see). Deletions are caught by `poise audit-verify` anyway:
sequence numbers have no gaps and the chain head remembers the last entry.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

POSTGRES_UP = """
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END $$;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER audit_event_no_update ON audit_auditevent;
DROP FUNCTION audit_event_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER audit_event_no_update;"


def _run(sql: dict[str, str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        statements = sql.get(schema_editor.connection.vendor)
        if statements:
            schema_editor.execute(statements)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
