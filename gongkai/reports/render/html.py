"""The annual report as HTML: the context of ``reports/_document.html`` (the portal page) and
``reports/print.html`` (the printable page the PDF is made from)."""
from __future__ import annotations

from gongkai.domain.annual_report.draft import SECTION_TITLES

from .layout import report_tables

__all__ = ["document_context", "html_string"]


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _problems(report) -> list[str]:
    """Section 五: last year's problems with what was done, then this year's problems."""
    narrative = report.narrative or {}
    answered = [row for row in narrative.get("problems", []) if (row.get("problem") or "").strip()]
    new = _lines(narrative.get("new_problems"))
    paragraphs = []
    if answered:
        paragraphs.append(f"（一）{report.year - 1}年度存在问题的改进情况")
        for i, row in enumerate(answered, 1):
            paragraphs.append(f"{i}. {row['problem'].strip()}")
            improvement = (row.get("improvement") or "").strip()
            paragraphs += [f"改进情况：{line}" if j == 0 else line
                           for j, line in enumerate(_lines(improvement) or ["（尚未填写）"])]
    if new:
        if answered:
            paragraphs.append(f"（二）{report.year}年度存在的主要问题")
        paragraphs += new
    return paragraphs


def document_context(report) -> dict:
    """Template context of ``reports/_document.html`` and ``reports/print.html``: the title and
    sections 一 to 六, each with its paragraphs and (二–四) its table."""
    narrative = report.narrative or {}
    tables = report_tables(report)
    paragraphs = {
        "overview": _lines(narrative.get("overview")),
        "proactive": [], "applications": [], "disputes": [],
        "problems": _problems(report),
        "other": _lines(narrative.get("other")) + _lines(narrative.get("other_added")),
    }
    sections = [{"key": key, "title": title, "paragraphs": paragraphs[key],
                 "tables": [tables[key]] if key in tables else []}
                for key, title in SECTION_TITLES.items()]
    unit_name = report.unit.name if getattr(report, "unit_id", None) else ""
    return {"report": report, "title": report.title, "unit_name": unit_name, "sections": sections,
            "tables": list(tables.values())}


def html_string(report, template: str = "reports/print.html") -> str:
    from django.template.loader import render_to_string

    return render_to_string(template, document_context(report))
