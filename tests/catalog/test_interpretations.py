"""政策解读 in the catalog: the 同步审签 gate, 同步发布, links and the yearly counts."""
import datetime as dt

import pytest
from django.utils import timezone

from gongkai.catalog import interpretation_services, interpretations, services
from gongkai.catalog.models import Category, Item, ItemStatus, Review, Scheme
from gongkai.catalog.services import WorkflowError
from gongkai.units.models import AuditEntry

TODAY = timezone.localdate()


def genre(name):
    return Category.objects.get(scheme=Scheme.GENRE, name=name)


def policy(clerk, **extra):
    fields = {"title": "关于印发《街道社区工作者管理办法》的通知", "written_date": TODAY - dt.timedelta(days=2),
              "body": "<p>现将管理办法印发给你们，请认真贯彻执行。</p>", "genre": genre("行政规范性文件")}
    fields.update(extra)
    return services.create_item(clerk, **fields)


def interpretation(clerk, *docs, form="text", **extra):
    fields = {"title": "《街道社区工作者管理办法》政策解读", "written_date": TODAY - dt.timedelta(days=1),
              "body": "<p>一、制定背景。二、主要内容。</p>"}
    fields.update(extra)
    return interpretation_services.create_interpretation(clerk, documents=docs, form=form, **fields)


def test_policy_genre_always_needs_a_interpretation(street_clerk):
    doc = policy(street_clerk, needs_interpretation=False)
    assert doc.needs_interpretation
    notice = policy(street_clerk, genre=genre("通知"))
    assert not notice.needs_interpretation
    flagged = policy(street_clerk, genre=genre("通知"), needs_interpretation=True)
    assert flagged.needs_interpretation


def test_approval_refused_without_interpretation_or_reason(street_clerk, street_reviewer):
    doc = policy(street_clerk)
    services.submit_item(street_clerk, doc)
    with pytest.raises(WorkflowError, match="同步发布政策解读"):
        services.approve_and_publish(street_reviewer, doc, opinion="经审查不涉密，同意公开")
    with pytest.raises(WorkflowError, match="同步发布政策解读"):
        services.approve_item(street_reviewer, doc, opinion="经审查不涉密，同意公开")
    doc.refresh_from_db()
    assert doc.status == ItemStatus.SUBMITTED and not Review.objects.filter(item=doc).exists()
    # a draft 解读 is not in the review
    interpretation(street_clerk, doc)
    with pytest.raises(WorkflowError, match="同步发布政策解读"):
        services.approve_item(street_reviewer, doc, opinion="同意")


def test_approval_with_a_reason_is_stored_and_audited(street_clerk, street_reviewer):
    doc = policy(street_clerk)
    services.submit_item(street_clerk, doc)
    services.approve_and_publish(street_reviewer, doc, opinion="同意公开", interpretation_exempt_reason="内部管理制度，已另行宣讲")
    doc.refresh_from_db()
    assert doc.status == ItemStatus.PUBLISHED and doc.interpretation_exempt_reason == "内部管理制度，已另行宣讲"
    assert Review.objects.get(item=doc).interpretation_exempt_reason == "内部管理制度，已另行宣讲"
    entry = AuditEntry.objects.get(action="item.approve", target_id=str(doc.pk))
    assert entry.detail["interpretation_exempt"] == "内部管理制度，已另行宣讲"
    assert interpretations.lag_label(doc) == "经审核不发布解读"


def test_approval_with_the_interpretation_publishes_both_together(street_clerk, street_reviewer):
    doc = policy(street_clerk)
    interp = interpretation(street_clerk, doc, form="video", media_url="https://example.invalid/v.mp4")
    services.submit_item(street_clerk, doc)
    services.submit_item(street_clerk, interp)
    services.approve_and_publish(street_reviewer, doc, opinion="经审查不涉密，同意公开")
    doc.refresh_from_db()
    interp.refresh_from_db()
    assert doc.status == interp.status == ItemStatus.PUBLISHED
    assert doc.published_date == interp.published_date == TODAY
    assert Review.objects.get(item=interp).reviewer == street_reviewer
    assert list(interpretations.public_interpretations(doc)) == [interp]
    assert list(interpretations.public_documents(interp)) == [doc]
    assert interpretations.lag_label(doc) == "同步发布"


