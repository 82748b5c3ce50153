from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0007_interpretation"),
    ]

    operations = [
        migrations.AddField(
            model_name="item",
            name="notice_start",
            field=models.DateField(blank=True, null=True, verbose_name="公示期开始"),
        ),
        migrations.AddField(
            model_name="item",
            name="notice_end",
            field=models.DateField(blank=True, null=True, verbose_name="公示期结束"),
        ),
    ]
