"""Raising a security alert (rules: gongkai/domain/security_alerts.py): store it, write a
``security.alert`` audit event (which the log shipping carries to the collector) and mail every
active 安全管理员 and 审计管理员 — once per kind and key within the quiet period.

Hooks for other parts of gongkai: ``chain_break(report)`` for the audit chain's verifier and
``integrity_mismatch(subject, expected, actual)`` for any check of a recorded digest (the
installation manifest, policy rows).
"""
from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from gongkai.domain import security_alerts
from gongkai.units import audit
from gongkai.units.models import Outcome, Role, User

from .models import Alert

log = logging.getLogger(__name__)
RECIPIENT_ROLES = (Role.SECADMIN, Role.AUDITADMIN)


def repeat_minutes() -> int:
    return int(getattr(settings, "GONGKAI_ALERT_REPEAT_MINUTES", 60))


def recipients() -> list[str]:
    return list(User.objects.filter(role__in=RECIPIENT_ROLES, is_active=True).exclude(email="")
                .order_by("role", "username").values_list("email", flat=True))


def raise_alert(notice: security_alerts.Notice) -> Alert:
    """Store (or count a repeat of) the alert; the first one is audited and mailed."""
    now = timezone.now()
    with audit.bind_request(None), transaction.atomic():
        last = (Alert.objects.select_for_update().filter(kind=notice.kind, key=notice.key[:255])
                .order_by("-raised_at", "-id").first())
        if last is not None and security_alerts.is_repeat(last.raised_at, now, repeat_minutes()):
            last.repeats += 1
            last.last_seen_at = now
            last.save(update_fields=["repeats", "last_seen_at"])
            return last
        alert = Alert.objects.create(kind=notice.kind, key=notice.key[:255], severity=notice.severity,
                                     title=notice.title[:200], body=notice.body, raised_at=now, last_seen_at=now)
        entry = audit.record("security.alert", outcome=Outcome.FAILURE, reason=notice.title[:255],
                             target_repr=security_alerts.KIND_LABELS.get(notice.kind, notice.kind),
                             detail={"alert_id": alert.pk, "kind": notice.kind, "key": notice.key[:255],
                                     "body": notice.body})
        alert.audit_entry_id = entry.pk
        alert.save(update_fields=["audit_entry_id"])
    alert.mailed = _mail(alert)
    Alert.objects.filter(pk=alert.pk).update(mailed=alert.mailed)
    return alert


def _mail(alert: Alert) -> int:
    """One mail to every recipient; returns how many were addressed."""
    to = recipients()
    if not to:
        return 0
    body = (f"{alert.body}\n\n级别：{alert.get_severity_display()}　时间：{timezone.localtime(alert.raised_at):%Y-%m-%d %H:%M:%S}\n"
            f"告警记录见 {settings.GONGKAI_BASE_URL}/manage/security/ 和 {settings.GONGKAI_BASE_URL}/manage/audit/ 。")
    try:
        return len(to) if send_mail(alert.title, body, None, to) else 0
    except Exception as exc:  # the alert is stored and audited; the console shows it without the mail
        log.warning("alert mail failed: %s", type(exc).__name__)
        return 0


def chain_break(report) -> Alert | None:
    if report.ok:
        return None
    return raise_alert(security_alerts.chain_break_notice(report.broken_id, report.broken_seq, report.problem,
                                                          report.checked))


def integrity_mismatch(subject: str, expected: str = "", actual: str = "", where: str = "") -> Alert:
    """A checked object does not match its recorded digest: audit it and alert (8.1.4.6)."""
    audit.record("security.integrity_mismatch", outcome=Outcome.FAILURE, reason=f"完整性校验不符：{subject}"[:255],
                 target_repr=subject[:255], detail={"subject": subject, "expected": expected, "actual": actual,
                                                    "where": where})
    return raise_alert(security_alerts.integrity_notice(subject, expected, actual, where))


def recent(limit: int = 20):
    return Alert.objects.all()[:limit]
