"""Schedules of the website watchdog (Huey): 一日一检查、三日一维护、一周一清理. Thin over services."""
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services
from .models import RunKind, Site


def _sites():
    return Site.objects.filter(is_active=True).select_related("unit")


@db_periodic_task(crontab(minute="0,30", hour="8-20"))
def availability_probes():
    """Probe every homepage twice an hour from 08:00 to 20:30 — 26 probes a day (the rule asks ≥ 20)."""
    for site in _sites():
        services.probe(site)


@db_periodic_task(crontab(hour="6", minute="30"))
def daily_check():
    """06:30: crawl every site in every fetch profile (browser, spider, search referrer)."""
    for site in _sites():
        services.check_site(site, RunKind.DAILY)


@db_periodic_task(crontab(day="*/3", hour="7", minute="0"))
def maintenance():
    """Every third day: re-check, then assign the open findings to the clerks with due dates."""
    today = timezone.localdate()
    for site in _sites():
        services.check_site(site, RunKind.MAINTENANCE, today=today)
        services.maintenance(site, today)


@db_periodic_task(crontab(day_of_week="0", hour="5", minute="0"))
def weekly_cleanup():
    """Sunday: full crawl with attachments, outbound-domain audit, 废止 items online, orphaned attachments."""
    for site in _sites():
        services.weekly_cleanup(site)


@db_task()
def run_check(site_pk: int, user_pk: int | None = None):
    """立即检查, started from the site page."""
    from gongkai.units.models import User

    site = Site.objects.select_related("unit").get(pk=site_pk)
    user = User.objects.filter(pk=user_pk).first() if user_pk else None
    return services.check_site(site, RunKind.MANUAL, user=user).pk
