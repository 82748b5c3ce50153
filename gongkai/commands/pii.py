"""pii scan: look for ID, mobile and bank card numbers in files before they
are published. Needs no database, so Django is never loaded."""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

SCANNED_EXTENSIONS = (".txt", ".html", ".htm", ".docx", ".pdf", ".xlsx")

EPILOG = """\
Each finding is printed as FILE:LINE: KIND MASKED [WHERE], where LINE counts
lines of the text extracted from the file, KIND is id_card, mobile or
bank_card, and WHERE names the PDF page, spreadsheet sheet and row, or Word
table. Only the masked form of a number is printed.

A directory is searched recursively for .txt, .html, .htm, .docx, .pdf and
.xlsx files (hidden files and directories are skipped).

Exit status: 0 nothing found, 1 personal data found, 2 a file could not be
read (the others are still scanned) or bad usage.
"""


def register(sub) -> None:
    p = sub.add_parser("pii", help="personal-data guard: scan files for ID, mobile and bank card numbers")
    psub = p.add_subparsers(dest="pii_command", metavar="ACTION")
    scan = psub.add_parser(
        "scan", help="scan text, HTML, DOCX, PDF and XLSX files for unmasked personal numbers",
        description="Scan files for resident ID (身份证), mobile and bank card numbers that "
                    "are published without masking.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    scan.add_argument("files", nargs="+", metavar="FILE", help="a file, or a directory to search")
    scan.add_argument("--json", action="store_true",
                      help='print {"findings": [{"file", "line", "kind", "masked", "start", "end", '
                           '"where"}]} instead of text')
    scan.set_defaults(func=cmd_scan)
    purge = psub.add_parser(
        "purge", help="anonymise applicants' personal data whose retention period has ended",
        description="Anonymise the name, identity number, phone, e-mail and address of every application "
                    "closed, with every 复议/诉讼 on it closed, longer ago than the retention period "
                    "(GONGKAI_PII_RETENTION_YEARS, default 3). Audited (pii.purge). The daily task does the same.",
        epilog="Exit status: 0 done (or nothing due), 2 bad usage.")
    purge.add_argument("--dry-run", action="store_true", help="only list what is due; change nothing")
    purge.add_argument("--today", metavar="YYYY-MM-DD", help="the date to judge by (default: today)")
    purge.set_defaults(func=cmd_purge)
    p.set_defaults(func=lambda args: p.print_help() or 2)


def cmd_purge(args) -> int:
    import datetime as dt

    from . import CommandError, setup_django

    try:
        today = dt.date.fromisoformat(args.today) if args.today else None
    except ValueError:
        raise CommandError(f"--today must be YYYY-MM-DD, got {args.today!r}") from None
    setup_django()
    from django.utils import timezone

    from gongkai.applications.handling import pii

    numbers = pii.purge(today or timezone.localdate(), dry_run=args.dry_run)
    verb = "due for anonymisation" if args.dry_run else "anonymised"
    print(f"{len(numbers)} applications {verb} (retention {pii.retention_years()} years)"
          + ("; dry run, nothing changed" if args.dry_run else ""))
    for number in numbers:
        print(f"  {number}")
    return 0


def cmd_scan(args) -> int:
    from gongkai.domain.pii import find_pii
    from gongkai.domain.textextract import UnsupportedFile, extract, sniff_kind

    # pypdf reports every repaired flaw of a PDF as a warning; the scan
    # result is what the user asked for.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    findings, failed, scanned = [], False, 0
    for path in _expand(args.files):
        try:
            data = _read_bounded(path)
            result = extract(data, str(path))
            lines = result.lines
        except UnsupportedFile as exc:
            _warn(exc)
            failed = True
            continue
        except OSError as exc:
            _warn(f"{path}: cannot read ({exc.strerror or exc})")
            failed = True
            continue
        scanned += 1
        if result.truncated:
            _warn(f"{path}: {result.truncated}")
            failed = True
        if not lines and sniff_kind(data, str(path)) == "pdf":
            _warn(f"{path}: no text in this PDF (scanned images?); it was not checked")
        for number, line in enumerate(lines, start=1):
            for f in find_pii(line.text):
                findings.append({"file": str(path), "line": number, "kind": f.kind, "masked": f.masked,
                                 "start": f.start, "end": f.end, "where": line.where})
    if args.json:
        json.dump({"findings": findings}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print_findings(findings, scanned)
    if failed:
        return 2
    return 1 if findings else 0


MAX_FILE_BYTES = 200 * 1024 * 1024


def _read_bounded(path: Path) -> bytes:
    """The file's bytes; UnsupportedFile for one larger than MAX_FILE_BYTES (never read whole)."""
    from gongkai.domain.textextract import UnsupportedFile

    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise UnsupportedFile(f"{path}: 文件超过{MAX_FILE_BYTES // (1024 * 1024)}MB，未检查")
    return data


def _expand(arguments: list[str]):
    """The files named and the supported files inside the directories named,
    in a stable order. A missing file is passed on: reading it fails and is
    reported like any unreadable file."""
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(directory: Path):
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SCANNED_EXTENSIONS):
                yield Path(root, name)


def _print_findings(findings: list[dict], scanned: int) -> None:
    for f in findings:
        where = f" [{f['where']}]" if f["where"] else ""
        print(f"{f['file']}:{f['line']}: {f['kind']} {f['masked']}{where}")
    files = len({f["file"] for f in findings})
    noun = "file" if scanned == 1 else "files"
    if findings:
        print(f"{len(findings)} unmasked number{'s' if len(findings) != 1 else ''} "
              f"in {files} of {scanned} {noun} scanned")
    else:
        print(f"no personal data found in {scanned} {noun} scanned")


def _warn(message) -> None:
    print(f"gongkai pii: {message}", file=sys.stderr)
