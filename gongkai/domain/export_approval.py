"""Bulk export of applicants' personal data in full (个人信息保护 8.1.4.11 b, security.md §3.11):
request → approval by another person (a reviewer of the unit) → one download, within a time limit.
No Django here."""
from __future__ import annotations

import datetime as dt

VALID_FOR = dt.timedelta(hours=2)
MIN_REASON = 4
MAX_REASON = 200   # FullExportRequest.reason; longer is refused, never cut
REQUESTER_ROLES = ("clerk", "reviewer")
NOT_A_REQUESTER = "只有信息公开工作人员和审核人可以申请导出完整个人信息"


def request_refusal(role: str, reason: str) -> str | None:
    if role not in REQUESTER_ROLES:
        return NOT_A_REQUESTER
    if len((reason or "").strip()) < MIN_REASON:
        return "请填写导出用途（至少4个字）"
    if len((reason or "").strip()) > MAX_REASON:
        return f"导出用途不超过{MAX_REASON}个字（现有{len(reason.strip())}个字）"
    return None


def approval_refusal(*, requester_id: int, approver_id: int, approver_role: str, same_unit: bool,
                     approved: bool) -> str | None:
    if approved:
        return "该申请已批准"
    if approver_id == requester_id:
        return "不能批准本人的导出申请"
    if approver_role != "reviewer" or not same_unit:
        return "只有本单位的审核人可以批准导出完整个人信息"
    return None


def download_refusal(*, is_requester: bool, approved_at: dt.datetime | None, downloaded_at: dt.datetime | None,
                     now: dt.datetime) -> str | None:
    if not is_requester:
        return "只有申请人本人可以下载"
    if approved_at is None:
        return "该导出申请尚未批准"
    if downloaded_at is not None:
        return "该导出文件已下载过一次，不能再次下载"
    if now > approved_at + VALID_FOR:
        return "批准已过期（批准后2小时内有效），请重新申请"
    return None
