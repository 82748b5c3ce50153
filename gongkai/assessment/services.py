"""Changes to assessments (考核): schemes and manual adjustments. Each runs in one transaction,
asks its check in assessment.permissions first (the scheme unit's supervisor), and is written to
the audit log."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from gongkai.domain import assessment as rules
from gongkai.units import audit
from gongkai.units.scoping import visible_units

from .models import Adjustment, Scheme
from .permissions import AssessmentError, check_adjust, check_create_scheme, check_edit_scheme
from .scoring import assessed_units

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from gongkai.units.models import Unit, User

MAX_ADJUSTMENT = Decimal("100")


def visible_schemes(user: User | AnonymousUser) -> QuerySet[Scheme]:
    """Schemes the user may read: those of its own unit and of every unit above it (for staff of
    an assessed unit), and those of the units below it (for a supervisor)."""
    if not user.is_authenticated or user.unit_id is None:
        return Scheme.objects.none()
    ids = [int(p) for p in user.unit.path.strip("/").split("/") if p]
    return Scheme.objects.filter(unit_id__in=set(ids) | set(visible_units(user).values_list("pk", flat=True)))


def _clean(indicators) -> list[dict]:
    try:
        return rules.validate_indicators(indicators)
    except rules.SchemeError as exc:
        raise AssessmentError("；".join(exc.messages)) from exc


@transaction.atomic
def create_scheme(user: User, unit: Unit, *, year: int, name: str = "", indicators: list[dict] | None = None) -> Scheme:
    """A scheme for ``year``, starting from the shipped default unless indicators are given."""
    check_create_scheme(user, unit)
    if not 2000 <= int(year) <= 2100:
        raise AssessmentError("考核年度不正确")
    indicators = _clean(rules.default_indicators() if indicators is None else indicators)
    name = (name or "").strip() or f"{unit.short_name or unit.name}{year}年度政务公开工作考核方案"
    if Scheme.objects.filter(unit=unit, year=year).exists():
        raise AssessmentError(f"{year}年度的考核方案已经存在，请直接修改")
    try:
        with transaction.atomic():
            scheme = Scheme.objects.create(unit=unit, year=year, name=name[:100], indicators=indicators,
                                           created_by=user)
    except IntegrityError as exc:  # a concurrent create of the same year
        raise AssessmentError(f"{year}年度的考核方案已经存在，请直接修改") from exc
    audit.record("assessment.scheme.create", scheme, user=user, unit=unit,
                 detail={"year": year, "indicators": [(i["code"], i["weight"]) for i in indicators]})
    return scheme


@transaction.atomic
def update_scheme(user: User, scheme: Scheme, *, name: str, indicators: list[dict]) -> Scheme:
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    check_edit_scheme(user, scheme)
    indicators = _clean(indicators)
    name = (name or "").strip()
    if not name:
        raise AssessmentError("方案名称：请填写方案名称")
    before = {i["code"]: i for i in scheme.indicators}
    changed = [i["code"] for i in indicators if before.get(i["code"]) != i] + \
        [code for code in before if code not in {i["code"] for i in indicators}]
    scheme.name, scheme.indicators = name[:100], indicators
    scheme.save(update_fields=["name", "indicators", "updated_at"])
    audit.record("assessment.scheme.update", scheme, user=user, unit=scheme.unit, detail={"changed": changed})
    return scheme


@transaction.atomic
def adjust(user: User, scheme: Scheme, *, unit: Unit, points: Decimal | int | str, reason: str) -> Adjustment:
    """加减分: ``points`` (±, one decimal) on ``unit``'s total, with a reason; audited."""
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    check_adjust(user, scheme)
    if unit.pk not in {u.pk for u in assessed_units(scheme.unit)}:
        raise AssessmentError("该单位不在本考核方案的考核范围内")
    reason = (reason or "").strip()
    if not reason:
        raise AssessmentError("理由：加减分必须填写理由")
    try:
        value = Decimal(str(points).strip()).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError) as exc:
        raise AssessmentError("加减分：请填写数字，如 -2 或 1.5") from exc
    if value == 0 or abs(value) > MAX_ADJUSTMENT:
        raise AssessmentError("加减分：必须是不为0、绝对值不超过100的数")
    adjustment = Adjustment.objects.create(scheme=scheme, unit=unit, points=value, reason=reason[:2000], by=user)
    audit.record("assessment.adjust", adjustment, user=user, unit=unit,
                 target_repr=f"{scheme.name}：{unit.name}",
                 detail={"scheme": scheme.pk, "points": str(value), "reason": reason[:500]})
    return adjustment


def record_export(user: User, scheme: Scheme, *, fmt: str) -> None:
    audit.record("assessment.export", scheme, user=user, unit=scheme.unit, detail={"format": fmt})


def ensure_demo_scheme(year: int = 2025) -> Scheme | None:
    """Demo data: the default scheme for ``year``, defined by the county's supervisor."""
    from gongkai.units.models import User

    supervisor = User.objects.filter(username="county_supervisor").select_related("unit").first()
    if supervisor is None or supervisor.unit is None:
        return None
    existing = Scheme.objects.filter(unit=supervisor.unit, year=year).first()
    return existing or create_scheme(supervisor, supervisor.unit, year=year)
