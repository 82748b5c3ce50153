"""信息处理费 (国办函〔2020〕109号): the 收费通知 by count and by pages, the monthly count of one
applicant, the clock pause while waiting for payment, payment, lapse → other.2, annual totals,
the 收费通知书 letter and the browser actions."""
import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from gongkai.applications.handling import codes
from gongkai.applications.handling import fees, letters, services
from gongkai.applications.models import Application, FeeNotice
from gongkai.units.models import AuditEntry, Unit
from tests.conftest import PASSWORD

from .conftest import ID_NUMBER

pytestmark = pytest.mark.django_db
D = dt.date
OTHER_ID = "110105194912310038"


@pytest.fixture
def series(street_clerk, applicant):
    """Register ``n`` applications of one applicant at the street, received on the given days."""
    def make(days, user=None, **over):
        return [services.register_at_counter(user or street_clerk, data=applicant(channel="counter", received_on=day,
                                                                             **over),
                                             submission_key=codes.new_token()).application for day in days]
    return make


def test_by_count_uses_the_applicants_month_at_this_unit(series, street_clerk, town_clerk):
    # earlier applications: one in August (other month), two of another person, one at the town
    series([D(2026, 8, 31)])
    series([D(2026, 9, 1), D(2026, 9, 2)], id_number=OTHER_ID)
    series([D(2026, 9, 1)], user=town_clerk)
    apps = series([D(2026, 9, day) for day in range(1, 12)])  # 11 of this applicant in September
    tenth, eleventh = apps[9], apps[10]
    with pytest.raises(services.ApplicationError, match="应缴金额为0元"):
        fees.issue_notice(street_clerk, tenth, basis="count", quantity=1, issued_on=D(2026, 9, 15))
    assert not FeeNotice.objects.exists()
    # the 11th application, split into 3 件 (一事一申请): 件 11–13 of the month
    notice = fees.issue_notice(street_clerk, eleventh, basis="count", quantity=3, issued_on=D(2026, 9, 15))
    assert (notice.previous_this_month, notice.amount) == (10, 300)
    assert notice.breakdown == ["第11—13件：100元/件×3件=300元"]
    # ... counts as 3 for the next one
    later = series([D(2026, 9, 14)])[0]
    assert fees.previous_this_month(later) == 13
    notice = fees.issue_notice(street_clerk, later, basis="count", quantity=2, issued_on=D(2026, 9, 16))
    assert (notice.previous_this_month, notice.amount) == (13, 200)


def test_by_pages_and_refusals(counter_app, street_clerk, town_clerk):
    app = counter_app(D(2026, 9, 14))
    with pytest.raises(services.ApplicationError, match="0元"):
        fees.issue_notice(street_clerk, app, basis="pages", quantity=30, issued_on=D(2026, 9, 15))
    with pytest.raises(services.ApplicationError, match="无权"):
        fees.issue_notice(town_clerk, app, basis="pages", quantity=150, issued_on=D(2026, 9, 15))
    with pytest.raises(services.ApplicationError, match="答复期限"):
        fees.issue_notice(street_clerk, app, basis="pages", quantity=150, issued_on=D(2026, 10, 19))  # due 16 Oct
    notice = fees.issue_notice(street_clerk, app, basis="pages", quantity=150, issued_on=D(2026, 9, 15))
    assert notice.amount == 1700 and notice.previous_this_month == 0
    assert notice.breakdown == ["第31—100页：10元/页×70页=700元", "第101—150页：20元/页×50页=1000元"]
    with pytest.raises(services.ApplicationError, match="已发出收费通知"):
        fees.issue_notice(street_clerk, app, basis="count", quantity=1, issued_on=D(2026, 9, 15))
    entry = AuditEntry.objects.get(action="application.fee_issue")
    assert entry.detail["amount"] == 1700 and "王小明" not in str(entry.detail)


