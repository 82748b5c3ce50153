"""Security alert rules (入侵防范 GB/T 22239-2019 8.1.4.4 f), 安全审计 8.1.4.3 c), 可信验证 8.1.4.6);
no Django.

An alert is raised once per ``(kind, key)`` and then quiet for ``repeat_minutes``: a burst of 20
failed log-ins in one minute is ONE alert, not 20, and a burst that goes on for an hour adds to that
alert's count instead of mailing again. The kinds:

* ``login_burst``: failed log-ins in one minute reach ``per_minute`` from all addresses together, or
  ``per_address`` from one address (default 20 each); one key for both, so one alert;
* ``denial_burst``: refused requests (403, CSRF, management network) likewise (default 50 / 30);
* ``lockout``: an account locked after repeated failures (key: the account);
* ``chain_break``: the audit chain's verifier found a broken row (key: that row);
* ``integrity``: a checked object no longer matches its recorded digest (key: the object);
* ``siem_backlog``: shipping to the log collector fails and unsent events pile up.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

LOGIN_FAILURE_ACTIONS = ("auth.login_failed", "auth.otp_failed")
DENIAL_ACTIONS = ("security.denied", "security.console_denied", "security.csrf_failed",
                  "security.admin_network_denied")

KIND_LABELS = {
    "login_burst": "登录失败激增", "denial_burst": "越权访问激增", "lockout": "账户锁定",
    "chain_break": "操作日志链断裂", "integrity": "完整性校验不符", "siem_backlog": "日志外送积压",
    "malware": "上传文件发现病毒",  # clam: gongkai/domain/virus_scan.py
}
SEVERITY = {"chain_break": "critical", "integrity": "critical", "login_burst": "high", "denial_burst": "high",
            "lockout": "medium", "siem_backlog": "high", "malware": "high"}


@dataclass(frozen=True)
class Burst:
    """A per-minute threshold over a group of failure actions, overall and per address."""

    kind: str
    actions: tuple[str, ...]
    per_minute: int
    per_address: int

    def total_counter(self) -> str:
        return f"b|{self.kind}"

    def address_counter(self, address: str) -> str:
        return f"b|{self.kind}|{address}"


def default_bursts(login_per_minute: int = 20, login_per_address: int = 20,
                   denials_per_minute: int = 50, denials_per_address: int = 30) -> tuple[Burst, ...]:
    return (Burst("login_burst", LOGIN_FAILURE_ACTIONS, login_per_minute, login_per_address),
            Burst("denial_burst", DENIAL_ACTIONS, denials_per_minute, denials_per_address))


def bursts_for(action: str, bursts: Iterable[Burst]) -> list[Burst]:
    return [b for b in bursts if action in b.actions]


def crossed(count_after: int, threshold: int) -> bool:
    """True exactly once per window: when this event brings the count to the threshold."""
    return threshold > 0 and count_after == threshold


@dataclass(frozen=True)
class Notice:
    kind: str
    key: str
    title: str
    body: str

    @property
    def severity(self) -> str:
        return SEVERITY.get(self.kind, "high")


def is_repeat(last_raised: dt.datetime | None, now: dt.datetime, repeat_minutes: int) -> bool:
    """An alert of the same kind and key raised within ``repeat_minutes``: count it, do not mail."""
    return last_raised is not None and now - last_raised < dt.timedelta(minutes=repeat_minutes)


def burst_notice(burst: Burst, count: int, address: str | None, window: dt.datetime) -> Notice:
    what = "登录失败" if burst.kind == "login_burst" else "访问被拒绝（越权、CSRF 校验失败或管理终端地址不符）"
    if address:
        scope, limit = f"来自地址 {address} 的", burst.per_address
    else:
        scope, limit = "全部来源合计", burst.per_minute
    body = (f"{window:%Y-%m-%d %H:%M}（UTC）起 1 分钟内，{scope}{what}已达 {count} 次（阈值 {limit} 次）。"
            "可能是口令猜测或越权探测，请在“安全审计”中按结果“失败”检索核查。")
    return Notice(burst.kind, burst.kind, f"【安全告警】{KIND_LABELS[burst.kind]}", body)


def lockout_notice(username: str, ip: str | None, held: bool) -> Notice:
    tail = "该账户为三员账户，须由安全管理员在“安全管理”中解锁。" if held else "冷却期满后自动解锁。"
    body = f"账户“{username}”（来源地址 {ip or '未知'}）连续登录失败，已被锁定。{tail}"
    return Notice("lockout", username or (ip or "-"), "【安全告警】登录失败次数过多，账户已锁定", body)


def chain_break_notice(broken_id: int | None, broken_seq: int | None, problem: str, checked: int) -> Notice:
    body = (f"操作日志防篡改链校验失败：第一条不符的记录 id={broken_id}，链序号 {broken_seq}：{problem}。"
            f"此前 {checked} 条记录校验通过。请审计管理员在“安全审计”中核查该记录，并从备份比对。")
    return Notice("chain_break", f"{broken_id}:{broken_seq}", "【安全告警】操作日志链断裂（可能被篡改）", body)


def integrity_notice(subject: str, expected: str, actual: str, where: str = "") -> Notice:
    body = (f"“{subject}”的完整性校验不符{f'（{where}）' if where else ''}：应为 {expected or '—'}，"
            f"实为 {actual or '—'}。请核查是否被篡改，并从发布包或备份恢复。")
    return Notice("integrity", subject[:200], "【安全告警】完整性校验不符", body)


def backlog_notice(backlog: int, error: str, since: dt.datetime | None) -> Notice:
    body = (f"操作日志外送到日志收集服务器失败，尚有 {backlog} 条未送出"
            f"{f'（自 {since:%Y-%m-%d %H:%M} UTC 起）' if since else ''}。最近的错误：{error}。"
            "日志仍完整保存在本系统中，恢复连接后自动续传。请系统管理员检查网络、证书和收集服务器。")
    return Notice("siem_backlog", "siem", "【安全告警】操作日志外送积压", body)
