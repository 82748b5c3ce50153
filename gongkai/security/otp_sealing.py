"""OTP secrets never stored in clear (数据保密性 8.1.4.8 b, security.md §3.8).

django-otp keeps ``TOTPDevice.key`` as hex in its own column, too short for a ciphertext. Here
the column holds only the marker ``sealed`` and the key lives SM4-GCM encrypted in
``SealedOTPKey`` (the project's field encryption, so ``gongkai keys rotate`` re-encrypts it):

- ``pre_save``/``post_save`` on ``TOTPDevice`` move a plaintext key into ``SealedOTPKey``;
- ``post_init`` puts it back on every loaded device, so django-otp's own ``verify_token`` works.
  ``sealed`` is not hex: a device whose key cannot be loaded fails closed (no code matches).

Backup codes (``StaticToken.token``) are stored as a keyed hash, HMAC-SM3 under the ``index``
key, marked ``~``; ``verify_backup`` looks a typed code up under every index key, so codes issued
before a key rotation still work.
"""
from __future__ import annotations

import logging

from gongkai.crypto import keys
from gongkai.crypto.fields import Undecryptable
from gongkai.crypto.primitives import hmac_sm3

SEALED = "sealed"
TOKEN_MARK = "~"  # noqa: S105 a marker, not a secret
TOKEN_HEX = 15  # StaticToken.token is 16 characters: the mark and 60 bits of the MAC
_LABEL = b"gongkai-otp-static-v1|"
log = logging.getLogger("gongkai.crypto")


def _mac(key: bytes, code: str) -> str:
    return TOKEN_MARK + hmac_sm3(key, _LABEL + code.strip().lower().encode()).hex()[:TOKEN_HEX]


def seal_token(code: str) -> str:
    return code if is_sealed_token(code) else _mac(keys.active("index").key, code)


def is_sealed_token(value: str) -> bool:
    return (value or "").startswith(TOKEN_MARK)


def token_candidates(code: str) -> list[str]:
    return [_mac(k.key, code) for k in keys.all_keys("index")]


def verify_backup(device, code: str) -> bool:
    """django-otp's StaticDevice.verify_token, looking the code up by its keyed hash."""
    allowed, _ = device.verify_is_allowed()
    if not allowed or not code:
        return False
    match = device.token_set.filter(token__in=token_candidates(code)).first()
    if match is None:
        device.throttle_increment()
        return False
    match.delete()
    device.throttle_reset(commit=False)
    device.set_last_used_timestamp(commit=False)
    device.save()
    return True


# ---------------------------------------------------------------- receivers

def on_device_init(sender, instance, **kwargs):
    if instance.__dict__.get("key") != SEALED or instance.pk is None:
        return
    from .models import SealedOTPKey

    stored = SealedOTPKey.objects.filter(device_id=instance.pk).values_list("key", flat=True).first()
    if stored and not isinstance(stored, Undecryptable):
        instance.key = stored
        instance._sealed_plain = stored
    else:
        log.error("TOTP device %s: its sealed key is missing or cannot be decrypted", instance.pk)


def on_device_pre_save(sender, instance, raw=False, **kwargs):
    plain = instance.key
    instance._plain_to_seal = None if raw or plain == SEALED else plain
    if instance._plain_to_seal is not None:
        instance.key = SEALED


def on_device_post_save(sender, instance, created=False, raw=False, **kwargs):
    plain = getattr(instance, "_plain_to_seal", None)
    if plain is None:
        return
    if created or plain != getattr(instance, "_sealed_plain", None):
        from .models import SealedOTPKey

        SealedOTPKey.objects.update_or_create(device=instance, defaults={"key": plain})
    instance.key = instance._sealed_plain = plain
    instance._plain_to_seal = None


def on_token_pre_save(sender, instance, raw=False, **kwargs):
    if not raw:
        instance.token = seal_token(instance.token)


def connect() -> None:
    from django.db.models.signals import post_init, post_save, pre_save
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    post_init.connect(on_device_init, sender=TOTPDevice, dispatch_uid="gongkai.otp_sealing.init")
    pre_save.connect(on_device_pre_save, sender=TOTPDevice, dispatch_uid="gongkai.otp_sealing.pre")
    post_save.connect(on_device_post_save, sender=TOTPDevice, dispatch_uid="gongkai.otp_sealing.post")
    pre_save.connect(on_token_pre_save, sender=StaticToken, dispatch_uid="gongkai.otp_sealing.token")


# ---------------------------------------------------------------- migration of existing rows

def seal_existing(device_model, sealed_model, token_model) -> tuple[int, int]:
    """Encrypt the keys and hash the backup codes stored in clear (the data migration's step)."""
    devices = tokens = 0
    for pk, key in device_model.objects.exclude(key=SEALED).values_list("pk", "key"):
        sealed_model.objects.update_or_create(device_id=pk, defaults={"key": key})
        device_model.objects.filter(pk=pk).update(key=SEALED)
        devices += 1
    for pk, token in token_model.objects.exclude(token__startswith=TOKEN_MARK).values_list("pk", "token"):
        token_model.objects.filter(pk=pk).update(token=seal_token(token))
        tokens += 1
    return devices, tokens


def unseal_existing(device_model, sealed_model, token_model) -> None:
    """Reverse: keys back in clear; hashed backup codes cannot be, so they are removed."""
    for sealed in sealed_model.objects.all():
        device_model.objects.filter(pk=sealed.device_id).update(key=sealed.key)
    token_model.objects.filter(token__startswith=TOKEN_MARK).delete()
