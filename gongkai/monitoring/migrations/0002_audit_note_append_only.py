"""The database refuses to change or delete 审计跟进说明 (append-only, like the audit log)."""
from django.db import migrations

SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS monitoring_auditnote_no_update BEFORE UPDATE ON monitoring_auditnote
       BEGIN SELECT RAISE(ABORT, 'audit notes are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS monitoring_auditnote_no_delete BEFORE DELETE ON monitoring_auditnote
       BEGIN SELECT RAISE(ABORT, 'audit notes are append-only'); END""",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION monitoring_auditnote_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit notes are append-only'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER monitoring_auditnote_no_change BEFORE UPDATE OR DELETE ON monitoring_auditnote
       FOR EACH ROW EXECUTE FUNCTION monitoring_auditnote_append_only()""",
]
DROP = {
    "sqlite": ["DROP TRIGGER IF EXISTS monitoring_auditnote_no_update",
               "DROP TRIGGER IF EXISTS monitoring_auditnote_no_delete"],
    "postgresql": ["DROP TRIGGER IF EXISTS monitoring_auditnote_no_change ON monitoring_auditnote",
                   "DROP FUNCTION IF EXISTS monitoring_auditnote_append_only()"],
}


def forwards(apps, schema_editor):
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for sql in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_failure_counters_alerts_notes_ship_state")]
    operations = [migrations.RunPython(forwards, backwards)]
