"""What the watchdog's services raise when a rule refuses an action (the message is shown to the user)."""
from __future__ import annotations

__all__ = ["SiteBusy", "WatchError"]


class WatchError(Exception):
    """A rule refused the action; the message is shown to the user."""


class SiteBusy(WatchError):
    """Another worker is checking this site right now."""
