"""The answer deadline of real applications across 春节 2026, 国庆 2025 and 2026 and their 调休
weekends: the stored due_on and the explanation on the application page, also through 补正
and an extension. Every expected date is counted by hand in the comment next to it; the day
of receipt (or of the supplement, or the original due date) is never counted."""
import datetime as dt
import html

import chinese_calendar
import pytest

from gongkai.applications.handling import services
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
D = dt.date


def test_premises_in_chinese_calendar():
    """The official schedules the expected dates below rely on (国务院办公厅 notices for 2025, 2026)."""
    spring = [D(2026, 2, 15) + dt.timedelta(days=i) for i in range(9)]  # 15–23 Feb 2026
    assert not any(chinese_calendar.is_workday(d) for d in spring)
    assert chinese_calendar.is_workday(D(2026, 2, 14)) and chinese_calendar.is_workday(D(2026, 2, 28))  # Sats
    assert chinese_calendar.is_workday(D(2026, 2, 13)) and chinese_calendar.is_workday(D(2026, 2, 24))
    national_2025 = [D(2025, 10, 1) + dt.timedelta(days=i) for i in range(8)]  # 1–8 Oct 2025
    assert not any(chinese_calendar.is_workday(d) for d in national_2025)
    assert chinese_calendar.is_workday(D(2025, 9, 28)) and chinese_calendar.is_workday(D(2025, 10, 11))
    assert not chinese_calendar.is_workday(D(2025, 9, 27))
    national_2026 = [D(2026, 10, 1) + dt.timedelta(days=i) for i in range(7)]  # 1–7 Oct 2026
    assert not any(chinese_calendar.is_workday(d) for d in national_2026)
    assert chinese_calendar.is_workday(D(2026, 9, 20)) and chinese_calendar.is_workday(D(2026, 10, 10))
    assert not chinese_calendar.is_workday(D(2026, 9, 19))
    assert chinese_calendar.get_holiday_detail(D(2026, 9, 25)) == (True, "Mid-autumn Festival")  # 中秋, a Friday


