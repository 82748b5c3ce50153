"""Seed the four taxonomies (26 domains, 法定主动公开内容, 主题分类, 体裁).

The entries come from ``gongkai.domain.taxonomies``; afterwards they are edited in
the admin. Re-running updates the seeded rows in place (matched on scheme + code)
and leaves rows added by an admin alone; reversing keeps the rows.
"""
from django.db import migrations


def seed_categories(apps, schema_editor):
    from gongkai.domain.taxonomies import SCHEMES

    Category = apps.get_model("catalog", "Category")
    for scheme, rows in SCHEMES.items():
        by_code = {}
        for position, entry in enumerate(rows, start=1):
            category, _ = Category.objects.update_or_create(
                scheme=scheme, code=entry.code,
                defaults={
                    "name": entry.name,
                    "description": entry.description,
                    "parent": by_code.get(entry.parent),
                    "sort_order": position * 10,
                },
            )
            by_code[entry.code] = category


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_initial")]
    operations = [migrations.RunPython(seed_categories, migrations.RunPython.noop)]
