"""applications import: bring an office's Excel ledger (台账) of applications into the platform."""
from __future__ import annotations

import sys
from pathlib import Path

from . import CommandError, setup_django


def register(sub) -> None:
    p = sub.add_parser("applications", help="applications for disclosure (依申请公开): import a ledger")
    asub = p.add_subparsers(dest="applications_command", metavar="ACTION")
    imp = asub.add_parser(
        "import", help="import an Excel ledger (.xlsx) of applications into one unit, all rows or none",
        description="Check the ledger FILE (first worksheet, one header row, one application per row; "
                    "columns as documented in docs/applications.md or the template the workbench offers) "
                    "and import every row into the unit CODE in one transaction. Any bad row: every bad row "
                    "is listed and nothing is imported. Exit status: 0 imported (or, with --dry-run, no bad "
                    "rows), 1 bad rows or an unusable file, 2 usage error.")
    imp.add_argument("file", metavar="FILE", help="the ledger, an .xlsx workbook")
    imp.add_argument("--unit", required=True, metavar="CODE", help="code of the receiving unit")
    imp.add_argument("--dry-run", action="store_true", help="only check and report; store nothing")
    imp.add_argument("--user", metavar="USERNAME",
                     help="import as this staff member of the unit (registrant and handler of the imported "
                          "applications); default: the operator, with no registrant recorded")
    imp.set_defaults(func=cmd_import)
    p.set_defaults(func=lambda args: p.print_help() or 2)


def _print_report(report, out=None) -> None:
    out = out or sys.stdout            # per call: a default bound at import keeps a stale stream
    for row, errors in report.errors_by_row():
        for e in errors:
            print(f"row {row}" + (f", {e.column}" if e.column else "") + f": {e.message}", file=out)
    for w in report.warnings:
        print(f"warning: row {w.row}, {w.column}: {w.message}", file=out)
    if report.unknown_headers:
        print(f"ignored columns: {', '.join(report.unknown_headers)}", file=out)


def cmd_import(args) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
    setup_django()
    from gongkai.applications.ledger import ledger_import
    from gongkai.units.models import Unit, User

    unit = Unit.objects.filter(code__iexact=args.unit.strip()).first()
    if unit is None:
        raise CommandError(f"no unit with code {args.unit!r}")
    user = None
    if args.user:
        user = User.objects.filter(username=args.user, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {args.user!r}")
        if not ledger_import.can_import(user, unit):
            raise CommandError(f"user {args.user!r} is not staff of unit {unit.code} and may not import into it")

    if args.dry_run:
        report = ledger_import.dry_run(unit, data)
    else:
        try:
            report = ledger_import.import_ledger(user, unit, data)
        except ledger_import.LedgerImportError as exc:
            raise CommandError(f"unit {unit.code} does not take applications") from exc
    if report.file_error:
        print(f"{path}: {report.file_error}", file=sys.stderr)
        print("nothing was imported", file=sys.stderr)
        return 1
    if not report.ok:
        _print_report(report, out=sys.stderr)
        print(f"{len(report.bad_rows)} of {report.total} rows have errors; nothing was imported", file=sys.stderr)
        return 1
    _print_report(report)
    if args.dry_run:
        print(f"{report.total} rows OK ({report.answered} answered, {report.open} open); dry run, nothing imported")
    else:
        print(f"imported {report.imported} applications into {unit.code} "
              f"({report.answered} answered, {report.open} open)")
    return 0
