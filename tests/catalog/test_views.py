"""The workbench over HTTP: every view is scoped to the user's unit and role."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog import services
from gongkai.catalog.models import Item, ItemStatus
from gongkai.units.models import AuditEntry
from tests.conftest import PASSWORD

TODAY = timezone.localdate()
ITEM_GET_VIEWS = ["catalog:item", "catalog:item_edit"]
ITEM_POST_VIEWS = ["catalog:item_submit", "catalog:item_approve", "catalog:item_reject", "catalog:item_publish",
                   "catalog:item_withdraw", "catalog:item_repeal", "catalog:item_channel", "catalog:item_mask",
                   "catalog:attachment_upload"]


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def street_item(street_clerk):
    return services.create_item(street_clerk, title="城关街道2026年养老服务补贴公示", written_date=TODAY,
                                body="<p>养老服务补贴名单</p>")


@pytest.fixture
def published_item(street_item, street_clerk, street_reviewer):
    services.submit_item(street_clerk, street_item)
    services.approve_item(street_reviewer, street_item, opinion="同意")
    return services.publish_item(street_clerk, street_item)


@pytest.mark.parametrize("name", ITEM_GET_VIEWS + ["catalog:notice_sheet"])
def test_other_units_get_404_for_every_item_page(client, town_clerk, published_item, name):
    login(client, town_clerk)
    assert client.get(reverse(name, args=[published_item.pk])).status_code == 404


@pytest.mark.parametrize("name", ITEM_POST_VIEWS)
def test_other_units_cannot_post_any_action(client, town_reviewer, street_item, name):
    login(client, town_reviewer)
    before = Item.objects.get(pk=street_item.pk)
    response = client.post(reverse(name, args=[street_item.pk]), {"opinion": "同意", "reason": "x"})
    assert response.status_code == 404
    after = Item.objects.get(pk=street_item.pk)
    assert (after.status, after.updated_at) == (before.status, before.updated_at)


@pytest.mark.parametrize("name", ["workbench:home", "catalog:items", "catalog:item_new", "accounts:audit"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_lists_show_only_own_unit_but_supervisor_sees_subtree(client, street_item, town_clerk, supervisor):
    town_item = services.create_item(town_clerk, title="河口镇农田水利工程公示", written_date=TODAY, body="<p>x</p>")
    page = login(client, town_clerk).get(reverse("catalog:items")).content.decode()
    assert town_item.title in page and street_item.title not in page
    client.logout()
    page = login(client, supervisor).get(reverse("catalog:items")).content.decode()
    assert town_item.title in page and street_item.title in page


def test_supervisor_may_look_but_not_act(client, supervisor, street_item, street_clerk):
    login(client, supervisor)
    assert client.get(reverse("catalog:item", args=[street_item.pk])).status_code == 200
    client.post(reverse("catalog:item_submit", args=[street_item.pk]))
    assert Item.objects.get(pk=street_item.pk).status == ItemStatus.DRAFT


def test_clerk_creates_and_submits_through_the_pages(client, street_clerk, street_reviewer):
    login(client, street_clerk)
    response = client.post(reverse("catalog:item_new"), {
        "title": "关于开展2026年度安全生产检查的通知", "doc_number": "城关街发〔2026〕8号", "publisher": "",
        "written_date": TODAY.isoformat(), "disclosure_mode": "proactive", "disclosure_scope": "public",
        "body": "<p>各社区：请开展安全生产检查。</p>"})
    item = Item.objects.get(title="关于开展2026年度安全生产检查的通知")
    assert response.status_code == 302 and item.publisher == "城关街道办事处"
    client.post(reverse("catalog:item_submit", args=[item.pk]))
    assert Item.objects.get(pk=item.pk).status == ItemStatus.SUBMITTED
    client.logout()
    login(client, street_reviewer)
    page = client.get(reverse("workbench:home")).content.decode()
    assert item.title in page
    client.post(reverse("catalog:item_approve", args=[item.pk]), {"opinion": "不涉密，同意", "channels": ["website"]})
    assert Item.objects.get(pk=item.pk).status == ItemStatus.PUBLISHED   # 同意发布 publishes in one step


def test_publish_dates_render_as_iso_so_date_inputs_are_not_blank(client, street_clerk, street_reviewer, street_item):
    """zh-hans renders dates as 2026/12/03 by default, which <input type=date> shows as blank."""
    services.submit_item(street_clerk, street_item)
    page = login(client, street_reviewer).get(reverse("catalog:item", args=[street_item.pk])).content.decode()
    assert f'name="published_date" value="{TODAY.isoformat()}"' in page
    services.approve_and_publish(street_reviewer, street_item, opinion="同意")
    page = client.get(reverse("catalog:item", args=[street_item.pk])).content.decode()
    assert f'name="repealed_date" value="{TODAY.isoformat()}"' in page
    assert f'name="published_on" value="{TODAY.isoformat()}"' in page and TODAY.strftime("%Y/%m/%d") not in page


def test_approve_and_publish_keeps_review_first_and_the_self_review_ban(street_clerk, street_reviewer, street_item):
    with pytest.raises(services.WorkflowError):      # not submitted yet: 先审后发
        services.approve_and_publish(street_reviewer, street_item, opinion="同意")
    services.submit_item(street_reviewer, street_item)
    with pytest.raises(services.WorkflowError, match="不能审核本人"):
        services.approve_and_publish(street_reviewer, street_item, opinion="同意")
    assert Item.objects.get(pk=street_item.pk).status == ItemStatus.SUBMITTED
    assert not street_item.reviews.exists()


def test_bad_form_input_is_refused_with_messages_and_nothing_stored(client, street_clerk):
    login(client, street_clerk)
    count = Item.objects.count()
    response = client.post(reverse("catalog:item_new"), {
        "title": "", "written_date": (TODAY + dt.timedelta(days=5)).isoformat(),
        "disclosure_mode": "proactive", "disclosure_scope": "public"})
    page = response.content.decode()
    assert response.status_code == 200 and "成文日期不能晚于今天" in page and "此项必须填写" in page
    assert Item.objects.count() == count


def test_workflow_errors_are_shown_not_500(client, street_reviewer, street_item, street_clerk):
    services.submit_item(street_clerk, street_item)
    login(client, street_reviewer)
    response = client.post(reverse("catalog:item_approve", args=[street_item.pk]), {"opinion": ""}, follow=True)
    assert response.status_code == 200 and "保密审查意见" in response.content.decode()


def test_notice_sheet_is_a_real_pdf(client, street_clerk, published_item):
    from io import BytesIO

    from pypdf import PdfReader

    response = login(client, street_clerk).get(reverse("catalog:notice_sheet", args=[published_item.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)  # A4
    text = reader.pages[0].extract_text()
    assert published_item.index_no in text and "养老服务补贴" in text


def test_audit_log_is_scoped_searchable_and_exportable(client, street_admin, street_clerk, published_item, town_clerk,
                                                       make_user, town):
    services.create_item(town_clerk, title="镇里的信息", written_date=TODAY, body="<p>x</p>")
    login(client, street_clerk)
    assert client.get(reverse("accounts:audit")).status_code == 403
    client.logout()
    login(client, street_admin)
    page = client.get(reverse("accounts:audit"), {"action": "item.publish"}).content.decode()
    rows = page.split("<tbody>")[1]
    assert published_item.title in rows and "<td>发布</td>" in rows and "<td>录入</td>" not in rows
    csv_text = client.get(reverse("accounts:audit_export")).content.decode("utf-8-sig")
    assert published_item.title in csv_text and "镇里的信息" not in csv_text
    assert csv_text.splitlines()[0].startswith("时间,操作人")
    assert AuditEntry.objects.filter(action="audit.export", actor=street_admin).exists()


def test_audit_entries_cannot_be_changed_or_deleted(published_item):
    from django.db import DatabaseError, transaction

    entry = AuditEntry.objects.first()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == entry.action


def test_audit_records_the_address(client, street_clerk):
    login(client, street_clerk)
    client.post(reverse("catalog:item_new"), {"title": "地址测试", "written_date": TODAY.isoformat(),
                                              "disclosure_mode": "proactive", "disclosure_scope": "public",
                                              "body": "<p>x</p>"}, REMOTE_ADDR="10.1.2.3")
    assert AuditEntry.objects.get(action="item.create").ip == "10.1.2.3"
