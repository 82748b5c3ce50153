"""Daily job of the 系统管理员's area: disable expired and long-idle accounts (GB/T 22239-2019 8.1.4.2 c)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="2", minute="30"))
def disable_stale_accounts():
    """Every night: accounts past ``expires_at`` or idle for more than 90 days are disabled and audited."""
    from gongkai.security.roles.services import disable_stale_accounts as run

    return run()


@db_periodic_task(crontab(hour="2", minute="40"))
def clear_expired_sessions():
    """Every night: sessions past their lifetime are deleted from the store (剩余信息保护 8.1.4.10)."""
    from django.core.management import call_command

    call_command("clearsessions")
