"""送达 records: one per letter sent, checked dates, tracking number for post, the delivery day
filled in later, shown next to each letter; other units get 404, other roles are refused."""
import datetime as dt

import pytest
from django.urls import reverse

from gongkai.applications.handling import deliveries, services
from gongkai.applications.models import LetterDelivery
from gongkai.units.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def answered(counter_app, street_clerk):
    app = counter_app(D(2026, 9, 14))
    return services.record_decision(street_clerk, app, decision_code="unavailable.2", basis="第三十八条",
                                    answered_on=D(2026, 9, 30))


def test_record_and_confirm(answered, street_clerk, today):
    today(D(2026, 10, 10))
    row = deliveries.record_delivery(street_clerk, answered, letter_slug="answer", method="post",
                                     sent_on=D(2026, 9, 30), tracking_number=" EMS1234567890 ", note="挂号信")
    assert (row.letter_title, row.tracking_number, row.delivered_on) == (
        "答复告知书（无法提供）", "EMS1234567890", None)
    row = deliveries.confirm_delivery(street_clerk, row, delivered_on=D(2026, 10, 9), recipient="王小明")
    assert (row.delivered_on, row.recipient) == (D(2026, 10, 9), "王小明")
    with pytest.raises(services.ApplicationError, match="已登记送达日期"):
        deliveries.confirm_delivery(street_clerk, row, delivered_on=D(2026, 10, 9))
    deliveries.record_delivery(street_clerk, answered, letter_slug="receipt", method="in_person",
                               sent_on=D(2026, 9, 14), delivered_on=D(2026, 9, 14), recipient="王小明")
    assert LetterDelivery.objects.count() == 2
    actions = list(AuditEntry.objects.filter(action__startswith="application.delivery")
                   .values_list("action", flat=True))
    assert actions == ["application.delivery", "application.delivery_confirm", "application.delivery"]
    assert all("王小明" not in str(e.detail) for e in AuditEntry.objects.all())


@pytest.mark.parametrize("kwargs, message", [
    ({"letter_slug": "extension"}, "没有这份文书"),
    ({"method": "post"}, "邮件单号"),
    ({"sent_on": D(2026, 10, 11)}, "不能晚于今天"),
    ({"delivered_on": D(2026, 10, 11)}, "不能晚于今天"),
    ({"sent_on": D(2026, 9, 13)}, "不能早于收到申请日期"),
    ({"sent_on": D(2026, 10, 1), "delivered_on": D(2026, 9, 30)}, "不能早于发出日期"),
    ({"method": "pigeon"}, "送达方式"),
])
def test_bad_input_is_refused_and_nothing_is_written(answered, street_clerk, today, kwargs, message):
    today(D(2026, 10, 10))
    args = {"letter_slug": "answer", "method": "email", "sent_on": D(2026, 9, 30), **kwargs}
    with pytest.raises(services.ApplicationError, match=message):
        deliveries.record_delivery(street_clerk, answered, **args)
    assert not LetterDelivery.objects.exists()


def test_views_show_deliveries_and_refuse_other_units(client, answered, street_clerk, town_clerk, supervisor,
                                                      today):
    today(D(2026, 10, 10))
    assert client.login(username=street_clerk.username, password=PASSWORD)
    html = client.post(reverse("applications:record_delivery", args=[answered.pk]),
                       {"letter": "answer", "method": "post", "sent_on": "2026-09-30"}, follow=True).content.decode()
    assert "邮寄送达须填写邮件单号" in html and not LetterDelivery.objects.exists()
    client.post(reverse("applications:record_delivery", args=[answered.pk]),
                {"letter": "answer", "method": "post", "sent_on": "2026-09-30", "tracking_number": "EMS42"})
    row = LetterDelivery.objects.get()
    html = client.get(reverse("applications:detail", args=[answered.pk])).content.decode()
    assert "邮寄送达，2026-09-30发出（EMS42）" in html
    assert reverse("applications:confirm_delivery", args=[answered.pk, row.pk]) in html
    client.post(reverse("applications:confirm_delivery", args=[answered.pk, row.pk]),
                {"delivered_on": "2026-10-08", "recipient": "王小明"})
    html = client.get(reverse("applications:detail", args=[answered.pk])).content.decode()
    assert "2026-10-08送达，签收人王小明" in html
    client.logout()
    assert client.login(username=town_clerk.username, password=PASSWORD)
    assert client.post(reverse("applications:record_delivery", args=[answered.pk]),
                       {"letter": "answer", "method": "email", "sent_on": "2026-09-30"}).status_code == 404
    assert client.post(reverse("applications:confirm_delivery", args=[answered.pk, row.pk]),
                       {"delivered_on": "2026-10-08"}).status_code == 404
    client.logout()
    assert client.login(username=supervisor.username, password=PASSWORD)
    html = client.post(reverse("applications:record_delivery", args=[answered.pk]),
                       {"letter": "answer", "method": "email", "sent_on": "2026-09-30"}, follow=True).content.decode()
    assert "无权登记送达" in html and LetterDelivery.objects.count() == 1
    assert client.get(reverse("applications:detail", args=[answered.pk])).status_code == 200
    assert "登记送达日期" not in client.get(reverse("applications:detail", args=[answered.pk])).content.decode()
