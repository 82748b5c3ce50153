"""``gongkai watch`` between runs: a state file per site under the data dir, so the second run says
what is new, what is fixed and what is still open; an off-site stylesheet the site starts to reference
is a finding of that run; a page the run did not reach keeps its findings open (not "fixed");
an unreadable state file is reported and replaced, never a crash. (Not xdist-safe: CLI.)"""
import json
import os
from pathlib import Path

from gongkai.cli import main
from tests.watch.localsite import Site, html, page

TODAY = "2026-11-20"
DARK = '<div style="display:none"><a href="http://www.am-js888.com/">澳门赌场 网上赌博 百家乐</a></div>'


def home(extra: str = "", head: str = "") -> bytes:
    return page(html("示范县人民政府", '<ul><li><a href="/a.html">县政府召开常务会议</a><span>2026-11-18</span></li></ul>'
                     + extra, head=head))


def routes() -> dict:
    return {"/": home(DARK),
            "/a.html": page(html("县政府召开常务会议", '<p>会议研究了有关工作。</p><a href="/missing.html">会议附件</a>'))}


def run(capsys, site, tmp_path, *extra):
    report = tmp_path / "f.json"
    status = main(["watch", site.url("/"), "--external", "skip", "--rps", "100", "--today", TODAY,
                   "--json", str(report), *extra])
    out, _ = capsys.readouterr()
    return status, out, json.loads(report.read_text(encoding="utf-8"))


def kinds(items):
    return sorted(i["kind"] for i in items)


def test_the_second_run_reports_new_fixed_and_still_open(tmp_path, capsys):
    served = routes()
    with Site(served) as site:
        status, out, data = run(capsys, site, tmp_path)
        assert status == 1 and "first check of this site recorded in" in out
        assert data["changes"]["previous_check"] is None and data["changes"]["new"] == []
        state = Path(os.environ["GONGKAI_DATA_DIR"]) / "watch" / f"127.0.0.1_{site.port}.json"
        assert state.exists()
        saved = json.loads(state.read_text(encoding="utf-8"))
        first = {(e["kind"], e["url"]) for e in saved["open"]}
        assert ("hidden_link", site.url("/")) in first and ("broken_internal", site.url("/missing.html")) in first

        # the dark link is removed; an off-site stylesheet appears in the page head
        served["/"] = home(head='<link rel="stylesheet" href="http://cdn.bootcdm.cn/site.css">')
        status, out, data = run(capsys, site, tmp_path)
    changes = data["changes"]
    assert changes["previous_check"] == saved["finished"] == data["changes"]["previous_check"]
    still = next(e for e in json.loads(state.read_text(encoding="utf-8"))["open"] if e["kind"] == "broken_internal")
    assert still["first_seen"] == saved["finished"]             # first seen in the first run
    assert [(f["kind"], f["url"]) for f in changes["fixed"]] == [("hidden_link", site.url("/"))]
    assert kinds(changes["new"]) == ["injected_stylesheet", "third_party_added"]     # a look-alike of bootcdn.cn
    assert {f["url"] for f in changes["new"]} == {site.url("/"), "http://cdn.bootcdm.cn/site.css"}
    assert changes["still_open"] >= 1 and changes["not_rechecked"] == 0
    assert "2 new, 1 fixed" in out and "fixed  [high] [integrity/hidden_link]" in out
    assert "third_party_added" in out and "cdn.bootcdm.cn" in out
    added = [f for f in data["findings"] if f["kind"] == "third_party_added"]
    assert len(added) == 1 and added[0]["referrer"] == site.url("/")
    assert status == 1                       # the look-alike stylesheet is high


def test_a_page_the_run_did_not_reach_keeps_its_findings_open(tmp_path, capsys):
    with Site(routes()) as site:
        run(capsys, site, tmp_path)
        _, out, data = run(capsys, site, tmp_path, "--max-pages", "1")
        state = Path(os.environ["GONGKAI_DATA_DIR"]) / "watch" / f"127.0.0.1_{site.port}.json"
        open_now = {(e["kind"], e["url"]) for e in json.loads(state.read_text(encoding="utf-8"))["open"]}
    assert data["changes"]["fixed"] == [] and data["changes"]["not_rechecked"] >= 1
    assert "not rechecked" in out
    assert ("broken_internal", site.url("/missing.html")) in open_now


def test_no_state_and_an_unreadable_state_file(tmp_path, capsys):
    bad = tmp_path / "state.json"
    bad.write_text("{not json", encoding="utf-8")
    with Site(routes()) as site:
        status = main(["watch", site.url("/"), "--external", "skip", "--rps", "100", "--state", str(bad)])
        _, err = capsys.readouterr()
        assert status == 1 and "unreadable" in err
        assert json.loads(bad.read_text(encoding="utf-8"))["version"] == 1      # replaced by a good one
        _, out, data = run(capsys, site, tmp_path, "--no-state")
    assert "changes" not in data and "first check" not in out
    assert not (Path(os.environ["GONGKAI_DATA_DIR"]) / "watch").exists()
