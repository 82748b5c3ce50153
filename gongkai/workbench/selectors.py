"""What each role must do today (工作台): read-only queries, scoped to what the user may see.

Each function returns ``Section``s of ``Line``s; every line links to the page where the action is
taken. The rules they read (working-day clock, calendar readiness, unit risk) live in
``gongkai.domain``; the views only render what is returned here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.urls import reverse

from gongkai.domain import unit_risk
from gongkai.domain.application_clock import working_days_left
from gongkai.domain.workdays import UnknownYearError
from gongkai.units.models import Role
from gongkai.units.scoping import scope, visible_units
from gongkai.applications.handling import services as apps_services
from gongkai.applications.models import OPEN_STATUSES, Application, ApplicationExtension
from gongkai.catalog.interpretations import awaiting_interpretation, missing_per_unit
from gongkai.catalog.models import Item, ItemStatus
from gongkai.consult.queries import board_counts
from gongkai.domain.annual_report import deadlines
from gongkai.reports.models import AnnualReport, ReportStatus
from gongkai.reports.rollup import deadline_overrides
from gongkai.watch import selectors as watch
from gongkai.watch.models import ACTIVE_STATUSES, Finding, Site
from gongkai.workdays import readiness
from gongkai.workdays.services import get_calendar

from . import calendar_notice

LIMIT = 10
EDITORS = (Role.CLERK, Role.REVIEWER, Role.UNIT_ADMIN)
APPROVERS = (Role.REVIEWER, Role.UNIT_ADMIN)


@dataclass
class Line:
    label: str
    url: str
    note: str = ""
    urgent: bool = False


@dataclass
class Section:
    key: str
    title: str
    lines: list[Line] = field(default_factory=list)
    total: int = 0
    more_url: str = ""
    empty: str = "暂无"


def _section(key, title, lines, total, more_url="", empty="暂无") -> Section:
    return Section(key, title, lines[:LIMIT], total, more_url, empty)


# ---------------------------------------------------------------- applications

def _days_note(calendar, today: dt.date, due: dt.date) -> tuple[str, bool]:
    try:
        left = working_days_left(calendar, today, due)
    except UnknownYearError:
        return f"{due:%Y-%m-%d}到期", True
    if left < 0:
        return f"已超期{-left}个工作日（{due:%Y-%m-%d}到期）", True
    if left == 0:
        return f"今天到期（{due:%Y-%m-%d}）", True
    return f"还剩{left}个工作日（{due:%Y-%m-%d}到期）", left <= 1


def due_applications(user, today: dt.date) -> Section:
    """Open applications past or within 3 working days of their answer deadline (mine first)."""
    apps = scope(Application.objects.select_related("assigned_to"), user)
    soon = apps_services.queue(apps, "due_soon", today) | apps_services.queue(apps, "overdue", today)
    rows = list(soon.order_by("due_on", "number")[:LIMIT * 3])
    rows.sort(key=lambda a: (a.assigned_to_id != user.pk, a.due_on, a.number))
    calendar = get_calendar()
    lines = []
    for app in rows:
        note, urgent = _days_note(calendar, today, app.due_on)
        who = "我承办" if app.assigned_to_id == user.pk else (
            f"承办人：{app.assigned_to.display_name}" if app.assigned_to else "尚未分配承办人")
        lines.append(Line(f"申请{app.number}（{app.received_on:%Y-%m-%d}收到）", reverse("applications:detail", args=[app.pk]),
                          f"{note}；{who}", urgent))
    return _section("due", "3个工作日内到期和已超期的申请", lines, soon.count(),
                    reverse("applications:list") + "?queue=due_soon", "没有3个工作日内到期的申请")


def pending_extensions(user) -> Section:
    """延期申请 waiting for this reviewer's consent (never one they asked for themselves)."""
    exts = scope(ApplicationExtension.objects.select_related("application", "requested_by"), user,
                 field="application__unit").filter(
        approved_on__isnull=True, application__status__in=OPEN_STATUSES).exclude(requested_by=user)
    lines = [Line(f"{e.application.number} 申请延期{e.days}个工作日",
                  reverse("applications:detail", args=[e.application_id]) + "#extension",
                  f"{e.requested_by.display_name if e.requested_by else ''}于{e.requested_on:%Y-%m-%d}申请；"
                  f"须在原答复期限{e.application.due_on:%Y-%m-%d}前同意" if e.application.due_on else "", True)
             for e in exts.order_by("application__due_on", "pk")[:LIMIT]]
    return _section("extensions", "待我同意的延期答复", lines, exts.count(), empty="没有待同意的延期")


