"""数据完整性 of the security policy (8.1.4.6/8.1.4.7, security.md §3.6, §3.7): each SecurityPolicy row
carries HMAC-SM3 over its parameters under a key derived from the KEK (never in the database).

A row edited in the database directly (not through the 安全管理员's page) fails the check when it is
loaded: it is not applied, the safe defaults are used instead, and an integrity alert is raised and
audited (gongkai.monitoring.alerts.integrity_mismatch). Saving the policy on /manage/security/ again
writes a valid MAC.
"""
from __future__ import annotations

import json
import logging

from gongkai.crypto import keys
from gongkai.crypto.primitives import constant_time_equal, hmac_sm3

_LABEL = b"gongkai-security-policy-v1"
SKIP = {"id", "mac", "updated_at"}
log = logging.getLogger("gongkai.security")
_reported: set[str] = set()


def _key() -> bytes:
    return keys.derived_key(_LABEL)


def canonical(policy) -> bytes:
    values = {f.attname: getattr(policy, f.attname) for f in policy._meta.concrete_fields if f.attname not in SKIP}
    values["pk"] = policy.pk
    return json.dumps(values, sort_keys=True, default=str, ensure_ascii=False).encode()


def compute(policy) -> str:
    return hmac_sm3(_key(), canonical(policy)).hex()


def valid(policy) -> bool:
    return bool(policy.mac) and constant_time_equal(policy.mac.encode(), compute(policy).encode())


def report_tampered(policy) -> None:
    """Once per stored MAC value: log, audit and alert."""
    if policy.mac in _reported:
        return
    _reported.add(policy.mac)
    log.error("security policy row %s fails its HMAC: not applied, defaults in force", policy.pk)
    from gongkai.monitoring import alerts

    alerts.integrity_mismatch("安全策略（security_securitypolicy）", expected=compute(policy)[:16],
                              actual=(policy.mac or "—")[:16], where=f"第 {policy.pk} 行，已改用默认安全策略")
