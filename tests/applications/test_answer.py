"""Consultation pauses, the one extension and the decision (办理结果), through the services."""
import datetime as dt

import pytest

from gongkai.applications.handling import services
from gongkai.applications.models import Application, ApplicationPause
from gongkai.units.models import AuditEntry

pytestmark = pytest.mark.django_db
D = dt.date
RECEIVED = D(2026, 9, 14)  # a Monday


def test_pause_and_extension_across_national_day_2026(counter_app, street_clerk, street_reviewer):
    """Counted by hand on the official 2026 schedule (20 Sep Sun worked, 25 Sep 中秋 off,
    1–7 Oct off, Sat 10 Oct worked). Received Mon 14 Sep; the receipt day is not counted.
    Working days: 15(1) 16(2) 17(3) 18(4) Sun 20(5) 21(6); 22–24 Sep paused (third party, both
    ends included); 25 中秋, 26, 27 off; 28(7) 29(8) 30(9); 1–7 Oct off; 8(10) 9(11) Sat 10(12)
    12(13) 13(14) 14(15) 15(16) 16(17) 19(18) 20(19) 21(20) → original due Wed 21 Oct.
    Extension of 5: 22(1) 23(2) 26(3) 27(4) 28(5) → due Wed 28 Oct."""
    app = counter_app(RECEIVED)
    assert app.due_on == D(2026, 10, 16)  # without the pause: 3 working days earlier
    pause = services.start_pause(street_clerk, app, kind="third_party", party="某某置业有限公司", started_on=D(2026, 9, 22))
    app.refresh_from_db()
    # while no reply has come the pause runs to the end of the 15 working days (20 Oct)
    assert app.due_on == D(2026, 11, 9)
    services.end_pause(street_clerk, pause, ended_on=D(2026, 9, 24))
    app.refresh_from_db()
    assert app.due_on == D(2026, 10, 21)
    services.request_extension(street_clerk, app, days=5, reason="需要调取档案", requested_on=D(2026, 10, 12))
    app.refresh_from_db()
    assert app.due_on == D(2026, 10, 21)  # not before approval
    services.approve_extension(street_reviewer, app, approved_on=D(2026, 10, 13))
    app.refresh_from_db()
    assert app.due_on == D(2026, 10, 28)
    lines = services.deadline(app).lines
    assert any(line.startswith("征求第三方意见：2026-09-22至2026-09-24暂停（3个工作日不计") for line in lines)
    assert "原答复期限：2026-10-21" in lines
    assert "延期5个工作日（条例第三十三条第二款），负责人于2026-10-13同意" in lines
    assert lines[-1] == "答复期限：2026-10-28"
    actions = list(AuditEntry.objects.filter(target_id=str(app.pk)).values_list("action", flat=True))
    for action in ("application.pause_start", "application.pause_end", "application.extension_request",
                   "application.extension_approve"):
        assert action in actions


def test_pause_end_cannot_pass_the_15_working_days(counter_app, street_clerk):
    app = counter_app(RECEIVED)
    pause = services.start_pause(street_clerk, app, kind="other_agency", party="县自然资源局", started_on=D(2026, 9, 22))
    with pytest.raises(services.ApplicationError, match="2026-10-20"):
        services.end_pause(street_clerk, pause, ended_on=D(2026, 10, 21))
    assert ApplicationPause.objects.get().ended_on is None


def test_extension_is_approved_by_another_reviewer_of_the_unit(counter_app, street_clerk, street_reviewer,
                                                                street_admin, town_reviewer):
    app = counter_app(RECEIVED)
    services.request_extension(street_reviewer, app, days=20, reason="信息量大", requested_on=D(2026, 10, 1))
    with pytest.raises(services.ApplicationError, match="申请人以外"):
        services.approve_extension(street_reviewer, app, approved_on=D(2026, 10, 9))
    with pytest.raises(services.ApplicationError, match="审核人"):
        services.approve_extension(street_clerk, app, approved_on=D(2026, 10, 9))
    with pytest.raises(services.ApplicationError, match="审核人"):
        services.approve_extension(town_reviewer, app, approved_on=D(2026, 10, 9))
    services.approve_extension(street_admin, app, approved_on=D(2026, 10, 9))
    with pytest.raises(services.ApplicationError, match="只能延期一次"):
        services.request_extension(street_clerk, app, days=1, reason="再延", requested_on=D(2026, 10, 12))


