"""Reads of the work-point (工作要点) workbench: the documents, tasks and evidence a user may see
(scoped by ``gongkai.units.scoping`` through ``services.tasks_for`` / ``services.documents_for``)."""
from __future__ import annotations

from django.db.models import Q, QuerySet

from gongkai.units.models import User
from gongkai.units.scoping import visible_units

from . import services
from .models import Task, TaskEvidence, WorkPointDocument

__all__ = ["document_tasks", "issued_tasks", "own_unit_tasks", "subtasks", "task_evidence",
           "visible_documents", "visible_evidence", "visible_tasks"]


def visible_tasks(user: User) -> QuerySet[Task]:
    """Every task ``user`` may see: of a visible owner unit, or issued by a visible unit."""
    return services.tasks_for(user)


def own_unit_tasks(user: User, *, status: str = "") -> QuerySet[Task]:
    """The tasks owned by the units ``user`` may see (a supervisor: the sub-tree); one status when given."""
    tasks = visible_tasks(user).filter(unit__in=visible_units(user))
    if status:
        tasks = tasks.filter(status=status)
    return tasks


def issued_tasks(user: User) -> QuerySet[Task]:
    """The tasks handed out by the units ``user`` may see: broken down from one of their tasks, or
    a top-level task of a document they issued."""
    units = visible_units(user)
    return visible_tasks(user).filter(Q(parent__unit__in=units) | Q(parent__isnull=True, document__unit__in=units))


def visible_documents(user: User) -> QuerySet[WorkPointDocument]:
    """The documents issued by a unit ``user`` may see or holding a task they may see."""
    return services.documents_for(user)


def document_tasks(user: User, doc: WorkPointDocument) -> list[Task]:
    """The tasks of ``doc`` that ``user`` may see, parents first, then by due date."""
    return list(visible_tasks(user).filter(document=doc).order_by("parent_id", "due_on", "pk"))


def subtasks(user: User, task: Task) -> QuerySet[Task]:
    """The tasks broken down from ``task`` that ``user`` may see."""
    return visible_tasks(user).filter(parent=task)


def task_evidence(task: Task) -> QuerySet[TaskEvidence]:
    """The evidence submitted for ``task``, catalogue item and submitter joined."""
    return task.evidence.select_related("item", "submitted_by")


def visible_evidence(user: User) -> QuerySet[TaskEvidence]:
    """The evidence of the tasks ``user`` may see."""
    return TaskEvidence.objects.filter(task__in=visible_tasks(user))
