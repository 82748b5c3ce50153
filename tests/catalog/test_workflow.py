"""The 先审后发 workflow through the services, as clerks and reviewers use it."""
import datetime as dt
import io

import pytest
from django.utils import timezone

from gongkai.catalog import services
from gongkai.catalog.models import Item, ItemStatus, Review, Validity
from gongkai.catalog.services import WorkflowError
from gongkai.units.models import AuditEntry

TODAY = timezone.localdate()
VALID_ID = "11010519491231002X"   # GB 11643 check digit valid


def draft(user, **extra):
    fields = {"title": "关于2026年城乡低保标准调整的通知", "written_date": TODAY - dt.timedelta(days=3),
              "body": "<p>各社区：现将低保标准调整如下。</p>"}
    fields.update(extra)
    return services.create_item(user, **fields)


def publish(item, clerk, reviewer):
    services.submit_item(clerk, item)
    services.approve_item(reviewer, item, opinion="经审查不涉密，同意公开")
    return services.publish_item(clerk, item)


def test_full_path_is_audited_and_records_the_review(street_clerk, street_reviewer):
    item = publish(draft(street_clerk), street_clerk, street_reviewer)
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED and item.published_date == TODAY
    review = Review.objects.get(item=item)
    assert (review.reviewer, review.decision, review.opinion) == (street_reviewer, "approved", "经审查不涉密，同意公开")
    actions = list(AuditEntry.objects.filter(target_id=str(item.pk)).values_list("action", "actor_name"))
    assert actions == [("item.create", "张晓"), ("item.submit", "张晓"), ("item.approve", "李审"),
                       ("item.publish", "张晓")][::-1]  # newest first
    assert item.channels.get().channel == "website"


def test_nobody_approves_their_own_item(street_reviewer):
    item = draft(street_reviewer)
    services.submit_item(street_reviewer, item)
    with pytest.raises(WorkflowError, match="本人"):
        services.approve_item(street_reviewer, item, opinion="同意")
    assert Item.objects.get(pk=item.pk).status == ItemStatus.SUBMITTED


def test_clerk_cannot_approve_and_nothing_publishes_unreviewed(street_clerk, make_user, street):
    other_clerk = make_user(street)
    item = draft(street_clerk)
    with pytest.raises(WorkflowError):
        services.publish_item(street_clerk, item)
    services.submit_item(street_clerk, item)
    with pytest.raises(WorkflowError, match="无权"):
        services.approve_item(other_clerk, item, opinion="同意")


def test_another_unit_can_neither_change_nor_review(street_clerk, town_clerk, town_reviewer, supervisor):
    item = draft(street_clerk)
    with pytest.raises(WorkflowError, match="无权"):
        services.update_item(town_clerk, item, title="改掉")
    services.submit_item(street_clerk, item)
    for outsider in (town_reviewer, supervisor):
        with pytest.raises(WorkflowError, match="无权"):
            services.approve_item(outsider, item, opinion="同意")
    assert Item.objects.get(pk=item.pk).title.startswith("关于2026年")


def test_rejection_returns_to_draft_with_opinion(street_clerk, street_reviewer):
    item = draft(street_clerk)
    services.submit_item(street_clerk, item)
    with pytest.raises(WorkflowError, match="意见"):
        services.reject_item(street_reviewer, item, opinion="  ")
    services.reject_item(street_reviewer, item, opinion="请补充发布机构")
    item.refresh_from_db()
    assert item.status == ItemStatus.DRAFT
    services.update_item(street_clerk, item, publisher="城关街道民政办")
    assert Item.objects.get(pk=item.pk).publisher == "城关街道民政办"


def test_only_drafts_are_editable(street_clerk, street_reviewer):
    item = draft(street_clerk)
    services.submit_item(street_clerk, item)
    with pytest.raises(WorkflowError, match="待审核"):
        services.update_item(street_clerk, item, title="偷偷修改")


def test_body_is_sanitised(street_clerk):
    item = draft(street_clerk, body='<p onclick="x()">低保<script>alert(1)</script><a href="javascript:x">链接</a></p>')
    assert "script" not in item.body and "onclick" not in item.body and "javascript" not in item.body
    assert "低保" in item.body_text


def test_personal_data_blocks_approval_until_masked_or_overridden(street_clerk, street_reviewer):
    item = draft(street_clerk, body=f"<p>低保对象张某，身份证号{VALID_ID}，电话13812345678。</p>")
    services.submit_item(street_clerk, item)
    with pytest.raises(WorkflowError, match="个人信息"):
        services.approve_item(street_reviewer, item, opinion="同意")
    assert services.mask_body_pii(street_reviewer, item) == 2
    item.refresh_from_db()
    assert VALID_ID not in item.body and "13812345678" not in item.body
    assert services.pii_findings(item) == []
    services.approve_item(street_reviewer, item, opinion="已脱敏，同意")
    assert AuditEntry.objects.filter(action="item.pii.mask", target_id=str(item.pk)).exists()


def test_override_with_reason_is_audited(street_clerk, street_reviewer):
    item = draft(street_clerk, body=f"<p>拟表彰人员身份证号{VALID_ID}</p>")
    services.submit_item(street_clerk, item)
    services.approve_item(street_reviewer, item, opinion="同意", pii_override_reason="依法须公示，经本人同意")
    services.publish_item(street_clerk, item)
    entry = AuditEntry.objects.get(action="item.approve", target_id=str(item.pk))
    assert entry.detail["pii_override"] == "依法须公示，经本人同意"
    assert Review.objects.get(item=item).pii_findings == 1


