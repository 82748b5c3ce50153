"""report inspect: check (审查) published annual reports (政府信息公开工作年度报告), anyone's,
against the arithmetic of the official format. Needs no database, so Django
is never loaded."""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

INSPECTED_EXTENSIONS = (".html", ".htm", ".docx", ".pdf", ".txt")

EPILOG = """\
Reads reports published as HTML (including Word's web-page export), DOCX,
PDF or plain text, in the 2021 format (国办公开办函〔2021〕30号) or the 2019
format, finds tables 二, 三 and 四 by their content, and checks every
identity: row totals, 一+二 = 三（七）+ 四 per column, （七）总计 = the sum of
the result rows, table 四 totals, and the numbers the text states. Blank
cells are read as 0 (a blank 总计 as its row's sum) and listed as a warning.

When a folder holds the same unit's report of the year before, or
--previous names it, last year's 四、结转下年度 is compared with this year's
二、上年结转.

A directory is searched recursively for .html, .htm, .docx, .pdf and .txt
files (hidden files and directories are skipped).

Exit status: 0 no errors (warnings allowed), 1 a report has an error
finding, 2 a file could not be read (the others are still inspected) or bad
usage.
"""


def register(sub) -> None:
    p = sub.add_parser("report", help="annual reports (年度报告): inspect published reports")
    rsub = p.add_subparsers(dest="report_command", metavar="ACTION")
    # "audit", the action's name before 审查 was called inspection, stays as an alias (argparse
    # has no hidden alias: help lists it in brackets)
    inspect = rsub.add_parser(
        "inspect", aliases=["audit"], help="check published annual reports' tables and arithmetic",
        description="Check published annual reports (政府信息公开工作年度报告) cell by cell.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    inspect.add_argument("paths", nargs="+", metavar="PATH", help="a report, or a directory to search")
    inspect.add_argument("--json", action="store_true",
                       help='print {"reports": [{"path", "format", "unit", "year", "tables", "findings"}]}')
    inspect.add_argument("--previous", metavar="PATH",
                       help="last year's report, for the carried-over applications check")
    inspect.set_defaults(func=cmd_inspect)
    p.set_defaults(func=lambda args: p.print_help() or 2)


def cmd_inspect(args) -> int:
    from tqdm import tqdm

    from gongkai.commands import CommandError
    from gongkai.reports import inspection

    previous = None
    if args.previous:
        _, outcome = _read_one(Path(args.previous))
        if isinstance(outcome, str):
            raise CommandError(f"--previous: {outcome}")
        previous = outcome[2]

    paths = list(_expand(args.paths))
    if not paths:
        raise CommandError("no .html, .htm, .docx, .pdf or .txt files found")
    failed = False
    documents = []
    progress = tqdm(total=len(paths), desc="inspecting", unit="report", file=sys.stderr,
                    disable=not sys.stderr.isatty(), leave=False)
    for path, outcome in _read_all(paths):
        progress.update()
        if isinstance(outcome, str):
            progress.write(f"gongkai report: {outcome}", file=sys.stderr)
            failed = True
            continue
        documents.append((path, *outcome))
    progress.close()

    reports = inspection.inspect([inspection.ReadReport(str(path), *rest) for path, *rest in documents], previous)
    if args.json:
        json.dump({"reports": reports}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_reports(reports)
    if failed:
        return 2
    return 1 if inspection.has_errors(reports) else 0


def _read_one(path: Path):
    """(path, (blocks, title, extracted)) or (path, why it cannot be read)."""
    from gongkai.reports.inspection import UnsupportedFile, read

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        r = read(str(path), path.read_bytes())
    except (UnsupportedFile, OSError) as exc:
        return path, _why(exc, path)
    return path, (r.blocks, r.title, r.extracted)


def _read_all(paths: list[Path]):
    """Read the reports, in several processes when there are many: parsing
    PDF is CPU-bound. Results come in the order of ``paths``."""
    workers = min(os.cpu_count() or 1, 8, len(paths) // 4)
    if workers < 2:
        yield from map(_read_one, paths)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_read_one, paths, chunksize=2)


def _why(exc: Exception, path) -> str:
    if isinstance(exc, OSError):
        return f"{path}: cannot read ({exc.strerror or exc})"
    return str(exc)


def _expand(arguments: list[str]):
    """The files named and the reports inside the directories named, in a
    stable order. A missing file is passed on and reported as unreadable."""
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and name.lower().endswith(INSPECTED_EXTENSIONS):
                        yield Path(root, name)
        else:
            yield path


def _print_reports(reports: list[dict]) -> None:
    errors_total = 0
    for report in reports:
        errors = [f for f in report["findings"] if f["severity"] == "error"]
        warnings = [f for f in report["findings"] if f["severity"] == "warning"]
        errors_total += bool(errors)
        who = " ".join(str(x) for x in (report["unit"], report["year"]) if x) or "unit and year not found"
        fmt = f"{report['format']} format" if report["format"] != "unknown" else "format not recognised"
        print(f"{report['path']}: {who}, {fmt}: {len(errors)} error{'s' * (len(errors) != 1)}, "
              f"{len(warnings)} warning{'s' * (len(warnings) != 1)}")
        for f in errors + warnings:
            cells = f" [{', '.join(f['cells'][:6])}{', …' if len(f['cells']) > 6 else ''}]" if f["cells"] else ""
            print(f"  {f['severity']} {f['rule']}{cells}: {f['message']}")
    noun = "report" if len(reports) == 1 else "reports"
    print(f"{len(reports)} {noun} inspected, {errors_total} with errors")
