"""Visitor identities (访问身份) and which of them a page is fetched as.

Cloaking shows spam only to some visitors: a crawler (by user agent), a visitor arriving from a search
engine (by referrer) or a phone (spec watch.md §0 point 4, tests/realdata/patterns §3). Fetching every page
as every identity multiplies the crawl by a dozen, so ``plan`` chooses, page by page:

* **every identity** (``full``) for the homepage, the registered columns, a sample of ``sample`` pages per
  run (chosen by a hash of URL and date, so the sample rotates from day to day), any page with a cheap
  signal (a script that tests the user agent or the referrer, an obfuscated script, a flagged site
  script), up to ``escalations`` pages where a sentinel saw a difference, and every page when the site
  says so (``mode="all"``);
* otherwise the two **sentinels**: ``crawlers``, one request whose user agent carries the token of every
  configured crawler (cloaking code tests substrings — ``/baiduspider|sogou|360spider/i`` — so any one
  token triggers it), and ``mobile_search``, a phone browser arriving from a Baidu result (the visitor
  快照劫持 redirects). Three requests per page instead of thirteen.

No Django here; the crawler asks ``plan`` and sends ``headers``."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import quote

__all__ = ["CRAWLER_KEYS", "DEFAULT_IDENTITIES", "IDENTITIES", "SENTINELS", "Identity", "Planner", "headers",
           "label", "parse_identities", "script_signals", "short_label"]

BROWSER_UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/124.0 Safari/537.36")
MOBILE_UA = ("Mozilla/5.0 (Linux; Android 13; SM-S9180) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/120.0.6099.230 Mobile Safari/537.36")
BAIDU_REFERRER = "https://www.baidu.com/s?wd="


@dataclass(frozen=True)
class Identity:
    key: str
    label: str            # Chinese, as the clerk reads it (访问方式)
    user_agent: str
    token: str = ""       # the crawler's name in its user agent (for the combined sentinel)
    referrer: bool = False


IDENTITIES: dict[str, Identity] = {i.key: i for i in (
    Identity("browser", "普通浏览器访问", BROWSER_UA),
    Identity("spider", "以百度爬虫（Baiduspider）身份访问",
             "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", "Baiduspider/2.0"),
    Identity("360spider", "以360搜索爬虫（360Spider）身份访问",
             "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/50.0.2661.102 Safari/537.36; 360Spider", "360Spider"),
    Identity("haosouspider", "以360搜索爬虫（HaosouSpider）身份访问",
             "Mozilla/5.0 (compatible; HaosouSpider; http://www.haosou.com/help/help_3_2.html)", "HaosouSpider"),
    Identity("sogou", "以搜狗爬虫（Sogou web spider）身份访问",
             "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)", "Sogou web spider/4.0"),
    Identity("soso", "以搜搜爬虫（Sosospider）身份访问",
             "Sosospider+(+http://help.soso.com/webspider.htm)", "Sosospider"),
    Identity("bytespider", "以头条搜索爬虫（Bytespider）身份访问",
             "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 "
             "(compatible; Bytespider; spider-feedback@bytedance.com)", "Bytespider"),
    Identity("yisou", "以神马搜索爬虫（YisouSpider）身份访问",
             "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/69.0.3497.81 YisouSpider/5.0 Safari/537.36", "YisouSpider/5.0"),
    Identity("bingbot", "以必应爬虫（bingbot）身份访问",
             "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "bingbot/2.0"),
    Identity("googlebot", "以谷歌爬虫（Googlebot）身份访问",
             "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Googlebot/2.1"),
    Identity("mobile", "手机浏览器访问", MOBILE_UA),
    Identity("search_referrer", "从搜索引擎结果点击进入", BROWSER_UA, referrer=True),
    # sentinels: one request standing for many identities
    Identity("crawlers", "以多种搜索引擎爬虫身份访问（合并探测）", ""),
    Identity("mobile_search", "手机浏览器从搜索引擎结果点击进入", MOBILE_UA, referrer=True),
)}
CRAWLER_KEYS = ("spider", "360spider", "haosouspider", "sogou", "soso", "bytespider", "yisou", "bingbot",
                "googlebot")
DEFAULT_IDENTITIES = CRAWLER_KEYS + ("mobile", "search_referrer")
SENTINELS = ("crawlers", "mobile_search")


def label(key: str) -> str:
    identity = IDENTITIES.get(key)
    return identity.label if identity else key


def short_label(key: str) -> str:
    """The identity's name in a list: 百度爬虫（Baiduspider） → Baiduspider; 手机浏览器访问 as is."""
    text = label(key)
    m = re.search(r"（([^）]+)）", text)
    if m and key != "crawlers":
        return m.group(1)
    return text.removeprefix("以").removesuffix("身份访问")