def test_interpretation_needs_a_document_of_the_own_unit(street_clerk, town_clerk):
    with pytest.raises(WorkflowError, match="至少一份"):
        interpretation(street_clerk)
    other = policy(town_clerk)
    with pytest.raises(WorkflowError, match="本单位"):
        interpretation(street_clerk, other)
    assert not Item.objects.filter(unit=street_clerk.unit).exists()  # nothing half-written
    with pytest.raises(WorkflowError, match="http"):
        interpretation(street_clerk, policy(street_clerk), form="video", media_url="javascript:alert(1)")


def test_one_interpretation_explains_two_documents(street_clerk, street_reviewer):
    a, b = policy(street_clerk), policy(street_clerk, title="关于印发《街道居民议事规则》的通知")
    interp = interpretation(street_clerk, a, b)
    services.submit_item(street_clerk, interp)
    for doc in (a, b):
        services.submit_item(street_clerk, doc)
        services.approve_item(street_reviewer, doc, opinion="同意")  # the submitted 解读 is in the review
    services.publish_item(street_clerk, a)
    assert Item.objects.get(pk=interp.pk).status == ItemStatus.SUBMITTED  # not approved by anyone yet
    assert set(interpretations.staff_documents(interp)) == {a, b}


def test_year_figures(street_clerk, street_reviewer, street):
    year = TODAY.year
    on_time, late, missing, exempt = (policy(street_clerk, title=f"规范性文件{i}") for i in range(4))
    for doc in (on_time, late, missing, exempt):
        Item.objects.filter(pk=doc.pk).update(status=ItemStatus.PUBLISHED, published_date=dt.date(year, 1, 6))
    Item.objects.filter(pk=exempt.pk).update(interpretation_exempt_reason="仅涉及内部管理")
    i1, i2 = interpretation(street_clerk, on_time, form="leader"), interpretation(street_clerk, late, form="graphic")
    Item.objects.filter(pk=i1.pk).update(status=ItemStatus.PUBLISHED, published_date=dt.date(year, 1, 6))
    Item.objects.filter(pk=i2.pk).update(status=ItemStatus.PUBLISHED, published_date=dt.date(year, 2, 27))
    f = interpretations.year_figures([street.pk], year)
    assert f["interpretations"] == 2 and f["policies"] == 4
    assert f["policies_without_interpretation"] == 1 and f["policies_exempt"] == 1
    assert f["late_interpretations"] == 1 and f["policies_late"] == 1
    assert f["leader_interpretations"] == 1 and f["interpretation_products"] == 1
    assert interpretations.year_figures([street.pk], year - 1)["policies"] == 0
    assert interpretations.year_figures([], year)["interpretations"] == 0


# ---------------------------------------------------------------- workbench over HTTP

def login(client, user):
    from tests.conftest import PASSWORD

    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_workbench_refusal_is_a_clear_message_and_reason_is_shown(client, street_clerk, street_reviewer):
    from django.urls import reverse

    doc = policy(street_clerk)
    services.submit_item(street_clerk, doc)
    login(client, street_reviewer)
    url = reverse("catalog:item", args=[doc.pk])
    assert "不发布政策解读的理由" in client.get(url).content.decode()
    page = client.post(reverse("catalog:item_approve", args=[doc.pk]), {"opinion": "同意", "channels": ["website"]},
                       follow=True).content.decode()
    assert "须同步发布政策解读" in page and Item.objects.get(pk=doc.pk).status == ItemStatus.SUBMITTED
    page = client.post(reverse("catalog:item_approve", args=[doc.pk]),
                       {"opinion": "同意", "channels": ["website"], "interpretation_exempt_reason": "仅涉及内部管理事项"},
                       follow=True).content.decode()
    assert Item.objects.get(pk=doc.pk).status == ItemStatus.PUBLISHED
    assert "不发布政策解读的理由：</strong>仅涉及内部管理事项" in page


