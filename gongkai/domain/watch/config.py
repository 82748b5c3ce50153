"""What the watchdog is told about a site: where to start, what is in scope, its columns (栏目) and
their maximum age, the domains it may link to, the crawl limits, and the texts gongkai approved.

The Django app builds a ``SiteConfig`` from its stored ``Site``; the CLI builds one from its
arguments; the crawler and every check read only this."""
from __future__ import annotations

from dataclasses import dataclass, field

from .identities import DEFAULT_IDENTITIES

__all__ = ["COLUMN_CLASSES", "ColumnSpec", "SiteConfig", "WordingRule"]

# column class → (label, maximum age in days or None for static); spec watch.md §1.2
COLUMN_CLASSES: dict[str, tuple[str, int | None]] = {
    "news": ("动态要闻", 14),
    "notice": ("通知公告", 183),
    "policy": ("政策文件", 183),
    "personnel": ("人事信息", 365),
    "planning": ("规划计划", 365),
    "static": ("静态栏目", None),
}


@dataclass(frozen=True)
class ColumnSpec:
    """A column (栏目): its listing page and how old its newest item may be."""

    name: str
    url: str
    klass: str = "notice"
    max_age_days: int | None = None       # None: the class's default

    @property
    def max_age(self) -> int | None:
        return self.max_age_days if self.max_age_days is not None else COLUMN_CLASSES[self.klass][1]


@dataclass(frozen=True)
class WordingRule:
    """A serious wording error (严重表述错误): the wrong form and the right one, e.g. an official name."""

    wrong: str
    right: str


@dataclass
class SiteConfig:
    start_urls: list[str]
    scope_hosts: set[str] = field(default_factory=set)          # empty: the start URLs' hosts
    scope_prefixes: list[str] = field(default_factory=list)     # URL prefixes in scope (a column on a portal)
    columns: list[ColumnSpec] = field(default_factory=list)
    homepage: str | None = None
    allowed_domains: set[str] = field(default_factory=set)      # outbound links allowed without question
    max_pages: int = 500
    max_depth: int = 6
    concurrency: int = 8
    requests_per_second: float = 10.0
    timeout: float = 15.0                                       # the 15 s rule
    retries: int = 1
    max_bytes: int = 5 * 1024 * 1024
    external: str = "check"                                     # "check" or "skip": skip never contacts another host
    fetch_attachments: bool = False
    profiles: tuple[str, ...] | None = None       # a fixed set for every page (None: planned per page, below)
    identities: tuple[str, ...] = DEFAULT_IDENTITIES            # visitor identities compared with the browser
    identity_mode: str = "signals"                              # "signals": per page by signal/sample; "all"
    identity_sample: int = 20                                   # pages per run fetched as every identity
    identity_escalations: int = 10                              # pages a sentinel's difference raises to all
    max_assets: int = 200                                       # same-site scripts/stylesheets fetched per run
    max_asset_bytes: int = 2 * 1024 * 1024
    wording: list[WordingRule] = field(default_factory=list)
    approved_texts: dict[str, str] = field(default_factory=dict)   # URL → text approved in gongkai (tamper)
    today: str | None = None                                    # ISO date the freshness rules count from
    check_workers: int = 0                                      # processes for the page checks; 0: in the crawl loop
