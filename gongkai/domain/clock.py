"""The office's calendar day (Beijing time), whatever zone the server's clock is set to.

Deadlines, identity-number birth dates and freshness are judged in China's day: a server on UTC
would otherwise be a day behind from midnight to 08:00.
"""
import datetime as dt
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def today() -> dt.date:
    """Today's date in China (UTC+8)."""
    return dt.datetime.now(CHINA).date()
