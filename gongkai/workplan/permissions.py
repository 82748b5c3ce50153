"""May this user enter, break down, submit or judge this work point (工作要点) now? — one answer per action.

Each ``check_*`` raises :class:`WorkplanError` with the reason the user reads (Chinese), or returns.
The services call them first (on the locked row where they lock); the pages ask
:func:`allowed_actions` (a task), :func:`document_actions` (a document) and :func:`documents_actions`
(the list of documents), which run the very same checks, so a form or button is shown exactly when
the service would accept the action (with valid input).

Who does what: the issuing unit's supervisor or unit admin enters a document and its tasks; the
owner unit's supervisor, unit admin or reviewer breaks a task down to units below it, and then is
the issuing side of those child tasks; the owner unit's staff submit evidence; the issuing side
accepts it or returns it."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from gongkai.units import permissions as units_permissions
from gongkai.units.models import Role, Unit
from gongkai.units.permissions import ActionSet, can_act

from .models import Task, TaskStatus, WorkPointDocument

ISSUER_ROLES = (Role.SUPERVISOR, Role.UNIT_ADMIN)
MANAGER_ROLES = (Role.SUPERVISOR, Role.UNIT_ADMIN, Role.REVIEWER)
STAFF_ROLES = (Role.CLERK, Role.REVIEWER, Role.UNIT_ADMIN, Role.SUPERVISOR)


class WorkplanError(Exception):
    """Refused; the message is for the user (Chinese)."""


#: True when ``check(*args)`` passes (the page's question, asked of the service's check).
allows = partial(units_permissions.allows, WorkplanError)


def check_create_document(user, unit: Unit | None) -> None:
    """录入工作要点文件 issued by ``unit``: its supervisor or unit admin."""
    if unit is None or not can_act(user, unit, ISSUER_ROLES):
        raise WorkplanError("您无权录入工作要点文件（仅限本单位政务公开主管或单位管理员）")


def check_add_task(user, document: WorkPointDocument) -> None:
    """录入任务 of ``document``: the issuing unit's supervisor or unit admin."""
    if not can_act(user, document.unit, ISSUER_ROLES):
        raise WorkplanError("您无权为该文件录入任务（仅限发文单位政务公开主管或单位管理员）")


def check_break_down(user, task: Task) -> None:
    """分解: the owner unit's supervisor, unit admin or reviewer, of a task not done, without
    evidence of its own, whose unit has units below it."""
    if not can_act(user, task.unit, MANAGER_ROLES):
        raise WorkplanError("您无权分解该任务（仅限责任单位的主管、单位管理员或审核人）")
    if task.status == TaskStatus.DONE:
        raise WorkplanError("任务已完成，不能再分解")
    if task.evidence.exists():
        raise WorkplanError("本单位已提交佐证材料的任务不能再分解")
    if not task.unit.children.exists():
        raise WorkplanError(f"{task.unit.name}没有下级单位，不能分解")


def check_submit_evidence(user, task: Task) -> None:
    """提交佐证材料: the owner unit's staff, for a task not broken down, open or returned."""
    if not can_act(user, task.unit, STAFF_ROLES):
        raise WorkplanError("您无权为该任务提交佐证材料（仅限责任单位工作人员）")
    if task.children.exists():
        raise WorkplanError("该任务已分解到下级单位，由下级单位分别提交佐证材料")
    if task.status not in (TaskStatus.OPEN, TaskStatus.RETURNED):
        raise WorkplanError(f"任务当前状态为“{task.get_status_display()}”，不能提交佐证材料")


def _check_judge(user, task: Task, what: str, verb: str) -> None:
    if not can_act(user, task.issuer_unit, MANAGER_ROLES):
        raise WorkplanError(f"您无权{what}（仅限交办单位的主管、单位管理员或审核人）")
    if task.status != TaskStatus.SUBMITTED:
        raise WorkplanError(f"任务当前状态为“{task.get_status_display()}”，不能{verb}")


def check_accept(user, task: Task) -> None:
    """验收通过: the issuing side, of submitted evidence."""
    _check_judge(user, task, "验收该任务", "验收")


def check_return(user, task: Task) -> None:
    """退回: the issuing side, of submitted evidence."""
    _check_judge(user, task, "退回该任务", "退回")


# ---------------------------------------------------------------- the answer for a page

@dataclass(frozen=True)
class AllowedActions(ActionSet):
    """What ``user`` may do to one task now."""

    submit: bool = False
    break_down: bool = False
    accept: bool = False
    return_task: bool = False


def allowed_actions(user, task: Task) -> AllowedActions:
    """Every task ``check_*`` above asked for ``task`` as it is now."""
    return AllowedActions(submit=allows(check_submit_evidence, user, task),
                          break_down=allows(check_break_down, user, task),
                          accept=allows(check_accept, user, task), return_task=allows(check_return, user, task))


@dataclass(frozen=True)
class DocumentActions:
    """What ``user`` may do on the documents list (``create``) or one document's page (``add_task``)."""

    create: bool = False
    add_task: bool = False


def documents_actions(user) -> DocumentActions:
    return DocumentActions(create=allows(check_create_document, user, getattr(user, "unit", None)))


def document_actions(user, document: WorkPointDocument) -> DocumentActions:
    return DocumentActions(add_task=allows(check_add_task, user, document))
