"""audit verify / export / purge: the audit log's chain, SIEM export and retention."""
from __future__ import annotations

import argparse
import contextlib
import sys

from . import CommandError, setup_django

EPILOG = """\
'audit verify' re-computes every row's HMAC-SM3 and its link to the previous row and names the first
broken row (exit status 1). 'audit export --jsonl [--since DATE]' writes one JSON object per event to
stdout (or --out FILE) for a SIEM. 'audit purge' deletes rows older than GONGKAI_AUDIT_RETENTION_DAYS,
never younger than 183 days (the legal floor), and records that it did.
"""


def register(sub) -> None:
    p = sub.add_parser("audit", help="audit log: verify the chain, export for a SIEM, purge by retention",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION")
    asub.add_parser("verify", help="verify the tamper-evident chain; name the first broken row") \
        .set_defaults(func=cmd_verify)
    e = asub.add_parser("export", help="export events as JSON lines (for a SIEM)")
    e.add_argument("--jsonl", action="store_true", required=True, help="JSON lines (the only format)")
    e.add_argument("--since", help="only events at or after this date or ISO time (YYYY-MM-DD)")
    e.add_argument("--out", help="file to write (default: stdout)")
    e.set_defaults(func=cmd_export)
    asub.add_parser("purge", help="delete rows past the retention period (never younger than 183 days)") \
        .set_defaults(func=cmd_purge)
    p.set_defaults(func=lambda args: p.print_help() or 2)


def cmd_verify(args) -> int:
    setup_django()
    from gongkai.units import audit, audit_key

    try:
        report = audit.verify_chain()
    except audit_key.AuditKeyMissing as exc:
        raise CommandError(str(exc)) from None
    audit.record("audit.verify", detail={"ok": report.ok, "checked": report.checked,
                                         "broken_id": report.broken_id},
                 outcome="success" if report.ok else "failure", reason=report.problem)
    if report.unchained:
        print(f"{report.unchained} rows predate the chain (not verified)")
    if report.ok:
        print(f"OK: {report.checked} chained rows verified, last seq {report.last_seq}")
        return 0
    print(f"BROKEN at row id={report.broken_id} seq={report.broken_seq}: {report.problem} "
          f"({report.checked} rows before it verified)")
    return 1


def _since(text: str | None):
    if not text:
        return None
    import datetime as dt

    from django.utils import timezone
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--since: not a date or ISO time: {text!r}") from None
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def cmd_export(args) -> int:
    setup_django()
    from gongkai.units import audit
    from gongkai.units.models import AuditEntry

    since = _since(args.since)
    entries = AuditEntry.objects.order_by("pk")
    if since is not None:
        entries = entries.filter(at__gte=since)
    audit.record("audit.export", detail={"format": "jsonl", "since": args.since or "", "via": "cli"})
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(open(args.out, "w", encoding="utf-8")) if args.out else sys.stdout
        for line in audit.export_jsonl(entries.iterator()):
            out.write(line)
    return 0


def cmd_purge(args) -> int:
    setup_django()
    from gongkai.units import retention

    deleted, cutoff = retention.purge()
    print(f"deleted {deleted} audit rows older than {cutoff:%Y-%m-%d}")
    return 0
