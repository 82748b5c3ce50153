"""Precision and recall over the real-material corpus (tests/realdata, sources in its SOURCES.md).

    .venv/bin/python bench/realcorpus.py [--pdf]

Watchdog: each page of tests/realdata/watch/expected.json checked as a browser would get it;
found / missed for the compromised pages, false alarms for the clean ones (any finding at all).
Auditor: each report of tests/realdata/reports/expected.json read and every expected cell compared;
exact cells / total (the excerpt counts only the rows it prints); then the real reports as Word
documents and Word-made PDFs of tests/realdata/reports/word (their expected.json), with the numbers each
reports as not read into a cell (expected / reported). ``--pdf`` also prints the
Shanghai report to a narrow PDF (weasyprint) and reads that back (about 6 s)."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# run as a script, bench/ is first on the path and bench/province.py would stand for the standard library's
# platform module (imported by uuid, hence Django): the repository root takes its place
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
DATA = ROOT / "tests" / "realdata"
URL = "http://127.0.0.1:8000/page.html"


def watchdog() -> tuple[int, int, int, int]:
    from gongkai.domain.watch import spam
    from gongkai.domain.watch.integrity import check_page
    from gongkai.domain.watch.page import FetchedPage

    spam.prepare()
    expected = json.loads((DATA / "watch" / "expected.json").read_text(encoding="utf-8"))
    found = missed = false = clean = 0
    for name, spec in sorted(expected.items()):
        html = (DATA / "watch" / name).read_text(encoding="utf-8")
        page = FetchedPage(URL, final_url=URL, status=200, content_type="text/html", text=html)
        kinds = sorted({f.kind for f in check_page({"browser": page}, set(), {"127.0.0.1"})})
        if spec["compromised"]:
            hit = bool(set(kinds) & set(spec["kinds"]))
            found, missed = found + hit, missed + (not hit)
            verdict = "found" if hit else "MISSED"
        else:
            clean += 1
            false += bool(kinds)
            verdict = "FALSE ALARM" if kinds else "clean"
        print(f"  {verdict:12} {name:40} {', '.join(kinds) or '-'}")
    return found, missed, false, clean


def _site_cases():
    """Served cases (same-site scripts and visitor identities), from the patterns of
    tests/realdata/SOURCES.md “scripts and identities”: (name, routes, compromised, kinds)."""
    import django as dj
    from tests.watch.localsite import Route, html, page

    jquery = (Path(dj.__file__).parent / "contrib/admin/static/admin/js/vendor/jquery/jquery.min.js").read_bytes()
    tail = ('\n;document.writeln("<div style=\\"position:absolute;left:-9999px\\">");'
            'document.writeln("<a href=\\"http://www.am-js888.com/\\">澳门金沙娱乐场</a>");'
            'document.writeln("</div>");').encode()
    referrer_js = (b"var r=document.referrer;if(r.indexOf('baidu')>-1||r.indexOf('sogou')>-1)"
                   b"{window.location.href='http://www.xpj-888.com/';}")

    def js(body):
        return Route(body, headers={"Content-Type": "application/javascript"})

    home = html("青山县人民政府", "<p>欢迎访问</p>", head='<script src="/js/jquery.min.js"></script>')

    def cloak(token, spam=True):
        def vary(headers, n):
            seen = token.lower() in headers.get("User-Agent", "").lower()
            extra = '<a href="http://www.am-js888.com/">澳门金沙娱乐场 真人视讯 开户送彩金</a>' if seen and spam else ""
            title = "青山县政府（手机版）" if seen and not spam else "青山县人民政府"
            return page(html(title, "<p>欢迎访问青山县人民政府门户网站</p>" + extra))
        return Route(vary=vary)

    cases = [("jquery_spam_tail", {"/": page(home), "/js/jquery.min.js": js(jquery + tail)}, True, {"hidden_link"}),
             ("jquery_clean", {"/": page(home), "/js/jquery.min.js": js(jquery)}, False, set()),
             ("referrer_keyed_site_script", {"/": page(html("首页", "<p>首页</p>", head='<script src="/js/c.js"></script>')),
                                             "/js/c.js": js(referrer_js)}, True, {"foreign_redirect"}),
             ("mobile_variant", {"/": cloak("Mobile", spam=False)}, False, set())]
    for token in ("360Spider", "Sogou web spider", "Bytespider", "YisouSpider", "bingbot", "Googlebot", "Mobile"):
        cases.append((f"cloak_{token.split()[0].lower()}", {"/": cloak(token)}, True, {"cloaking"}))
    return cases


def served() -> tuple[int, int, int, int]:
    from gongkai.domain.watch.config import SiteConfig
    from gongkai.watch.run import run_watch
    from tests.watch.localsite import Site
    from django.conf import settings

    settings.OUTBOUND_INTERNAL_HOSTS = ["127.0.0.1:*"]
    found = missed = false = clean = 0
    for name, routes, compromised, expected in _site_cases():
        with Site(routes) as site:
            result = run_watch(SiteConfig(start_urls=[site.url("/")], homepage=site.url("/"), today="2026-11-20",
                                          requests_per_second=0, timeout=5, external="skip"))
        kinds = sorted({f.kind for f in result.findings if f.category in ("integrity", "tamper")})
        if compromised:
            hit = bool(set(kinds) & expected)
            found, missed = found + hit, missed + (not hit)
            verdict = "found" if hit else "MISSED"
        else:
            clean += 1
            false += bool(kinds)
            verdict = "FALSE ALARM" if kinds else "clean"
        print(f"  {verdict:12} {name:40} {', '.join(kinds) or '-'}")
    return found, missed, false, clean


def _word_cases() -> list[tuple[str, dict, list[str] | None]]:
    from gongkai.domain.annual_report.tables import REPORT_ROWS, REPORT_ROWS_2019

    expected = json.loads((DATA / "reports" / "word" / "expected.json").read_text(encoding="utf-8"))
    cases = []
    for stem, spec in expected.items():
        rows = spec.get("printed_rows")
        if rows is None:
            order = REPORT_ROWS_2019 if spec["format"] == "2019" else REPORT_ROWS
            end = spec["printed_rows_end"]
            rows = list(order[:order.index(end) + 1]) if end else []
        cases += [(f"{stem}.{ext}", spec, rows) for ext in ("docx", "pdf")]
    return cases


def _cells(result: dict, expected: dict, rows: list[str] | None) -> tuple[int, int]:
    exact = total = 0
    for table in ("proactive", "applications"):
        for key, cells in expected[table].items():
            if table == "applications" and rows is not None and key not in rows:
                continue
            if table == "proactive" and all(c is None for c in cells):
                continue                  # not printed in the excerpt
            got = result[table].get(key) or [None] * len(cells)
            total += len(cells)
            exact += sum(a == b for a, b in zip(got, cells))
    if expected.get("disputes") is not None:
        total += len(expected["disputes"])
        exact += sum(a == b for a, b in zip(result.get("disputes") or [], expected["disputes"]))
    return exact, total


def inspection(pdf: bool) -> tuple[int, int]:
    from gongkai.domain.annual_report.tables import REPORT_ROWS
    from gongkai.reports.inspection import inspect, read

    expected = json.loads((DATA / "reports" / "expected.json").read_text(encoding="utf-8"))
    cases = [(n, n, None) for n in expected]
    cases.append(("haidian_2021_excerpt_misspelt.txt", "haidian_2021_excerpt.txt", None))
    if pdf:
        import weasyprint
        html = (DATA / "reports" / "shanghai_bgt_2019.html").read_text(encoding="utf-8")
        css = ("<style>@page{size:120mm 400mm;margin:8mm} body{font-size:7pt} p:first-child{font-size:20pt}"
               "table{border-collapse:collapse;width:100%} td{border:0.5pt solid #000;font-size:5pt;padding:0}</style>")
        cases.append(("shanghai_bgt_2019.pdf", "shanghai_bgt_2019.html",
                      weasyprint.HTML(string=html.replace("</head>", css + "</head>").replace(
                          "<title>2019年上海市人民政府办公厅政府信息公开工作年度报告</title>", "")).write_pdf()))
    exact_all = total_all = 0
    for name, ref, data in cases:
        spec = expected[ref]
        end = spec.get("printed_rows_end")
        rows = list(REPORT_ROWS[:REPORT_ROWS.index(end) + 1]) if end else None
        result = inspect([read(name, data if data is not None else (DATA / "reports" / name).read_bytes())])[0]
        exact, total = _cells(result["tables"], spec["tables"], rows)
        meta = (result["format"], result["unit"], result["year"]) == (spec["format"], spec["unit"], spec["year"])
        print(f"  {name:40} cells {exact}/{total}  format/unit/year {'ok' if meta else 'WRONG'}"
              f"  ({result['format']}, {result['unit']}, {result['year']})")
        exact_all, total_all = exact_all + exact, total_all + total
    for name, spec, rows in _word_cases():
        result = inspect([read(name, (DATA / "reports" / "word" / name).read_bytes())])[0]
        exact, total = _cells(result["tables"], spec["tables"], rows)
        meta = (result["format"], result["unit"], result["year"]) == (spec["format"], spec["unit"], spec["year"])
        print(f"  {name:40} cells {exact}/{total}  format/unit/year {'ok' if meta else 'WRONG'}"
              f"  unplaced {len(result['unreadable'])}/{len(spec['unreadable'])}")
        exact_all, total_all = exact_all + exact, total_all + total
    return exact_all, total_all


def main(argv: list[str]) -> int:
    import django
    import os
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from gongkai import environment

    environment.prepare_data_dir()  # as a gongkai command does (settings create nothing)
    django.setup()
    started = time.perf_counter()
    print("watchdog (tests/realdata/watch):")
    found, missed, false, clean = watchdog()
    print("watchdog, served on 127.0.0.1 (same-site scripts, visitor identities):")
    f2, m2, x2, c2 = served()
    found, missed, false, clean = found + f2, missed + m2, false + x2, clean + c2
    print(f"watchdog: found {found}, missed {missed}, false {false} (of {clean} clean pages)")
    print("inspection (tests/realdata/reports):")
    exact, total = inspection("--pdf" in argv)
    print(f"inspection: exact cells {exact}/{total}")
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
