"""Background jobs of 安全监测 (Huey)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="3", minute="10"))
def nightly_chain_verification():
    """Every night: verify the audit log's whole hash chain (8.1.4.3 c)); a break raises the
    chain-break alert naming the first broken row. Returns the broken row's id or None."""
    from gongkai.units import audit
    from gongkai.units.models import Outcome

    from . import alerts

    report = audit.verify_chain()
    with audit.bind_request(None):
        audit.record("audit.verify", outcome=Outcome.SUCCESS if report.ok else Outcome.FAILURE,
                     reason=report.problem, detail={"ok": report.ok, "checked": report.checked,
                                                    "broken_id": report.broken_id, "via": "nightly"})
    alerts.chain_break(report)
    return report.broken_id


@db_periodic_task(crontab(minute="*"))
def ship_audit_log():
    """Every minute: send new audit rows to the log collector (if GONGKAI_SIEM_SYSLOG is set); a
    lease on the cursor row keeps two runs from sending at once (and expires if a worker dies)."""
    from . import shipping

    return shipping.ship_new()


@db_periodic_task(crontab(minute="*"))
def summarise_failures():
    """Every minute: the summary rows of suppressed failure events; hourly, old counters go."""
    from django.utils import timezone

    from . import failures

    now = timezone.now()
    if now.minute == 0:
        return failures.prune(now)
    return failures.summarise_closed(now)

