"""January reminders: units that have not yet published last year's annual report are told, and
each supervisor gets the list of its units still missing (e-mail; file backend in the demo)."""
from __future__ import annotations

import datetime as dt

from django.core.mail import send_mail
from django.utils import timezone

from gongkai.domain.annual_report import deadlines
from gongkai.units import audit
from gongkai.units.models import Role, Unit

from .models import AnnualReport, ReportStatus
from .rollup import deadline_overrides, reporting_units

STAFF = (Role.CLERK, Role.REVIEWER, Role.UNIT_ADMIN)


def _emails(unit: Unit, roles) -> list[str]:
    return [u.email for u in unit.users.filter(is_active=True, role__in=roles) if u.email]


def missing_reports(year: int) -> list[Unit]:
    """Reporting units without a published report on ``year``."""
    published = AnnualReport.objects.filter(year=year, status=ReportStatus.PUBLISHED).values("unit_id")
    return list(Unit.objects.filter(is_active=True, kind__in=deadlines.REPORTING_KINDS)
                .exclude(pk__in=published).order_by("path"))


def published(unit: Unit, year: int) -> bool:
    return AnnualReport.objects.filter(unit=unit, year=year, status=ReportStatus.PUBLISHED).exists()


def remind_unit(unit: Unit, year: int, today: dt.date, overrides=None) -> int:
    """Tell one unit missing ``year``'s report its deadline; 1 when a mail went out."""
    overrides = deadline_overrides() if overrides is None else overrides
    due = deadlines.deadline(year, unit.kind, overrides)
    recipients = _emails(unit, STAFF)
    if not recipients:
        return 0
    state = "已超过" if due and today > due else "请于"
    send_mail(f"【政务公开】{unit.name}{year}年政府信息公开工作年度报告尚未发布",
              f"{unit.name}{year}年政府信息公开工作年度报告尚未发布，{state}{due:%Y年%m月%d日}"
              "（法定发布期限）前在系统中生成、审核并发布。", None, recipients)
    return 1


def supervisor_units() -> list[Unit]:
    return list(Unit.objects.filter(users__role=Role.SUPERVISOR, users__is_active=True).distinct().order_by("path"))


def remind_supervisor(supervisor_unit: Unit, year: int, missing: list[Unit]) -> int:
    """Tell a supervising unit's 监督人员 which of its units miss ``year``'s report; 1 when mailed."""
    below = {u.pk for u in reporting_units(supervisor_unit)}
    names = [u.name for u in missing if u.pk in below and u.pk != supervisor_unit.pk]
    recipients = [u.email for u in supervisor_unit.users.filter(role=Role.SUPERVISOR, is_active=True) if u.email]
    if not (names and recipients):
        return 0
    send_mail(f"【政务公开】{len(names)}个单位尚未发布{year}年政府信息公开工作年度报告",
              "以下单位尚未发布年度报告：\n" + "\n".join(names), None, recipients)
    return 1


def send_report_reminders(today: dt.date | None = None) -> int:
    """Tell every unit missing last year's report its deadline; tell supervisors which units miss it."""
    today = today or timezone.localdate()
    year, overrides = today.year - 1, deadline_overrides()
    missing = missing_reports(year)
    sent = sum(remind_unit(unit, year, today, overrides) for unit in missing)
    sent += sum(remind_supervisor(unit, year, missing) for unit in supervisor_units())
    audit.record("report.reminders", detail={"year": year, "missing": len(missing), "sent": sent})
    return sent