def test_extension_must_be_approved_by_the_original_due_date(counter_app, street_clerk, street_reviewer):
    app = counter_app(RECEIVED)  # due 16 Oct
    services.request_extension(street_clerk, app, days=20, reason="信息量大", requested_on=D(2026, 10, 15))
    with pytest.raises(services.ApplicationError, match="2026-10-16"):
        services.approve_extension(street_reviewer, app, approved_on=D(2026, 10, 19))
    services.approve_extension(street_reviewer, app, approved_on=D(2026, 10, 16))  # on the day is in time
    app.refresh_from_db()
    assert app.due_on == D(2026, 11, 13)


def test_extension_limits(counter_app, street_clerk):
    app = counter_app(RECEIVED)
    with pytest.raises(services.ApplicationError, match="1至20"):
        services.request_extension(street_clerk, app, days=21, reason="x", requested_on=D(2026, 10, 1))
    with pytest.raises(services.ApplicationError, match="理由"):
        services.request_extension(street_clerk, app, days=5, reason=" ", requested_on=D(2026, 10, 1))


def test_decision_requires_a_basis_of_its_type(counter_app, street_clerk):
    app = counter_app(RECEIVED)
    with pytest.raises(services.ApplicationError, match="须写明法律依据"):
        services.record_decision(street_clerk, app, decision_code="withheld.1", basis="", answered_on=D(2026, 10, 9))
    with pytest.raises(services.ApplicationError, match="法律依据应为"):
        services.record_decision(street_clerk, app, decision_code="withheld.1", basis="第三十八条",
                                 answered_on=D(2026, 10, 9))
    with pytest.raises(services.ApplicationError, match="未知的办理结果类型"):
        services.record_decision(street_clerk, app, decision_code="nonsense", basis="第十四条", answered_on=D(2026, 10, 9))
    assert Application.objects.get(pk=app.pk).status == "received"
    services.record_decision(street_clerk, app, decision_code="partial", basis="第三十七条", answered_on=D(2026, 10, 9),
                             text="涉及个人信息部分已遮盖")
    app.refresh_from_db()
    assert (app.status, app.decision_type, app.answered_on) == ("answered", "partial", D(2026, 10, 9))
    assert app.decision_basis == "《中华人民共和国政府信息公开条例》第三十七条"
    assert AuditEntry.objects.filter(action="application.decide", target_id=str(app.pk)).count() == 1
    with pytest.raises(services.ApplicationError, match="已答复"):
        services.record_decision(street_clerk, app, decision_code="granted", basis="第三十六条第（二）项",
                                 answered_on=D(2026, 10, 9))


def test_free_text_basis_for_types_without_an_article(counter_app, street_clerk):
    app = counter_app(RECEIVED)
    services.record_decision(street_clerk, app, decision_code="other.3", basis="申请人书面撤回申请", answered_on=D(2026, 9, 15))
    assert Application.objects.get(pk=app.pk).decision_basis == "申请人书面撤回申请"


def test_on_the_spot_only_for_counter_applications_answered_that_day(counter_app, street_clerk, applicant):
    app = counter_app(RECEIVED)
    with pytest.raises(services.ApplicationError, match="当场答复"):
        services.record_decision(street_clerk, app, decision_code="granted", basis="第三十六条第（一）项",
                                 answered_on=D(2026, 9, 15),
                                 on_the_spot=True)
    services.record_decision(street_clerk, app, decision_code="granted", basis="第三十六条第（一）项", answered_on=RECEIVED,
                             on_the_spot=True)
    app.refresh_from_db()
    assert app.on_the_spot and app.due_on == RECEIVED
    assert services.deadline(app).lines[-1] == f"当场答复（条例第三十三条第一款），答复期限：{RECEIVED}"
    data = applicant(channel="registered_mail", received_on=RECEIVED)
    mail = services.register_at_counter(street_clerk, data=data, submission_key="t" * 32).application
    with pytest.raises(services.ApplicationError, match="当面提交"):
        services.record_decision(street_clerk, mail, decision_code="granted", basis="第三十六条第（一）项", answered_on=RECEIVED,
                                 on_the_spot=True)


def test_other_unit_cannot_pause_extend_or_decide(counter_app, town_clerk):
    app = counter_app(RECEIVED)
    with pytest.raises(services.ApplicationError):
        services.start_pause(town_clerk, app, kind="third_party", party="x公司", started_on=D(2026, 9, 22))
    with pytest.raises(services.ApplicationError):
        services.request_extension(town_clerk, app, days=5, reason="x", requested_on=D(2026, 9, 22))
    with pytest.raises(services.ApplicationError):
        services.record_decision(town_clerk, app, decision_code="granted", basis="第三十六条第（一）项",
                                 answered_on=D(2026, 9, 22))
    assert not ApplicationPause.objects.exists()