# ---------------------------------------------------------------- catalog

def _items(user):
    return scope(Item.objects.select_related("unit"), user)


def item_drafts(user) -> Section:
    drafts = _items(user).filter(created_by=user, status=ItemStatus.DRAFT).order_by("-updated_at", "-pk")
    lines = [Line(i.title, reverse("catalog:item", args=[i.pk]),
                  f"发布期限{i.publish_due:%Y-%m-%d}" if i.publish_due else "") for i in drafts[:LIMIT]]
    return _section("drafts", "我的草稿", lines, drafts.count(),
                    reverse("catalog:items") + "?status=draft", "没有草稿")


def overdue_items(user, today: dt.date) -> Section:
    items = _items(user).overdue(today).order_by("publish_due", "pk")
    lines = [Line(i.title, reverse("catalog:item", args=[i.pk]),
                  f"{i.get_status_display()}；发布期限{i.publish_due:%Y-%m-%d}已过", True) for i in items[:LIMIT]]
    return _section("overdue_items", "超过发布期限未发布的信息（成文后20个工作日）", lines, items.count(),
                    reverse("catalog:items") + "?overdue=1", "没有超期未发布的信息")


NOTICE_LOOKBACK_DAYS = 30


def notice_periods(user, today: dt.date) -> Section:
    """公示 whose 公示期 has begun (or ended) while still unpublished, and those published in the last
    30 days after their 公示期 had ended (to be run again with a new period)."""

    items = _items(user).filter(notice_start__isnull=False, notice_end__isnull=False)
    waiting = items.filter(status__in=(ItemStatus.DRAFT, ItemStatus.SUBMITTED, ItemStatus.APPROVED),
                           notice_start__lt=today)
    late = items.filter(status=ItemStatus.PUBLISHED, published_date__gt=F("notice_end"),
                        published_date__gte=today - dt.timedelta(days=NOTICE_LOOKBACK_DAYS))
    lines = []
    for item in list(waiting.order_by("notice_end", "pk")[:LIMIT]) + list(late.order_by("-published_date", "pk")[:LIMIT]):
        check = item.notice_check(None if item.published_date else today)
        state = ("发布时公示期已过" if item.published_date else
                 "公示期已过，尚未发布" if check.ended else f"公示期已开始，尚未发布（{item.get_status_display()}）")
        lines.append(Line(f"{item.title}：{state}", reverse("catalog:item", args=[item.pk]),
                          check.message(published=item.published_date is not None), check.ended))
    lines.sort(key=lambda line: not line.urgent)
    return _section("notice_periods", "公示期已开始或已过的公示", lines, waiting.count() + late.count(),
                    empty="没有公示期有问题的公示")


def items_to_review(user) -> Section:
    items = _items(user).filter(status=ItemStatus.SUBMITTED).exclude(
        Q(created_by=user) | Q(submitted_by=user)).order_by("updated_at", "pk")
    lines = [Line(i.title, reverse("catalog:item", args=[i.pk]) + "#h-actions",
                  f"{i.unit.short_name or i.unit.name}提交；保密审查后可“同意发布”") for i in items[:LIMIT]]
    return _section("review", "待我审核发布的信息", lines, items.count(),
                    reverse("catalog:items") + "?status=submitted", "没有待审核的信息")


def items_to_publish(user) -> Section:
    items = _items(user).filter(status=ItemStatus.APPROVED).order_by("updated_at", "pk")
    lines = [Line(i.title, reverse("catalog:item", args=[i.pk]) + "#h-actions", "已通过保密审查，待发布")
             for i in items[:LIMIT]]
    return _section("publish", "已审核待发布的信息", lines, items.count(),
                    reverse("catalog:items") + "?status=approved", "没有待发布的信息")


