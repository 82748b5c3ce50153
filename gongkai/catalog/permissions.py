"""May this user do this to this catalog item now? — one answer per action (主动公开办理权限).

Each ``check_*`` raises :class:`WorkflowError` with the reason the user reads (Chinese), or
returns. The services (``catalog.services``, ``catalog.interpretations``) call them first, on the
locked row; the workbench page asks :func:`allowed_actions`, which runs the very same checks, so
a button is shown exactly when the service would accept the action (with valid input).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from gongkai.units import permissions as units_permissions

from .models import Item, ItemStatus, Validity

EDITOR_ROLES = units_permissions.STAFF_ROLES
REVIEWER_ROLES = units_permissions.SIGNER_ROLES


class WorkflowError(Exception):
    """An action that the rules do not allow now; the message is for the user (Chinese)."""


_require = partial(units_permissions.require, WorkflowError)


def _require_status(item: Item, *statuses: str, what: str) -> None:
    if item.status not in statuses:
        raise WorkflowError(f"当前状态为“{item.get_status_display()}”，不能{what}")


def _check_not_own(user, item: Item) -> None:
    if user.pk in (item.created_by_id, item.submitted_by_id):
        raise WorkflowError("不能审核本人录入或提交的信息")


def is_own(user, item: Item) -> bool:
    """录入或提交人本人 (who may not review the item)."""
    return user.pk in (item.created_by_id, item.submitted_by_id)


# ---------------------------------------------------------------- the checks

def check_create(user, unit) -> None:
    _require(user, unit, EDITOR_ROLES, "录入信息")


def check_create_interpretation(user, unit) -> None:
    _require(user, unit, EDITOR_ROLES, "录入政策解读")


def linkable_documents(unit):
    """The unit's documents a 解读 may explain: not withdrawn, not themselves a 解读."""
    return (Item.objects.filter(unit=unit).exclude(status=ItemStatus.WITHDRAWN)
            .filter(interpretation__isnull=True).order_by("-needs_interpretation", "-written_date", "-id"))


def check_documents(unit, documents) -> list[Item]:
    """The documents a new or changed 解读 explains: at least one, each linkable."""
    docs = list(documents)
    if not docs:
        raise WorkflowError("政策解读须关联至少一份所解读的政策文件")
    allowed = set(linkable_documents(unit).values_list("pk", flat=True))
    if any(d.pk not in allowed for d in docs):
        raise WorkflowError("只能关联本单位未撤回的政策文件（不能关联解读本身）")
    return docs


def check_interpret(user, item: Item) -> None:
    """录入政策解读 of ``item``: an editor of its unit, ``item`` being a linkable document."""
    check_create_interpretation(user, item.unit)
    check_documents(item.unit, [item])


def check_update(user, item: Item, what: str = "修改信息") -> None:
    _require(user, item.unit, EDITOR_ROLES, what)
    _require_status(item, ItemStatus.DRAFT, what="修改（请先退回草稿）")


def check_attachments(user, item: Item, what: str) -> None:
    """上传附件 / 删除附件: an editor, while the item is a draft."""
    _require(user, item.unit, EDITOR_ROLES, what)
    _require_status(item, ItemStatus.DRAFT, what=what)


def check_mask(user, item: Item) -> None:
    _require(user, item.unit, EDITOR_ROLES, "处理个人信息")
    _require_status(item, ItemStatus.DRAFT, ItemStatus.SUBMITTED, what="修改正文")


def check_submit(user, item: Item) -> None:
    _require(user, item.unit, EDITOR_ROLES, "提交审核")
    _require_status(item, ItemStatus.DRAFT, what="提交审核")


def check_approve(user, item: Item) -> None:
    """保密审查通过: a reviewer of the unit, of a submitted item they neither wrote nor submitted."""
    _require(user, item.unit, REVIEWER_ROLES, "审核信息")
    _require_status(item, ItemStatus.SUBMITTED, what="审核")
    _check_not_own(user, item)


def check_reject(user, item: Item) -> None:
    _require(user, item.unit, REVIEWER_ROLES, "审核信息")
    _require_status(item, ItemStatus.SUBMITTED, ItemStatus.APPROVED, what="退回")
    _check_not_own(user, item)


def check_publish(user, item: Item) -> None:
    _require(user, item.unit, EDITOR_ROLES, "发布信息")
    _require_status(item, ItemStatus.APPROVED, what="发布（须先通过保密审查）")


def check_withdraw(user, item: Item) -> None:
    _require(user, item.unit, REVIEWER_ROLES, "撤回信息")
    _require_status(item, ItemStatus.PUBLISHED, what="撤回")


def check_repeal(user, item: Item) -> None:
    _require(user, item.unit, REVIEWER_ROLES, "废止信息")
    _require_status(item, ItemStatus.PUBLISHED, what="废止")
    if item.validity == Validity.REPEALED:
        raise WorkflowError("该信息已废止")


def check_channel(user, item: Item) -> None:
    _require(user, item.unit, EDITOR_ROLES, "登记公开渠道")
    _require_status(item, ItemStatus.PUBLISHED, what="登记公开渠道")


def may_create(user) -> bool:
    return user.unit is not None and allows(check_create, user, user.unit)


# ---------------------------------------------------------------- the answer for a page

#: True when ``check(*args)`` passes: the page's question, asked of the service's check.
allows = partial(units_permissions.allows, WorkflowError)


@dataclass(frozen=True)
class AllowedActions:
    """What ``user`` may do to one item now."""

    edit: bool = False
    attachments: bool = False
    mask: bool = False
    submit: bool = False
    approve: bool = False
    reject: bool = False
    publish: bool = False
    withdraw: bool = False
    repeal: bool = False
    channel: bool = False
    interpret: bool = False

    def names(self) -> list[str]:
        return [name for name, value in vars(self).items() if value]


def allowed_actions(user, item: Item) -> AllowedActions:
    """Every ``check_*`` above asked for ``item`` as it is now."""
    return AllowedActions(
        edit=allows(check_update, user, item),
        attachments=allows(check_attachments, user, item, "上传附件"),
        mask=allows(check_mask, user, item),
        submit=allows(check_submit, user, item),
        approve=allows(check_approve, user, item),
        reject=allows(check_reject, user, item),
        publish=allows(check_publish, user, item),
        withdraw=allows(check_withdraw, user, item),
        repeal=allows(check_repeal, user, item),
        channel=allows(check_channel, user, item),
        interpret=allows(check_interpret, user, item),
    )
