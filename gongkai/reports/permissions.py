"""May this user build, edit, submit, sign or archive this annual report (政府信息公开工作年度报告), or
enter these yearly figures, now? — one answer per action.

Each ``check_*`` raises :class:`ReportError` with the reason the user reads (Chinese), or returns.
The services call them first (on the locked report where they lock); the pages ask
:func:`allowed_actions` / :func:`index_actions` / :func:`figures_actions`, which run the very same
checks, so a button is shown exactly when the service would accept the action (with valid input:
a report without errors, last year's problems answered, a reason where one is asked for)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from gongkai.units import permissions as units_permissions
from gongkai.units.models import Role, Unit
from gongkai.units.permissions import ActionSet, can_act
from gongkai.units.scoping import visible_units

from .models import AnnualReport, ReportStatus

EDITOR_ROLES = units_permissions.STAFF_ROLES
SIGNER_ROLES = units_permissions.SIGNER_ROLES


class ReportError(Exception):
    """An action the rules do not allow now; the message is for the user (Chinese)."""


#: True when ``check(*args)`` passes (the page's question, asked of the service's check).
allows = partial(units_permissions.allows, ReportError)


_require = partial(units_permissions.require, ReportError)


def _require_draft(report: AnnualReport) -> None:
    if report.status != ReportStatus.DRAFT:
        raise ReportError("只有草稿状态的报告可以修改")


def check_build(user, unit: Unit | None) -> None:
    """生成报告 (a year's draft): the unit's staff."""
    _require(user, unit, EDITOR_ROLES, "编制年度报告")


def check_rebuild(user, report: AnnualReport) -> None:
    """按最新数据重新生成: as :func:`check_build`, while the report is a draft."""
    check_build(user, report.unit)
    if report.status != ReportStatus.DRAFT:
        raise ReportError("报告已提交或已发布，不能重新生成")


def check_save_narrative(user, report: AnnualReport) -> None:
    """编辑正文: the unit's staff, while a draft."""
    _require(user, report.unit, EDITOR_ROLES, "修改年度报告")
    _require_draft(report)


def check_submit(user, report: AnnualReport) -> None:
    """提交审核: the unit's staff, while a draft (errors and unanswered problems are the service's to weigh)."""
    _require(user, report.unit, EDITOR_ROLES, "提交年度报告")
    _require_draft(report)


def check_return_to_draft(user, report: AnnualReport) -> None:
    """退回修改: the unit's reviewers and admins, while waiting for review."""
    _require(user, report.unit, SIGNER_ROLES, "退回年度报告")
    if report.status != ReportStatus.SUBMITTED:
        raise ReportError("只有待审核的报告可以退回")


def check_publish(user, report: AnnualReport) -> None:
    """审核签发并发布: a reviewer or admin of the unit other than the submitter, while waiting for review."""
    _require(user, report.unit, SIGNER_ROLES, "签发年度报告")
    if report.status != ReportStatus.SUBMITTED:
        raise ReportError("只有待审核的报告可以签发")
    if report.submitted_by_id == user.pk:
        raise ReportError("报告须由提交人以外的审核人签发")


def check_archive(user, unit: Unit | None) -> None:
    """存档历史年度报告 (an earlier year's original file): the unit's reviewers and admins."""
    _require(user, unit, SIGNER_ROLES, "存档历史年度报告")


def check_enter_figures(user, unit: Unit) -> None:
    """年度业务数据 of ``unit`` (the service and the import): its own staff, or a supervisor above it
    (the figures often come to the county in one sheet from the other systems)."""
    if can_act(user, unit, EDITOR_ROLES):
        return
    if user.is_authenticated and user.role == Role.SUPERVISOR and visible_units(user).filter(pk=unit.pk).exists():
        return
    raise ReportError("您无权填报该单位的年度业务数据")


def check_edit_own_figures(user, unit: Unit | None) -> None:
    """The 年度业务数据 form of the user's own unit: its staff (a supervisor enters the figures of its
    units through the import, :func:`check_enter_figures`)."""
    if unit is None or not can_act(user, unit, EDITOR_ROLES):
        raise ReportError("您无权填报年度业务数据")


def check_see_board(user) -> None:
    """The index's board of every unit below for one year: supervisors."""
    if not (user.is_authenticated and user.role == Role.SUPERVISOR):
        raise ReportError("仅限政务公开主管查看各单位年度报告情况")


@dataclass(frozen=True)
class AllowedActions(ActionSet):
    """What ``user`` may do to one report now (its page's buttons and the 编辑正文 form)."""

    save_narrative: bool = False
    rebuild: bool = False
    submit: bool = False
    publish: bool = False
    return_to_draft: bool = False


def allowed_actions(user, report: AnnualReport) -> AllowedActions:
    """Every report ``check_*`` above asked for ``report`` (an archived report is published: none pass)."""
    return AllowedActions(
        save_narrative=allows(check_save_narrative, user, report), rebuild=allows(check_rebuild, user, report),
        submit=allows(check_submit, user, report), publish=allows(check_publish, user, report),
        return_to_draft=allows(check_return_to_draft, user, report))


@dataclass(frozen=True)
class IndexActions:
    """What ``user`` may do on the annual-report index: build a year's report, archive an earlier
    one, see the board of the units below."""

    build: bool = False
    archive: bool = False
    board: bool = False


def index_actions(user) -> IndexActions:
    unit = getattr(user, "unit", None)
    return IndexActions(build=allows(check_build, user, unit), archive=allows(check_archive, user, unit),
                        board=allows(check_see_board, user))


@dataclass(frozen=True)
class FiguresActions:
    """The own unit's 年度业务数据 form: whether it saves."""

    save: bool = False


def figures_actions(user, unit: Unit | None) -> FiguresActions:
    return FiguresActions(save=allows(check_edit_own_figures, user, unit))
