"""January reminders for website reports (voice.md §1.4): on 2 January, 10 and 3 days before the
31 January deadline and daily after it, each site without a published report on last year is
reminded to its unit's staff, and each supervising unit gets the list of its sites still missing."""
from __future__ import annotations

import datetime as dt

from django.core.mail import send_mail
from django.utils import timezone

from gongkai.domain import website_report as rules
from gongkai.units import audit
from gongkai.units.models import Role, Unit
from gongkai.watch.models import Site

from .models import SiteReportStatus, WebsiteReport

STAFF = (Role.CLERK, Role.REVIEWER, Role.UNIT_ADMIN)


def missing_sites(year: int) -> list[Site]:
    """Active sites without a published (or filed) report on ``year``."""
    done = WebsiteReport.objects.filter(year=year, status__in=(SiteReportStatus.PUBLISHED, SiteReportStatus.FILED))
    return list(Site.objects.filter(is_active=True, unit__is_active=True).exclude(pk__in=done.values("site_id"))
                .select_related("unit").order_by("unit__path", "name"))


def remind_site(site: Site, year: int, today: dt.date) -> int:
    due = rules.deadline(year)
    recipients = [u.email for u in site.unit.users.filter(is_active=True, role__in=STAFF) if u.email]
    if not recipients:
        return 0
    state = "已超过" if today > due else "请于"
    send_mail(f"【政务公开】{site.name}{year}年政府网站工作年度报表尚未发布",
              f"{site.name}{year}年政府网站工作年度报表尚未发布，{state}{due:%Y年%m月%d日}（国办函〔2018〕12号规定的"
              "发布期限）前在系统中生成、填报、审核签发，并在网站首页和“政府网站工作年度报表”栏目发布。",
              None, recipients)
    return 1


def remind_supervisors(year: int, missing: list[Site]) -> int:
    sent = 0
    for unit in Unit.objects.filter(users__role=Role.SUPERVISOR, users__is_active=True).distinct():
        names = [s.name for s in missing if s.unit.path.startswith(unit.path)]
        recipients = [u.email for u in unit.users.filter(role=Role.SUPERVISOR, is_active=True) if u.email]
        if names and recipients:
            send_mail(f"【政务公开】{len(names)}个网站尚未发布{year}年政府网站工作年度报表",
                      "以下网站尚未发布政府网站工作年度报表：\n" + "\n".join(names), None, recipients)
            sent += 1
    return sent


def send_reminders(today: dt.date | None = None) -> int:
    """Remind on the days ``rules.reminder_due`` names; 0 on every other day."""
    today = today or timezone.localdate()
    year = today.year - 1
    if not rules.reminder_due(today, rules.deadline(year)):
        return 0
    missing = missing_sites(year)
    sent = sum(remind_site(site, year, today) for site in missing) + remind_supervisors(year, missing)
    audit.record("sitereport.reminders", detail={"year": year, "missing": len(missing), "sent": sent})
    return sent