def test_workbench_drafts_a_interpretation_beside_its_document(client, street_clerk, town_clerk):
    from django.urls import reverse

    doc = policy(street_clerk)
    login(client, street_clerk)
    new = reverse("catalog:interpretation_new", args=[doc.pk])
    form = client.get(new).content.decode()
    assert "录入政策解读" in form and "《街道社区工作者管理办法》政策解读" in form
    data = {"title": "《街道社区工作者管理办法》政策解读", "written_date": TODAY.isoformat(), "body": "<p>解读正文</p>",
            "disclosure_mode": "proactive", "disclosure_scope": "public", "interpretation_form": "press",
            "media_url": "https://example.invalid/press", "interpreter": "街道办主任"}
    page = client.post(new, data).content.decode()
    assert "请选择至少一份所解读的政策文件" in page and not Item.objects.filter(interpretation__isnull=False).exists()
    response = client.post(new, dict(data, documents=[doc.pk]))
    interp = Item.objects.get(interpretation__isnull=False)
    assert response.status_code == 302 and interp.genre.name == "政策解读"
    assert list(interp.interpretation.documents.all()) == [doc] and interp.interpretation.form == "press"
    assert "新闻发布会" in client.get(reverse("catalog:item", args=[doc.pk])).content.decode()
    # edit keeps the links, in one step with the item fields
    edit = reverse("catalog:item_edit", args=[interp.pk])
    assert client.post(edit, dict(data, documents=[doc.pk], title="新标题的政策解读")).status_code == 302
    assert Item.objects.get(pk=interp.pk).title == "新标题的政策解读"
    client.logout()
    login(client, town_clerk)
    assert client.get(new).status_code == 404


def test_assessment_measures_interpretations_published_on_time(street_clerk, street):
    from gongkai.assessment import scoring

    year = TODAY.year - 1
    docs = [policy(street_clerk, title=f"规范性文件{i}") for i in range(3)]
    for doc in docs:
        Item.objects.filter(pk=doc.pk).update(status=ItemStatus.PUBLISHED, published_date=dt.date(year, 3, 2))
    Item.objects.filter(pk=docs[2].pk).update(interpretation_exempt_reason="内部管理事项")
    on_time = interpretation(street_clerk, docs[0])
    Item.objects.filter(pk=on_time.pk).update(status=ItemStatus.PUBLISHED, published_date=dt.date(year, 3, 2))
    m = scoring.measure("interpretation_timely", [street.pk], year, TODAY)
    assert m.value == 50.0 and "须解读文件2件" in m.summary
    assert [e["label"] for e in m.evidence] == [f"《规范性文件1》{year}-03-02发布，未发布政策解读"]


def test_workbench_lists_documents_still_without_interpretation(street_clerk, town_clerk):
    from gongkai.workbench import selectors

    waiting, covered, notice = policy(street_clerk, title="缺解读的文件"), policy(street_clerk), \
        policy(street_clerk, genre=genre("通知"))
    interpretation(street_clerk, covered)
    section = selectors.items_awaiting_interpretation(street_clerk, TODAY)
    assert [line.label for line in section.lines] == ["缺解读的文件"] and section.total == 1
    assert selectors.items_awaiting_interpretation(town_clerk, TODAY).total == 0
    assert notice.pk and waiting.pk


def test_supervisor_board_shows_documents_without_interpretation(street_clerk, street, supervisor):
    from gongkai.workbench import selectors

    doc = policy(street_clerk)
    day = dt.date(TODAY.year, 11, 30)   # the board counts the current year: a fixed day in it
    Item.objects.filter(pk=doc.pk).update(status=ItemStatus.PUBLISHED, published_date=dt.date(TODAY.year, 1, 5))
    assert selectors.unit_counts([street], day)[street.pk]["interpretations_missing"] == 1
    texts = [line.label for line in selectors.units_by_risk(supervisor, day).lines]
    assert any("1份须解读的文件发布后未按时发布政策解读" in t for t in texts), texts
    Item.objects.filter(pk=doc.pk).update(interpretation_exempt_reason="内部管理事项")
    assert selectors.unit_counts([street], day)[street.pk]["interpretations_missing"] == 0