def items_awaiting_interpretation(user, today: dt.date) -> Section:
    items = awaiting_interpretation(_items(user), today)
    lines = [Line(i.title, reverse("catalog:item", args=[i.pk]) + "#interpretations",
                  f"{i.get_status_display()}；须同步起草、同步审签、同步发布政策解读", i.published_date is not None)
             for i in items[:LIMIT]]
    return _section("interpretations", "须同步发布政策解读的文件", lines, items.count(), "",
                    "没有缺少解读的文件")


# ---------------------------------------------------------------- reports and watchdog

def reports_to_sign(user) -> Section:
    reports = scope(AnnualReport.objects.select_related("unit", "submitted_by"), user).filter(
        status=ReportStatus.SUBMITTED).exclude(submitted_by=user).order_by("year", "pk")
    lines = [Line(r.title, reverse("reports:detail", args=[r.pk]), "待审核签发", True) for r in reports[:LIMIT]]
    return _section("reports", "待我签发的年度报告", lines, reports.count(), empty="没有待签发的年度报告")


def my_findings(user, today: dt.date) -> Section:
    findings = scope(Finding.objects.select_related("site"), user, field="site__unit").filter(
        assignee=user, status__in=ACTIVE_STATUSES).order_by("due_on", "pk")
    lines = [Line(f"【{f.get_severity_display()}】{f.kind_label}：{f.site.name}", reverse("watch:finding", args=[f.pk]),
                  f"{f.due_on:%Y-%m-%d}前整改" if f.due_on else "", bool(f.due_on and f.due_on <= today))
             for f in findings[:LIMIT]]
    return _section("findings", "分派给我的网站问题", lines, findings.count(), reverse("watch:index"),
                    "没有分派给您的网站问题")


def site_warnings(user) -> Section:
    """The unit's sites: never checked, last check failed, or a 单项否决 / early-warning line reached."""
    lines = []
    for site in scope(Site.objects.filter(is_active=True).prefetch_related("columns"), user):
        url = reverse("watch:site", args=[site.pk])
        last = site.runs.first()
        if last is None:
            lines.append(Line(f"{site.name}：尚未检查", url, "请在网站页面“立即检查”", True))
        elif last.error:
            lines.append(Line(f"{site.name}：最近一次检查未完成", url, f"{last.started:%Y-%m-%d %H:%M} 开始", True))
        open_ = list(site.findings.filter(status__in=ACTIVE_STATUSES))
        for row in watch.veto_lines(site, open_):
            if row["state"] in ("veto", "warning"):
                word = "单项否决" if row["state"] == "veto" else "预警"
                lines.append(Line(f"{site.name}：{row['line']}（{word}）", url,
                                  f"当前{row['count']}，{row['limit']}", row["state"] == "veto"))
    return _section("sites", "网站预警", lines, len(lines), reverse("watch:index"), "网站没有预警")


def calendar_state(user, today: dt.date) -> Section:
    """节假日安排: whether the clocks started today can still be computed, what waits, who enters the year."""

    state = readiness.current(today)
    if not state.warn:
        return Section("calendar", "工作日历", [], 0, empty="节假日安排已录入，今天起算的期限都能计算")
    waiting = calendar_notice.waiting(visible_units(user))
    can_enter = user.role == Role.SYSADMIN
    blocked = "、".join(c.label for c in state.blocked)
    who = "请在“工作日历 → 节假日安排”页面录入" if can_enter else "请联系系统管理员在“工作日历 → 节假日安排”页面录入"
    lines = [Line(f"{state.missing_year}年的节假日安排尚未录入", readiness.calendar_url(),
                  f"{blocked}已不能计算；{who}", state.urgent),
             Line(f"等待计算期限：{waiting.applications}件申请、{waiting.items}条信息",
                  reverse("applications:list"), "录入后自动重新计算并通知承办人", bool(waiting.applications))]
    return Section("calendar", "工作日历预警", lines, len(lines))


# ---------------------------------------------------------------- supervisor

def _per_unit(queryset, field: str = "unit_id") -> dict[int, int]:
    return dict(queryset.values_list(field).annotate(n=Count("pk")).values_list(field, "n"))


