"""The chain head may only move forward, one event at a time, to the event just
appended; on PostgreSQL neither table may be truncated (B6).

Without this, whoever can UPDATE the head could cut events off the end and wind
the head back to match, and `flush` would empty the trail with one statement."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_chainhead
       WHEN hearth_audit_locked() AND (
         NEW.id IS NOT OLD.id OR NEW.seq IS NOT OLD.seq + 1
         OR NEW.hash IS NOT (SELECT hash FROM audit_auditevent WHERE seq = NEW.seq))
       BEGIN SELECT RAISE(ABORT, 'the audit chain head only moves forward'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS audit_head_forward_only"]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION hearth_audit_head_forward() RETURNS trigger AS $$
       BEGIN
         IF NEW.id <> OLD.id OR NEW.seq <> OLD.seq + 1 OR NEW.hash IS DISTINCT FROM
            (SELECT hash FROM audit_auditevent WHERE seq = NEW.seq) THEN
           RAISE EXCEPTION 'the audit chain head only moves forward';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_chainhead
       FOR EACH ROW EXECUTE FUNCTION hearth_audit_head_forward()""",
    # The test suite empties tables with TRUNCATE between tests; it alone sets
    # hearth.audit_unlocked (see audit/guard.py). Any session could set it, so this
    # stops accidents such as `flush`, not the database owner: the chain and
    # off-system anchors are what catch a deliberate truncation.
    """CREATE OR REPLACE FUNCTION hearth_audit_no_truncate() RETURNS trigger AS $$
       BEGIN
         IF current_setting('hearth.audit_unlocked', true) = 'on' THEN RETURN NULL; END IF;
         RAISE EXCEPTION 'the audit trail cannot be truncated';
       END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
       FOR EACH STATEMENT EXECUTE FUNCTION hearth_audit_no_truncate()""",
    """CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_chainhead
       FOR EACH STATEMENT EXECUTE FUNCTION hearth_audit_no_truncate()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_head_forward_only ON audit_chainhead",
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_chainhead",
    "DROP FUNCTION IF EXISTS hearth_audit_head_forward()",
    "DROP FUNCTION IF EXISTS hearth_audit_no_truncate()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
