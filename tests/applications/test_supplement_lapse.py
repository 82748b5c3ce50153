"""补正 period (条例第三十条): set per notice (1–30 working days), counted from delivery when a
送达 record says when the applicant got the notice, and the automatic close as other.1."""
import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from gongkai.applications.handling import deliveries, letters, services
from gongkai.applications.models import Application
from gongkai.units.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
D = dt.date


def test_custom_period_across_national_day_and_lapse(counter_app, street_clerk):
    """2026 (chinese_calendar): 1–7 Oct off, Sat 10 Oct worked. Notice Wed 30 Sep, 5 working
    days: 8(1) 9(2) Sat 10(3) 12(4) 13(5) → 13 Oct."""
    app = counter_app(D(2026, 9, 28))
    app = services.request_supplement(street_clerk, app, requested_on=D(2026, 9, 30), items="请写明小区名称", workdays=5)
    assert (app.supplement_workdays, app.supplement_due_on) == (5, D(2026, 10, 13))
    assert services.close_lapsed_supplements(today=D(2026, 10, 13)) == []
    closed = services.close_lapsed_supplements(today=D(2026, 10, 14))
    assert [a.pk for a in closed] == [app.pk]
    app.refresh_from_db()
    assert (app.status, app.decision_type, app.answered_on) == ("answered", "other.1", D(2026, 10, 14))
    assert "第三十条" in app.decision_basis and app.answered_by is None
    assert services.close_lapsed_supplements(today=D(2026, 10, 20)) == []
    entry = AuditEntry.objects.get(action="application.supplement_lapsed")
    assert entry.actor is None and entry.detail["automatic"] is True
    assert "answer" in [letter.slug for letter in letters.available(app)]


def test_delivery_of_the_notice_moves_the_period(counter_app, street_clerk):
    app = counter_app(D(2026, 9, 28))
    services.request_supplement(street_clerk, app, requested_on=D(2026, 9, 30), items="请写明小区名称", workdays=5)
    row = deliveries.record_delivery(street_clerk, app, letter_slug="supplement", method="post", sent_on=D(2026, 9, 30),
                                     tracking_number="EMS123456789CN")
    assert Application.objects.get(pk=app.pk).supplement_due_on == D(2026, 10, 13)
    deliveries.confirm_delivery(street_clerk, row, delivered_on=D(2026, 10, 9), recipient="王小明")
    # from Fri 9 Oct: Sat 10(1) 12(2) 13(3) 14(4) 15(5)
    assert Application.objects.get(pk=app.pk).supplement_due_on == D(2026, 10, 15)
    assert services.close_lapsed_supplements(today=D(2026, 10, 15)) == []
    # supplemented in time: never closed
    services.receive_supplement(street_clerk, app, received_on=D(2026, 10, 15))
    assert services.close_lapsed_supplements(today=D(2026, 10, 16)) == []
    assert Application.objects.get(pk=app.pk).status == "in_progress"


def test_period_limits_and_default(counter_app, street_clerk):
    app = counter_app(D(2026, 9, 28))
    for bad in (0, 31):
        with pytest.raises(services.ApplicationError, match="1至30个工作日"):
            services.request_supplement(street_clerk, app, requested_on=D(2026, 9, 30), items="请写明小区名称", workdays=bad)
    app = services.request_supplement(street_clerk, app, requested_on=D(2026, 9, 30), items="请写明小区名称")
    assert app.supplement_workdays == 15
    text = "\n".join(p.text for p in Document(io.BytesIO(letters.render(None, app, slug="supplement", fmt="docx")[0]))
                     .paragraphs)
    assert "收到本告知书之日起15个工作日内" in text


def test_stored_period_is_in_the_letter_and_recomputed(counter_app, street_clerk):
    app = counter_app(D(2026, 9, 28))
    app = services.request_supplement(street_clerk, app, requested_on=D(2026, 9, 30), items="请写明小区名称", workdays=8)
    text = "\n".join(p.text for p in Document(io.BytesIO(letters.render(None, app, slug="supplement", fmt="docx")[0]))
                     .paragraphs)
    assert "收到本告知书之日起8个工作日内" in text
    Application.objects.filter(pk=app.pk).update(supplement_due_on=None)
    services.recompute_due_dates()
    assert Application.objects.get(pk=app.pk).supplement_due_on == D(2026, 10, 16)


def test_period_field_on_the_form_and_public_status(client, street_clerk, applicant):
    from gongkai.applications.handling import codes

    result = services.register_at_counter(street_clerk, data=applicant(channel="counter", received_on=D(2026, 9, 28)),
                                          submission_key=codes.new_token())
    app = result.application
    assert client.login(username=street_clerk.username, password=PASSWORD)
    html = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert 'name="workdays"' in html
    html = client.post(reverse("applications:request_supplement", args=[app.pk]),
                       {"requested_on": "2026-09-30", "items": "请写明小区名称", "workdays": "40"},
                       follow=True).content.decode()
    assert "补正期限" in html and Application.objects.get(pk=app.pk).status == "received"
    html = client.post(reverse("applications:request_supplement", args=[app.pk]),
                       {"requested_on": "2026-09-30", "items": "请写明小区名称", "workdays": "5"},
                       follow=True).content.decode()
    assert "补正期限至2026-10-13" in html
    client.logout()
    html = client.post(reverse("apply:status"), {"number": app.number, "code": result.query_code}).content.decode()
    assert "请于2026-10-13前提交补正材料" in html and "王小明" not in html
