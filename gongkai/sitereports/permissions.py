"""May this user build, fill in, sign, publish or file this website report (政府网站工作年度报表)
now? — one answer per action.

Each ``check_*`` raises :class:`SiteReportError` with the reason the user reads (Chinese), or
returns. The services call them first (on the locked report where they lock); the pages ask
:func:`allowed_actions` / :func:`site_actions`, which run the very same checks, so a button is
shown exactly when the service would accept the action (with valid input: a report without
errors, a reason where one is asked for)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from gongkai.units import permissions as units_permissions
from gongkai.units.models import Role
from gongkai.units.permissions import ActionSet, can_act
from gongkai.units.scoping import visible_units
from gongkai.watch.models import Site

from .models import SiteReportStatus, WebsiteReport

EDITOR_ROLES = units_permissions.STAFF_ROLES
SIGNER_ROLES = units_permissions.SIGNER_ROLES


class SiteReportError(Exception):
    """An action the rules do not allow now; the message is for the user (Chinese)."""


#: True when ``check(*args)`` passes (the page's question, asked of the service's check).
allows = partial(units_permissions.allows, SiteReportError)


def _require(user, site: Site, roles, what: str) -> None:
    units_permissions.require(SiteReportError, user, site.unit, roles, what)


def _require_draft(report: WebsiteReport) -> None:
    if report.status != SiteReportStatus.DRAFT:
        raise SiteReportError("只有草稿状态的报表可以修改")


def check_build(user, site: Site) -> None:
    """生成报表 (a year's draft): the site's unit's staff."""
    _require(user, site, EDITOR_ROLES, "编制政府网站工作年度报表")


def check_rebuild(user, report: WebsiteReport) -> None:
    """按最新数据重新生成: as :func:`check_build`, while the report is a draft."""
    check_build(user, report.site)
    if report.status != SiteReportStatus.DRAFT:
        raise SiteReportError("报表已提交、签发或发布，不能重新生成")


def check_save_fields(user, report: WebsiteReport) -> None:
    """填报 (the figures and overrides): the unit's staff, while a draft."""
    _require(user, report.site, EDITOR_ROLES, "填报政府网站工作年度报表")
    _require_draft(report)


def check_submit(user, report: WebsiteReport) -> None:
    """校验并提交签发: the unit's staff, while a draft (errors and warnings are the service's to weigh)."""
    _require(user, report.site, EDITOR_ROLES, "提交政府网站工作年度报表")
    _require_draft(report)


def check_return_to_draft(user, report: WebsiteReport) -> None:
    """退回修改: the unit's reviewers and admins, while waiting to be signed or published."""
    _require(user, report.site, SIGNER_ROLES, "退回政府网站工作年度报表")
    if report.status not in (SiteReportStatus.SUBMITTED, SiteReportStatus.SIGNED):
        raise SiteReportError("只有待签发或待发布的报表可以退回")


def check_sign(user, report: WebsiteReport) -> None:
    """审核签发: a reviewer or admin of the unit other than the submitter, while submitted."""
    _require(user, report.site, SIGNER_ROLES, "签发政府网站工作年度报表")
    if report.status != SiteReportStatus.SUBMITTED:
        raise SiteReportError("只有已校验待签发的报表可以签发")
    if report.submitted_by_id == user.pk:
        raise SiteReportError("报表须由提交人以外的审核人签发")


def check_publish(user, report: WebsiteReport) -> None:
    """在门户网站发布: the unit's reviewers and admins, once signed."""
    _require(user, report.site, SIGNER_ROLES, "发布政府网站工作年度报表")
    if report.status != SiteReportStatus.SIGNED:
        raise SiteReportError("只有已签发的报表可以发布")


def check_record_filing(user, report: WebsiteReport) -> None:
    """登记已报送 (全国政府网站信息报送系统): the unit's staff, once published."""
    _require(user, report.site, EDITOR_ROLES, "登记报送情况")
    if report.status != SiteReportStatus.PUBLISHED:
        raise SiteReportError("报表发布后才能登记报送全国政府网站信息报送系统")


def check_register(user, site: Site) -> None:
    """登记网站备案信息: the unit's reviewers and admins."""
    _require(user, site, SIGNER_ROLES, "登记网站备案信息")


def check_enter_figures(user, site: Site) -> None:
    """导入填报数据 for ``site``: its unit's staff, or a supervisor above it."""
    if can_act(user, site.unit, EDITOR_ROLES):
        return
    if user.is_authenticated and user.role == Role.SUPERVISOR and visible_units(user).filter(
            pk=site.unit_id).exists():
        return
    raise SiteReportError(f"您无权填报{site.name}的报表")


@dataclass(frozen=True)
class AllowedActions(ActionSet):
    """What ``user`` may do to one report now (its page's buttons and the 填报 form)."""

    save_fields: bool = False
    rebuild: bool = False
    submit: bool = False
    return_to_draft: bool = False
    sign: bool = False
    publish: bool = False
    record_filing: bool = False


def allowed_actions(user, report: WebsiteReport) -> AllowedActions:
    """Every report ``check_*`` above asked for ``report``."""
    return AllowedActions(
        save_fields=allows(check_save_fields, user, report), rebuild=allows(check_rebuild, user, report),
        submit=allows(check_submit, user, report), return_to_draft=allows(check_return_to_draft, user, report),
        sign=allows(check_sign, user, report), publish=allows(check_publish, user, report),
        record_filing=allows(check_record_filing, user, report))


@dataclass(frozen=True)
class SiteActions:
    """What ``user`` may do for one watched site on the index: build a year's report, register it."""

    build: bool = False
    register: bool = False


def site_actions(user, site: Site) -> SiteActions:
    return SiteActions(build=allows(check_build, user, site), register=allows(check_register, user, site))
