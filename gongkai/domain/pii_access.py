"""Who may see an applicant's personal data in full (个人信息查看权限, spec security.md §2, §3.11 b).

Masked by default everywhere. A full reveal (查看完整个人信息) needs all three: the right role, a
record in the user's own unit, and a typed reason; the caller writes one audit event per reveal.
"""
from __future__ import annotations

from dataclasses import dataclass

MIN_REASON_CHARS = 4
MAX_REASON_CHARS = 200

REVEAL_ROLES = ("clerk", "reviewer")


@dataclass(frozen=True)
class Viewer:
    role: str
    same_unit: bool
    handles_it: bool  # the clerk the application is assigned to, or who registered it


def may_reveal(viewer: Viewer) -> bool:
    """A reviewer of the unit, or the clerk who handles the application; never a supervisor, unit
    admin or any 三员 (they work on masked data only)."""
    if not viewer.same_unit or viewer.role not in REVEAL_ROLES:
        return False
    return viewer.role == "reviewer" or viewer.handles_it


def reveal_reason_error(reason: str) -> str:
    """The Chinese message for an unacceptable reason, else ""."""
    text = (reason or "").strip()
    if len(text) < MIN_REASON_CHARS:
        return f"请填写查看理由（至少{MIN_REASON_CHARS}个字），例如“电话联系申请人补正”"
    if len(text) > MAX_REASON_CHARS:
        return f"查看理由不超过{MAX_REASON_CHARS}个字"
    return ""
