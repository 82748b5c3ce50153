"""watch: crawl a website once and run every watchdog check (网站守护), without the database; a state
file per site (under the data dir) makes each run report what is new, still open and fixed since the last."""
from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from gongkai import environment

from . import CommandError

SEVERITY_ORDER = ("high", "medium", "low")


def _positive_int(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _non_negative_int(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
    return value


def _positive_float(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0: {text!r}")
    return value


def register(sub) -> None:
    p = sub.add_parser(
        "watch", help="website watchdog: crawl a site and report broken links, spam, stale columns …",
        description="Crawl the site at URL (its host is the scope) politely and run every check: "
                    "availability, broken links, injected spam and hidden links, redirects, cloaking, "
                    "freshness of the homepage, personal data, serious wording errors. Prints a summary "
                    "(with a progress bar when stderr is a terminal). Exit status: 0 no high-severity "
                    "finding, 1 at least one, 2 usage error.")
    p.add_argument("url", metavar="URL", help="start URL (http or https); also the homepage")
    p.add_argument("--max-pages", type=_positive_int, default=500, metavar="N",
                   help="crawl at most N pages of the site (default 500)")
    p.add_argument("--concurrency", type=_positive_int, default=8, metavar="C",
                   help="requests at once (default 8)")
    p.add_argument("--external", choices=("check", "skip"), default="check",
                   help="check each external link once, or never contact another host (default check)")
    p.add_argument("--json", metavar="FILE", help="write the findings as JSON to FILE ('-' for stdout)")
    p.add_argument("--depth", type=_non_negative_int, default=6, metavar="D",
                   help="follow links at most D steps from URL (default 6)")
    p.add_argument("--rps", type=_positive_float, default=10.0, metavar="R",
                   help="requests per second per host (default 10)")
    p.add_argument("--timeout", type=_positive_float, default=15.0, metavar="S",
                   help="seconds per request, body included; a request this slow counts as failed "
                        "(default 15, the national rule)")
    p.add_argument("--attachments", action="store_true",
                   help="download attachments (PDF, Word, Excel) and scan them for personal data")
    p.add_argument("--allow", action="append", default=[], metavar="DOMAIN",
                   help="an outbound domain the site may link to (repeatable)")
    p.add_argument("--scope", action="append", default=[], metavar="PREFIX",
                   help="crawl only URLs starting with PREFIX (repeatable; default the whole host)")
    p.add_argument("--today", metavar="YYYY-MM-DD", help="date the freshness rules count from (default today)")
    p.add_argument("--workers", type=_non_negative_int, default=None, metavar="W",
                   help="processes that run the page checks beside the crawl (default: one per CPU core "
                        "beyond the first; 0 runs them in the crawl itself)")
    p.add_argument("--state", metavar="FILE",
                   help="state file compared with and updated by each run, so a run reports what is new, "
                        "still open and fixed since the last one (default: $GONGKAI_DATA_DIR/watch/HOST.json, "
                        "the data dir being ./var when unset)")
    p.add_argument("--no-state", action="store_true", help="neither read nor write a state file")
    p.set_defaults(func=cmd_watch)


MAX_STATE_BYTES = 50 * 1024 * 1024


def state_path(args) -> Path | None:
    """The state file of this site: --state, else one file per host (and port) under the data dir."""
    if args.no_state:
        return None
    if args.state:
        return Path(args.state)
    parts = urlsplit(args.url)
    name = (parts.hostname or "site") + (f"_{parts.port}" if parts.port else "")
    name = "".join(c if c.isalnum() or c in "._-" else "_" for c in name)
    data_dir = environment.data_dir()
    return data_dir / "watch" / f"{name}.json"


def _read_state(path: Path | None):
    if path is None or not path.exists():
        return None
    try:
        if path.stat().st_size > MAX_STATE_BYTES:
            raise ValueError("too large")
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"gongkai watch: state file {path} unreadable ({exc}); comparing with nothing", file=sys.stderr)
        return None


def _write_state(path: Path, state: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(state, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise CommandError(f"cannot write the state file {path}: {exc.strerror or exc}", status=2) from None


def print_changes(changes, path: Path, out=None) -> None:
    out = out or sys.stdout            # per call: a default bound at import keeps a stale stream
    if changes.previous_finished is None:
        print(f"first check of this site recorded in {path}; the next run reports what is new and what is fixed",
              file=out)
        return
    line = (f"since the check of {changes.previous_finished}: {len(changes.new)} new, {len(changes.fixed)} fixed, "
            f"{len(changes.still_open)} still open")
    if changes.not_rechecked:
        line += f", {len(changes.not_rechecked)} not rechecked (their pages were not reached)"
    print(line, file=out)
    for f in changes.new:
        print(f"  new    [{f.severity}] [{f.category}/{f.kind}] {f.url}: {f.evidence[:160]}", file=out)
    for e in changes.fixed:
        print(f"  fixed  [{e.get('severity')}] [{e.get('category')}/{e.get('kind')}] {e.get('url')}", file=out)


def _config(args):
    from gongkai.domain.watch.config import SiteConfig

    parts = urlsplit(args.url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CommandError(f"not an http(s) URL: {args.url!r}")
    for prefix in args.scope:
        if urlsplit(prefix).hostname != parts.hostname:
            raise CommandError(f"--scope {prefix!r} is not on the host of {args.url}")
    if args.today:
        import datetime as dt

        try:
            dt.date.fromisoformat(args.today)
        except ValueError:
            raise CommandError(f"--today must be a date YYYY-MM-DD, not {args.today!r}") from None
    return SiteConfig(start_urls=[args.url], homepage=args.url, scope_prefixes=list(args.scope),
                      allowed_domains={d.lower() for d in args.allow}, max_pages=args.max_pages,
                      max_depth=args.depth, concurrency=args.concurrency, requests_per_second=args.rps,
                      timeout=args.timeout, external=args.external, fetch_attachments=args.attachments,
                      today=args.today,
                      check_workers=args.workers if args.workers is not None else max((os.cpu_count() or 1) - 1, 0))


def print_summary(result, out=None) -> None:
    from gongkai.domain.watch.findings import CATEGORIES

    out = out or sys.stdout            # per call: a default bound at import keeps a stale stream
    seconds = (result.finished - result.started).total_seconds()
    print(f"{result.site}: {result.pages_crawled} pages crawled in {seconds:.1f} s, "
          f"{len(result.findings)} findings", file=out)
    counts = Counter((f.category, f.severity) for f in result.findings)
    if result.findings:
        print(f"  {'category':<14}" + "".join(f"{s:>8}" for s in SEVERITY_ORDER), file=out)
        for category in CATEGORIES:
            row = [counts[(category, s)] for s in SEVERITY_ORDER]
            if any(row):
                print(f"  {category:<14}" + "".join(f"{n:>8}" for n in row), file=out)
    high = [f for f in result.findings if f.severity == "high"]
    if high:
        print("high:", file=out)
        for f in high:
            where = f" (on {f.referrer})" if f.referrer else ""
            print(f"  [{f.category}/{f.kind}] {f.url}{where}: {f.evidence}", file=out)


def cmd_watch(args) -> int:
    config = _config(args)
    from gongkai.watch.run import run_watch

    bar = None
    progress = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=0, unit="req", file=sys.stderr, leave=False, dynamic_ncols=True)

        def progress(done: int, queued: int) -> None:
            bar.total = done + queued
            bar.n = done
            bar.refresh()
    if args.json and args.json != "-" and not Path(args.json).resolve().parent.is_dir():
        raise CommandError(f"cannot write {args.json}: no such directory")
    path = state_path(args)
    previous = _read_state(path)
    try:
        result = run_watch(config, on_progress=progress)
    finally:
        if bar is not None:
            bar.close()
    changes = None
    if path is not None:
        from gongkai.domain.watch.runstate import compare

        changes = compare(previous, result.site, result.finished, result.findings, result.checked_urls,
                          result.third_party_scripts)
        result.findings.extend(changes.third_party_added)
    out = sys.stderr if args.json == "-" else sys.stdout
    print_summary(result, out=out)
    if changes is not None and path is not None:
        print_changes(changes, path, out=out)
        _write_state(path, changes.state)
    if args.json:
        document = result.as_json()
        if changes is not None:
            document["changes"] = changes.as_json()
        text = json.dumps(document, ensure_ascii=False, indent=2)
        if args.json == "-":
            print(text)
        else:
            try:
                Path(args.json).write_text(text + "\n", encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"cannot write {args.json}: {exc.strerror or exc}", status=2) from None
    return 1 if result.has_high else 0
