"""Field encryption and blind indexes on top of the keyring; no Django.

A stored ciphertext is text: ``<alg>$<kid>$<base64 of nonce||ciphertext||tag>`` with
``alg`` = ``sm4gcm1``; the context (e.g. ``applications.application.id_number``) is bound as
additional authenticated data, so a value copied into another column does not decrypt.
A blind index (盲索引) is HMAC-SM3 under the ``index`` key of the context and the normalised
value, hex; equal values give equal indexes, and nothing about the value can be read from it.
"""
from __future__ import annotations

import base64
import binascii

from . import keys
from .primitives import TamperedError, hmac_sm3, sm4_gcm_open, sm4_gcm_seal

ALGORITHM = "sm4gcm1"


class DecryptionError(TamperedError):
    """A stored value could not be decrypted (altered, truncated, or its key is missing)."""


def is_ciphertext(value: str) -> bool:
    return isinstance(value, str) and value.startswith(ALGORITHM + "$") and value.count("$") == 2


def encrypt(plaintext: str, context: str) -> str:
    key = keys.active("field")
    sealed = sm4_gcm_seal(key.key, plaintext.encode("utf-8"), context.encode())
    return f"{ALGORITHM}${key.kid}${base64.b64encode(sealed).decode()}"


def key_id(stored: str) -> str:
    return stored.split("$")[1] if is_ciphertext(stored) else ""


def decrypt(stored: str, context: str) -> str:
    if not is_ciphertext(stored):
        raise DecryptionError(f"不是可识别的密文（算法标识应为 {ALGORITHM}）")
    _alg, kid, body = stored.split("$")
    try:
        sealed = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DecryptionError("密文格式损坏") from exc
    try:
        key = keys.by_kid(kid)
    except keys.KeysMissing as exc:
        raise DecryptionError(str(exc)) from exc
    try:
        return sm4_gcm_open(key.key, sealed, context.encode()).decode("utf-8")
    except TamperedError as exc:
        raise DecryptionError(f"密文校验失败（密钥 {kid}）：数据被篡改或不属于此字段") from exc


def _index(key: bytes, value: str, context: str) -> str:
    return hmac_sm3(key, context.encode() + b"\x00" + value.encode("utf-8")).hex()


def blind_index(normalised: str, context: str) -> str:
    """The index under the active key; empty for an empty value."""
    return _index(keys.active("index").key, normalised, context) if normalised else ""


def blind_indexes(normalised: str, context: str) -> list[str]:
    """Indexes under every index key (active first): a lookup matches rows indexed before a rotation
    finished as well as after."""
    return [_index(k.key, normalised, context) for k in keys.all_keys("index")] if normalised else []
