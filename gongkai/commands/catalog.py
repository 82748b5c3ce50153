"""catalog import-site: bring an office's 信息公开 column from its old website into the catalog."""
from __future__ import annotations

import sys
from pathlib import Path

from . import CommandError, setup_django


def register(sub) -> None:
    p = sub.add_parser("catalog", help="the disclosure catalog (主动公开目录): import an old site's column")
    csub = p.add_subparsers(dest="catalog_command", metavar="ACTION")
    imp = csub.add_parser(
        "import-site", help="import the 信息公开 column at URL into the unit CODE (dry run first)",
        description="Crawl the column at URL (list and detail pages, through the outbound guard), read every "
                    "item and, with --dry-run, only report what would be imported, what could not be read, "
                    "duplicates, items already in the catalog and unmapped categories. Without --dry-run the "
                    "report of the last dry run of the same URL is confirmed and imported (one transaction per "
                    "item); an interrupted import is continued; with no dry run waiting, one is made first. "
                    "Exit status: 0 done, 1 some items failed, 2 usage error.")
    imp.add_argument("url", metavar="URL", help="the column's first list page")
    imp.add_argument("--unit", required=True, metavar="CODE", help="code of the unit that imports")
    imp.add_argument("--dry-run", action="store_true", help="only crawl and report; write nothing to the catalog")
    imp.add_argument("--since", type=int, metavar="YEAR", help="only items published in YEAR or later")
    imp.add_argument("--user", metavar="USERNAME",
                     help="the unit admin who imports (default: the unit's only active unit admin)")
    imp.add_argument("--report", metavar="FILE", help="also write the report as an .xlsx workbook")
    imp.add_argument("--max-pages", type=int, default=2000, metavar="N", help="pages fetched at most (default 2000)")
    imp.set_defaults(func=cmd_import_site)
    p.set_defaults(func=lambda args: p.print_help() or 2)


def _user(unit, username):
    from gongkai.units.models import Role, User

    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
    else:
        admins = list(User.objects.filter(unit=unit, role=Role.UNIT_ADMIN, is_active=True)[:2])
        if len(admins) != 1:
            raise CommandError(f"unit {unit.code} has {'no' if not admins else 'several'} unit admins; "
                               "name one with --user")
        user = admins[0]
    return user


def _print_report(run, out=None) -> None:
    from gongkai.siteimport.services import STATUS_LABELS

    out = out or sys.stdout            # looked up per call: a default bound at import keeps a stale stream

    for row in run.report["records"]:
        why = "；".join(row["reasons"] + row["notes"])
        print(f"{STATUS_LABELS[row['status']]}\t{row['index_number'] or '-'}\t{row['published_on'] or '-'}\t"
              f"{row['title'] or '-'}\t{row['url']}" + (f"\t{why}" if why else ""), file=out)
    for page in run.report["pages"]:
        print(f"{STATUS_LABELS['problem']}\t-\t-\t-\t{page['url']}\t{page['message']}", file=out)
    for u in run.report["unmapped"]:
        print(f"unmapped {u['field']}: {u['value']} ({u['count']} items)", file=out)


def cmd_import_site(args) -> int:
    if not args.url.lower().startswith(("http://", "https://")):
        raise CommandError(f"URL {args.url!r} must start with http:// or https://")
    if args.max_pages < 1:
        raise CommandError("--max-pages must be at least 1")
    report_path = Path(args.report) if args.report else None
    if report_path is not None and not report_path.parent.is_dir():
        raise CommandError(f"cannot write {report_path}: no such directory")
    setup_django()
    from gongkai.catalog.services import WorkflowError
    from gongkai.siteimport import services
    from gongkai.siteimport.models import ImportRun, RunState
    from gongkai.units.models import Unit

    unit = Unit.objects.filter(code__iexact=args.unit.strip()).first()
    if unit is None:
        raise CommandError(f"no unit with code {args.unit!r}")
    user = _user(unit, args.user)
    try:
        run = None
        if not args.dry_run:
            run = (ImportRun.objects.filter(unit=unit, start_url=args.url.strip(),
                                            state__in=[RunState.CHECKED, RunState.RUNNING])
                   .order_by("-state", "-created_at").first())   # "running" first: continue it
        if run is None:
            run = services.dry_run(user, unit, start_url=args.url, since=args.since, max_pages=args.max_pages)
        if not args.dry_run:
            run = services.run_import(user, run)
    except WorkflowError as exc:
        raise CommandError(str(exc)) from None
    _print_report(run)
    if report_path is not None:
        report_path.write_bytes(services.report_xlsx(run))
    counts = run.report["counts"]
    summary = (f"{counts['import']} to import, {counts['problem']} unreadable, {counts['duplicate']} duplicates, "
               f"{counts['exists']} already in the catalog")
    if args.dry_run:
        print(f"{summary}; dry run {run.pk}, nothing imported")
        return 0
    done, failed = run.results.get("done", {}), run.results.get("failed", {})
    for url, message in failed.items():
        print(f"failed\t{url}\t{message}", file=sys.stderr)
    print(f"{summary}; imported {len(done)} into {unit.code}" + (f", {len(failed)} failed" if failed else ""))
    return 1 if failed else 0
