"""Long coverage-guided fuzzing with atheris (libFuzzer) over the same targets as the hypothesis
tests. Usage (``make fuzz`` runs every target for FUZZ_SECONDS)::

    .venv/bin/python -m tests.fuzz.atheris_run TARGET [libFuzzer options, e.g. -max_total_time=600]

TARGET is one of ``NAMES``. A crash (an exception other than the parser's own error, an output
past its bound, a run past targets.SECONDS) stops the run and libFuzzer writes the input to
``crash-…`` in the current directory; reproduce with ``… atheris_run TARGET crash-…``.
"""
from __future__ import annotations

import os
import sys


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _part(seed, part):
    from . import targets

    def build(data: bytes) -> bytes:
        return targets.with_part(seed(), part, data)
    return build


def _targets():
    from . import targets

    return {
        "docx": lambda d: targets.text_extraction(d, "a.docx"),
        "docx-xml": lambda d: targets.text_extraction(_part(targets.seed_docx, "word/document.xml")(d), "a.docx"),
        "xlsx": lambda d: targets.text_extraction(d, "a.xlsx"),
        "xlsx-xml": lambda d: targets.text_extraction(_part(targets.seed_xlsx, "xl/worksheets/sheet1.xml")(d),
                                                      "a.xlsx"),
        "pdf": lambda d: targets.text_extraction(d, "a.pdf"),
        "report-pdf": lambda d: targets.report_reading(d, "report.pdf"),
        "report-docx": lambda d: targets.report_reading(_part(targets.seed_docx, "word/document.xml")(d),
                                                        "report.docx"),
        "report-html": lambda d: targets.report_reading(d, "report.html"),
        "report-text": lambda d: targets.report_text(_text(d)),
        "ledger": targets.ledger_import,
        "ledger-xml": lambda d: targets.ledger_import(_part(targets.seed_xlsx, "xl/worksheets/sheet1.xml")(d)),
        "holiday-csv": lambda d: targets.holiday_csv(_text(d)),
        "watch-html": lambda d: targets.watch_html(_text(d)),
        "site-import-html": lambda d: targets.site_import_html(_text(d)),
        "archive": targets.archive_guard,
    }


NAMES = ("docx", "docx-xml", "xlsx", "xlsx-xml", "pdf", "report-pdf", "report-docx", "report-html",
         "report-text", "ledger", "ledger-xml", "holiday-csv", "watch-html", "archive",
         "site-import-html")


def _seeds(name: str) -> list[bytes]:
    from . import targets

    if name in ("docx",):
        return [targets.seed_docx()]
    if name in ("xlsx", "ledger"):
        return [targets.seed_xlsx()]
    if name in ("pdf", "report-pdf"):
        return [targets.seed_pdf()]
    if name == "archive":
        return [targets.seed_docx(), targets.seed_pdf()]
    if name in ("docx-xml", "report-docx"):
        return [dict(targets.zip_entries(targets.seed_docx()))["word/document.xml"]]
    if name == "site-import-html":
        from pathlib import Path

        return [p.read_bytes() for p in sorted((Path(__file__).resolve().parents[1] / "data" / "site_import").glob("*.html"))]
    if name in ("xlsx-xml", "ledger-xml"):
        return [dict(targets.zip_entries(targets.seed_xlsx()))["xl/worksheets/sheet1.xml"]]
    return [b"year,2027\n2027-01-01,\xe4\xbc\x91,x\n", b"<html><title>t</title><a href='/x'>x</a></html>"]


def main(argv: list[str]) -> int:
    import logging

    import atheris

    if len(argv) < 2 or argv[1] not in NAMES:
        print(f"usage: python -m tests.fuzz.atheris_run {{{','.join(NAMES)}}} [libFuzzer options]", file=sys.stderr)
        return 2
    name, rest = argv[1], argv[2:]
    logging.disable(logging.CRITICAL)      # pypdf and pdfminer warn on every damaged input
    corpus = os.path.join("var", "fuzz", name)
    os.makedirs(corpus, exist_ok=True)
    for n, seed in enumerate(_seeds(name)):
        with open(os.path.join(corpus, f"seed{n}"), "wb") as handle:
            handle.write(seed)
    target = _targets()[name]
    with atheris.instrument_imports():
        import gongkai.domain.bounded_archive
        import gongkai.domain.ledger
        import gongkai.domain.textextract
        import gongkai.domain.watch.page
        import gongkai.domain.workdays
        import gongkai.reports.readers  # noqa: F401
    atheris.Setup([argv[0], *rest, corpus] if not any(not r.startswith("-") for r in rest) else [argv[0], *rest],
                  target)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
