"""Work-point pages: scoped to the unit (another unit's task is 404), evidence through the form,
the issuing side's view with overdue tasks highlighted, the document's breakdown tree."""
import datetime as dt

import pytest
from django.urls import reverse

from gongkai.workplan import services
from gongkai.workplan.models import Task, TaskStatus
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_task_of_another_unit_is_not_found(client, town_task, street_clerk, town_clerk, supervisor):
    url = reverse("workplan:task", args=[town_task.pk])
    assert login(client, street_clerk).get(url).status_code == 404
    assert client.post(reverse("workplan:accept", args=[town_task.pk])).status_code == 404
    assert town_task.title not in client.get(reverse("workplan:mine")).content.decode()
    assert client.get(reverse("workplan:document", args=[town_task.document.pk])).status_code == 404
    assert "公开村务财务收支情况" in login(client, town_clerk).get(reverse("workplan:mine")).content.decode()
    assert login(client, supervisor).get(url).status_code == 200


def test_clerk_submits_evidence_and_issuer_accepts(client, town_task, town_clerk, supervisor, make_item, town, street,
                                                   today):
    today(dt.date(2026, 6, 1))
    login(client, town_clerk)
    page = client.get(reverse("workplan:task", args=[town_task.pk])).content.decode()
    assert "提交佐证材料" in page and "验收通过" not in page
    foreign = make_item(street)
    client.post(reverse("workplan:submit", args=[town_task.pk]), {"item": foreign.pk}, follow=True)
    assert Task.objects.get(pk=town_task.pk).status == TaskStatus.OPEN     # refused with a message, nothing saved
    item = make_item(town)
    resp = client.post(reverse("workplan:submit", args=[town_task.pk]), {"item": item.pk, "note": "已发布"},
                       follow=True)
    assert "已提交佐证材料" in resp.content.decode()
    assert Task.objects.get(pk=town_task.pk).status == TaskStatus.SUBMITTED
    login(client, supervisor)
    resp = client.post(reverse("workplan:return", args=[town_task.pk]), {"reason": ""}, follow=True)
    assert "退回理由" in resp.content.decode() and Task.objects.get(pk=town_task.pk).status == TaskStatus.SUBMITTED
    client.post(reverse("workplan:accept", args=[town_task.pk]))
    assert Task.objects.get(pk=town_task.pk).completed_on == dt.date(2026, 6, 1)


def test_issuer_sees_overdue_tasks_highlighted_and_document_tree(client, town_task, town_reviewer, village,
                                                                 supervisor, today):
    services.break_down(town_reviewer, town_task, sub_units=[village], due=dt.date(2026, 6, 15))
    today(dt.date(2026, 7, 1))
    login(client, supervisor)
    page = client.get(reverse("workplan:issued")).content.decode()
    assert 'class="overdue"' in page and "已逾期" in page
    doc = client.get(reverse("workplan:document", args=[town_task.document.pk])).content.decode()
    assert "河口镇柳树村村民委员会" in doc and "└" in doc and "共2项，已完成0项" in doc
    login(client, town_reviewer)   # the town issued the village's task
    assert "河口镇柳树村村民委员会" in client.get(reverse("workplan:issued")).content.decode()


def test_supervisor_enters_document_and_task_through_forms(client, supervisor, town, street_clerk):
    login(client, supervisor)
    resp = client.post(reverse("workplan:documents"), {"title": "2026年政务公开工作要点", "doc_number": "略政办〔2026〕9号",
                                                        "year": 2026, "kind": "higher"})
    doc_url = resp.headers["Location"]
    resp = client.post(doc_url, {"unit": town.pk, "title": "开展条例培训", "due_on": "2026-05-31",
                                 "evidence_kind": "note"})
    assert resp.status_code == 302 and Task.objects.get().unit == town
    login(client, street_clerk)
    page = client.get(reverse("workplan:documents")).content.decode()
    assert "<h2>录入工作要点文件</h2>" not in page and "略政办〔2026〕9号" not in page


def test_break_down_form_and_file_evidence_download(client, town_task, town_reviewer, village, village_clerk,
                                                    street_clerk, supervisor, county_doc, town, town_clerk):
    login(client, town_reviewer)
    page = client.get(reverse("workplan:task", args=[town_task.pk])).content.decode()
    assert "分解任务" in page and "验收通过" not in page
    resp = client.post(reverse("workplan:break_down", args=[town_task.pk]),
                       {"units": [village.pk], "due_on": "2026-08-01"}, follow=True)
    assert "不能晚于原任务的完成时限" in resp.content.decode() and not town_task.children.exists()
    client.post(reverse("workplan:break_down", args=[town_task.pk]), {"units": [village.pk], "due_on": "2026-06-20"})
    child = town_task.children.get()
    assert child.unit == village and reverse("workplan:task", args=[child.pk]) in login(client, village_clerk).get(
        reverse("workplan:mine")).content.decode()

    task = services.add_task(supervisor, county_doc, data={"unit": town, "title": "报送培训计划",
                                                      "due_on": dt.date(2026, 3, 31), "evidence_kind": "file"})
    ev = services.submit_evidence(town_clerk, task, file_name="培训计划.pdf", file_data=b"%PDF-1.4\n%%EOF\n")
    url = reverse("workplan:evidence_file", args=[ev.pk])
    assert login(client, street_clerk).get(url).status_code == 404
    resp = login(client, supervisor).get(url)
    assert resp.status_code == 200 and b"".join(resp.streaming_content).startswith(b"%PDF")
