"""个人信息保护 (security.md §3.11 b): a bulk export with full identity and phone numbers needs a
request, approval by another person (a reviewer of the unit), and is downloadable once within
2 hours by the requester; every step is audited; without approval exports stay masked."""
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.security.models import FullExportRequest
from gongkai.units.models import AuditEntry, Role
from tests.conftest import PASSWORD

from .pii_world import ID_NUMBER, PHONE, register

pytestmark = pytest.mark.django_db


def as_user(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def cells(response) -> str:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return " ".join(str(c.value) for row in sheet.iter_rows() for c in row)


def test_request_approval_and_one_time_download(client, street_clerk, street_reviewer, make_user, street):
    register(street_clerk)
    masked = as_user(client, street_clerk).get(reverse("applications:export", args=["xlsx"]))
    assert ID_NUMBER not in cells(masked)
    assert client.post(reverse("applications:full_exports"), {"reason": "核对申请人身份信息"}).status_code == 302
    req = FullExportRequest.objects.get()
    download = reverse("applications:full_export_download", args=[req.pk])
    approve = reverse("applications:full_export_approve", args=[req.pk])
    assert client.get(download).status_code == 403  # not approved yet
    assert client.post(approve).status_code == 403  # not by the requester
    other_clerk = make_user(street, Role.CLERK, "street_clerk2")
    assert as_user(client, other_clerk).post(approve).status_code == 403  # a clerk does not approve
    assert as_user(client, street_reviewer).post(approve).status_code == 302
    assert client.get(download).status_code == 403  # only the requester downloads
    as_user(client, street_clerk)
    first = client.get(download)
    assert first.status_code == 200 and ID_NUMBER in cells(first) and PHONE in cells(first)
    assert "no-store" in first["Cache-Control"]
    assert client.get(download).status_code == 403  # once
    actions = list(AuditEntry.objects.filter(action__startswith="pii.export").values_list("action", flat=True))
    for action in ("pii.export_requested", "pii.export_approved", "pii.export_downloaded", "pii.export_refused"):
        assert action in actions
    assert ID_NUMBER not in str(list(AuditEntry.objects.values_list("detail", flat=True)))


def test_an_approval_expires_and_other_units_see_nothing(client, street_clerk, street_reviewer, town_reviewer):
    as_user(client, street_clerk).post(reverse("applications:full_exports"), {"reason": "核对申请人身份信息"})
    req = FullExportRequest.objects.get()
    assert as_user(client, town_reviewer).post(
        reverse("applications:full_export_approve", args=[req.pk])).status_code == 404
    as_user(client, street_reviewer).post(reverse("applications:full_export_approve", args=[req.pk]))
    FullExportRequest.objects.filter(pk=req.pk).update(approved_at=timezone.now() - dt.timedelta(hours=3))
    page = as_user(client, street_clerk).get(reverse("applications:full_export_download", args=[req.pk]))
    assert page.status_code == 403 and "已过期" in page.content.decode()


def test_a_reason_is_required_and_unit_admins_may_not_ask(client, street_clerk, street_admin):
    as_user(client, street_clerk).post(reverse("applications:full_exports"), {"reason": "看"})
    assert not FullExportRequest.objects.exists()
    assert as_user(client, street_admin).get(reverse("applications:full_exports")).status_code == 403
