"""May this user handle this 政务咨询 message now? — one answer per action.

Each ``check_*`` raises :class:`ConsultError` with the reason the user reads (Chinese), or returns.
The services call them first, on the locked row; the workbench pages ask :func:`allowed_actions`
(a message) and :func:`board_actions` (the list), which run the very same checks, so a form or
button is shown exactly when the service would accept the action (with valid input). The views'
403 gate before a form is read is the role part of the same checks (:func:`check_handle`,
:func:`check_review`)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from gongkai.units import permissions as units_permissions
from gongkai.units.models import Role
from gongkai.units.permissions import ActionSet, can_act

from .models import Message, Publication, Status

STAFF_ROLES = units_permissions.STAFF_ROLES
APPROVER_ROLES = units_permissions.SIGNER_ROLES


class ConsultError(Exception):
    """An action the rules do not allow now; the message is for the user (Chinese)."""


#: True when ``check(*args)`` passes (the page's question, asked of the service's check).
allows = partial(units_permissions.allows, ConsultError)


def _require(user, message: Message, roles, what: str) -> None:
    units_permissions.require(ConsultError, user, message.unit, roles, what, who="办理单位的工作人员")


def _require_open(message: Message) -> None:
    if message.status != Status.SUBMITTED:
        raise ConsultError(f"该留言{message.get_status_display()}，不能再办理")


# ---------------------------------------------------------------- the role part

def check_handle(user, message: Message, what: str = "办理该留言") -> None:
    """The handling unit's staff: they act on the message and read the asker's name, contact and text."""
    _require(user, message, STAFF_ROLES, what)


def check_review(user, message: Message, what: str = "审核公开答复") -> None:
    """The handling unit's reviewers and unit admins (审核、撤回公开答复)."""
    _require(user, message, APPROVER_ROLES, what)


# ---------------------------------------------------------------- the actions

def check_answer(user, message: Message) -> None:
    """答复 / 不予受理: staff, while the message waits for an answer."""
    check_handle(user, message)
    _require_open(message)


check_reject = check_answer


def check_transfer(user, message: Message) -> None:
    check_handle(user, message, "转办该留言")
    _require_open(message)


def check_merge(user, message: Message) -> None:
    """合并重复留言 (the message merged away; the one it goes into is the service's input)."""
    check_handle(user, message, "合并该留言")
    _require_open(message)


def check_convert(user, message: Message) -> None:
    """转为政府信息公开申请 (the application's own registration rule is asked by its service)."""
    check_handle(user, message, "转为政府信息公开申请")
    _require_open(message)


def check_choose_publication(user, message: Message) -> None:
    """选择是否公开答复: staff, once the message is answered, while no publication is chosen or the
    last choice was not to publish (a pending one is the reviewer's, a published one is withdrawn first)."""
    check_handle(user, message)
    if message.status != Status.ANSWERED:
        raise ConsultError("只有已答复的留言才能选择是否公开")
    if message.publication == Publication.PUBLISHED:
        raise ConsultError("该答复已公开")
    if message.publication == Publication.PENDING:
        raise ConsultError("该留言的公开答复正在等待审核")


def check_approve_publication(user, message: Message) -> None:
    check_review(user, message)
    if message.publication != Publication.PENDING:
        raise ConsultError("该留言没有待审核的公开答复")


def check_withdraw_publication(user, message: Message) -> None:
    check_review(user, message, "撤回公开答复")
    if message.publication != Publication.PUBLISHED:
        raise ConsultError("该答复未公开")


def check_set_policy(user) -> None:
    """答复规则: the unit admin of the user's own unit."""
    unit = getattr(user, "unit", None)
    if unit is None or not can_act(user, unit, (Role.UNIT_ADMIN,)):
        raise ConsultError("您无权设置答复规则（仅限本单位管理员）")


# ---------------------------------------------------------------- the answer for a page

@dataclass(frozen=True)
class AllowedActions(ActionSet):
    """What ``user`` may do to (and see of) one message now; ``asker``: the asker's data and text."""

    asker: bool = False
    answer: bool = False
    transfer: bool = False
    merge: bool = False
    reject: bool = False
    convert: bool = False
    publish: bool = False
    approve: bool = False
    withdraw: bool = False


def allowed_actions(user, message: Message) -> AllowedActions:
    """Every ``check_*`` above asked for ``message`` as it is now."""
    return AllowedActions(
        asker=allows(check_handle, user, message),
        answer=allows(check_answer, user, message), transfer=allows(check_transfer, user, message),
        merge=allows(check_merge, user, message), reject=allows(check_reject, user, message),
        convert=allows(check_convert, user, message), publish=allows(check_choose_publication, user, message),
        approve=allows(check_approve_publication, user, message),
        withdraw=allows(check_withdraw_publication, user, message))


@dataclass(frozen=True)
class BoardActions:
    """What ``user`` may do from the message list: 答复规则设置."""

    settings: bool = False


def board_actions(user) -> BoardActions:
    return BoardActions(settings=allows(check_set_policy, user))
