"""Work-point tasks: entering, breaking down, evidence, acceptance and return, parent completion."""
import datetime as dt

import pytest

from gongkai.catalog.models import ItemStatus
from gongkai.units.models import AuditEntry
from gongkai.workplan import services
from gongkai.workplan.models import Task, TaskStatus
from gongkai.workplan.services import WorkplanError

pytestmark = pytest.mark.django_db


def test_only_the_issuing_units_supervisor_or_admin_enters_documents(street_clerk, street_admin, street, county,
                                                                      supervisor):
    with pytest.raises(WorkplanError, match="无权录入"):
        services.create_document(street_clerk, street, data={"title": "要点", "year": 2026})
    with pytest.raises(WorkplanError, match="无权录入"):
        services.create_document(street_admin, county, data={"title": "要点", "year": 2026})
    own = services.create_document(street_admin, street, data={"title": "城关街道2026年政务公开工作要点", "year": 2026,
                                                          "kind": "own", "doc_number": "城办〔2026〕2号"})
    assert own.unit == street
    with pytest.raises(WorkplanError, match="标题"):
        services.create_document(supervisor, county, data={"title": "  ", "year": 2026})
    assert AuditEntry.objects.filter(action="workplan.document.create").count() == 1


def test_task_owner_must_be_the_issuer_or_below(street_admin, street, town, town_task):
    doc = services.create_document(street_admin, street, data={"title": "街道要点", "year": 2026, "kind": "own"})
    with pytest.raises(WorkplanError, match="下级单位"):
        services.add_task(street_admin, doc, data={"unit": town, "title": "任务", "due_on": dt.date(2026, 5, 1)})
    assert town_task.issuer_unit.code == "T1000"


def test_break_down_only_to_units_below_the_owner(town_task, town_reviewer, town_clerk, street, town, village,
                                                  supervisor):
    with pytest.raises(WorkplanError, match="不是河口镇人民政府的下级单位"):
        services.break_down(town_reviewer, town_task, sub_units=[street], due=dt.date(2026, 6, 15))
    with pytest.raises(WorkplanError, match="下级单位"):
        services.break_down(town_reviewer, town_task, sub_units=[town], due=dt.date(2026, 6, 15))
    with pytest.raises(WorkplanError, match="不能晚于"):
        services.break_down(town_reviewer, town_task, sub_units=[village], due=dt.date(2026, 7, 15))
    with pytest.raises(WorkplanError, match="无权分解"):
        services.break_down(town_clerk, town_task, sub_units=[village], due=dt.date(2026, 6, 15))
    with pytest.raises(WorkplanError, match="无权分解"):   # the county supervisor does not act for the town
        services.break_down(supervisor, town_task, sub_units=[village], due=dt.date(2026, 6, 15))
    [child] = services.break_down(town_reviewer, town_task, sub_units=[village], due=dt.date(2026, 6, 15))
    assert (child.parent, child.unit, child.due_on, child.evidence_kind) == (town_task, village, dt.date(2026, 6, 15),
                                                                             "item")
    assert child.issuer_unit == town
    with pytest.raises(WorkplanError, match="不能重复分解"):
        services.break_down(town_reviewer, town_task, sub_units=[village], due=dt.date(2026, 6, 15))
    assert Task.objects.count() == 2


def test_evidence_must_be_a_published_item_of_the_owner_unit(town_task, town_clerk, street_clerk, make_item, town,
                                                             street, today):
    today(dt.date(2026, 6, 20))
    with pytest.raises(WorkplanError, match="本单位"):
        services.submit_evidence(town_clerk, town_task, item=make_item(street))
    with pytest.raises(WorkplanError, match="尚未发布"):
        services.submit_evidence(town_clerk, town_task, item=make_item(town, status=ItemStatus.DRAFT))
    with pytest.raises(WorkplanError, match="请选择"):
        services.submit_evidence(town_clerk, town_task, note="已公开")
    with pytest.raises(WorkplanError, match="无权"):
        services.submit_evidence(street_clerk, town_task, item=make_item(street))
    assert Task.objects.get(pk=town_task.pk).status == TaskStatus.OPEN
    assert not town_task.evidence.exists()
    ev = services.submit_evidence(town_clerk, town_task, item=make_item(town), note="已在政务公开栏目发布")
    assert ev.submitted_on == dt.date(2026, 6, 20)
    assert Task.objects.get(pk=town_task.pk).status == TaskStatus.SUBMITTED
    with pytest.raises(WorkplanError, match="不能提交"):
        services.submit_evidence(town_clerk, town_task, item=make_item(town))


