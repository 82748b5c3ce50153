"""An index on 文号: every search asks whether the query is an item's 索引号 or 文号
(``catalog.search._exact_ids``); the 索引号 is unique and indexed, the 文号 was not, so on
PostgreSQL each query read the whole item table (1.7–2 s at 200,000 items)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0010_item_public_list_index'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='item',
            index=models.Index(fields=['doc_number'], name='catalog_item_doc_number'),
        ),
    ]