def page_lines(client, user, app) -> str:
    client.login(username=user.username, password=PASSWORD)
    response = client.get(f"/work/applications/{app.pk}/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_received_the_friday_before_spring_festival(counter_app, client, street_clerk):
    # Received Fri 13 Feb 2026 (not counted). Sat 14 Feb 调休 1); 15–23 Feb 春节 off; 24–27 Feb 2)–5);
    # Sat 28 Feb 调休 6); 2–6 Mar 7)–11); 9–13 Mar 12)–16); 16–19 Mar 17)–20): due Thu 19 Mar.
    app = counter_app(D(2026, 2, 13))
    assert app.due_on == D(2026, 3, 19)
    page = page_lines(client, street_clerk, app)
    assert "收到申请：2026-02-13（条例第三十一条）" in page
    assert "调休上班：2026-02-14（星期六）计入" in page
    assert "春节放假：2026-02-15至02-23不计" in page
    assert "调休上班：2026-02-28（星期六）计入" in page
    assert "答复期限：2026-03-19" in page


def test_received_on_the_worked_saturday_before_spring_festival(counter_app):
    # Received Sat 14 Feb 2026, a 调休 working day (not counted). 15–23 Feb off; 24–27 Feb 1)–4);
    # Sat 28 Feb 5); 2–6 Mar 6)–10); 9–13 Mar 11)–15); 16–20 Mar 16)–20): due Fri 20 Mar.
    assert counter_app(D(2026, 2, 14)).due_on == D(2026, 3, 20)


def test_received_during_spring_festival_is_due_as_the_last_working_day_before(counter_app):
    # Received Wed 18 Feb 2026 (a holiday, at the counter of an on-duty office): counting starts the
    # next working day, Tue 24 Feb, exactly as for Sat 14 Feb above: due Fri 20 Mar.
    assert counter_app(D(2026, 2, 18)).due_on == D(2026, 3, 20)


def test_supplement_before_and_received_after_spring_festival(counter_app, client, street_clerk):
    app = counter_app(D(2026, 2, 9))  # Mon 9 Feb
    # 10 Feb 1), 11 Feb 2), 12 Feb 3), 13 Feb 4), Sat 14 Feb 5), 24 Feb 6), 25 Feb 7): notice due Wed 25 Feb.
    assert services.supplement_notice_due(app) == D(2026, 2, 25)
    app = services.request_supplement(street_clerk, app, requested_on=D(2026, 2, 11), items="请写明所需文件的年份")
    assert app.due_on is None
    app = services.receive_supplement(street_clerk, app, received_on=D(2026, 2, 27))
    # From Fri 27 Feb (not counted): Sat 28 Feb 调休 1); 2–6 Mar 2)–6); 9–13 Mar 7)–11); 16–20 Mar 12)–16);
    # 23–26 Mar 17)–20): due Thu 26 Mar. 春节 is before the clock starts, so it is not listed.
    assert app.due_on == D(2026, 3, 26)
    page = page_lines(client, street_clerk, app)
    assert "收到补正：2026-02-27" in page and "调休上班：2026-02-28（星期六）计入" in page
    assert "春节放假" not in page and "答复期限：2026-03-26" in page


def test_extension_across_spring_festival(counter_app, client, street_clerk, street_reviewer):
    # Received Mon 26 Jan 2026. 27–30 Jan 1)–4); 2–6 Feb 5)–9); 9–13 Feb 10)–14); Sat 14 Feb 15);
    # 15–23 Feb off; 24–27 Feb 16)–19); Sat 28 Feb 调休 20): due Sat 28 Feb (a working day).
    app = counter_app(D(2026, 1, 26))
    assert app.due_on == D(2026, 2, 28)
    services.request_extension(street_clerk, app, days=20, reason="涉及多个部门的档案", requested_on=D(2026, 2, 10))
    services.approve_extension(street_reviewer, app, approved_on=D(2026, 2, 11))
    app.refresh_from_db()
    # 20 more working days after Sat 28 Feb: 2–6 Mar 1)–5); 9–13 Mar 6)–10); 16–20 Mar 11)–15);
    # 23–27 Mar 16)–20): due Fri 27 Mar.
    assert app.due_on == D(2026, 3, 27)
    page = page_lines(client, street_clerk, app)
    assert "原答复期限：2026-02-28" in page and "春节放假：2026-02-15至02-23不计" in page
    assert "答复期限：2026-03-27" in page


def test_national_day_2025_with_the_worked_sunday(counter_app, client, street_clerk):
    # Received Fri 26 Sep 2025. Sat 27 Sep off; Sun 28 Sep 调休 1); 29–30 Sep 2)–3); 1–8 Oct 国庆/中秋 off;
    # 9–10 Oct 4)–5); Sat 11 Oct 调休 6); 13–17 Oct 7)–11); 20–24 Oct 12)–16); 27–30 Oct 17)–20):
    # due Thu 30 Oct 2025.
    app = counter_app(D(2025, 9, 26))
    assert app.due_on == D(2025, 10, 30)
    page = page_lines(client, street_clerk, app)
    assert "调休上班：2025-09-28（星期日）计入" in page and "调休上班：2025-10-11（星期六）计入" in page
    assert "2025-10-01至10-08不计" in page and "答复期限：2025-10-30" in page


def test_national_day_2026_received_the_day_before(counter_app):
    # Received Wed 30 Sep 2026. 1–7 Oct off; 8–9 Oct 1)–2); Sat 10 Oct 调休 3); 12–16 Oct 4)–8);
    # 19–23 Oct 9)–13); 26–30 Oct 14)–18); 2–3 Nov 19)–20): due Tue 3 Nov.
    assert counter_app(D(2026, 9, 30)).due_on == D(2026, 11, 3)


def test_national_day_2026_across_both_worked_weekend_days(counter_app, client, street_clerk):
    # Received Fri 18 Sep 2026. Sat 19 Sep off; Sun 20 Sep 调休 1); 21–24 Sep 2)–5); Fri 25 Sep 中秋节 off;
    # 28–30 Sep 6)–8); 1–7 Oct off; 8–9 Oct 9)–10); Sat 10 Oct 调休 11); 12–16 Oct 12)–16);
    # 19–22 Oct 17)–20): due Thu 22 Oct.
    app = counter_app(D(2026, 9, 18))
    assert app.due_on == D(2026, 10, 22)
    page = page_lines(client, street_clerk, app)
    assert "中秋节放假：2026-09-25至09-27不计" in page  # the holiday runs into the weekend
    assert "调休上班：2026-09-20（星期日）计入" in page and "国庆节放假：2026-10-01至10-07不计" in page
    assert "调休上班：2026-10-10（星期六）计入" in page


def test_supplement_received_just_before_national_day_2026_then_extended(counter_app, street_clerk,
                                                                        street_reviewer):
    app = counter_app(D(2026, 9, 21))  # Mon 21 Sep
    app = services.request_supplement(street_clerk, app, requested_on=D(2026, 9, 22), items="请写明项目名称")
    app = services.receive_supplement(street_clerk, app, received_on=D(2026, 9, 30))
    # From Wed 30 Sep: same as an application received that day: due Tue 3 Nov.
    assert app.due_on == D(2026, 11, 3)
    services.request_extension(street_clerk, app, days=10, reason="需征询多个科室", requested_on=D(2026, 10, 30))
    services.approve_extension(street_reviewer, app, approved_on=D(2026, 11, 3))  # on the original due date: in time
    app.refresh_from_db()
    # 10 more after Tue 3 Nov: 4–6 Nov 1)–3); 9–13 Nov 4)–8); 16–17 Nov 9)–10): due Tue 17 Nov.
    assert app.due_on == D(2026, 11, 17)
