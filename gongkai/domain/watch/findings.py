"""What the website watchdog (网站守护) reports: one Finding per problem, in the JSON shape of
`gongkai watch --json` and of the stored findings.

Categories follow the national inspection indicators (spec watch.md §1): availability (可用性),
links (错链断链), integrity (spam, hidden links, redirects, cloaking — 内容安全), tamper (篡改),
freshness (栏目更新), privacy (个人信息泄露), wording (严重表述错误)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = ["CATEGORIES", "HIGH", "LOW", "MEDIUM", "PROFILES", "SEVERITIES", "Finding", "profile_label"]

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


def profile_label(profile: str) -> str:
    from .identities import label

    return PROFILES.get(profile) or label(profile)


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
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown category {self.category!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    def key(self) -> tuple[str, str, str, str]:
        """Identity of a problem across checks: the same problem found again is the same finding."""
        return (self.url, self.category, self.kind, self.referrer or "")

    def as_json(self) -> dict:
        """The CLI's JSON: url, category, kind, severity, evidence, referrer (and the extras)."""
        data = asdict(self)
        data.pop("extra")
        data.update(self.extra)
        return data
