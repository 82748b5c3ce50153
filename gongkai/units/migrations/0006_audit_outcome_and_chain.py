"""安全审计: outcome, reason and request id on every audit row, and the tamper-evident chain.

On SQLite adding the unique ``seq`` rebuilds the table, which drops the append-only triggers of
0002; they are created again at the end (CREATE … IF NOT EXISTS, so PostgreSQL's survive as they
are). Rows written before this migration stay unchained; the chain starts with the next row.
"""
import importlib

import django.utils.timezone
from django.db import migrations, models

_guard = importlib.import_module("gongkai.units.migrations.0002_audit_append_only")


def _drop_triggers(apps, schema_editor):
    for sql in _guard.DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def _recreate_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for sql in _guard.DROP["postgresql"]:
            schema_editor.execute(sql)
    for sql in {"sqlite": _guard.SQLITE, "postgresql": _guard.POSTGRES}.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('units', '0005_security_fields_and_administrator_roles'),
    ]

    operations = [
        migrations.RunPython(_drop_triggers, _recreate_triggers),
        migrations.AddField(
            model_name='auditentry',
            name='mac',
            field=models.CharField(blank=True, max_length=64, verbose_name='校验码'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='outcome',
            field=models.CharField(choices=[('success', '成功'), ('failure', '失败')], db_index=True, default='success', max_length=10, verbose_name='结果'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='prev_mac',
            field=models.CharField(blank=True, max_length=64, verbose_name='前一条校验码'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='reason',
            field=models.CharField(blank=True, max_length=255, verbose_name='原因'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='request_id',
            field=models.CharField(blank=True, db_index=True, max_length=64, verbose_name='请求编号'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='seq',
            field=models.PositiveBigIntegerField(blank=True, null=True, unique=True, verbose_name='链序号'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='时间'),
        ),
        migrations.RunPython(_recreate_triggers, _drop_triggers),
    ]
