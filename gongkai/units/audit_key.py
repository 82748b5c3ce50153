"""The audit chain's MAC key, kept outside the database.

``GONGKAI_AUDIT_KEY`` (64 hex digits) when set; otherwise a key derived from the crypto
provider's key-encryption key (gongkai.crypto.keys: ``GONGKAI_KEK`` or ``<key dir>/kek``) as
``HMAC-SM3(KEK, "gongkai-audit-chain-v1")``, so the one key file that ``gongkai keys init`` creates
and ``gongkai backup`` saves covers the audit chain too. Without either, auditing fails closed.
"""
from __future__ import annotations

from gongkai import environment
from gongkai.crypto import keys
from gongkai.crypto.primitives import constant_time_equal, hmac_sm3

ENV = "GONGKAI_AUDIT_KEY"
_LABEL = b"gongkai-audit-chain-v1"


class AuditKeyMissing(keys.KeysMissing):
    """No key for the audit chain."""


def load_key() -> bytes:
    if environment.audit_key():
        try:
            key = bytes.fromhex(environment.audit_key().strip())
        except ValueError:
            key = b""
        if len(key) < 16:
            raise AuditKeyMissing(f"{ENV} 须为至少 32 位十六进制数字")
        return key
    try:
        return keys.derived_key(_LABEL)
    except keys.KeysMissing as exc:
        raise AuditKeyMissing(f"操作日志校验密钥缺失：{exc}") from None


def mac_function():
    key = load_key()
    return lambda data: hmac_sm3(key, data)


def equal(a: str, b: str) -> bool:
    return constant_time_equal(a.encode(), (b or "").encode())
