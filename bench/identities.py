"""Cost and recall of the visitor-identity plan (docs/watch.md “多身份访问”) on a local site.

    .venv/bin/python bench/identities.py [--pages N]

Serves a site of N article pages on 127.0.0.1 (tests/watch/localsite.py) where some pages cloak for one
identity each — server-side, by user agent or referrer, as a hacked Global.asa or nginx map does — and one
site script that tests the referrer; crawls it with the default plan ("signals": browser + two sentinels,
every identity on the homepage, the sample and pages with a signal or a sentinel difference) and with
every identity on every page ("all"), and prints requests per page, their ratio and found/missed."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GONGKAI_OUTBOUND_INTERNAL_HOSTS", "127.0.0.1:*")

REFERRER = "referrer"   # the page cloaks for visitors from Baidu, not for a user agent
SPAM = '<a href="http://www.am-js888.com/">澳门金沙娱乐场 真人视讯 开户送彩金</a>'
# page number → the user-agent token (or "referrer") that page cloaks for
TARGETS = {7: "360Spider", 19: "Sogou web spider", 33: "Bytespider", 48: "YisouSpider", 61: "bingbot",
           77: "Googlebot", 90: "Mobile", 104: REFERRER, 118: "Baiduspider", 131: "HaosouSpider"}


def routes(n: int) -> dict:
    from tests.watch.localsite import Route, html, page

    links = "".join(f'<li><a href="/p{i}.html">第{i}篇</a><span>2026-11-19</span></li>' for i in range(n))
    out = {"/": page(html("青山县人民政府", f"<ul>{links}</ul>"))}
    for i in range(n):
        body = f"<p>第{i}篇正文：各乡镇人民政府，现将有关事项通知如下。</p>"
        token = TARGETS.get(i)  # a user-agent token, not a secret
        if token is None:
            out[f"/p{i}.html"] = page(html(f"第{i}篇", body))
            continue

        def vary(headers, hit, token=token, body=body, i=i):
            seen = ("baidu.com" in headers.get("Referer", "") if token == REFERRER
                    else token.lower() in headers.get("User-Agent", "").lower())
            return page(html(f"第{i}篇", body + (SPAM if seen else "")))
        out[f"/p{i}.html"] = Route(vary=vary)
    return out


def run(n: int, mode: str):
    from gongkai.domain.watch.config import SiteConfig
    from gongkai.watch.run import run_watch
    from tests.watch.localsite import Site

    with Site(routes(n)) as site:
        config = SiteConfig(start_urls=[site.url("/")], homepage=site.url("/"), today="2026-11-20",
                            requests_per_second=0, timeout=5, external="skip", max_pages=n + 1,
                            identity_mode=mode, concurrency=8)
        started = time.perf_counter()
        result = run_watch(config)
        wall = time.perf_counter() - started
    cloaked = {site.url(f"/p{i}.html") for i in TARGETS}
    found = {f.url for f in result.findings if f.kind == "cloaking"}
    return result, wall, len(cloaked & found), len(cloaked - found), len(found - cloaked)


def main(argv: list[str]) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from gongkai import environment

    environment.prepare_data_dir()  # as a gongkai command does (settings write nothing)
    django.setup()
    from django.conf import settings
    settings.OUTBOUND_INTERNAL_HOSTS = ["127.0.0.1:*"]
    n = int(argv[argv.index("--pages") + 1]) if "--pages" in argv else 300
    rows = {}
    for mode in ("signals", "all"):
        result, wall, found, missed, false = run(n, mode)
        per_page = result.requests / result.pages_crawled
        rows[mode] = per_page
        print(f"{mode:8} {result.pages_crawled} pages, {result.requests} requests ({per_page:.2f} per page), "
              f"{len(result.identity_reasons)} pages as every identity, {wall:.1f} s; "
              f"cloaked pages found {found}, missed {missed}, false {false}")
    print(f"ratio signals/all: {rows['signals'] / rows['all']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
