"""Benchmark: the website watchdog (网站守护) against LinkChecker on the same generated site.

    .venv/bin/python bench/watch.py                   # 20,000 pages, then 5,000 for the memory line
    .venv/bin/python bench/watch.py --quick           # 2,000 pages, smoke run
    .venv/bin/python bench/watch.py --pages 5000 --concurrency 16

Generates a county portal (``bench/watch_site.py``: ~50 KB pages of government prose, 5 % GBK,
stale and blank columns, broken internal links, every injection technique and look-alike of
``tests/domain/watch/integrity_corpus.py``, personal data, wording errors, tampered articles),
serves it with nginx (Debian's package, ``scripts/sysdeps.sh bench``) started as our own process on
127.0.0.1 with a generated config (``daemon off``, access log off; a Baiduspider user agent and a
Baidu referrer are answered with the cloaked variants), then runs, each in its own process:

* gongkai — ``gongkai.watch.run.run_watch`` with the site's columns, approved texts and every
  check and fetch profile (browser, spider, search referrer: three requests per page),
  ``external="skip"``, no rate limit;
* LinkChecker (PyPI, GPL-2.0, run only as a separate program) — recursive, same thread count,
  external URLs syntax-checked only (``--ignore-url`` for every other host), no robots.txt,
  ``maxrequestspersecond`` raised so that it is not throttled (LinkChecker honours a rate above
  its default 10/s only from a server that answers with a ``LinkChecker`` header, so nginx sends
  one), ``--verbose`` CSV output so that the URLs it checked can be counted.

Prints pages/s of both (site pages ÷ wall time of the process) and the ratio (goal ≥ 3), peak RSS
of both processes, and gongkai's precision and recall per finding kind against the labels
(matched by URL path and kind; a finding on an unlabelled page is a false alarm). Nothing but
127.0.0.1 is ever contacted. Not part of the test suite (pytest collects only tests/).
Measured 2026-11-26 on the 2-core machine, 16 concurrent requests, one check worker: 20,000 pages —
gongkai 152 pages/s, LinkChecker 36 pages/s, ratio 4.16×; recall 100 %, no false alarm; gongkai's
peak RSS 78 MB at 5,000 pages and 91 MB at 20,000 (docs/decisions.md).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
GOAL_RATIO = 3.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not found:
        subprocess.run(["sh", str(ROOT / "scripts" / "sysdeps.sh"), "bench"], check=True)
        found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found


class Nginx:
    """Our own nginx process serving ``root`` on 127.0.0.1:<free port>."""

    def __init__(self, root: Path, work: Path, ref_redirects: dict[str, str]):
        self.port = _free_port()
        self.work = work
        redirects = "\n".join(f'    "/_ref{path}" "{target}";' for path, target in ref_redirects.items())
        temp = "".join(f"  {k}_temp_path {work}/{k};\n" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        user = "user root;\n" if os.geteuid() == 0 else ""
        (work / "nginx.conf").write_text(f"""daemon off;
{user}worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
{temp}  types {{ text/html html; image/png png; text/css css; application/javascript js; }}
  default_type application/octet-stream;
  sendfile on;
  keepalive_requests 1000000;
  map $http_user_agent $spider {{ default ""; "~*baiduspider" "/_spider"; }}
  map $http_referer $from_search {{ default ""; "~*baidu\\.com/s" "/_ref"; }}
  map "$from_search$uri" $ref_redirect {{
    default "";
{redirects}
  }}
  server {{
    listen 127.0.0.1:{self.port};
    root {root};
    index index.html;
    location ^~ /_spider/ {{ internal; }}
    location ^~ /_ref/ {{ internal; }}
    location / {{
      add_header LinkChecker bench;
      if ($ref_redirect) {{ return 302 $ref_redirect; }}
      try_files $spider$uri $from_search$uri $uri $uri/ =404;
    }}
  }}
}}
""")
        self.proc = subprocess.Popen([_nginx_binary(), "-p", str(work), "-c", str(work / "nginx.conf"),
                                      "-e", str(work / "error.log")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                if self.proc.poll() is not None:
                    raise SystemExit("nginx did not start: " + (work / "error.log").read_text(errors="replace")) from None
                time.sleep(0.05)
        raise SystemExit("nginx did not answer on 127.0.0.1")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _timed_process(cmd: list[str], **kw) -> tuple[int, float, int]:
    """(return code, wall seconds, peak RSS in KB) of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, **kw)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, time.perf_counter() - started, usage.ru_maxrss


# ----------------------------------------------------------------------- gongkai (child process)

