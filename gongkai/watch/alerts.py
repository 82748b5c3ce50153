"""Immediate alerts for integrity and tamper findings (内容安全、网页篡改): e-mail to the unit's
admins and every ancestor unit's supervisors, with the URL, fetch profile, time, snippet and a
screenshot with the offending element outlined. A failed screenshot never loses the alert."""
from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.utils import timezone

from gongkai.domain.watch.findings import CATEGORIES
from gongkai.domain.watch.page import PROFILES
from gongkai.units.audit import record
from gongkai.units.models import Role, User

from . import screenshot
from .models import Finding
from .outbound import site_policy


def recipients(unit) -> list[str]:
    people = User.objects.filter(is_active=True).filter(
        unit=unit, role=Role.UNIT_ADMIN) | User.objects.filter(
        is_active=True, unit__in=unit.ancestors(), role=Role.SUPERVISOR)
    return sorted({p.email for p in people if p.email})


def send_alert(finding: Finding) -> bool:
    """Send the alert for ``finding`` once; returns whether a mail went out."""
    if finding.alerted_at:
        return False
    site = finding.site
    to = recipients(site.unit)
    png, why = None, ""
    if getattr(settings, "WATCH_SCREENSHOTS", True):
        try:
            png = screenshot.capture(finding.url, finding.profile, finding.selector or None,
                                     policy=site_policy(finding.site))
        except screenshot.ScreenshotError as exc:
            why = str(exc)
    else:
        why = "本系统未启用截图"
    now = timezone.localtime()
    body = "\n".join([
        f"{site.unit.name}的网站“{site.name}”发现{CATEGORIES[finding.category]}问题，请立即处置：",
        "",
        f"问题：{finding.kind_label}（严重程度：{finding.get_severity_display()}）",
        f"地址：{finding.url}",
        f"访问方式：{PROFILES.get(finding.profile, finding.profile)}",
        f"发现时间：{finding.first_seen.astimezone(now.tzinfo):%Y-%m-%d %H:%M}",
        f"证据摘录：{finding.evidence[:500]}",
        f"所在元素：{finding.selector}" if finding.selector else "",
        "",
        "截图见附件，问题元素已用红框标出。" if png else f"未附截图：{why}",
    ])
    if png:
        finding.screenshot.save(f"finding-{finding.pk}.png", ContentFile(png), save=False)
    finding.alerted_at = timezone.now()
    Finding.objects.filter(pk=finding.pk).update(alerted_at=finding.alerted_at, screenshot=finding.screenshot.name or "")
    record("watch.alert", finding, unit=site.unit,
           detail={"kind": finding.kind, "recipients": len(to), "screenshot": bool(png)})
    if not to:
        return False
    message = EmailMessage(f"【网站守护告警】{site.name}：{finding.kind_label}", body, None, to)
    if png:
        message.attach(f"finding-{finding.pk}.png", png, "image/png")
    message.send()
    return True
