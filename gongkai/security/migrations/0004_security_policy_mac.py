"""The security policy row carries HMAC-SM3 (policy_mac.py); existing rows get theirs here."""

from django.db import migrations, models


def seal(apps, schema_editor):
    from gongkai.security import policy_mac

    model = apps.get_model("security", "SecurityPolicy")
    for policy in model.objects.all():
        model.objects.filter(pk=policy.pk).update(mac=policy_mac.compute(policy))


class Migration(migrations.Migration):

    dependencies = [
        ('security', '0003_sealed_otp_keys_and_retired_usernames'),
    ]

    operations = [
        migrations.AddField(
            model_name='securitypolicy',
            name='mac',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='完整性校验值（HMAC-SM3）'),
        ),
        migrations.RunPython(seal, migrations.RunPython.noop),
    ]
