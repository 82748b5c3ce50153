"""The unit tree, scoping rules, the admin for unit admins, and schedule changes."""
import datetime as dt

import pytest
from django.urls import reverse

from gongkai.catalog import services
from gongkai.units.models import AuditEntry, Role
from gongkai.units.scoping import visible_units
from gongkai.workdays.services import load_schedule
from tests.conftest import PASSWORD


def test_tree_paths_follow_moves(county, street, town, village):
    assert set(county.subtree()) == {county, street, town, village}
    assert list(village.ancestors()) == [county, town]
    village.parent = street
    village.save()
    village.refresh_from_db()
    assert village.path == f"{street.path}{village.pk}/"
    assert set(street.subtree()) == {street, village} and set(town.subtree()) == {town}


def test_a_unit_cannot_become_its_own_descendant(county, town, village):
    from django.core.exceptions import ValidationError

    town.parent = village
    with pytest.raises(ValidationError):
        town.full_clean()


def test_visibility_by_role(county, street, town, village, street_clerk, supervisor, make_user):
    assert set(visible_units(street_clerk)) == {street}
    assert set(visible_units(supervisor)) == {county, street, town, village}
    town_supervisor = make_user(town, Role.SUPERVISOR)
    assert set(visible_units(town_supervisor)) == {town, village}


def test_unit_admin_manages_only_own_units_people_in_admin(client, street_admin, street_clerk, town_clerk, street):
    street_admin.is_staff = True
    street_admin.save()
    client.login(username=street_admin.username, password=PASSWORD)
    listing = client.get(reverse("admin:units_user_changelist")).content.decode()
    assert street_clerk.username in listing and town_clerk.username not in listing
    assert client.get(reverse("admin:units_user_change", args=[town_clerk.pk])).status_code in (302, 403, 404)
    response = client.post(reverse("admin:units_user_change", args=[street_clerk.pk]), {
        "username": street_clerk.username, "full_name": "张晓（调岗）", "unit": street.pk, "role": Role.REVIEWER,
        "phone": "", "email": "", "is_active": "on", "last_login_0": "", "last_login_1": "",
        "date_joined_0": "2026-01-01", "date_joined_1": "08:00:00"})
    assert response.status_code == 302, response.content.decode()[:2000]
    street_clerk.refresh_from_db()
    assert street_clerk.role == Role.REVIEWER
    entry = AuditEntry.objects.get(action="admin.user.change")
    assert entry.actor == street_admin and "role" in entry.detail["fields"]


def test_clerk_cannot_enter_the_admin(client, street_clerk):
    street_clerk.is_staff = True  # even if someone ticked the box
    street_clerk.save()
    client.login(username=street_clerk.username, password=PASSWORD)
    page = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:units_user_changelist") not in page
    assert client.get(reverse("admin:units_user_changelist")).status_code == 403


def test_loading_a_schedule_recomputes_open_deadlines(street_clerk, django_capture_on_commit_callbacks):
    item = services.create_item(street_clerk, title="跨年的通知", written_date=dt.date(2026, 12, 21), body="<p>x</p>")
    assert item.publish_due is None  # 2027 not yet known: never guessed
    with django_capture_on_commit_callbacks(execute=True):
        load_schedule("2027-01-01,休,元旦\nyear,2027\n")
    item.refresh_from_db()
    # 22–25 Dec (4), 28–31 Dec (4), 1 Jan off, 4–8 Jan (5), 11–15 Jan (5), 18 Jan (1), 19 Jan (1) = 20
    assert item.publish_due == dt.date(2027, 1, 19)
