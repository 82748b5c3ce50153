"""Benchmark: annual reports (年度报告) — building every unit's report, the county roll-up, and
inspecting (审查) published report files.

    .venv/bin/python bench/reports.py                          # 2,000 units × 500, 1,000 files, both DBs
    .venv/bin/python bench/reports.py --units 200 --apps-per-unit 100 --inspect-files 100 --database sqlite

Generates (deterministic from --seed, with ``bulk_create``) one county with --units reporting
units under it (the county itself, townships, subdistricts and county departments; a village
under each township, which reports nothing), a clerk per unit, --apps-per-unit applications per
unit received over two years (decisions of every type, applicant types of every column, about 4 %
still open at the end of the reported year, a few fee notices), disputes (复议/诉讼, some pending),
catalog items of the genres 规章 and 行政规范性文件 (some repealed) and other published items with
statutory categories and channel records, and 业务数据 for a third of the units.

Timed, on SQLite and on PostgreSQL (each in its own process, Django settings are per process):

* build — ``gongkai.reports.services.build(clerk, unit, year)`` for every reporting unit, as the
  clerks would, one transaction each (audit entry included), then
  ``gongkai.reports.rollup.rollup(county, year)``;
* inspection — --inspect-files files rendered from the built reports by ``gongkai.reports.render``'s html, docx and pdf modules
  (the portal's print HTML, DOCX and PDF, a third each; rendering is not timed) and inspected as
  ``gongkai report inspect --json DIR`` does it: ``gongkai.commands.report.cmd_inspect`` itself, with
  its process pool. Every file must read back with the figures of the report it came from.

No peer is named in the issue, so the ratio printed is goal / measured (≥ 1 means the goal is met):
build of all reports and the roll-up < 60 s, inspection ≥ 20 reports/s.

Measured 2026-11-26 on the 2-core development machine while other test runs shared it (load
average 3–4), 2,000 units × 500 applications = 1,000,000 applications, 1,000 files:

    SQLite      build + roll-up 35.7 s (17.7 ms a report, 18 queries)  goal/actual 1.68  met
                inspect 23.9 reports/s                                    actual/goal 1.20  met
    PostgreSQL  build + roll-up 95.8 s (47.6 ms a report, 18 queries)  goal/actual 0.63  NOT met
                inspect 28.2 reports/s                                    actual/goal 1.41  met
    PostgreSQL, build only (--inspect-files 0, load average about 2):
                build + roll-up 57.9 s (28.7 ms a report)               goal/actual 1.04  met

Generating the records takes about 150 s per database and rendering the files 4–7 minutes
(WeasyPrint, about 0.5 s a PDF), so a full run of both takes about 20 minutes.

This is not part of the test suite (pytest collects only tests/).
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import pg_admin

ROOT = Path(__file__).resolve().parent.parent
PG_BENCH_DB = "gongkai_bench_reports"
BUILD_GOAL_S = 60.0
INSPECT_GOAL_PER_S = 20.0
KINDS = ("html", "docx", "pdf")

DEPARTMENTS = ["发展和改革局", "教育局", "民政局", "财政局", "人力资源和社会保障局", "自然资源局", "生态环境分局",
               "住房和城乡建设局", "交通运输局", "农业农村局", "水利局", "卫生健康局", "应急管理局",
               "市场监督管理局", "医疗保障局", "司法局", "统计局", "林业局"]
# (weight, decision code): most applications are granted, every row of table 三 occurs
DECISIONS = [(40, "granted"), (12, "partial"), (1, "withheld.1"), (1, "withheld.2"), (1, "withheld.3"),
             (2, "withheld.4"), (1, "withheld.5"), (1, "withheld.6"), (1, "withheld.7"), (1, "withheld.8"),
             (8, "unavailable.1"), (2, "unavailable.2"), (2, "unavailable.3"), (2, "not_processed.1"),
             (2, "not_processed.2"), (1, "not_processed.3"), (1, "not_processed.4"), (1, "not_processed.5"),
             (2, "other.1"), (1, "other.2"), (1, "other.3")]
APPLICANTS = [(70, "natural_person"), (12, "commercial"), (3, "research"), (3, "public_welfare"),
              (5, "legal_services"), (7, "other_org")]
DISPUTE_KINDS = ["reconsideration", "reconsideration", "litigation_direct", "litigation_after"]
OUTCOMES = ["upheld", "upheld", "corrected", "other", "pending"]


def _weighted(pairs):
    weights, values = zip(*pairs)
    return list(values), list(weights)


# ----------------------------------------------------------------------- data

def _generate(args, year: int) -> dict:
    """Write the records; returns counts and the county."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from gongkai.applications.models import Application, FeeNotice
    from gongkai.catalog.models import Category, ChannelPublication, Item, Scheme
    from gongkai.disputes.models import Dispute
    from gongkai.reports.models import YearlyFigures
    from gongkai.units.models import Role, Unit, UnitKind, User

    rng = random.Random(args.seed)
    decisions, decision_w = _weighted(DECISIONS)
    applicants, applicant_w = _weighted(APPLICANTS)
    county = Unit.objects.create(name="示范县人民政府", short_name="示范县", code="C0001", kind=UnitKind.COUNTY)
    children = []
    for i in range(1, args.units):
        r = i % 10
        if r in (0, 5):
            kind, name = UnitKind.TOWNSHIP, f"第{i}镇人民政府"
        elif r == 7:
            kind, name = UnitKind.SUBDISTRICT, f"第{i}街道办事处"
        else:
            kind, name = UnitKind.DEPARTMENT, f"示范县{DEPARTMENTS[i % len(DEPARTMENTS)]}第{i}分局"
        children.append(Unit(name=name, code=f"U{i:05d}", kind=kind, parent=county, sort_order=i))
    Unit.objects.bulk_create(children, batch_size=1000)
    children = list(Unit.objects.filter(parent=county).order_by("sort_order"))
    for unit in children:
        unit.path = f"{county.path}{unit.pk}/"
    Unit.objects.bulk_update(children, ["path"], batch_size=1000)
    villages = [Unit(name=f"{u.name[:-4]}第一村民委员会", code=f"V{u.code[1:]}", kind=UnitKind.VILLAGE, parent=u)
                for u in children if u.kind == UnitKind.TOWNSHIP]
    Unit.objects.bulk_create(villages, batch_size=1000)
    villages = list(Unit.objects.filter(kind=UnitKind.VILLAGE).select_related("parent"))
    for village in villages:
        village.path = f"{village.parent.path}{village.pk}/"
    Unit.objects.bulk_update(villages, ["path"], batch_size=1000)
    units = [county, *children]

    password = make_password("bench-pass-0001")
    User.objects.bulk_create([User(username=f"clerk{u.code}", password=password, unit=u, role=Role.CLERK,
                                   full_name="办事员") for u in units], batch_size=1000)

    genres = {c.name: c for c in Category.objects.filter(scheme=Scheme.GENRE)}
    regulation_genres = [genres["规章"], genres["行政规范性文件"]]
    other_genres = [g for name, g in genres.items() if name not in ("规章", "行政规范性文件")]
    statutory = list(Category.objects.filter(scheme=Scheme.STATUTORY).order_by("sort_order")[:12])
    author = User.objects.get(username="clerkC0001")
    first, last = dt.date(year - 1, 1, 1), dt.date(year, 12, 31)
    span = (last - first).days + 1
    counts = dict(units=len(units), villages=len(villages), applications=0, disputes=0, fees=0, items=0)
    through = Item.categories.through
    batch_units = max(1, 50_000 // max(1, args.apps_per_unit))
    for start in range(0, len(units), batch_units):
        group = units[start:start + batch_units]
        with transaction.atomic():
            apps = []
            for unit in group:
                for n in range(args.apps_per_unit):
                    received = first + dt.timedelta(days=rng.randrange(span))
                    answered = None
                    if rng.random() > 0.04:
                        answered = received + dt.timedelta(days=rng.randint(0, 40))
                    apps.append(Application(
                        unit=unit, number=f"{unit.code}-{received.year}-{n:05d}", query_code_hash="x",
                        submission_key=f"k{n}", channel="online", received_on=received,
                        applicant_type=rng.choices(applicants, applicant_w)[0], name="张三",
                        id_number="11010519491231002X", phone="13812345678", description="某文件",
                        info_form="paper", delivery="pickup", status="answered" if answered else "in_progress",
                        decision_type=rng.choices(decisions, decision_w)[0] if answered else "",
                        answered_on=answered))
            Application.objects.bulk_create(apps, batch_size=2000)
            disputes, fees = [], []
            for app in apps:
                x = rng.random()
                if app.answered_on and x < 0.01:
                    filed = app.answered_on + dt.timedelta(days=rng.randint(5, 60))
                    outcome = rng.choice(OUTCOMES)
                    closed = None if outcome == "pending" else filed + dt.timedelta(days=rng.randint(30, 200))
                    disputes.append(Dispute(application=app, unit_id=app.unit_id, kind=rng.choice(DISPUTE_KINDS),
                                            filed_on=filed, body="示范市人民政府", outcome=outcome, closed_on=closed))
                elif app.answered_on and x < 0.015:
                    issued = app.received_on + dt.timedelta(days=3)
                    paid = rng.random() < 0.7
                    fees.append(FeeNotice(application=app, basis="count", quantity=1, amount=100, issued_on=issued,
                                          received_on=issued, paid_on=issued + dt.timedelta(days=5) if paid else None,
                                          paid_amount=100 if paid else None))
            Dispute.objects.bulk_create(disputes, batch_size=2000)
            FeeNotice.objects.bulk_create(fees, batch_size=2000)
            counts["applications"] += len(apps)
            counts["disputes"] += len(disputes)
            counts["fees"] += len(fees)

            items, item_categories, figures = [], [], []
            for unit in group:
                for k in range(12):
                    written = first + dt.timedelta(days=rng.randrange(span - 10))
                    genre = regulation_genres[k % 2] if k < 6 else rng.choice(other_genres)
                    repealed = (written + dt.timedelta(days=rng.randint(30, 400))) if k < 6 and rng.random() < 0.3 \
                        else None
                    if repealed and repealed > last:
                        repealed = None
                    items.append(Item(
                        unit=unit, index_no=f"{unit.code}/{written.year}-{k + 1:05d}", title=f"{unit.name}文件{k + 1}",
                        doc_number=f"示发〔{written.year}〕{k + 1}号", publisher=unit.name, written_date=written,
                        published_date=written + dt.timedelta(days=3), genre=genre,
                        validity="repealed" if repealed else "effective", repealed_date=repealed,
                        status="published", created_by=author))
                if unit.pk % 3 == 0:
                    figures.append(YearlyFigures(unit=unit, year=year, licensing=rng.randint(0, 500),
                                                 punishment=rng.randint(0, 80), enforcement=rng.randint(0, 10),
                                                 fees_wan_yuan=rng.randint(0, 9999) / 100))
            Item.objects.bulk_create(items, batch_size=2000)
            for k, item in enumerate(items):
                if statutory and k % 12 >= 6:
                    item_categories.append(through(item_id=item.pk, category_id=statutory[k % len(statutory)].pk))
            through.objects.bulk_create(item_categories, batch_size=2000)
            ChannelPublication.objects.bulk_create(
                [ChannelPublication(item=item, channel=("website", "notice_board")[k % 2],
                                    published_on=item.published_date, recorded_by=author)
                 for k, item in enumerate(items) if k % 12 >= 6], batch_size=2000)
            YearlyFigures.objects.bulk_create(figures, batch_size=2000)
            counts["items"] += len(items)
    return dict(counts=counts, county_id=county.pk)


# ------------------------------------------------------------------- phases

def _render_one(job):
    """(report, kind, path): write the report's file; runs in a worker process (no database)."""
    from gongkai.reports.render.docx import docx_bytes
    from gongkai.reports.render.html import html_string
    from gongkai.reports.render.pdf import pdf_bytes

    report, kind, path = job
    if kind == "html":
        data = html_string(report, "reports/print.html").encode("utf-8")
    elif kind == "docx":
        data = docx_bytes(report)
    else:
        data = pdf_bytes(report)
    Path(path).write_bytes(data)
    return path


def _render_files(reports, count: int, folder: Path) -> dict:
    """Files named after their report's index, kinds in turn; rendered with all cores."""
    import multiprocessing

    from django.db import connections

    folder.mkdir(parents=True, exist_ok=True)
    jobs = []
    for i in range(count):
        report = reports[i % len(reports)]
        kind = KINDS[i % len(KINDS)]
        jobs.append((report, kind, str(folder / f"r{i:05d}-{report.unit.code}.{kind}")))
    connections.close_all()          # the workers are forked; they must not share a connection
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        paths = pool.map(_render_one, jobs, chunksize=4)
    return {path: report for path, (report, _, _) in zip(paths, jobs)}


def _same_figures(built: dict, read: dict) -> bool:
    """The read tables hold the built report's numbers (a blank read cell is 0)."""
    def norm(values):
        return [v or 0 for v in values]

    apps_built, apps_read = built["applications"], read.get("applications") or {}
    if any(norm(apps_built[row]) != norm(apps_read.get(row) or []) for row in apps_built):
        return False
    if norm(built["disputes"]) != norm(read.get("disputes") or []):
        return False
    proactive = read.get("proactive") or {}
    return all(norm(built["proactive"][row]) == norm(proactive.get(row) or [])
               for row in ("regulations", "normative_documents"))


_STARTED = time.perf_counter()


def _progress(text: str) -> None:
    print(f"  {time.perf_counter() - _STARTED:6.0f} s  {text}", file=sys.stderr, flush=True)


def _django_phase(args, workdir: Path) -> dict:
    import django

    from gongkai import environment

    environment.prepare_data_dir()  # as a gongkai command does (settings create nothing)
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from gongkai.reports import services
    from gongkai.reports.rollup import reporting_units, rollup
    from gongkai.units.models import Unit, User

    call_command("migrate", verbosity=0)
    year = timezone.localdate().year - 1
    started = time.perf_counter()
    _progress("generating records …")
    generated = _generate(args, year)
    load_s = time.perf_counter() - started
    county = Unit.objects.get(pk=generated["county_id"])
    clerks = {u.unit_id: u for u in User.objects.filter(username__startswith="clerk")}
    units = list(reporting_units(county))

    _progress(f"records written in {load_s:.0f} s; building {len(units):,} reports …")
    connection.close()      # a fresh connection, as a server process would have
    started = time.perf_counter()
    for unit in units:
        services.build(clerks[unit.pk], unit, year=year)
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    total = rollup(county, year)
    rollup_s = time.perf_counter() - started
    assert len(total.rows) == len(units) and all(row.source == "draft" for row in total.rows)
    errors = sum(1 for row in total.rows if row.errors)

    sample = units[len(units) // 2]
    with CaptureQueriesContext(connection) as queries:
        services.build(clerks[sample.pk], sample, year=year)
    queries_per_build = len(queries)

    result = dict(vendor=connection.vendor, year=year, counts=generated["counts"], load_s=load_s,
                  reports=len(units), build_s=build_s, rollup_s=rollup_s, rollup_failing=errors,
                  queries_per_build=queries_per_build)
    if args.inspect_files:
        result.update(_inspection_phase(args, workdir, year))
    return result


def _inspection_phase(args, workdir: Path, year: int) -> dict:
    from django.db import connection

    from gongkai.commands.report import cmd_inspect
    from gongkai.reports.models import AnnualReport

    reports = list(AnnualReport.objects.filter(year=year).select_related("unit").order_by("unit__path"))
    folder = workdir / f"inspect-{connection.vendor}"
    _progress(f"rendering {args.inspect_files} files …")
    started = time.perf_counter()
    files = _render_files(reports, args.inspect_files, folder)
    render_s = time.perf_counter() - started
    kinds = {kind: sum(1 for p in files if p.endswith(kind)) for kind in KINDS}

    _progress(f"rendered in {render_s:.0f} s; inspecting …")
    out = io.StringIO()
    started = time.perf_counter()
    with redirect_stdout(out):
        status = cmd_inspect(argparse.Namespace(paths=[str(folder)], json=True, previous=None))
    inspect_s = time.perf_counter() - started
    inspected = json.loads(out.getvalue())["reports"]
    mismatched = [r["path"] for r in inspected if not _same_figures(files[r["path"]].tables, r["tables"])]
    inspect_errors = sum(1 for r in inspected if any(f["severity"] == "error" for f in r["findings"]))
    return dict(render_s=render_s, files=len(files), kinds=kinds,
                inspect_s=inspect_s, inspected=len(inspected), inspect_status=status, inspect_errors=inspect_errors,
                mismatched=mismatched[:5], mismatched_n=len(mismatched))


# ----------------------------------------------------------------------- driver

def _child(args, env: dict) -> dict | None:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", "--units", str(args.units),
           "--apps-per-unit", str(args.apps_per_unit), "--inspect-files", str(args.inspect_files),
           "--seed", str(args.seed), "--workdir", env["BENCH_WORKDIR"]]
    proc = subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)   # progress on stderr
    if proc.returncode != 0:
        print(f"FAILED (exit status {proc.returncode})")
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _report(name: str, r: dict) -> None:
    c = r["counts"]
    built = r["build_s"] + r["rollup_s"]
    print(f"\n{name}: {c['units']:,} reporting units (+{c['villages']:,} villages), {c['applications']:,} "
          f"applications, {c['disputes']:,} disputes, {c['fees']:,} fee notices, {c['items']:,} catalog items "
          f"(generated in {r['load_s']:.1f} s); reports of {r['year']}")
    print(f"  build   {r['reports']:,} reports {r['build_s']:8.1f} s  ({1000 * r['build_s'] / r['reports']:.1f} ms "
          f"per report, {r['queries_per_build']} queries each)")
    print(f"  rollup  county           {r['rollup_s']:8.2f} s  ({r['rollup_failing']} units with rule errors)")
    print(f"  build + rollup           {built:8.1f} s  goal < {BUILD_GOAL_S:.0f} s: ratio goal/actual "
          f"{BUILD_GOAL_S / built:.2f}  {'met' if built < BUILD_GOAL_S else 'NOT met'}")
    if "inspected" not in r:
        print("  inspect skipped (--inspect-files 0)")
        return
    rate = r["inspected"] / r["inspect_s"] if r["inspect_s"] else 0.0
    kinds = ", ".join(f"{n} {k.upper()}" for k, n in r["kinds"].items())
    print(f"  inspect {r['inspected']:,} files ({kinds}; rendered in {r['render_s']:.1f} s, not timed)")
    print(f"          {r['inspect_s']:8.1f} s = {rate:.1f} reports/s  goal ≥ {INSPECT_GOAL_PER_S:.0f}/s: ratio "
          f"actual/goal {rate / INSPECT_GOAL_PER_S:.2f}  {'met' if rate >= INSPECT_GOAL_PER_S else 'NOT met'}")
    print(f"          exit status {r['inspect_status']}, {r['inspect_errors']} with error findings, "
          f"{r['mismatched_n']} read back with other figures than built {r['mismatched'] or ''}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000, help="reporting units, the county included")
    parser.add_argument("--apps-per-unit", type=int, default=500)
    parser.add_argument("--inspect-files", "--audit-files", dest="inspect_files", type=int, default=1000)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--keep", action="store_true", help="keep the temp dir and the PostgreSQL database")
    parser.add_argument("--phase", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        result = _django_phase(args, Path(args.workdir))
        print(json.dumps(result, default=str))
        return 0

    workdir = Path(tempfile.mkdtemp(prefix="gongkai-bench-reports-"))
    base_env = {**os.environ, "BENCH_WORKDIR": str(workdir), "DJANGO_SETTINGS_MODULE": "gongkai.settings",
                "GONGKAI_DATA_DIR": str(workdir / "data"), "GONGKAI_LOG_LEVEL": "WARNING",
                "SECRET_KEY": "bench-only-not-secret"}
    print(f"Annual reports: {args.units:,} units × {args.apps_per_unit} applications, {args.inspect_files} files "
          f"inspected; {os.cpu_count()} cores")
    try:
        if args.database in ("sqlite", "both"):
            print("SQLite …", flush=True)
            env = {**base_env, "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}"}
            if result := _child(args, env):
                _report("SQLite", result)
        if args.database in ("postgres", "both") and pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}") \
                and pg_admin(f"CREATE DATABASE {PG_BENCH_DB}"):
            print("PostgreSQL …", flush=True)
            env = {**base_env, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"}
            try:
                if result := _child(args, env):
                    _report("PostgreSQL", result)
            finally:
                if not args.keep:
                    pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