def test_publish_date_rules(street_clerk, street_reviewer):
    item = draft(street_clerk)
    services.submit_item(street_clerk, item)
    services.approve_item(street_reviewer, item, opinion="同意")
    with pytest.raises(WorkflowError, match="晚于今天"):
        services.publish_item(street_clerk, item, published_date=TODAY + dt.timedelta(days=1))
    with pytest.raises(WorkflowError, match="早于成文日期"):
        services.publish_item(street_clerk, item, published_date=item.written_date - dt.timedelta(days=1))


def test_overdue_counted_in_working_days(street_clerk, street_reviewer):
    item = draft(street_clerk, written_date=dt.date(2026, 9, 1))
    assert item.publish_due == dt.date(2026, 9, 29)  # 20 working days; 25 Sep 中秋 off, 20 Sep worked
    services.submit_item(street_clerk, item)
    services.approve_item(street_reviewer, item, opinion="同意")
    item = services.publish_item(street_clerk, item, published_date=dt.date(2026, 10, 9))
    t = services.item_timeliness(item)
    assert t.overdue and t.days_late == 3  # 30 Sep, then 国庆 off, then 8 and 9 Oct
    on_time = draft(street_clerk, written_date=dt.date(2026, 9, 1))
    assert not services.timeliness(services.get_calendar(), on_time.written_date, dt.date(2026, 9, 29), TODAY).overdue


def test_repeal_and_withdraw(street_clerk, street_reviewer):
    item = publish(draft(street_clerk), street_clerk, street_reviewer)
    with pytest.raises(WorkflowError, match="无权"):
        services.repeal_item(street_clerk, item, repealed_date=TODAY)
    services.repeal_item(street_reviewer, item, repealed_date=TODAY, reason="已被新文件替代")
    item.refresh_from_db()
    assert (item.validity, item.repealed_date, item.status) == (Validity.REPEALED, TODAY, ItemStatus.PUBLISHED)
    services.withdraw_item(street_reviewer, item, reason="发布有误")
    assert Item.objects.get(pk=item.pk).status == ItemStatus.WITHDRAWN


def test_channels_are_recorded_once_each(street_clerk, street_reviewer):
    item = publish(draft(street_clerk), street_clerk, street_reviewer)
    services.record_channel(street_clerk, item, channel="notice_board", published_on=TODAY, note="街道一楼公开栏")
    services.record_channel(street_clerk, item, channel="notice_board", published_on=TODAY, note="二楼公开栏")
    assert sorted(item.channels.values_list("channel", flat=True)) == ["notice_board", "website"]
    assert item.channels.get(channel="notice_board").note == "二楼公开栏"


def test_attachment_type_checked_by_content(street_clerk):
    item = draft(street_clerk)
    with pytest.raises(WorkflowError, match="不是允许的类型"):
        services.add_attachment(street_clerk, item, name="名单.pdf", data=b"MZ\x90\x00 this is an exe")
    with pytest.raises(WorkflowError, match="空文件"):
        services.add_attachment(street_clerk, item, name="空.pdf", data=b"")
    assert item.attachments.count() == 0


def test_attachment_text_is_checked_for_personal_data(street_clerk):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["姓名", "身份证号", "金额"])
    wb.active.append(["王某某", VALID_ID, 300])
    buf = io.BytesIO()
    wb.save(buf)
    item = draft(street_clerk)
    att = services.add_attachment(street_clerk, item, name="低保名单.xlsx", data=buf.getvalue())
    assert att.kind == "xlsx" and att.size == len(buf.getvalue())
    where = [w for w, f, _ in services.pii_findings(item)]
    assert where == ["附件：低保名单.xlsx"]


def test_index_numbers_are_per_unit_sequential_and_stable(street_clerk, town_clerk):
    a, b = draft(street_clerk), draft(street_clerk)
    c = draft(town_clerk)
    year = a.written_date.year
    assert a.index_no == f"T1100/{year}-00001" and b.index_no == f"T1100/{year}-00002"
    assert c.index_no == f"T1200/{year}-00001"
    services.update_item(street_clerk, a, title="新的标题")
    a.refresh_from_db()
    assert a.index_no == f"T1100/{year}-00001"


def test_review_context_never_shows_a_fragment_of_any_number(street_clerk):
    item = draft(street_clerk, body=f"<p>张某身份证号{VALID_ID}，电话13812345678。</p>")
    contexts = [c for _, _, c in services.pii_findings(item)]
    assert len(contexts) == 2
    for context in contexts:
        assert "110105********002X" in context and "138****5678" in context
        assert "19491231" not in context and "1234567" not in context


def test_timeliness_labels():
    from gongkai.domain.publication import timeliness
    from gongkai.domain.workdays import WorkdayCalendar

    cal = WorkdayCalendar.official()
    written = dt.date(2026, 9, 1)
    assert timeliness(cal, written, None, dt.date(2026, 9, 10)).label == "未超期"
    assert timeliness(cal, written, dt.date(2026, 9, 29), TODAY).label == "按时发布"
    assert timeliness(cal, written, dt.date(2026, 10, 9), TODAY).label == "超期3个工作日"
    assert "2027年节假日安排未录入" in timeliness(cal, dt.date(2026, 12, 20), None, dt.date(2027, 1, 20)).label
