"""What the website watchdog (网站守护) reports: one Finding per problem, in the JSON shape of
`gongkai watch --json` and of the stored findings.

Categories follow the national inspection indicators (spec watch.md §1): availability (可用性),
links (错链断链), integrity (spam, hidden links, redirects, cloaking — 内容安全), tamper (篡改),
freshness (栏目更新), privacy (个人信息泄露), wording (严重表述错误)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .identities import label as identity_label

__all__ = ["CATEGORIES", "HIGH", "KIND_LABELS", "LOW", "MEDIUM", "PROFILES", "SEVERITIES", "Finding", "kind_label",
           "profile_label"]

CATEGORIES = {
    "availability": "网站可用性",
    "links": "错链断链",
    "integrity": "内容安全（暗链、违规内容、跳转、伪装）",
    "tamper": "网页篡改",
    "freshness": "栏目更新",
    "privacy": "个人信息泄露",
    "wording": "严重表述错误",
}
# The visitor identities the crawler fetches a page as (访问方式), as a clerk reads them.
PROFILES = {
    "browser": "普通浏览器访问",
    "spider": "以搜索引擎爬虫身份访问",
    "search_referrer": "从搜索引擎结果点击进入",
    "mobile": "手机浏览器访问",
}


# What each check's ``kind`` is called in the workbench, the alerts and the mails (问题).
KIND_LABELS = {
    "unreachable": "网站无法访问", "slow": "访问超时（15秒）", "server_error": "服务器错误", "failure_ratio": "首页不连通率",
    "broken_internal": "站内错链断链", "broken_external": "外部链接失效", "redirect_loop": "循环跳转",
    "spam_text": "违规内容（赌博、色情等）", "hidden_link": "暗链（隐藏链接）", "foreign_redirect": "跳转到外部网站",
    "cloaking": "针对搜索引擎的伪装页面", "title_hijack": "标题或关键词被篡改", "obfuscated_script": "混淆脚本",
    "text_changed": "正文与审核稿不一致（疑似篡改）",
    "column_stale": "栏目不更新", "column_blank": "空白栏目", "homepage_stale": "首页不更新", "undated_item": "信息无发布日期",
    "asset_changed": "站内脚本或样式表被修改",
    "injected_script": "被植入的外部脚本", "injected_stylesheet": "被植入或篡改的样式表",
    "personal_data": "泄露个人信息", "wording_error": "严重表述错误", "outbound_domain": "未在允许名单的外部域名",
}


def kind_label(kind: str) -> str:
    """The problem as a clerk reads it ("暗链（隐藏链接）", not "hidden_link"); an unknown kind as is."""
    return KIND_LABELS.get(kind, kind)


def profile_label(profile: str) -> str:
    return PROFILES.get(profile) or identity_label(profile)


HIGH, MEDIUM, LOW = "high", "medium", "low"
SEVERITIES = {HIGH: "高", MEDIUM: "中", LOW: "低"}


@dataclass
class Finding:
    """One problem on one page.

    ``kind`` names the check inside its category (e.g. ``hidden_link``, ``broken_internal``);
    ``evidence`` is a short human-readable snippet (Chinese or the page's words); ``referrer`` is
    the page that carries the link for link findings; ``profile`` is the fetch profile that saw it
    (browser, spider, search_referrer); ``selector`` a CSS selector of the offending element, when
    there is one, for the screenshot that outlines it."""

    url: str
    category: str
    kind: str
    severity: str
    evidence: str
    referrer: str | None = None
    profile: str = "browser"
    selector: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown category {self.category!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    def key(self) -> tuple[str, str, str, str]:
        """Identity of a problem across checks: the same problem found again is the same finding."""
        return (self.url, self.category, self.kind, self.referrer or "")

    def as_json(self) -> dict[str, Any]:
        """The CLI's JSON: url, category, kind, severity, evidence, referrer (and the extras)."""
        data = asdict(self)
        data.pop("extra")
        data.update(self.extra)
        return data