def test_file_evidence_is_checked_by_content(supervisor, county_doc, town, town_clerk):
    task = services.add_task(supervisor, county_doc, data={"unit": town, "title": "制定培训计划",
                                                      "due_on": dt.date(2026, 3, 31), "evidence_kind": "file"})
    with pytest.raises(WorkplanError, match="不是允许的类型"):
        services.submit_evidence(town_clerk, task, file_name="计划.pdf", file_data=b"MZ\x90\x00 not a pdf")
    with pytest.raises(WorkplanError, match="上传文件"):
        services.submit_evidence(town_clerk, task, note="见附件")
    ev = services.submit_evidence(town_clerk, task, file_name="计划.pdf", file_data=b"%PDF-1.4\n%%EOF\n")
    assert (ev.file_kind, ev.file_name) == ("pdf", "计划.pdf") and ev.file.read().startswith(b"%PDF")


def test_accept_and_return_by_the_issuing_side(town_task, town_clerk, town_reviewer, supervisor, make_item, town,
                                               today):
    today(dt.date(2026, 6, 29))
    services.submit_evidence(town_clerk, town_task, item=make_item(town))
    with pytest.raises(WorkplanError, match="无权退回"):
        services.return_task(town_reviewer, town_task, reason="不完整")   # the owner cannot judge its own task
    with pytest.raises(WorkplanError, match="退回理由"):
        services.return_task(supervisor, town_task, reason=" ")
    returned = services.return_task(supervisor, town_task, reason="未按季度公开，请补充第二季度")
    assert (returned.status, returned.return_reason) == (TaskStatus.RETURNED, "未按季度公开，请补充第二季度")
    with pytest.raises(WorkplanError, match="不能验收"):
        services.accept(supervisor, town_task)
    today(dt.date(2026, 7, 3))
    services.submit_evidence(town_clerk, town_task, item=make_item(town, title="第二季度财务收支"))
    today(dt.date(2026, 7, 8))
    done = services.accept(supervisor, town_task)
    assert (done.status, done.completed_on, done.is_late) == (TaskStatus.DONE, dt.date(2026, 7, 3), True)
    actions = list(AuditEntry.objects.filter(target_type="workplan.task").values_list("action", flat=True))
    assert {"workplan.task.return", "workplan.task.accept"} <= set(actions)


def test_parent_is_done_when_all_children_are(town_task, town_reviewer, village, make_user, make_item, supervisor,
                                              today):
    from gongkai.units.models import Unit, UnitKind
    other = Unit.objects.create(name="河口镇杨柳村村民委员会", code="T1202", kind=UnitKind.VILLAGE, parent=village.parent)
    v1, v2 = make_user(village), make_user(other)
    a, b = services.break_down(town_reviewer, town_task, sub_units=[village, other], due=dt.date(2026, 6, 20))
    with pytest.raises(WorkplanError, match="已分解"):
        services.submit_evidence(make_user(town_task.unit), town_task, item=make_item(town_task.unit))
    with pytest.raises(WorkplanError, match="无权验收"):
        services.accept(supervisor, a)
    today(dt.date(2026, 6, 10))
    services.submit_evidence(v1, a, item=make_item(village))
    services.accept(town_reviewer, a)
    assert Task.objects.get(pk=town_task.pk).status == TaskStatus.OPEN
    today(dt.date(2026, 6, 18))
    services.submit_evidence(v2, b, item=make_item(other))
    services.accept(town_reviewer, b)
    parent = Task.objects.get(pk=town_task.pk)
    assert (parent.status, parent.completed_on) == (TaskStatus.DONE, dt.date(2026, 6, 18))
    assert AuditEntry.objects.filter(action="workplan.task.complete", target_id=str(parent.pk)).exists()
