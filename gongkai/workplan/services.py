"""Work points (工作要点): the only code that changes documents, tasks and evidence; scoped by
unit and role (who does what: ``permissions``, whose checks each service asks first), one
transaction each, audited.

- a document's tasks are owned by the issuing unit or units below it;
- a task broken down (分解) to units below its owner has those units' child tasks, whose issuing
  side is the parent's owner;
- accepted evidence makes the task done, completed on the day the evidence was submitted;
- a parent task is done when all its children are.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.catalog.models import Item, ItemStatus
from gongkai.domain import workplan as rules
from gongkai.units import audit
from gongkai.units.models import Unit, User
from gongkai.units.scoping import visible_units

from .models import DocumentKind, EvidenceKind, Task, TaskEvidence, TaskStatus, WorkPointDocument
from .permissions import (
    WorkplanError,
    check_accept,
    check_add_task,
    check_break_down,
    check_create_document,
    check_return,
    check_submit_evidence,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

__all__ = ["FILE_KINDS", "WorkplanError", "accept", "add_task", "break_down", "create_document", "documents_for",
           "owner_candidates", "progress", "return_task", "submit_evidence", "tasks_for"]

FILE_KINDS = ("pdf", "docx", "xlsx")


# ---------------------------------------------------------------- reading (scoped)

def tasks_for(user: User) -> QuerySet[Task]:
    """Tasks ``user`` may see: of a visible owner unit, or issued by a visible unit."""
    qs = Task.objects.select_related("document", "document__unit", "unit", "parent", "parent__unit", "owner")
    units = visible_units(user)
    return qs.filter(Q(unit__in=units) | Q(parent__unit__in=units)
                     | Q(parent__isnull=True, document__unit__in=units)).distinct()


def documents_for(user: User) -> QuerySet[WorkPointDocument]:
    """Documents issued by a visible unit or holding a task ``user`` may see."""
    qs = WorkPointDocument.objects.select_related("unit")
    units = visible_units(user)
    return qs.filter(Q(unit__in=units) | Q(tasks__in=tasks_for(user))).distinct()


# ---------------------------------------------------------------- entering

def _clean_text(value, label: str, *, required=True, limit=None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise WorkplanError(f"请填写{label}")
    if limit and len(value) > limit:
        raise WorkplanError(f"{label}不能超过{limit}个字")
    return value


@transaction.atomic
def create_document(user: User, unit: Unit, *, data: dict[str, Any]) -> WorkPointDocument:
    """录入工作要点文件 issued by ``unit`` (the user's own unit)."""
    check_create_document(user, unit)
    kind = data.get("kind") or DocumentKind.HIGHER
    if kind not in DocumentKind.values:
        raise WorkplanError("文件类型不正确")
    year = data.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise WorkplanError("年度应为2000至2100之间的年份")
    doc = WorkPointDocument.objects.create(
        unit=unit, kind=kind, year=year, created_by=user,
        title=_clean_text(data.get("title"), "标题", limit=300),
        doc_number=_clean_text(data.get("doc_number"), "文号", required=False, limit=100))
    audit.record("workplan.document.create", doc, user=user, unit=unit,
                 detail={"doc_number": doc.doc_number, "year": year, "kind": kind})
    return doc


def _owner(unit: Unit, owner) -> object:
    if owner is None:
        return None
    if owner.unit_id != unit.pk or not owner.is_active:
        raise WorkplanError(f"责任人“{owner.display_name}”不是{unit.name}的在职人员")
    return owner


def _check_due(due_on) -> dt.date:
    if not isinstance(due_on, dt.date):
        raise WorkplanError("请填写完成时限")
    return due_on


@transaction.atomic
def add_task(user: User, document: WorkPointDocument, *, data: dict[str, Any]) -> Task:
    """Add a task of ``document`` for an owner unit (the issuing unit or one below it)."""
    document = WorkPointDocument.objects.select_for_update().select_related("unit").get(pk=document.pk)
    check_add_task(user, document)
    unit = data.get("unit")
    if unit is None or not unit.path.startswith(document.unit.path):
        raise WorkplanError("责任单位只能是发文单位或其下级单位")
    kind = data.get("evidence_kind") or EvidenceKind.NOTE
    if kind not in EvidenceKind.values:
        raise WorkplanError("佐证材料类型不正确")
    task = Task.objects.create(
        document=document, unit=unit, owner=_owner(unit, data.get("owner")),
        owner_name=_clean_text(data.get("owner_name"), "责任人姓名", required=False, limit=50),
        title=_clean_text(data.get("title"), "任务", limit=300),
        requirement=_clean_text(data.get("requirement"), "工作要求", required=False),
        due_on=_check_due(data.get("due_on")), evidence_kind=kind, created_by=user)
    audit.record("workplan.task.create", task, user=user, unit=document.unit,
                 detail={"document": document.pk, "owner_unit": unit.pk, "due_on": task.due_on.isoformat()})
    return task


def _lock(task: Task) -> Task:
    return (Task.objects.select_for_update(of=("self",))
            .select_related("document", "document__unit", "unit", "parent", "parent__unit").get(pk=task.pk))


@transaction.atomic
def break_down(user: User, task: Task, *, sub_units: Iterable[Unit], due: dt.date) -> list[Task]:
    """分解: one child task per sub-unit (only units below the owner), due no later than the task."""
    task = _lock(task)
    check_break_down(user, task)
    sub_units = list(sub_units)
    if not sub_units:
        raise WorkplanError("请选择要分解到的下级单位")
    for unit in sub_units:
        if unit.pk == task.unit_id or not unit.path.startswith(task.unit.path):
            raise WorkplanError(f"“{unit.name}”不是{task.unit.name}的下级单位，不能分解给它")
    _check_due(due)
    if due > task.due_on:
        raise WorkplanError(f"分解任务的完成时限不能晚于原任务的完成时限（{task.due_on:%Y-%m-%d}）")
    already = set(task.children.values_list("unit_id", flat=True))
    dup = [u.name for u in sub_units if u.pk in already]
    if dup:
        raise WorkplanError(f"已分解给{'、'.join(dup)}，不能重复分解")
    children = [Task.objects.create(document=task.document, parent=task, unit=unit, title=task.title,
                                    requirement=task.requirement, due_on=due, evidence_kind=task.evidence_kind,
                                    created_by=user)
                for unit in sub_units]
    if task.status == TaskStatus.RETURNED:
        task.status = TaskStatus.OPEN
        task.save(update_fields=["status"])
    audit.record("workplan.task.break_down", task, user=user, unit=task.unit,
                 detail={"units": [u.pk for u in sub_units], "due_on": due.isoformat()})
    return children


# ---------------------------------------------------------------- evidence and acceptance

def _file(task: Task, name: str, data: bytes) -> tuple[str, str, str]:
    from gongkai.domain.textextract import sniff_kind

    limit = settings.GONGKAI_ATTACHMENT_MAX_BYTES
    if not data:
        raise WorkplanError(f"文件“{name}”是空文件")
    if len(data) > limit:
        raise WorkplanError(f"文件“{name}”大小为{len(data) / 1048576:.1f}MB，超过上限{limit / 1048576:.0f}MB")
    kind = sniff_kind(data, name)
    if kind not in FILE_KINDS:
        raise WorkplanError(f"文件“{name}”不是允许的类型（仅限 PDF、DOCX、XLSX；以文件内容判断）")
    clean = (name or "").replace("\\", "/").rsplit("/", 1)[-1][:200] or f"佐证材料.{kind}"
    return clean, kind, hashlib.sha256(data).hexdigest()


@transaction.atomic
def submit_evidence(user: User, task: Task, *, item: Item | None = None, file_name: str = "", file_data: bytes = b"",
                    note: str = "") -> TaskEvidence:
    """The owner unit submits the evidence the task requires: a published item of its own, a
    file (PDF/DOCX/XLSX) or a note. The task then waits for the issuing side."""
    task = _lock(task)
    check_submit_evidence(user, task)
    note = (note or "").strip()
    evidence = TaskEvidence(task=task, kind=task.evidence_kind, note=note, submitted_by=user,
                            submitted_on=timezone.localdate())
    if task.evidence_kind == EvidenceKind.ITEM:
        if item is None:
            raise WorkplanError("该任务要求以已发布的公开信息作为佐证材料，请选择一条公开信息")
        item = Item.objects.filter(pk=item.pk).first()
        if item is None or item.unit_id != task.unit_id:
            raise WorkplanError("只能选择本单位（责任单位）发布的公开信息")
        if item.status != ItemStatus.PUBLISHED:
            raise WorkplanError(f"公开信息“{item.title}”尚未发布，不能作为佐证材料")
        evidence.item = item
    elif task.evidence_kind == EvidenceKind.FILE:
        if not file_data and not file_name:
            raise WorkplanError("该任务要求上传文件作为佐证材料")
        evidence.file_name, evidence.file_kind, evidence.sha256 = _file(task, file_name, file_data)
        evidence.file.save(f"{evidence.sha256}.{evidence.file_kind}", ContentFile(file_data), save=False)
    elif not note:
        raise WorkplanError("请填写完成情况说明")
    evidence.save()
    task.status = TaskStatus.SUBMITTED
    task.save(update_fields=["status"])
    audit.record("workplan.task.submit", task, user=user, unit=task.unit,
                 detail={"kind": evidence.kind, "item": evidence.item_id, "sha256": evidence.sha256})
    return evidence


def _complete_parents(task: Task, user) -> None:
    parent = task.parent
    while parent is not None:
        parent = (Task.objects.select_for_update(of=("self",))
                  .select_related("unit", "parent", "parent__unit").get(pk=parent.pk))
        day = rules.parent_completion(list(parent.children.values_list("status", "completed_on")))
        if day is None or parent.status == TaskStatus.DONE:
            return
        parent.status, parent.completed_on = TaskStatus.DONE, day
        parent.save(update_fields=["status", "completed_on"])
        audit.record("workplan.task.complete", parent, user=user, unit=parent.unit,
                     detail={"completed_on": day.isoformat(), "by": "children"})
        parent = parent.parent


@transaction.atomic
def accept(user: User, task: Task) -> Task:
    """验收通过: done, completed on the day the latest evidence was submitted."""
    task = _lock(task)
    check_accept(user, task)
    latest = task.evidence.order_by("-submitted_at", "-id").first()
    task.status, task.completed_on, task.return_reason = TaskStatus.DONE, latest.submitted_on, ""
    task.save(update_fields=["status", "completed_on", "return_reason"])
    audit.record("workplan.task.accept", task, user=user, unit=task.issuer_unit,
                 detail={"completed_on": task.completed_on.isoformat()})
    _complete_parents(task, user)
    return task


@transaction.atomic
def return_task(user: User, task: Task, *, reason: str) -> Task:
    """退回: the evidence is not enough; the owner unit submits again."""
    task = _lock(task)
    check_return(user, task)
    reason = _clean_text(reason, "退回理由", limit=1000)
    task.status, task.return_reason = TaskStatus.RETURNED, reason
    task.save(update_fields=["status", "return_reason"])
    audit.record("workplan.task.return", task, user=user, unit=task.issuer_unit, detail={})
    return task


def owner_candidates(unit: Unit) -> QuerySet[User]:
    return get_user_model().objects.filter(unit=unit, is_active=True).order_by("pk")


def progress(tasks: Iterable[Task]) -> dict[str, int]:
    """Counts for a progress bar: total, done, overdue (as of today)."""
    today = timezone.localdate()
    tasks = list(tasks)
    done = sum(1 for t in tasks if t.status == TaskStatus.DONE)
    overdue = sum(1 for t in tasks if t.is_overdue_on(today))
    return {"total": len(tasks), "done": done, "overdue": overdue,
            "percent": round(100 * done / len(tasks)) if tasks else 0}
