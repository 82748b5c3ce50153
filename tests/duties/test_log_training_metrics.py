"""Website duty log, training record and the two metrics the assessment reads."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.domain.duty_log import missing_signoffs
from gongkai.duties import metrics, services
from gongkai.duties.models import Attendance, DutySignoff, TrainingSession
from gongkai.watch.models import CheckRun, Site
from tests.conftest import PASSWORD

from .conftest import TODAY

D = dt.date


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def make_site(unit, registered: dt.date, active=True):
    site = Site.objects.create(unit=unit, name=f"{unit.name}网站", homepage="http://127.0.0.1:9/", is_active=active)
    at = timezone.make_aware(dt.datetime.combine(registered, dt.time(9)))
    Site.objects.filter(pk=site.pk).update(created_at=at)
    return site


def sign(user, unit, kind, *days):
    for day in days:
        services.sign_off(user, unit, kind=kind, day=day)


def test_missing_signoffs_rules():
    days = [D(2026, 11, d) for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17)]
    out = missing_signoffs(days, {"daily": days[:-1], "maintenance": [D(2026, 11, 3), D(2026, 11, 9)],
                                  "weekly": [D(2026, 11, 8)]})  # a Sunday sign-off covers its week
    assert out[D(2026, 11, 17)] == ["daily", "maintenance"] and out[D(2026, 11, 16)] == []
    # three working days in a row without maintenance: 4, 5, 6 → flagged on the 6th; 10, 11, 12; 13, 16, 17
    assert [d for d, kinds in out.items() if "maintenance" in kinds] == [D(2026, 11, 6), D(2026, 11, 12),
                                                                          D(2026, 11, 17)]
    # 2–8 November was signed (on the Sunday); 9–13 was not; 16–17 is still running
    assert [d for d, kinds in out.items() if "weekly" in kinds] == [D(2026, 11, 13)]


def test_signoff_page_shows_missing_days_and_attaches_run(client, street, street_clerk, street_admin):
    services.transfer(street_admin, street, duties=["website"], person_name="网管小刘", on=D(2026, 1, 5))
    site = make_site(street, D(2026, 1, 5))
    run_at = timezone.make_aware(dt.datetime(2026, 11, 19, 6, 30))
    run = CheckRun.objects.create(site=site, kind="daily", started=run_at, finished=run_at, pages=42)
    CheckRun.objects.create(site=site, kind="daily", started=run_at - dt.timedelta(days=1), pages=7)
    sign(street_clerk, street, "daily", D(2026, 11, 17), D(2026, 11, 18))

    login(client, street_clerk)
    resp = client.post(f"/work/duties/{street.pk}/signoffs/sign/", {"kind": "daily", "date": "2026-11-19"},
                       follow=True)
    assert "已附检查记录" in resp.content.decode()
    assert DutySignoff.objects.get(date=D(2026, 11, 19)).check_run == run
    resp = client.post(f"/work/duties/{street.pk}/signoffs/sign/", {"kind": "daily", "date": "2026-11-19"},
                       follow=True)
    assert "已签字" in resp.content.decode() and DutySignoff.objects.count() == 3
    resp = client.post(f"/work/duties/{street.pk}/signoffs/sign/", {"kind": "daily", "date": "2026-11-21"},
                       follow=True)
    assert "今天以后" in resp.content.decode()

    page = client.get(f"/work/duties/{street.pk}/signoffs/").content.decode()
    assert "网管小刘" in page and "检查42页" in page
    assert "每日检查缺签 <strong>27</strong> 天" in page  # 30 working days, 3 signed
    row = page[page.index("<th scope=\"row\">2026-11-20"):]
    assert "缺签" in row[:row.index("</tr>")]  # today is not signed yet
    row = page[page.index("<th scope=\"row\">2026-11-18"):]
    assert "已签" in row[:row.index("</td>")]


def test_training_record_page(client, street, street_clerk, street_admin, make_user):
    make_user(street, full_name="陈学员")
    login(client, street_clerk)
    resp = client.post(f"/work/duties/{street.pk}/training/new/", {
        "date": "2026-03-10", "topic": "学习《条例》", "trainer": "县政务公开办", "hours": "2",
        "present": "陈学员、张晓", "absent": "王缺席",
        "materials": SimpleUploadedFile("课件.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n%%EOF\n")}, follow=True)
    assert "已登记培训" in resp.content.decode()
    session = TrainingSession.objects.get()
    assert Attendance.objects.get(person_name="陈学员").user.full_name == "陈学员"
    bad = client.post(f"/work/duties/{street.pk}/training/new/", {
        "date": "2026-03-11", "topic": "学习", "hours": "1",
        "materials": SimpleUploadedFile("x.pdf", b"MZ not a pdf")}, follow=True)
    assert "只接受" in bad.content.decode() and TrainingSession.objects.count() == 1

    login(client, street_admin).post(f"/work/duties/{street.pk}/reserve/", {"person_name": "刘后备"})
    page = client.get(f"/work/duties/{street.pk}/training/").content.decode()
    assert "学习《条例》" in page and "刘后备" in page and "67%" in page  # 2 of 3 attended
    assert client.get(f"/work/duties/{street.pk}/training/{session.pk}/materials/").status_code == 200


def test_signoff_rate(street, town, village, street_clerk, town_clerk):
    make_site(street, D(2026, 11, 9))  # Monday: 10 working days to 20 November
    make_site(street, D(2026, 11, 12))  # a second site does not add days
    make_site(village, D(2026, 11, 1), active=False)  # inactive: not required
    sign(street_clerk, street, "daily", *[D(2026, 11, d) for d in (9, 10, 11, 12, 13, 16, 17)])
    sign(street_clerk, street, "maintenance", D(2026, 11, 18))  # not a daily check
    sign(street_clerk, street, "daily", D(2026, 11, 6))  # before the site: not counted
    sign(town_clerk, town, "daily", D(2026, 11, 18))  # town has no site

    value, evidence = metrics.signoff_rate([street.pk, town.pk, village.pk], 2026, TODAY)
    assert value == pytest.approx(7 / 10)
    assert [e["label"] for e in evidence] == [f"{street.name} 2026-11-{d} 每日检查未签字" for d in (18, 19, 20)]
    assert all(not e["ok"] and e["url"].startswith(f"/work/duties/{street.pk}/signoffs/") for e in evidence)

    assert metrics.signoff_rate([town.pk], 2026, TODAY) == (None, [])
    assert metrics.signoff_rate([street.pk], 2025, TODAY) == (None, [])  # no site in 2025
    # a past year counts only up to 31 December (23 November – 31 December: 29 more working days)
    value, evidence = metrics.signoff_rate([street.pk], 2026, D(2027, 1, 15))
    assert value == pytest.approx(7 / 39) and len(evidence) == 32
    # evidence is capped at 50 days, oldest first
    make_site(town, D(2026, 1, 1))
    value, evidence = metrics.signoff_rate([street.pk, town.pk], 2026, TODAY)
    assert len(evidence) == 50 and evidence[0]["label"] == f"{town.name} 2026-01-04 每日检查未签字"  # 调休: a Sunday worked


def test_training_held(street, town, street_clerk, town_clerk):
    services.add_session(street_clerk, street, data={"date": D(2026, 3, 10), "topic": "学习《条例》", "hours": 2})
    services.add_session(street_clerk, street, data={"date": D(2026, 9, 1), "topic": "依申请公开办理", "hours": 1})
    services.add_session(street_clerk, street, data={"date": D(2025, 12, 30), "topic": "去年", "hours": 1})
    services.add_session(town_clerk, town, data={"date": D(2026, 5, 1), "topic": "镇培训", "hours": 1})
    n, evidence = metrics.training_held([street.pk], 2026)
    assert n == 2 and evidence[0]["label"] == f"{street.name} 2026-03-10 学习《条例》"
    assert all(e["ok"] and e["url"] == f"/work/duties/{street.pk}/training/" for e in evidence)
    assert metrics.training_held([street.pk, town.pk], 2026)[0] == 3
    assert metrics.training_held([], 2026) == (0, [])
    with pytest.raises(services.DutyError, match="无权"):
        services.add_session(town_clerk, street, data={"date": D(2026, 3, 1), "topic": "x", "hours": 1})
