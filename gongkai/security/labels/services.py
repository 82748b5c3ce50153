"""安全标记 (GB/T 22239-2019 8.1.4.2 g, 8.1.5.3 b「主体、客体进行统一安全标记」): clearances on
accounts and labels on applications and items, changed here only, every change audited.

The rules are in ``gongkai.domain.security_labels``; enforcement is in ``gongkai.units.scoping``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from gongkai.domain import security_labels
from gongkai.domain.security_labels import LabelError
from gongkai.units import audit
from gongkai.units.models import User
from gongkai.units.scoping import can_see_unit

if TYPE_CHECKING:
    from django.db.models import Model

ACTION_LABELS = {"security.clearance": "调整安全许可级别", "security.label": "调整安全标记",
                 "security.label_denied": "安全标记拒绝访问"}
_LABELLED: dict[str, tuple[str, type]] = {}  # kind -> (name shown, model)


def register_labelled(kind: str, name: str, model: type) -> None:
    """A model whose records carry a 安全标记 (``sensitivity``, ``unit``), registered by its app's
    AppConfig, so that this console labels applications and items without importing their apps."""
    _LABELLED[kind] = (name, model)


def kind_names() -> dict[str, str]:
    return {kind: _LABELLED[kind][0] for kind in sorted(_LABELLED)}


@transaction.atomic
def set_clearance(actor: User, user: User, *, value: str | int | None, reason: str) -> User:
    security_labels.check_clearance_change(actor.role, actor.pk, user.pk, reason)
    new = None if value in (None, "") else security_labels.level(value)
    user = User.objects.select_for_update().get(pk=user.pk)
    before = user.effective_clearance
    user.clearance = None if new is None else int(new)
    user.save(update_fields=["clearance"])
    after = user.effective_clearance
    audit.record("security.clearance", user, user=actor, unit=user.unit, reason=reason.strip(),
                 detail={"username": user.username, "from": int(before), "to": int(after),
                         "explicit": user.clearance})
    return user


def find(kind: str, pk: str | int) -> Model:
    if kind not in _LABELLED:
        raise LabelError("未知的记录类型")
    model = _LABELLED[kind][1]
    try:
        return model.objects.get(pk=int(pk))
    except (TypeError, ValueError, model.DoesNotExist):
        raise LabelError("记录不存在") from None


@transaction.atomic
def set_label(actor: User, obj: Model, *, value: str | int, reason: str = "") -> Model:
    """Raise (anyone who may see the record) or lower (安全管理员 only, with a reason) a label.
    The 安全管理员 names records by type and number only; they read no business content."""
    if actor.role != security_labels.LABEL_ADMIN_ROLE and not can_see_unit(actor, obj.unit):
        raise LabelError("记录不存在")
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    new = security_labels.level(value)
    security_labels.check_label_change(actor.role, obj.sensitivity, new, reason)
    before = obj.sensitivity
    obj.sensitivity = int(new)
    obj.save(update_fields=["sensitivity"])
    audit.record("security.label", obj, user=actor, unit=obj.unit, reason=(reason or "").strip(),
                 target_repr=f"{obj._meta.label_lower} #{obj.pk}",
                 detail={"from": before, "to": int(new), "lowered": int(new) < before})
    return obj