def child(args) -> int:
    """Run one watch the way the product does, in this process; write the findings as JSON."""
    from gongkai.domain.watch.config import ColumnSpec, SiteConfig
    from gongkai.watch.run import run_watch
    from tests.domain.watch import integrity_corpus as corpus
    from bench.watch_site import INJECTION_HOST

    labels = json.loads(Path(args.labels).read_text(encoding="utf-8"))
    base = args.child_base
    config = SiteConfig(
        start_urls=[base + "/"], homepage=base + "/",
        columns=[ColumnSpec(c["name"], base + c["url"], c["klass"]) for c in labels["columns"]],
        allowed_domains=set(corpus.ALLOWED) | {INJECTION_HOST},
        max_pages=labels["pages"] + 100, max_depth=50, concurrency=args.concurrency,
        requests_per_second=1_000_000.0, external="skip",
        approved_texts={base + path: text for path, text in labels["approved"].items()},
        today=labels["today"], check_workers=args.workers)
    result = run_watch(config)
    Path(args.child_out).write_text(json.dumps({**result.as_json(), "requests": result.requests},
                                               ensure_ascii=False), encoding="utf-8")
    return 0


def run_gongkai(base: str, labels_file: Path, out: Path, concurrency: int, workers: int) -> dict:
    """gongkai in a child process; its peak RSS is that of its largest process (crawl or a check worker)."""
    code, wall, rss = _timed_process(
        [sys.executable, __file__, "--child-base", base, "--labels", str(labels_file),
         "--child-out", str(out), "--concurrency", str(concurrency), "--workers", str(workers)], cwd=ROOT)
    if code != 0:
        raise SystemExit(f"gongkai watch failed (exit {code})")
    data = json.loads(out.read_text(encoding="utf-8"))
    return {"wall": wall, "rss_kb": rss, "pages": data["pages_crawled"], "requests": data["requests"],
            "findings": data["findings"]}


def run_linkchecker(base: str, work: Path, concurrency: int) -> dict:
    exe = BIN / "linkchecker"
    if not exe.exists():
        raise SystemExit("LinkChecker is not installed: .venv/bin/pip install -e '.[bench]'")
    lc = work / "linkchecker"
    lc.mkdir(mode=0o777, exist_ok=True)
    os.chmod(lc, 0o777)                  # LinkChecker started as root drops to nobody
    rc = lc / "linkcheckerrc"
    rc.write_text("[checking]\nmaxrequestspersecond=1000000\n[filtering]\ncheckextern=0\n")
    csv = lc / "out.csv"
    port = urlsplit(base).port
    code, wall, rss = _timed_process(
        [str(exe), "-f", str(rc), "--no-status", "--no-warnings", "--no-robots", "--verbose", "--threads", str(concurrency),
         "--timeout", "15", "--ignore-url", rf"^(?!http://127\.0\.0\.1:{port}/)", "-o", "none",
         "-F", f"csv/utf_8/{csv}", base + "/"],
        cwd=lc, stdout=subprocess.DEVNULL, stderr=(lc / "stderr.txt").open("wb"))
    checked = 0
    if csv.exists():
        checked = sum(1 for line in csv.read_text(encoding="utf-8", errors="replace").splitlines()
                      if line and not line.startswith("#") and not line.startswith("urlname"))
    return {"wall": wall, "rss_kb": rss, "exit": code, "checked": checked}


# ----------------------------------------------------------------------- scoring

def score(findings: list[dict], labels: dict, base: str) -> tuple[dict, list, list]:
    expected = {(p, k) for p, k in labels["expected"]}
    found = set()
    for f in findings:
        parts = urlsplit(f["url"])
        path = parts.path or "/"
        if parts.netloc == urlsplit(base).netloc:
            found.add((path, f["kind"]))
        else:
            found.add((f["url"], f["kind"]))
    kinds = sorted({k for _, k in expected | found})
    table = {}
    for kind in kinds:
        e = {x for x in expected if x[1] == kind}
        g = {x for x in found if x[1] == kind}
        tp = len(e & g)
        table[kind] = {"expected": len(e), "found": len(g), "tp": tp,
                       "precision": tp / len(g) if g else 1.0, "recall": tp / len(e) if e else 1.0}
    misses = sorted(expected - found)
    false_alarms = sorted(found - expected)
    return table, misses, false_alarms


