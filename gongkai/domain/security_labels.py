"""安全标记 (GB/T 22239-2019 8.1.4.2 g): sensitivity labels on objects, clearances on subjects.

「应对重要主体和客体设置安全标记，并控制主体对有安全标记信息资源的访问。」

Three ordered levels. A subject may read or act on an object only when its clearance is at
least the object's label, whatever its role grants (mandatory access control on top of the unit
scope). The 安全管理员 sets clearances and is the only one who may lower a label; anyone who may
see an object may raise its label. Plain Python: no Django here.
"""
from __future__ import annotations

from enum import IntEnum


class Level(IntEnum):
    PUBLIC = 0
    INTERNAL = 1
    SENSITIVE = 2

    @property
    def label(self) -> str:
        return LEVEL_NAMES[self]


LEVEL_NAMES = {Level.PUBLIC: "公开", Level.INTERNAL: "内部", Level.SENSITIVE: "敏感（含个人信息）"}
CHOICES = [(int(level), name) for level, name in LEVEL_NAMES.items()]

# Object defaults: an application holds the applicant's personal data; an item is 内部 until
# published, and a published item is 公开 whatever its stored label (publication is the
# disclosure decision, taken through 保密审查). An attachment carries its item's label.
APPLICATION_DEFAULT = Level.SENSITIVE
ITEM_DRAFT_DEFAULT = Level.INTERNAL
ITEM_PUBLISHED = Level.PUBLIC

# Subject defaults by role: every business role keeps access to its unit's applications; the
# 三员 hold no business data (their consoles never read it) and so no clearance above 公开.
BUSINESS_DEFAULT = Level.SENSITIVE
ROLE_DEFAULTS = {"clerk": Level.SENSITIVE, "reviewer": Level.SENSITIVE, "unit_admin": Level.SENSITIVE,
                 "supervisor": Level.SENSITIVE, "sysadmin": Level.PUBLIC, "secadmin": Level.PUBLIC,
                 "auditadmin": Level.PUBLIC}
LABEL_ADMIN_ROLE = "secadmin"


class LabelError(Exception):
    """A label or clearance change refused; the message is for the user (Chinese)."""


def level(value: str | int) -> Level:
    try:
        return Level(int(value))
    except (TypeError, ValueError):
        raise LabelError("未知的安全标记级别") from None


def clearance(role: str, explicit: int | None) -> Level:
    """The subject's clearance: set by the 安全管理员, or the role's default."""
    if explicit is not None:
        return Level(explicit)
    return ROLE_DEFAULTS.get(role, Level.PUBLIC)


def item_label(stored: int, published: bool) -> Level:
    return ITEM_PUBLISHED if published else Level(stored)


def may_access(subject_clearance: int, object_label: int) -> bool:
    """The mandatory rule: clearance ≥ label."""
    return int(subject_clearance) >= int(object_label)


MAX_REASON_CHARS = 200   # the form's limit; longer is refused, never cut


def _check_reason_length(reason: str) -> None:
    text = (reason or "").strip()
    if len(text) > MAX_REASON_CHARS:
        raise LabelError(f"理由不超过{MAX_REASON_CHARS}个字（现有{len(text)}个字）")


def check_label_change(actor_role: str, old: int, new: int, reason: str) -> None:
    """Raising is open to anyone who may see the object; lowering needs the 安全管理员 and a reason."""
    _check_reason_length(reason)
    old, new = level(old), level(new)
    if new == old:
        raise LabelError(f"安全标记已是“{new.label}”")
    if new < old and actor_role != LABEL_ADMIN_ROLE:
        raise LabelError("降低安全标记须由安全管理员进行")
    if new < old and not (reason or "").strip():
        raise LabelError("降低安全标记须填写理由")


def check_clearance_change(actor_role: str, actor_id: int, subject_id: int, reason: str) -> None:
    if actor_role != LABEL_ADMIN_ROLE:
        raise LabelError("只有安全管理员可以设置人员的安全许可级别")
    if actor_id == subject_id:
        raise LabelError("不能设置自己的安全许可级别")
    _check_reason_length(reason)
    if not (reason or "").strip():
        raise LabelError("请填写调整理由")


def refusal(subject_clearance: int, object_label: int) -> str:
    return (f"无权访问：该记录的安全标记为“{Level(object_label).label}”，高于您的安全许可级别"
            f"“{Level(subject_clearance).label}”。如工作需要，请联系安全管理员。")


def policy_rows() -> list[tuple[str, str]]:
    """The labelling policy as shown on the 安全管理员's console."""
    return [
        ("依申请公开申请（含申请人个人信息）", f"默认“{APPLICATION_DEFAULT.label}”"),
        ("主动公开信息（草稿至撤回）及其附件", f"默认“{ITEM_DRAFT_DEFAULT.label}”；附件随所属信息"),
        ("已发布的主动公开信息及其附件", f"“{ITEM_PUBLISHED.label}”"),
        ("经办人、审核人、单位管理员、上级主管", f"默认安全许可“{BUSINESS_DEFAULT.label}”，可由安全管理员调整"),
        ("系统管理员、安全管理员、审计管理员", "不接触业务数据"),
        ("访问规则", "安全许可级别不低于记录的安全标记方可查看或办理，否则拒绝并记入操作日志"),
        ("调整规则", "提高标记：可见该记录的人员；降低标记、调整人员许可：仅安全管理员，须填写理由，记入操作日志"),
    ]