def test_the_clock_stands_still_from_notice_to_payment(counter_app, street_clerk):
    """Received Mon 14 Sep 2026, due 16 Oct without a fee. Notice 22 Sep, received by the
    applicant 23 Sep, paid 24 Sep: 22–24 Sep (3 working days) are not counted → 21 Oct, as for
    a consultation over the same days (test_answer)."""
    app = counter_app(D(2026, 9, 14))
    assert app.due_on == D(2026, 10, 16)
    fees.issue_notice(street_clerk, app, basis="pages", quantity=150, issued_on=D(2026, 9, 22))
    app.refresh_from_db()
    # not yet received: the wait runs at least to 20 working days after the issue day
    assert app.due_on > D(2026, 11, 9)
    with pytest.raises(services.ApplicationError, match="先登记申请人收到"):
        fees.record_payment(street_clerk, app, paid_on=D(2026, 9, 23), paid_amount=1700, reference="PJ001")
    notice = fees.record_received(street_clerk, app, received_on=D(2026, 9, 23))
    # 24 Sep(1); 25–27 中秋; 28–30 (4); 1–7 Oct 国庆; 8, 9, Sat 10 (7); 12–16 (12); 19–23 (17); 26–28 (20)
    assert notice.payment_due_on == D(2026, 10, 28)
    with pytest.raises(services.ApplicationError, match="1700元"):
        fees.record_payment(street_clerk, app, paid_on=D(2026, 9, 24), paid_amount=1000, reference="PJ001")
    fees.record_payment(street_clerk, app, paid_on=D(2026, 9, 24), paid_amount=1700, reference="PJ001")
    app.refresh_from_db()
    assert app.due_on == D(2026, 10, 21)
    lines = services.deadline(app).lines
    assert "等待缴纳信息处理费：2026-09-22至2026-09-24暂停（3个工作日不计，国办函〔2020〕109号）" in lines
    with pytest.raises(services.ApplicationError, match="已登记缴费"):
        fees.record_payment(street_clerk, app, paid_on=D(2026, 9, 24), paid_amount=1700, reference="PJ001")


def test_unpaid_notice_lapses_to_other_2_once(counter_app, street_clerk):
    app = counter_app(D(2026, 9, 14))
    fees.issue_notice(street_clerk, app, basis="pages", quantity=40, issued_on=D(2026, 9, 22))
    fees.record_received(street_clerk, app, received_on=D(2026, 9, 23))   # pay by 28 Oct
    assert fees.close_lapsed_fees(today=D(2026, 10, 28)) == []
    with pytest.raises(services.ApplicationError, match="2026-10-28"):
        fees.record_payment(street_clerk, app, paid_on=D(2026, 10, 29), paid_amount=100, reference="X")
    closed = fees.close_lapsed_fees(today=D(2026, 10, 29))
    assert [a.pk for a in closed] == [app.pk]
    app.refresh_from_db()
    assert (app.status, app.decision_type, app.answered_on) == ("answered", "other.2", D(2026, 10, 29))
    assert "国办函〔2020〕109号" in app.decision_basis
    assert FeeNotice.objects.get().lapsed_on == D(2026, 10, 29)
    assert fees.close_lapsed_fees(today=D(2026, 10, 30)) == []
    entries = AuditEntry.objects.filter(action="application.fee_lapsed")
    assert entries.count() == 1 and entries[0].actor is None and entries[0].detail["automatic"] is True
    assert entries[0].actor_name == "系统"


def test_fee_totals_by_issue_and_payment_year(series, street_clerk, town_clerk, street, town):
    apps = series([D(2026, 9, 14), D(2026, 9, 15)])
    fees.issue_notice(street_clerk, apps[0], basis="pages", quantity=150, issued_on=D(2026, 9, 22))
    fees.record_received(street_clerk, apps[0], received_on=D(2026, 9, 22))
    fees.record_payment(street_clerk, apps[0], paid_on=D(2026, 9, 25), paid_amount=1700, reference="PJ1")
    fees.issue_notice(street_clerk, apps[1], basis="pages", quantity=40, issued_on=D(2026, 9, 22))  # not paid
    town_app = series([D(2026, 9, 14)], user=town_clerk)[0]
    fees.issue_notice(town_clerk, town_app, basis="pages", quantity=250, issued_on=D(2026, 9, 22))
    totals = fees.fee_totals(Unit.objects.filter(pk=street.pk), 2026)
    assert (totals.notices, totals.noticed, totals.collected) == (2, 1800, 1700)
    both = fees.fee_totals(Unit.objects.filter(pk__in=[street.pk, town.pk]), 2026)
    assert (both.notices, both.noticed, both.collected) == (3, 6500, 1700)
    assert fees.fee_totals(Unit.objects.all(), 2025).notices == 0