def one_size(pages: int, concurrency: int, work: Path, with_peer: bool, seed: int, workers: int) -> dict:
    from bench.watch_site import generate

    site = work / f"site{pages}"
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    started = time.perf_counter()
    labels = generate(site, pages, seed)
    os.chmod(work, 0o755)
    print(f"\n== {pages:,} pages ({labels['bytes'] / pages / 1024:.1f} KB each, generated in "
          f"{time.perf_counter() - started:.1f} s): {len(labels['expected'])} expected findings, "
          f"{len(labels['clean'])} look-alike pages ==", flush=True)
    nginx_dir = work / f"nginx{pages}"
    nginx_dir.mkdir()
    nginx = Nginx(site, nginx_dir, labels["ref_redirects"])
    try:
        g = run_gongkai(nginx.base, site / "labels.json", work / f"gongkai{pages}.json", concurrency, workers)
        lc = run_linkchecker(nginx.base, work, concurrency) if with_peer else None
    finally:
        nginx.stop()
    table, misses, false_alarms = score(g["findings"], labels, nginx.base)
    g_rate = pages / g["wall"]
    print(f"gongkai watch  : {g['pages']:,} URLs ({g['requests']:,} requests, 3 profiles) in {g['wall']:.1f} s "
          f"= {g_rate:.0f} pages/s, peak RSS {g['rss_kb'] / 1024:.0f} MB", flush=True)
    out = {"pages": pages, "gongkai_pages_s": g_rate, "gongkai_rss_mb": g["rss_kb"] / 1024,
           "gongkai_pages": g["pages"], "table": table, "misses": misses, "false_alarms": false_alarms}
    if lc:
        lc_rate = pages / lc["wall"]
        print(f"LinkChecker    : {lc['checked']:,} URLs checked in {lc['wall']:.1f} s = {lc_rate:.0f} pages/s, "
              f"peak RSS {lc['rss_kb'] / 1024:.0f} MB (exit {lc['exit']})")
        print(f"ratio          : {g_rate / lc_rate:.2f}× (goal ≥ {GOAL_RATIO:.0f}×)")
        out.update(lc_pages_s=lc_rate, lc_rss_mb=lc["rss_kb"] / 1024, ratio=g_rate / lc_rate)
    print(f"\n  {'kind':<20}{'expected':>9}{'found':>7}{'correct':>8}{'precision':>10}{'recall':>8}")
    for kind, row in table.items():
        print(f"  {kind:<20}{row['expected']:>9}{row['found']:>7}{row['tp']:>8}"
              f"{row['precision']:>10.0%}{row['recall']:>8.0%}")
    techniques = labels["techniques"]
    for title, rows in (("missed", misses), ("false alarms", false_alarms)):
        if rows:
            print(f"  {title} ({len(rows)}):")
            for path, kind in rows[:40]:
                print(f"    {kind:<18} {path}  [{techniques.get(path, 'unlabelled page')}]")
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pages", type=int, default=20000)
    p.add_argument("--memory-pages", type=int, default=5000,
                   help="second, smaller site for the memory line (0: skip)")
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--workers", type=int, default=max((os.cpu_count() or 1) - 1, 0),
                   help="gongkai's check processes beside the crawl (default: cores − 1, as the CLI)")
    p.add_argument("--quick", action="store_true", help="2,000 pages, no memory run")
    p.add_argument("--seed", type=int, default=5)
    p.add_argument("--keep", action="store_true", help="keep the generated site and outputs")
    p.add_argument("--child-base", help=argparse.SUPPRESS)
    p.add_argument("--child-out", help=argparse.SUPPRESS)
    p.add_argument("--labels", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child_base:
        return child(args)
    sizes = [2000] if args.quick else [args.pages] + ([args.memory_pages] if args.memory_pages else [])
    work = Path(tempfile.mkdtemp(prefix="gongkai-bench-watch-"))
    results = []
    try:
        for i, n in enumerate(sizes):
            results.append(one_size(n, args.concurrency, work, with_peer=(i == 0), seed=args.seed, workers=args.workers))
    finally:
        if args.keep:
            print(f"\nkept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    first = results[0]
    print("\n== summary ==")
    if "ratio" in first:
        print(f"pages/s: gongkai {first['gongkai_pages_s']:.0f}, LinkChecker {first['lc_pages_s']:.0f}, "
              f"ratio {first['ratio']:.2f}× (goal ≥ {GOAL_RATIO:.0f}×)")
    for r in sorted(results, key=lambda r: r["pages"]):
        print(f"gongkai peak RSS at {r['pages']:,} pages: {r['gongkai_rss_mb']:.0f} MB")
    ok = all(not r["misses"] and not r["false_alarms"] for r in results)
    print("detection: recall 100 %, no false alarm" if ok else "detection: misses or false alarms (above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
