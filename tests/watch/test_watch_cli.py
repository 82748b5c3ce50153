"""``gongkai watch URL``: one crawl, every check, a summary, ``--json``; exit 1 on a high finding,
0 on a clean site, 2 on usage errors; ``--external skip`` never contacts another host."""
import json
import subprocess
import sys

import pytest

from gongkai.cli import main
from gongkai.domain.watch.config import ColumnSpec, SiteConfig
from gongkai.watch.run import run_watch
from tests.watch.localsite import Route, Site, html, page, redirect

TODAY = "2026-11-20"
GBK_TEXT = "关于做好冬季安全生产工作的通知"


def problem_site(ext_base: str) -> dict:
    return {
        "/": page(html("示范县人民政府", f"""
            <ul class="news">
              <li><a href="/a.html">县政府召开常务会议</a><span>2026-11-18</span></li>
              <li><a href="/gbk.html">{GBK_TEXT}</a><span>2026-11-17</span></li>
              <li><a href="/loop1">专题专栏</a><span>2026-11-16</span></li>
              <li><a href="/slow.html">办事指南</a><span>2026-11-15</span></li>
            </ul>
            <a href="{ext_base}/dead">友情链接：旧版网站</a>
            <div style="display:none"><a href="{ext_base}/casino">澳门赌场 网上赌博 百家乐</a></div>""")),
        "/a.html": page(html("县政府召开常务会议", '<p>会议研究了有关工作。</p><a href="/missing.html">会议附件</a>')),
        "/gbk.html": page(f"<html><head><meta charset='gbk'><title>{GBK_TEXT}</title></head><body>"
                          f"<p>各乡镇：{GBK_TEXT}。</p></body></html>", charset="gbk", content_type="text/html"),
        "/loop1": redirect("/loop2"),
        "/loop2": redirect("/loop1"),
        "/slow.html": page(html("办事指南", "x"), delay=1.5),
    }


def clean_site() -> dict:
    return {
        "/": page(html("示范县人民政府", """
            <ul><li><a href="/a.html">县政府召开常务会议</a><span>2026-11-18</span></li></ul>""")),
        "/a.html": page(html("县政府召开常务会议", "<p>会议研究了有关工作。</p>")),
    }


