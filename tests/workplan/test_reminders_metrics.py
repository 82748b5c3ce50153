"""Daily reminders and escalation of work-point tasks; the figures for assessment and the annual
report's section 六."""
import datetime as dt

import pytest
from django.core import mail

from gongkai.units.models import Role
from gongkai.workplan import metrics, reminders, services
from gongkai.workplan.models import Task, TaskStatus

pytestmark = pytest.mark.django_db
FRIDAY = dt.date(2026, 11, 20)   # 3 working days ahead is Wednesday 25 November


def _mail(user):
    user.email = f"{user.username}@example.invalid"
    user.save()
    return user


@pytest.fixture
def people(supervisor, town_clerk, town_reviewer, make_user, town, county, street_clerk, village_clerk):
    return {"supervisor": _mail(supervisor), "town_clerk": _mail(town_clerk), "town_reviewer": _mail(town_reviewer),
            "town_admin": _mail(make_user(town, Role.UNIT_ADMIN, "town_admin")),
            "county_clerk": _mail(make_user(county, Role.CLERK, "county_clerk")),
            "street_clerk": _mail(street_clerk), "village_clerk": _mail(village_clerk)}


def _task(user, doc, unit, due, title, **extra):
    return services.add_task(user, doc, data={"unit": unit, "title": title, "due_on": due, "evidence_kind": "note",
                                         **extra})


def test_owner_reminded_and_overdue_escalated_to_issuer_once_a_day(people, county_doc, town, street, village,
                                                                   today):
    sup = people["supervisor"]
    soon = _task(sup, county_doc, town, dt.date(2026, 11, 25), "更新公开指南")
    _task(sup, county_doc, town, dt.date(2026, 11, 26), "以后再说")          # beyond 3 working days
    overdue = _task(sup, county_doc, street, dt.date(2026, 11, 10), "清理过期栏目")
    named = _task(sup, county_doc, town, dt.date(2026, 11, 24), "报送年报", owner=people["town_clerk"])
    parent = _task(sup, county_doc, town, dt.date(2026, 11, 30), "村务公开")
    [child] = services.break_down(people["town_reviewer"], parent, sub_units=[village], due=dt.date(2026, 11, 12))
    today(FRIDAY)
    assert reminders.send_daily_reminders(FRIDAY) == 6
    assert reminders.send_daily_reminders(FRIDAY) == 0     # one e-mail per person per day
    by_person = {m.to[0].split("@")[0]: m for m in mail.outbox}
    digests = reminders.collect(FRIDAY)
    got = {u.username: ([t.pk for t in d.own], [t.pk for t in d.escalated]) for u, d in digests.items()}
    # town staff: the unnamed task; a named owner's task goes to that person only
    assert got["town_admin"] == ([soon.pk], [child.pk])     # the town issued the village's overdue child
    assert got["town_reviewer"] == ([soon.pk], [])          # escalation goes to supervisors and admins only
    assert got["town_clerk"] == ([named.pk, soon.pk], [])   # named owner of one, staff of the other
    assert got["street_clerk"] == ([overdue.pk], [])
    assert got["village_clerk"] == ([child.pk], [])
    # the county's supervisors and admins hear of the street's overdue task, not its clerks
    assert got["supervisor"] == ([], [overdue.pk])
    assert "county_clerk" not in got
    assert set(by_person) == set(got) and len(mail.outbox) == 6
    assert "已逾期" in by_person["supervisor"].subject and "清理过期栏目" in by_person["supervisor"].body
    assert "略政办〔2026〕7号" in by_person["street_clerk"].body


def test_done_and_submitted_tasks_do_not_remind_the_owner(people, county_doc, town, today):
    sup = people["supervisor"]
    task = _task(sup, county_doc, town, dt.date(2026, 11, 10), "已提交的任务")
    today(dt.date(2026, 11, 5))
    services.submit_evidence(people["town_clerk"], task, note="已完成")
    digests = reminders.collect(FRIDAY)
    assert {u.username for u in digests} == {"supervisor"}   # overdue: the issuer is asked to accept
    services.accept(sup, task)
    assert reminders.collect(FRIDAY) == {}


def test_tasks_on_time_and_section_six(people, county_doc, town, village, today):
    sup, clerk = people["supervisor"], people["town_clerk"]
    on_time = _task(sup, county_doc, town, dt.date(2026, 3, 31), "制定年度工作计划")
    late = _task(sup, county_doc, town, dt.date(2026, 6, 30), "公开财务收支")
    undone = _task(sup, county_doc, town, dt.date(2026, 9, 30), "更新公开指南")
    _task(sup, county_doc, town, dt.date(2026, 12, 20), "年底任务")                  # not yet due
    _task(sup, county_doc, town, dt.date(2025, 12, 20), "去年的任务")                # another year
    for task, day in ((on_time, dt.date(2026, 3, 20)), (late, dt.date(2026, 7, 6))):
        today(day)
        services.submit_evidence(clerk, task, note="已完成")
        services.accept(sup, task)
    today(dt.date(2026, 11, 1))
    done, due, evidence = metrics.tasks_on_time([town.pk], 2026, dt.date(2026, 11, 1))
    assert (done, due) == (1, 3)
    assert [e["url"] for e in evidence] == [f"/work/workplan/tasks/{late.pk}/", f"/work/workplan/tasks/{undone.pk}/"]
    assert "逾期完成" in evidence[0]["label"] and "尚未完成" in evidence[1]["label"]
    assert not any(e["ok"] for e in evidence)
    assert metrics.tasks_on_time([village.pk], 2026, dt.date(2026, 11, 1)) == (0, 0, [])

    text = metrics.section_six_text(town, 2026)
    assert text.startswith("2026年，本单位承担上级政务公开工作要点任务4项（略政办〔2026〕7号），按期完成1项")
    assert "1项逾期完成：“公开财务收支”（略政办〔2026〕7号）期限6月30日，7月6日完成" in text
    assert "2项尚未完成" in text
    assert metrics.section_six_text(village, 2026) == ""


def test_section_six_tells_the_units_own_work_points(people, town, village, make_user):
    admin = make_user(town, Role.UNIT_ADMIN)
    own = services.create_document(admin, town, data={"title": "河口镇2026年政务公开工作要点", "doc_number": "河政〔2026〕3号",
                                                 "year": 2026, "kind": "own"})
    services.add_task(admin, own, data={"unit": village, "title": "村务公开栏更新", "due_on": dt.date(2026, 4, 1)})
    assert metrics.section_six_text(town, 2026) == "本单位制定2026年度政务公开工作要点（河政〔2026〕3号），分解任务1项，已完成0项。"
    assert Task.objects.filter(status=TaskStatus.OPEN).count() == 1
