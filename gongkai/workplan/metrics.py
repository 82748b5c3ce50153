"""Figures for assessment (考核) and the annual report, as plain data.

``Evidence`` is a dict {"label": Chinese text, "url": workbench URL or "", "ok": bool}.
"""
from __future__ import annotations

import datetime as dt

from django.urls import reverse

from gongkai.domain import workplan as rules

from .models import DocumentKind, Task, TaskStatus, WorkPointDocument


def _evidence(task: Task, today: dt.date) -> dict:
    doc = task.document.doc_number or task.document.title
    if task.status == TaskStatus.DONE:
        state = f"逾期完成（期限{task.due_on:%Y-%m-%d}，{task.completed_on:%Y-%m-%d}完成）"
    else:
        state = f"尚未完成（期限{task.due_on:%Y-%m-%d}，已逾期{(today - task.due_on).days}天）"
    return {"label": f"{task.unit.name}：“{task.title}”（{doc}）{state}",
            "url": reverse("workplan:task", args=[task.pk]), "ok": False}


def tasks_on_time(unit_ids, year: int, today: dt.date) -> tuple[int, int, list[dict]]:
    """(tasks done on time, tasks due in ``year`` up to ``today``, evidence for each late or
    undone one) over the tasks owned by ``unit_ids``. A task broken down counts for its owner and
    for each sub-unit, each judged on its own due date; a task due today and not yet done is not
    counted until tomorrow (it is not late yet)."""
    end = min(dt.date(year, 12, 31), today)
    tasks = (Task.objects.filter(unit_id__in=list(unit_ids), due_on__gte=dt.date(year, 1, 1), due_on__lte=end)
             .select_related("document", "unit").order_by("due_on", "pk"))
    done, total, evidence = 0, 0, []
    for task in tasks:
        if rules.on_time(task.status, task.due_on, task.completed_on):
            done += 1
        elif task.status == TaskStatus.DONE or task.due_on < today:
            evidence.append(_evidence(task, today))
        else:
            continue
        total += 1
    return done, total, evidence


def _line(task: Task) -> rules.TaskLine:
    return rules.TaskLine(task.title, task.document.doc_number, task.due_on, task.status, task.completed_on)


def section_six_text(unit, year: int) -> str:
    """Section 六 “落实上级年度政务公开工作要点情况” of ``unit``'s annual report for ``year``: the
    tasks it was given by higher-level documents (due in the year), and the tasks of its own
    annual 工作要点 of the year (all owners). Empty when there are none."""
    higher = [_line(t) for t in Task.objects.filter(unit=unit, due_on__year=year)
              .exclude(document__unit=unit).select_related("document").order_by("due_on", "pk")]
    own_docs = WorkPointDocument.objects.filter(unit=unit, year=year, kind=DocumentKind.OWN).order_by("pk")
    own = [_line(t) for t in Task.objects.filter(document__in=own_docs, parent__isnull=True)
           .select_related("document").order_by("due_on", "pk")]
    return rules.section_six(year, higher, own, list(own_docs.values_list("doc_number", flat=True)))
