"""The unit tree is edited by 系统管理员 only (security.md §2, 8.1.5.1 b): a unit admin or a
supervisor gets a refusal in /admin/ (audited), the 系统管理员 creates and moves units (audited)."""
import pytest

from gongkai.units.models import AuditEntry, Role, Unit, UnitKind, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def unit_form(name, code, parent):
    return {"name": name, "code": code, "kind": UnitKind.VILLAGE, "parent": parent.pk, "is_active": "on",
            "letter_prefix": "", "sort_order": 0, "_save": "保存"}


@pytest.mark.parametrize("who", ["street_admin", "supervisor"])
def test_business_managers_may_not_create_or_move_units(request, client, who, street, town):
    user = request.getfixturevalue(who)
    User.objects.filter(pk=user.pk).update(is_staff=True)  # as their accounts are made (staff_flag)
    assert client.login(username=user.username, password=PASSWORD)
    add = client.post("/admin/units/unit/add/", unit_form("新村", "T1109", street))
    assert add.status_code == 403 and not Unit.objects.filter(code="T1109").exists()
    move = client.post(f"/admin/units/unit/{street.pk}/change/", {
        **unit_form(street.name, street.code, town), "kind": street.kind})
    street.refresh_from_db()
    assert move.status_code == 403 and street.parent_id != town.pk
    denied = AuditEntry.objects.filter(action="security.denied", actor=user)
    assert denied.count() == 2 and all(e.outcome == "failure" for e in denied)


def test_the_sysadmin_creates_and_moves_units_audited(client, street, town, county):
    sysadmin = User.objects.create_user(username="sys-tree", password=PASSWORD, role=Role.SYSADMIN, full_name="系统",
                                        is_staff=True)
    assert client.login(username=sysadmin.username, password=PASSWORD)
    add = client.post("/admin/units/unit/add/", unit_form("新村", "T1109", street))
    assert add.status_code == 302
    new = Unit.objects.get(code="T1109")
    assert new.parent == street
    assert AuditEntry.objects.filter(action="admin.unit.add", actor=sysadmin, target_id=str(new.pk)).exists()