def watch(capsys, *args):
    status = main(["watch", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def test_watch_finds_the_problems_and_writes_json(tmp_path, capsys):
    report = tmp_path / "findings.json"
    with Site({"/dead": page("gone", status=404)}, host="localhost") as ext, Site(problem_site(ext.base)) as site:
        status, out, err = watch(capsys, site.url("/"), "--timeout", "0.5", "--rps", "100",
                                 "--today", TODAY, "--json", report)
    assert status == 1
    data = json.loads(report.read_text(encoding="utf-8"))
    assert set(data) == {"site", "pages_crawled", "started", "finished", "findings", "assets",
                         "third_party_scripts", "identity_requests", "identity_pages", "changes"}
    assert data["site"] == site.url("/") and data["pages_crawled"] == 6
    found = {(f["kind"], f["url"].replace(site.base, "").replace(ext.base, "EXT")): f for f in data["findings"]}

    broken = found[("broken_internal", "/missing.html")]
    assert broken["category"] == "links" and broken["referrer"] == site.url("/a.html")
    assert "404" in broken["evidence"] and "会议附件" in broken["evidence"]
    external = found[("broken_external", "EXT/dead")]
    assert external["referrer"] == site.url("/") and "旧版网站" in external["evidence"]
    assert found[("redirect_loop", "/loop1")]["referrer"] == site.url("/")
    slow = found[("broken_internal", "/slow.html")]
    assert "超时" in slow["evidence"] and slow["severity"] == "high"          # on the homepage
    assert any(k == "hidden_link" and f["severity"] == "high" for (k, _), f in found.items())
    for f in data["findings"]:
        assert set(f) >= {"url", "category", "kind", "severity", "evidence", "referrer"}
        assert f["severity"] in ("high", "medium", "low")
    # the GBK page decoded right: no wording/spam noise from mojibake, and nothing about it at all
    assert not [f for f in data["findings"] if f["url"].endswith("/gbk.html")]
    # each external URL once, a HEAD error confirmed by GET
    assert sorted((p, m) for m, p, _ in ext.requests) == [("/casino", "GET"), ("/casino", "HEAD"),
                                                          ("/dead", "GET"), ("/dead", "HEAD")]

    assert "6 pages crawled" in out and "high:" in out and "links" in out
    assert "hidden_link" in out
    assert err == ""                                                 # no progress bar when not a terminal


def test_external_skip_contacts_no_other_host(tmp_path, capsys):
    with Site({"/dead": page("gone", status=404)}, host="localhost") as ext, Site(problem_site(ext.base)) as site:
        status, out, _ = watch(capsys, site.url("/"), "--timeout", "0.5", "--external", "skip",
                               "--today", TODAY, "--json", tmp_path / "f.json")
    assert ext.requests == []
    kinds = {f["kind"] for f in json.loads((tmp_path / "f.json").read_text())["findings"]}
    assert "broken_external" not in kinds and "broken_internal" in kinds


def test_clean_site_exits_0(capsys):
    with Site(clean_site()) as site:
        status, out, _ = watch(capsys, site.url("/"), "--today", TODAY, "--rps", "50")
    assert status == 0, out
    assert "2 pages crawled" in out and "0 findings" in out


def test_max_pages_and_depth_options(capsys):
    routes = {f"/p{i}.html": page(html(f"p{i}", f'<a href="/p{i + 1}.html">下一页</a>')) for i in range(10)}
    with Site(routes) as site:
        watch(capsys, site.url("/p0.html"), "--depth", "2", "--today", TODAY, "--rps", "50")
        assert sorted(site.hits) == ["/p0.html", "/p1.html", "/p2.html"]
    with Site(routes) as site:
        _, out, _ = watch(capsys, site.url("/p0.html"), "--max-pages", "4", "--concurrency", "1",
                          "--today", TODAY, "--rps", "50")
        assert "4 pages crawled" in out and len(site.hits) == 4


@pytest.mark.parametrize("args", [
    ["ftp://example.gov.cn/"], ["www.example.gov.cn"], ["http://127.0.0.1:9/", "--max-pages", "0"],
    ["http://127.0.0.1:9/", "--external", "maybe"], ["http://127.0.0.1:9/", "--rps", "0"],
    ["http://127.0.0.1:9/", "--today", "2026-13-01"],
    ["http://127.0.0.1:9/", "--scope", "http://other.example/zwgk/"],
])
def test_usage_errors_exit_2(args, capsys):
    try:
        status = main(["watch", *args])
    except SystemExit as exc:
        status = exc.code
    assert status == 2
    assert capsys.readouterr().err


def test_json_into_a_missing_directory_is_a_usage_error(tmp_path, capsys):
    status, _, err = watch(capsys, "http://127.0.0.1:9/", "--json", tmp_path / "no" / "f.json")
    assert status == 2 and "cannot write" in err


def test_unreachable_homepage_is_high(capsys):
    with Site({}) as dead:
        url = dead.url("/")
    status, out, _ = watch(capsys, url, "--today", TODAY)
    assert status == 1 and "availability/unreachable" in out


def test_run_watch_checks_columns_tamper_and_attachments_privacy():
    routes = {
        "/": page(html("首页", '<ul><li><a href="/tzgg/">通知公告</a><span>2026-11-19</span></li>'
                              '<li><a href="/zcwj/">政策文件</a><span>2026-11-19</span></li>'
                              '<li><a href="/doc.html">公告</a><span>2026-11-19</span></li></ul>')),
        "/tzgg/": page(html("通知公告", '<ul><li><a href="/doc.html">公告</a><span>2025-01-02</span></li></ul>')),
        "/doc.html": page(html("公告", "<p>经研究决定，澳门赌场上线，对以下事项予以公告。</p>")),
    }
    with Site(routes) as site:
        config = SiteConfig(
            start_urls=[site.url("/")], today=TODAY, requests_per_second=0, timeout=2,
            columns=[ColumnSpec("通知公告", site.url("/tzgg/"), "notice"),
                     ColumnSpec("政策文件", site.url("/zcwj/"), "policy")],
            approved_texts={site.url("/doc.html"): "经研究决定，对以下事项予以公告。"})
        progress = []
        result = run_watch(config, on_progress=lambda done, queued: progress.append(done))
    kinds = {(f.kind, f.url.replace(site.base, "")) for f in result.findings}
    assert ("column_stale", site.url("/tzgg/").replace(site.base, "")) in kinds
    assert ("column_blank", "/zcwj/") in kinds
    assert ("broken_internal", "/zcwj/") in kinds             # the homepage links to the missing column
    assert ("text_changed", "/doc.html") in kinds
    assert progress and progress[-1] == len(site.hits) == 4           # one step per distinct URL
    assert len({f.key() for f in result.findings}) == len(result.findings)


def test_watch_help_does_not_load_django():
    code = ("import sys\nfrom gongkai.cli import main\ntry:\n    main(['watch', '--help'])\n"
            "except SystemExit:\n    pass\nassert 'django' not in sys.modules\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "--external" in done.stdout


def test_redirects_off_the_site_found_without_contacting_the_foreign_host():
    def by_referrer(headers, n):
        if "baidu.com" in headers.get("Referer", ""):       # only visitors coming from a search engine
            return redirect(ext.url("/casino"))
        return page(html("首页", '<ul><li><a href="/jump.html">专题</a><span>2026-11-19</span></li></ul>'))

    with Site({}, host="localhost") as ext:
        with Site({"/": Route(vary=by_referrer), "/jump.html": redirect(ext.url("/bet"))}) as site:
            config = SiteConfig(start_urls=[site.url("/")], today=TODAY, requests_per_second=0, timeout=2,
                                external="skip")
            result = run_watch(config)
    assert ext.requests == []
    found = {(f.kind, f.url.replace(site.base, ""), f.profile) for f in result.findings}
    assert ("foreign_redirect", "/", "search_referrer") in found
    assert ("foreign_redirect", "/jump.html", "browser") in found
