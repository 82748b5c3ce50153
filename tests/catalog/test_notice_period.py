"""Issue 12 (smaller): a 公示 published after its own 公示期 ended is flagged — on saving the form, on the
review, in the workbench, in the audit record and, stated plainly, on the portal."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog import services
from gongkai.catalog.models import Item
from gongkai.units.models import AuditEntry
from gongkai.workbench import selectors
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _form(**extra):
    return {"title": "城关街道2026年第四季度临时救助发放情况公示", "doc_number": "", "publisher": "",
            "written_date": (TODAY - 10 * DAY).isoformat(), "disclosure_mode": "proactive",
            "disclosure_scope": "public", "body": "公示期内如有异议，请向街道社会事务办反映。", **extra}


@pytest.fixture
def lapsed(street_clerk):
    """A 公示 whose 公示期 ended yesterday, submitted for review."""
    item = services.create_item(street_clerk, title="城关街道临时救助对象公示", written_date=TODAY - 10 * DAY,
                                body="<p>公示期内如有异议，请反映。</p>", notice_start=TODAY - 7 * DAY,
                                notice_end=TODAY - DAY)
    return services.submit_item(street_clerk, item)


def test_form_takes_the_period_both_or_neither_and_in_order(client, street_clerk):
    login(client, street_clerk)
    page = client.post(reverse("catalog:item_new"), _form(notice_start=TODAY.isoformat())).content.decode()
    assert "请同时填写公示期的开始日期和结束日期" in page and 'id="error-summary"' in page
    page = client.post(reverse("catalog:item_new"), _form(notice_start=TODAY.isoformat(),
                                                          notice_end=(TODAY - DAY).isoformat())).content.decode()
    assert "公示期的结束日期不能早于开始日期" in page
    assert not Item.objects.exists()
    response = client.post(reverse("catalog:item_new"), _form(
        notice_start=(TODAY + DAY).isoformat(), notice_end=(TODAY + 7 * DAY).isoformat()), follow=True)
    item = Item.objects.get()
    assert (item.notice_start, item.notice_end) == (TODAY + DAY, TODAY + 7 * DAY)
    assert "公示期已" not in response.content.decode()  # not begun: nothing to warn about
    assert "公示期" in response.content.decode() and f"{TODAY + DAY:%Y-%m-%d} 至 {TODAY + 7 * DAY:%Y-%m-%d}（7天）" in (
        response.content.decode())


def test_saving_a_period_already_over_is_warned_at_once(client, street_clerk):
    login(client, street_clerk)
    response = client.post(reverse("catalog:item_new"), _form(
        notice_start=(TODAY - 7 * DAY).isoformat(), notice_end=(TODAY - DAY).isoformat()), follow=True)
    page = response.content.decode()
    assert "注意：公示期（" in page and "须重新确定公示期后发布" in page
    item = Item.objects.get()
    edit = login(client, street_clerk).get(reverse("catalog:item_edit", args=[item.pk])).content.decode()
    assert 'id="notice-period-warning"' in edit and "如" in edit and "发布时公示期已过" in edit


def test_reviewer_sees_the_period_is_over_before_agreeing(client, street_reviewer, lapsed):
    page = login(client, street_reviewer).get(reverse("catalog:item", args=[lapsed.pk])).content.decode()
    warning = page.split('id="notice-period-warning"', 1)[1].split("</p>", 1)[0]
    assert "公示期已过" in warning and f"已于{TODAY - DAY:%Y年%-m月%-d日}结束" in warning
    assert page.index('id="notice-period-warning"') < page.index("同意发布")


def test_workbench_lists_it_before_and_after_publication(client, street_clerk, street_reviewer, lapsed):
    lines = selectors.notice_periods(street_reviewer, TODAY).lines
    assert [(line.label, line.urgent) for line in lines] == [(f"{lapsed.title}：公示期已过，尚未发布", True)]
    assert lines[0].url == reverse("catalog:item", args=[lapsed.pk])
    services.approve_and_publish(street_reviewer, lapsed, opinion="同意")
    lines = selectors.notice_periods(street_clerk, TODAY).lines
    assert [line.label for line in lines] == [f"{lapsed.title}：发布时公示期已过"]
    page = login(client, street_clerk).get(reverse("workbench:home")).content.decode()
    assert "公示期已开始或已过的公示" in page and f"{lapsed.title}：发布时公示期已过" in page


def test_publishing_after_the_period_is_recorded_and_said_plainly_on_the_portal(client, street_reviewer, lapsed):
    services.approve_and_publish(street_reviewer, lapsed, opinion="同意")
    entry = AuditEntry.objects.filter(action="item.publish").latest("pk")
    assert "公示期已过" in entry.detail["notice_period"]
    page = client.get(reverse("portal:item", args=[lapsed.pk])).content.decode()
    statement = page.split('id="notice-ended">', 1)[1].split("</p>", 1)[0]
    assert statement == (f"本公示于{TODAY:%Y年%-m月%-d日}发布，发布时公示期（{TODAY - 7 * DAY:%Y年%-m月%-d日}至"
                         f"{TODAY - DAY:%Y年%-m月%-d日}）已经结束。")
    assert f"{TODAY - 7 * DAY:%Y-%m-%d} 至 {TODAY - DAY:%Y-%m-%d}" in page  # the period in the metadata


def test_a_notice_published_before_its_period_is_not_flagged(client, street_clerk, street_reviewer):
    item = services.create_item(street_clerk, title="城关街道低保对象公示", written_date=TODAY - DAY,
                                body="<p>x</p>", notice_start=TODAY, notice_end=TODAY + 6 * DAY)
    services.submit_item(street_clerk, item)
    services.approve_and_publish(street_reviewer, item, opinion="同意")
    assert "notice_period" not in AuditEntry.objects.filter(action="item.publish").latest("pk").detail
    assert 'id="notice-ended"' not in client.get(reverse("portal:item", args=[item.pk])).content.decode()
    assert selectors.notice_periods(street_clerk, TODAY).lines == []
