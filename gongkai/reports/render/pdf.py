"""The annual report as an A4 PDF, printed from ``reports/print.html``."""
from __future__ import annotations

from .html import html_string

__all__ = ["pdf_bytes"]


def pdf_bytes(report) -> bytes:
    """A4 PDF from ``reports/print.html`` with the Noto CJK fonts embedded (no external URLs)."""
    from weasyprint import HTML

    document = HTML(string=html_string(report), base_url=None)
    return document.write_pdf()
