"""Inspect many published annual reports (审查年度报告) in one run (CLI, workbench and API share this).

No Django: the CLI uses it without a database. Each report is read, its tables extracted and
every rule applied; the same unit's report of the year before, when it is among those inspected,
serves for the cross-year rules (or ``previous`` when given)."""
from __future__ import annotations

from dataclasses import dataclass

from gongkai.domain.annual_report.extract import extract_report, inspect_blocks

from .readers import UnsupportedFile, read_document


@dataclass(frozen=True)
class ReadReport:
    """A report file read: its name, its blocks and title, and what extraction found."""

    name: str
    blocks: list
    title: str
    extracted: dict


def read(name: str, data: bytes) -> ReadReport:
    """Read one report; raises ``UnsupportedFile`` naming the file and why."""
    doc = read_document(data, name)
    return ReadReport(name, doc.blocks, doc.title, extract_report(doc.blocks, doc.title))


def inspect(reports: list[ReadReport], previous: dict | None = None) -> list[dict]:
    """The JSON of each report: path, format, unit, year, tables, findings, and ``unreadable``: each
    printed number (or cell text) not read into its cell, with its page, table, row and column."""
    by_unit_year = {(r.extracted["unit"], r.extracted["year"]): r.extracted for r in reports
                    if r.extracted["unit"] and r.extracted["year"]}
    out = []
    for r in reports:
        before = previous or by_unit_year.get((r.extracted["unit"], (r.extracted["year"] or 0) - 1))
        result = inspect_blocks(r.blocks, r.title, before)
        out.append({"path": r.name, "format": result["format"], "unit": result["unit"], "year": result["year"],
                    "tables": result["tables"], "findings": result["findings"],
                    "unreadable": result["unreadable"]})
    return out


def has_errors(results: list[dict]) -> bool:
    return any(f["severity"] == "error" for r in results for f in r["findings"])


__all__ = ["ReadReport", "UnsupportedFile", "has_errors", "inspect", "read"]
