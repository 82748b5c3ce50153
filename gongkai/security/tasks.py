"""Background jobs of 安全管理 (Huey); the account-expiry job is ``system.tasks``."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="17"))
def hourly_install_verification():
    """Every hour: 可信验证 of the installed files and the security policy (security.md §3.6);
    a mismatch is audited and alerted. Without a manifest only the policy rows are checked."""
    from . import integrity

    return integrity.verify(via="hourly").ok
