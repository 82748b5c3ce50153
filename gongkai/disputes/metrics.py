"""Figures the assessment (考核) reads from 复议/诉讼 cases: plain functions returning plain data.

``Evidence`` is a dict {"label": Chinese text, "url": workbench URL or "", "ok": bool}.
"""
from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from .models import Dispute, Outcome


def corrected(unit_ids, year: int) -> tuple[int, int, list[dict]]:
    """(corrected, decided, evidence of each corrected case): the cases decided in ``year`` (or
    filed that year when no closing day is recorded)."""
    closed = Dispute.objects.filter(unit_id__in=list(unit_ids)).exclude(outcome=Outcome.PENDING).filter(
        Q(closed_on__year=year) | Q(closed_on__isnull=True, filed_on__year=year)).order_by("filed_on", "pk")
    evidence, count, total = [], 0, 0
    for d in closed:
        total += 1
        if d.outcome == Outcome.CORRECTED:
            count += 1
            evidence.append({"label": f"{d.get_kind_display()}{('（' + d.case_number + '）') if d.case_number else ''}"
                                      f"结果被纠正", "url": reverse("disputes:detail", args=[d.pk]), "ok": False})
    return count, total, evidence
