"""May this user do this to this application now? — one answer per action (办理权限).

Each ``check_*`` raises :class:`ApplicationError` with the reason the user reads (Chinese), or
returns. The services call them first, on the locked row, before they look at the input; the
workbench page, the API and the tests ask ``actions.allowed_actions``, which runs the very same
checks. A button is therefore shown exactly when the service would accept the action (given
valid input) — the rule is written once, here.
"""
from __future__ import annotations

from gongkai.units import permissions as units_permissions
from gongkai.units.permissions import can_act

from ..models import (
    ON_CLOCK_STATUSES,
    Application,
    ApplicationExtension,
    ApplicationPause,
    FeeNotice,
    LetterDelivery,
    Status,
)

STAFF_ROLES = units_permissions.STAFF_ROLES
APPROVER_ROLES = units_permissions.SIGNER_ROLES


class ApplicationError(Exception):
    """An action the rules do not allow now; the message is for the user (Chinese)."""


def _require(user, app: Application, what: str, roles: tuple[str, ...] = STAFF_ROLES,
             who: str = "受理单位工作人员") -> None:
    units_permissions.require(ApplicationError, user, app.unit, roles, what, who=who)


def _require_open(app: Application, what: str) -> None:
    if app.status not in ON_CLOCK_STATUSES:
        raise ApplicationError(f"只有办理中的申请才能{what}")


# ---------------------------------------------------------------- the role parts
# Who may ask for the action at all, whatever the application's state: the first step of the
# check of the same name below. The API answers 403 from it before it reads the body (and 422
# from the rest of the check, raised by the service), with the very message the service raises.

def role_request_supplement(user, app: Application) -> None:
    _require(user, app, "告知补正")


def role_receive_supplement(user, app: Application) -> None:
    _require(user, app, "登记补正")


def role_start_pause(user, app: Application) -> None:
    _require(user, app, "登记征求意见")


def role_end_pause(user, app: Application) -> None:
    _require(user, app, "登记收到意见")


def role_request_extension(user, app: Application) -> None:
    _require(user, app, "申请延期")


def role_approve_extension(user, app: Application) -> None:
    """负责人同意延期: a reviewer (or the unit's administrator) of the handling unit."""
    _require(user, app, "同意延期", APPROVER_ROLES, "受理单位的审核人")


def role_decide(user, app: Application) -> None:
    _require(user, app, "作出答复")


# ---------------------------------------------------------------- the checks

def check_register(user) -> None:
    """登记申请 at the counter: staff of their own unit."""
    units_permissions.require(ApplicationError, user, user.unit, STAFF_ROLES, "登记申请", who="本单位工作人员")


def may_register(user) -> bool:
    return units_permissions.allows(ApplicationError, check_register, user)


def check_request_supplement(user, app: Application) -> None:
    """告知补正: once, while the application is as received (条例第三十条)."""
    role_request_supplement(user, app)
    if app.status != Status.RECEIVED or app.supplement_requested_on:
        raise ApplicationError("补正只能在收到申请后一次性告知")


def check_receive_supplement(user, app: Application) -> None:
    role_receive_supplement(user, app)
    if app.status != Status.SUPPLEMENT_REQUESTED:
        raise ApplicationError("该申请没有待补正的事项")


def check_start_pause(user, app: Application) -> None:
    role_start_pause(user, app)
    _require_open(app, "征求意见")


def check_end_pause(user, app: Application, pause: ApplicationPause) -> None:
    role_end_pause(user, app)
    if pause.ended_on:
        raise ApplicationError("该征求意见已登记结束")


def check_request_extension(user, app: Application, extension: ApplicationExtension | None) -> None:
    role_request_extension(user, app)
    _require_open(app, "申请延期")
    if extension is not None:
        raise ApplicationError("每件申请只能延期一次")


def check_approve_extension(user, app: Application, extension: ApplicationExtension | None) -> None:
    """负责人同意延期: a reviewer of the unit, not the one who asked."""
    role_approve_extension(user, app)
    _require_open(app, "同意延期")
    if extension is None or extension.approved:
        raise ApplicationError("没有待同意的延期申请")
    if extension.requested_by_id == user.pk:
        raise ApplicationError("延期须由申请人以外的审核人同意")


def check_decide(user, app: Application) -> None:
    role_decide(user, app)
    if not app.is_open:
        raise ApplicationError("该申请已答复")


def check_issue_fee(user, app: Application, notice: FeeNotice | None) -> None:
    _require(user, app, "发出收费通知")
    if app.status not in ON_CLOCK_STATUSES:
        raise ApplicationError("只有办理中的申请才能发出收费通知")
    if notice is not None:
        raise ApplicationError("该申请已发出收费通知")


def _open_notice(notice: FeeNotice | None) -> FeeNotice:
    if notice is None:
        raise ApplicationError("该申请没有收费通知")
    if notice.lapsed_on:
        raise ApplicationError("申请人逾期未缴费，该申请已不再处理")
    return notice


def check_fee_received(user, app: Application, notice: FeeNotice | None) -> None:
    """申请人收到收费通知 (recorded, or corrected, until the fee is paid)."""
    _require(user, app, "登记收到收费通知")
    if _open_notice(notice).paid_on:
        raise ApplicationError("已登记缴费，不能再修改收到收费通知日期")


def check_fee_payment(user, app: Application, notice: FeeNotice | None) -> None:
    _require(user, app, "登记缴费")
    notice = _open_notice(notice)
    if notice.paid_on:
        raise ApplicationError("该收费通知已登记缴费")
    if app.status not in ON_CLOCK_STATUSES:
        raise ApplicationError("只有办理中的申请才能登记缴费")
    if not notice.received_on:
        raise ApplicationError("请先登记申请人收到收费通知的日期")


def check_record_delivery(user, app: Application) -> None:
    _require(user, app, "登记送达")


def check_confirm_delivery(user, app: Application, delivery: LetterDelivery) -> None:
    _require(user, app, "登记送达")
    if delivery.delivered_on:
        raise ApplicationError("该文书已登记送达日期")


def check_issue_letter(user, app: Application) -> None:
    """编发文号: the handling unit's staff (a supervisor reads, never issues)."""
    _require(user, app, "编发文号")


def check_register_dispute(user, app: Application) -> None:
    """登记复议诉讼案件 against the answer: the handling unit's staff, once it is answered."""
    if not can_act(user, app.unit, STAFF_ROLES):
        raise ApplicationError("您无权登记该申请的复议诉讼案件（仅限受理单位工作人员）")
    if app.status != Status.ANSWERED:
        raise ApplicationError("只能对已答复的申请登记复议诉讼案件")