def parse_identities(text: str) -> tuple[str, ...]:
    """The identities a site setting names (one key per line or comma-separated); unknown keys are
    dropped, the browser and the sentinels are not configurable. Empty: the default list."""
    keys = [k.strip().lower() for k in re.split(r"[\s,，、]+", text or "") if k.strip()]
    chosen = tuple(dict.fromkeys(k for k in keys if k in IDENTITIES and k not in ("browser",) + SENTINELS))
    return chosen or DEFAULT_IDENTITIES


def _combined_ua(keys: tuple[str, ...]) -> str:
    tokens = [IDENTITIES[k].token for k in keys if IDENTITIES[k].token]
    return "Mozilla/5.0 (compatible; " + "; ".join(tokens) + ")"


def headers(key: str, identities: tuple[str, ...] = DEFAULT_IDENTITIES, referer_words: str = "") -> dict[str, str]:
    identity = IDENTITIES.get(key) or IDENTITIES["browser"]
    ua = identity.user_agent if key != "crawlers" else _combined_ua(
        tuple(k for k in identities if k in CRAWLER_KEYS) or CRAWLER_KEYS)
    out = {"User-Agent": ua, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
           "Accept-Language": "zh-CN,zh;q=0.9"}
    if identity.referrer:
        out["Referer"] = BAIDU_REFERRER + quote(referer_words or "")
    return out


_UA_TEST = re.compile(r"navigator\s*\.\s*userAgent|navigator\[['\"]userAgent['\"]\]|\$_SERVER\[['\"]HTTP_USER_AGENT",
                      re.I)
_REFERRER = re.compile(r"document\s*\.\s*referrer|document\[['\"]referrer['\"]\]", re.I)
_CRAWLER_NAMES = re.compile(r"spider|bot\b|googlebot|bingbot|sogou|yisou|haosou|bytespider|slurp", re.I)
_ENGINES = re.compile(r"baidu|sogou|so\.com|360\.cn|google|bing|sm\.cn|soso|youdao|haosou|toutiao", re.I)


def script_signals(script: str) -> list[str]:
    """Why a script makes a page worth fetching as every identity (Chinese; empty: no reason): it
    tests the visitor's user agent for crawler names, or the referrer for search engines."""
    out = []
    if _UA_TEST.search(script) and _CRAWLER_NAMES.search(script):
        out.append("脚本按访问者的 User-Agent 判断是否为搜索引擎爬虫")
    if _REFERRER.search(script) and _ENGINES.search(script):
        out.append("脚本按来源（Referer）判断是否从搜索引擎进入")
    return out


def _in_sample(url: str, day: str, share: float) -> bool:
    digest = hashlib.sha256(f"{day}\x1f{url}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2 ** 32 < share


class Planner:
    """Which identities each page of one run is fetched as (see the module docstring).

    ``identities``: the configured identities (no browser); ``mode``: "signals" or "all"; ``sample``:
    pages per run fetched as every identity besides the homepage and columns; ``max_pages`` the crawl
    bound (the sample share is ``sample / max_pages``); ``escalations``: pages a sentinel's difference
    may raise to every identity."""

    def __init__(self, identities: tuple[str, ...] = DEFAULT_IDENTITIES, *, mode: str = "signals",
                 sample: int = 20, max_pages: int = 500, escalations: int = 10, day: str = "",
                 always: set[str] | None = None):
        self.identities = tuple(k for k in identities if k in IDENTITIES and k != "browser")
        self.mode = mode
        self.sample_left = max(0, sample)
        self.share = min(1.0, sample / max(1, max_pages))
        self.escalations_left = max(0, escalations)
        self.day = day
        self.always = set(always or ())
        self.reasons: dict[str, str] = {}          # URL → why it got every identity

    def sentinels(self) -> tuple[str, ...]:
        out = []
        if any(k in CRAWLER_KEYS for k in self.identities):
            out.append("crawlers")
        if "mobile" in self.identities or "search_referrer" in self.identities:
            out.append("mobile_search")
        return tuple(out)

    def first(self, url: str, signals: list[str]) -> tuple[str, ...]:
        """The identities to fetch ``url`` as right after its browser fetch."""
        reason = None
        if self.mode == "all":
            reason = "网站设置为每页使用全部访问身份"
        elif url in self.always:
            reason = "首页或登记的栏目页"
        elif signals:
            reason = "；".join(signals)
        elif self.sample_left and _in_sample(url, self.day, self.share):
            self.sample_left -= 1
            reason = "本次检查的抽样页面"
        if reason:
            self.reasons[url] = reason
            return self.identities
        return self.sentinels()

    def escalate(self, url: str, differing: list[str]) -> tuple[str, ...]:
        """After a sentinel saw a difference on ``url``: the identities still to fetch (empty when the
        escalation budget of this run is spent; the sentinel's finding then stands on its own)."""
        if not differing or url in self.reasons or not self.escalations_left:
            return ()
        self.escalations_left -= 1
        self.reasons[url] = "合并探测发现与浏览器不同"
        return self.identities
