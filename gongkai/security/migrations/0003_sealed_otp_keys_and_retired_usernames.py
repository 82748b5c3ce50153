"""TOTP keys encrypted (SealedOTPKey), backup codes hashed, and the retired-username tombstones.
Needs the keys (``gongkai keys init``) only when there are devices or codes to seal."""

import django.db.models.deletion
import gongkai.crypto.fields
from django.db import migrations, models


def seal(apps, schema_editor):
    from gongkai.security.otp_sealing import seal_existing

    seal_existing(apps.get_model("otp_totp", "TOTPDevice"), apps.get_model("security", "SealedOTPKey"),
                  apps.get_model("otp_static", "StaticToken"))


def unseal(apps, schema_editor):
    from gongkai.security.otp_sealing import unseal_existing

    unseal_existing(apps.get_model("otp_totp", "TOTPDevice"), apps.get_model("security", "SealedOTPKey"),
                    apps.get_model("otp_static", "StaticToken"))


class Migration(migrations.Migration):

    dependencies = [
        ('otp_totp', '0003_add_timestamps'),
        ('otp_static', '0003_add_timestamps'),
        ('security', '0002_username_unique_case_insensitive'),
    ]

    operations = [
        migrations.CreateModel(
            name='RetiredUsername',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('username', models.CharField(max_length=150, unique=True, verbose_name='用户名')),
                ('retired_at', models.DateTimeField(auto_now_add=True, verbose_name='停用时间')),
                ('reason', models.CharField(choices=[('deleted', '账户已删除'), ('renamed', '账户已改名')], max_length=20, verbose_name='原因')),
            ],
            options={
                'verbose_name': '不可再用的用户名',
                'verbose_name_plural': '不可再用的用户名',
                'ordering': ['username'],
            },
        ),
        migrations.CreateModel(
            name='SealedOTPKey',
            fields=[
                ('device', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='sealed_key', serialize=False, to='otp_totp.totpdevice', verbose_name='动态口令设备')),
                ('key', gongkai.crypto.fields.EncryptedTextField(plain_max_length=80, verbose_name='密钥（加密）')),
            ],
            options={
                'verbose_name': '动态口令密钥（加密）',
                'verbose_name_plural': '动态口令密钥（加密）',
            },
        ),
        migrations.RunPython(seal, unseal),
    ]