def test_fee_notice_letter(counter_app, street_clerk):
    app = counter_app(D(2026, 9, 14))
    fees.issue_notice(street_clerk, app, basis="pages", quantity=150, issued_on=D(2026, 9, 22))
    fees.record_received(street_clerk, app, received_on=D(2026, 9, 23))
    app = Application.objects.get(pk=app.pk)
    assert "fee_notice" in [letter.slug for letter in letters.available(app)]
    content = letters.render(None, app, slug="fee_notice", fmt="docx")[0]
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    for part in ("政府信息公开信息处理费收费通知书", "按量计收", "150页", "第31—100页：10元/页×70页=700元",
                 "应缴金额：1700元", "2026年10月28日前", "国办函〔2020〕109号", "第四十二条",
                 "逾期未缴纳的，视为放弃申请", "2026年9月22日", app.number):
        assert part in text, part
    assert "{{" not in text
    assert letters.render(None, app, slug="fee_notice", fmt="pdf")[0].startswith(b"%PDF")


def test_fee_actions_in_the_browser(client, counter_app, street_clerk, town_clerk, supervisor):
    app = counter_app(D(2026, 9, 14))
    assert client.login(username=street_clerk.username, password=PASSWORD)
    assert "发出信息处理费收费通知" in client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    response = client.post(reverse("applications:issue_fee", args=[app.pk]),
                           {"basis": "pages", "quantity": "20", "issued_on": "2026-09-22"}, follow=True)
    assert "应缴金额为0元" in response.content.decode() and not FeeNotice.objects.exists()
    client.post(reverse("applications:issue_fee", args=[app.pk]),
                {"basis": "pages", "quantity": "150", "issued_on": "2026-09-22"})
    client.post(reverse("applications:fee_received", args=[app.pk]), {"received_on": "2026-09-23"})
    html = client.post(reverse("applications:fee_paid", args=[app.pk]),
                       {"paid_on": "2026-09-24", "paid_amount": "1700", "reference": "PJ9"}, follow=True
                       ).content.decode()
    assert "已登记缴费" in html and "1700元" in html
    assert Application.objects.get(pk=app.pk).due_on == D(2026, 10, 21)
    client.logout()
    # another unit: 404; a supervisor above sees the page but may not act
    other = counter_app(D(2026, 9, 15))
    assert client.login(username=town_clerk.username, password=PASSWORD)
    assert client.post(reverse("applications:issue_fee", args=[other.pk]),
                       {"basis": "pages", "quantity": "150", "issued_on": "2026-09-22"}).status_code == 404
    client.logout()
    assert client.login(username=supervisor.username, password=PASSWORD)
    html = client.post(reverse("applications:issue_fee", args=[other.pk]),
                       {"basis": "pages", "quantity": "150", "issued_on": "2026-09-22"}, follow=True
                       ).content.decode()
    assert "无权发出收费通知" in html and not FeeNotice.objects.filter(application=other).exists()


def test_public_status_shows_the_pending_fee_without_personal_data(client, street_clerk, applicant):
    result = services.register_at_counter(street_clerk, data=applicant(channel="counter", received_on=D(2026, 9, 14)),
                                          submission_key=codes.new_token())
    fees.issue_notice(street_clerk, result.application, basis="pages", quantity=150, issued_on=D(2026, 9, 22))
    fees.record_received(street_clerk, result.application, received_on=D(2026, 9, 23))
    html = client.post(reverse("apply:status"), {"number": result.application.number,
                                                 "code": result.query_code}).content.decode()
    assert "应缴1700元" in html and "2026-10-28" in html
    assert "王小明" not in html and ID_NUMBER not in html and "13812345678" not in html