def unit_counts(units, today: dt.date) -> dict[int, dict[str, int]]:
    """{unit pk: {signal: count}} for ``units`` (each unit's own records)."""
    ids = [u.pk for u in units]
    apps = Application.objects.filter(unit_id__in=ids)
    findings = Finding.objects.filter(site__unit_id__in=ids, status__in=ACTIVE_STATUSES)
    serious = findings.filter(Q(category__in=("integrity", "tamper", "wording")) | Q(severity="high"))
    per = {
        "overdue_applications": _per_unit(apps_services.queue(apps, "overdue", today)),
        "due_soon_applications": _per_unit(apps_services.queue(apps, "due_soon", today)),
        "overdue_items": _per_unit(Item.objects.filter(unit_id__in=ids).overdue(today)),
        "serious_findings": _per_unit(serious, "site__unit_id"),
        "open_findings": _per_unit(findings.exclude(pk__in=serious.values("pk")), "site__unit_id"),
        "report_late": _late_reports(units, today),
        "interpretations_missing": missing_interpretations(ids, today),
        **consult_signals(ids, today),
    }
    return {u.pk: {signal: counts.get(u.pk, 0) for signal, counts in per.items()} for u in units}


def missing_interpretations(ids, today: dt.date) -> dict[int, int]:
    return missing_per_unit(ids, today)


def consult_signals(ids, today: dt.date) -> dict[str, dict[int, int]]:
    """Unanswered 政务咨询 messages past the veto, warning and promise lines (gongkai.consult)."""
    return board_counts(ids, today)


def _late_reports(units, today: dt.date) -> dict[int, int]:
    overrides = deadline_overrides()
    year = today.year - 1
    published = set(AnnualReport.objects.filter(unit__in=units, year=year, status=ReportStatus.PUBLISHED)
                    .values_list("unit_id", flat=True))
    late = {}
    for unit in units:
        due = deadlines.deadline(year, unit.kind, overrides)
        if due is not None and today > due and unit.pk not in published:
            late[unit.pk] = 1
    return late


def _reason_url(unit, signal: str) -> str:
    return {
        "overdue_applications": reverse("applications:list") + f"?queue=overdue&unit={unit.pk}",
        "due_soon_applications": reverse("applications:list") + f"?queue=due_soon&unit={unit.pk}",
        "overdue_items": reverse("catalog:items") + f"?overdue=1&unit={unit.pk}",
        "report_late": reverse("reports:index"),
        "interpretations_missing": reverse("catalog:items") + f"?unit={unit.pk}&status=published",
        "consult_veto": reverse("consult:list"),
        "consult_warning": reverse("consult:list"),
        "consult_overdue": reverse("consult:list"),
    }.get(signal, reverse("watch:index"))


def units_by_risk(user, today: dt.date) -> Section:
    units = list(visible_units(user).filter(is_active=True).order_by("path"))
    counts = unit_counts(units, today)
    ranked = unit_risk.ranked([(u, counts[u.pk]) for u in units])
    lines = []
    for unit, risk in ranked:
        for reason in risk.reasons:
            lines.append(Line(f"{unit.name}：{reason.text}", _reason_url(unit, reason.signal),
                              f"风险{risk.level_label}", risk.level == unit_risk.HIGH))
    section = Section("units", "下级单位风险（按风险高低）", lines[:LIMIT * 3], len(ranked),
                      empty="各单位今天没有超期或预警事项")
    section.ranked = ranked
    return section


# ---------------------------------------------------------------- per role

def sections_for(user, today: dt.date) -> list[Section]:
    """The workbench of ``user``'s role, most pressing first."""
    role = user.role
    if role == Role.SUPERVISOR:
        return [units_by_risk(user, today), calendar_state(user, today), reports_to_sign(user)]
    out = [due_applications(user, today)]
    if role in APPROVERS:
        out += [items_to_review(user), pending_extensions(user), reports_to_sign(user)]
    if role == Role.UNIT_ADMIN:
        out += [calendar_state(user, today), site_warnings(user)]
    out += [my_findings(user, today), overdue_items(user, today), notice_periods(user, today),
            items_to_publish(user), item_drafts(user)]
    out.insert(-2, items_awaiting_interpretation(user, today))  # 政策解读 (before 待发布 and 草稿)
    return out
