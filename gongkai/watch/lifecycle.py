"""The findings' lifecycle (open → assigned → fixed → verified, or reopened): a check's findings
kept across checks (``ingest``), the three-day maintenance that assigns them to the unit's clerks
(三日一维护), and the clerk's 标记已整改. New integrity and tamper findings alert at once."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from itertools import cycle

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from gongkai.domain.watch.findings import CATEGORIES, HIGH, LOW, MEDIUM, Finding as FindingData
from gongkai.units.audit import record
from gongkai.units.models import Role, User
from gongkai.workdays.services import get_calendar

from . import alerts
from .errors import WatchError
from .models import CheckRun, Finding, FindingEvent, FindingStatus, Site
from .permissions import check_mark_fixed

__all__ = ["ALERT_CATEGORIES", "DUE_WORKDAYS", "IngestSummary", "checked_urls", "ingest", "maintenance",
           "mark_fixed"]

ALERT_CATEGORIES = ("integrity", "tamper")
DUE_WORKDAYS = {HIGH: 1, MEDIUM: 3, LOW: 5}


def _key(f: FindingData) -> str:
    return hashlib.sha256("\x1f".join(f.key()).encode()).hexdigest()


@dataclass
class IngestSummary:
    opened: list = field(default_factory=list)
    reopened: list = field(default_factory=list)
    verified: list = field(default_factory=list)
    touched: int = 0


def _transition(finding: Finding, to: str, *, user=None, run=None, note: str = "", now=None) -> None:
    now = now or timezone.now()
    FindingEvent.objects.create(finding=finding, at=now, actor=user, from_status=finding.status if finding.pk else "",
                                to_status=to, note=note, run=run)
    record(f"watch.finding.{to}", finding, user=user, unit=finding.site.unit,
           detail={"kind": finding.kind, "severity": finding.severity, "from": finding.status})
    finding.status = to


def checked_urls(result) -> set[str] | None:
    """The pages a check fetched (None: it does not say, so every page counts as checked)."""
    urls = getattr(result, "checked_urls", None)
    if urls is None:
        urls = getattr(result, "urls", None)
    return set(urls) if urls is not None else None


def ingest(site: Site, result, run: CheckRun | None = None, *, extra: list[FindingData] = (), user=None,
           alert: bool = True) -> IngestSummary:
    """Keep what a check found: new findings open; findings seen again are touched; a finding the
    clerk marked fixed is verified when this check re-checked its page and did not see it, and is
    reopened when it is still there. New integrity/tamper findings alert at once."""
    now = timezone.now()
    found: dict[str, FindingData] = {}
    for f in list(result.findings) + list(extra):
        found.setdefault(_key(f), f)
    checked = checked_urls(result)
    summary = IngestSummary()
    with transaction.atomic():
        existing = {f.key: f for f in Finding.objects.select_for_update().filter(site=site)}
        for key, data in found.items():
            finding = existing.get(key)
            if finding is None:
                finding = Finding(site=site, key=key, url=data.url[:1000], category=data.category, kind=data.kind,
                                  severity=data.severity, evidence=data.evidence, referrer=(data.referrer or "")[:1000],
                                  profile=data.profile, selector=(data.selector or "")[:500], extra=data.extra or {},
                                  first_seen=now, last_seen=now, status=FindingStatus.OPEN)
                finding.save()
                FindingEvent.objects.create(finding=finding, at=now, from_status="", to_status=FindingStatus.OPEN,
                                            note="检查发现", run=run)
                record("watch.finding.open", finding, user=user, unit=site.unit,
                       detail={"kind": data.kind, "severity": data.severity})
                summary.opened.append(finding)
                continue
            finding.last_seen = now
            finding.evidence, finding.severity = data.evidence, data.severity
            if finding.status in (FindingStatus.FIXED, FindingStatus.VERIFIED):
                note = "复核时问题仍然存在" if finding.status == FindingStatus.FIXED else "问题再次出现"
                finding.verified_at = None
                _transition(finding, FindingStatus.REOPENED, run=run, note=note, now=now)
                summary.reopened.append(finding)
            else:
                summary.touched += 1
            finding.save()
        for key, finding in existing.items():
            if key in found or finding.status != FindingStatus.FIXED:
                continue
            if checked is not None and finding.url not in checked and (finding.referrer or None) not in checked:
                continue  # this check did not look at the page again
            finding.verified_at = now
            _transition(finding, FindingStatus.VERIFIED, run=run, note="复核时未再发现该问题", now=now)
            finding.save()
            summary.verified.append(finding)
        if run is not None:
            counts = dict.fromkeys(CATEGORIES, 0)
            for data in found.values():
                counts[data.category] += 1
            run.pages = getattr(result, "pages_crawled", 0) or 0
            run.finished = timezone.now()
            run.counts = {"categories": counts, "opened": len(summary.opened), "reopened": len(summary.reopened),
                          "verified": len(summary.verified)}
            run.save()
            record("watch.check", run, user=user, unit=site.unit,
                   detail={"kind": run.kind, "pages": run.pages, **run.counts})
    if alert:
        for finding in summary.opened:
            if finding.category in ALERT_CATEGORIES:
                alerts.send_alert(finding)
    return summary


def _clerks(unit) -> list[User]:
    people = list(User.objects.filter(unit=unit, role=Role.CLERK, is_active=True).order_by("pk"))
    return people or list(User.objects.filter(unit=unit, role__in=(Role.UNIT_ADMIN, Role.REVIEWER),
                                              is_active=True).order_by("pk"))


def maintenance(site: Site, today: dt.date | None = None) -> dict[int, list[Finding]]:
    """三日一维护: every open (or reopened) finding is assigned to the unit's clerks in turn with a due
    date (high 1 working day, medium 3, low 5); each assignee gets one e-mail listing their work."""
    today = today or timezone.localdate()
    calendar = get_calendar()
    clerks = _clerks(site.unit)
    if not clerks:
        return {}
    by_pk = {c.pk: c for c in clerks}
    turn = cycle(clerks)
    lists: dict[int, list[Finding]] = {}
    with transaction.atomic():
        todo = Finding.objects.select_for_update().filter(
            site=site, status__in=(FindingStatus.OPEN, FindingStatus.REOPENED)).order_by("first_seen", "pk")
        for finding in todo:
            assignee = by_pk.get(finding.assignee_id) if finding.status == FindingStatus.REOPENED else None
            assignee = assignee or next(turn)
            finding.assignee = assignee
            finding.due_on = calendar.add(today, DUE_WORKDAYS[finding.severity])
            _transition(finding, FindingStatus.ASSIGNED,
                        note=f"分派给{assignee.display_name}，{finding.due_on:%Y-%m-%d}前整改")
            finding.save()
            lists.setdefault(assignee.pk, []).append(finding)
        record("watch.maintenance", site, unit=site.unit,
               detail={"assigned": sum(len(v) for v in lists.values()), "people": len(lists)})
    for pk, findings in lists.items():
        person = by_pk[pk]
        if not person.email:
            continue
        lines = [f"{i}. 【{f.get_severity_display()}】{f.kind_label}：{f.url}（{f.due_on:%Y-%m-%d}前）"
                 for i, f in enumerate(findings, start=1)]
        send_mail(f"网站守护：{site.name}有{len(findings)}个问题请整改",
                  f"{person.display_name}：\n\n三日一维护，以下问题已分派给您，请按期整改并在工作台“网站守护”中标记已整改：\n\n"
                  + "\n".join(lines) + "\n\n整改后下一次检查将自动复核。", None, [person.email])
    return lists


def mark_fixed(user, finding: Finding, note: str) -> Finding:
    """The clerk says the problem is fixed (标记已整改); the next check verifies or reopens it."""
    with transaction.atomic():
        finding = Finding.objects.select_for_update().select_related("site__unit").get(pk=finding.pk)
        check_mark_fixed(user, finding)
        note = (note or "").strip()
        if not note:
            raise WatchError("请填写整改说明")
        finding.fixed_by, finding.fixed_at = user, timezone.now()
        _transition(finding, FindingStatus.FIXED, user=user, note=note[:2000])
        finding.save()
    return finding
