"""The database itself refuses to change or delete audit entries (append-only)."""
from django.db import migrations

SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS units_auditentry_no_update BEFORE UPDATE ON units_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS units_auditentry_no_delete BEFORE DELETE ON units_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION units_auditentry_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER units_auditentry_no_change BEFORE UPDATE OR DELETE ON units_auditentry
       FOR EACH ROW EXECUTE FUNCTION units_auditentry_append_only()""",
]
DROP = {
    "sqlite": ["DROP TRIGGER IF EXISTS units_auditentry_no_update", "DROP TRIGGER IF EXISTS units_auditentry_no_delete"],
    "postgresql": ["DROP TRIGGER IF EXISTS units_auditentry_no_change ON units_auditentry",
                   "DROP FUNCTION IF EXISTS units_auditentry_append_only()"],
}


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for sql in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
