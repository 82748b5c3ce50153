"""The portal's list index: (status, published_date, id), so a published list walks it with no sort; the
new index is built before the old (status, published_date) one goes."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0009_search_document_inline'),
        ('units', '0007_user_security_clearance'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='item',
            index=models.Index(fields=['status', 'published_date', 'id'], name='catalog_item_public_list'),
        ),
        migrations.RemoveIndex(
            model_name='item',
            name='catalog_ite_status_8a5a06_idx',
        ),
    ]
