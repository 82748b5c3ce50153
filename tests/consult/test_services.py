"""Services of 政务咨询: ask, answer, transfer, merge, publication with review, conversion."""
import datetime as dt

import pytest

from gongkai.applications.models import Application, Channel
from gongkai.consult import services
from gongkai.consult.models import ConsultationPolicy, Message, Publication, Status
from gongkai.units.models import AuditEntry, Role

D = dt.date
ID_NUMBER = "11010519491231002X"


def test_ask_sets_number_clock_and_one_message_per_token(street, ask, today):
    today(D(2025, 3, 3))
    token = "t" * 20
    first = ask(street, token=token)
    again = ask(street, token=token)
    assert first.created and not again.created and again.message.pk == first.message.pk
    m = first.message
    assert m.number == "LY-T1100-2025-0001" and m.due_on == D(2025, 3, 10) and m.status == Status.SUBMITTED
    assert services.public_lookup(m.number, first.query_code) == m
    assert services.public_lookup(m.number, "WRONGCODE1") is None
    entry = AuditEntry.objects.get(action="consult.ask")
    assert "王小明" not in str(entry.detail) and "13812345678" not in str(entry.detail)


def test_unit_promise_is_configurable(street, ask, today):
    today(D(2025, 3, 3))
    ConsultationPolicy.objects.create(unit=street, promise_workdays=3)
    assert ask(street).message.due_on == D(2025, 3, 6)


def test_unknown_calendar_year_leaves_due_empty(street, ask, today, monkeypatch):
    from gongkai.domain.workdays import WorkdayCalendar
    monkeypatch.setattr(services, "get_calendar", lambda: WorkdayCalendar({}, {2030}))
    today(D(2030, 12, 27))
    assert ask(street).message.due_on is None


@pytest.mark.parametrize(("field", "message"), [("contact", "联系方式"), ("body", "留言内容"), ("subject", "标题")])
def test_ask_requires_contact_and_content(street, ask, field, message):
    with pytest.raises(services.ConsultError, match=message):
        ask(street, **{field: "  "})
    assert not Message.objects.exists()


def test_ask_refuses_a_village(village, ask):
    with pytest.raises(services.ConsultError, match="不受理"):
        ask(village)


def test_answer_only_by_the_units_staff(street, town_clerk, street_clerk, ask):
    m = ask(street).message
    with pytest.raises(services.ConsultError, match="无权"):
        services.answer(user=town_clerk, message=m, text="答复")
    services.answer(user=street_clerk, message=m, text="计划于下月开工。")
    m.refresh_from_db()
    assert m.status == Status.ANSWERED and m.answered_by == street_clerk
    with pytest.raises(services.ConsultError, match="已答复"):
        services.answer(user=street_clerk, message=m, text="再答复")


def test_supervisor_cannot_answer(county, street, make_user, ask):
    sup = make_user(county, Role.SUPERVISOR)
    with pytest.raises(services.ConsultError):
        services.answer(user=sup, message=ask(street).message, text="x")


def test_transfer_keeps_the_clock_and_is_audited(street, town, street_clerk, town_clerk, ask, today):
    today(D(2025, 3, 3))
    m = ask(street).message
    today(D(2025, 3, 5))
    services.transfer(user=street_clerk, message=m, to_unit=town, reason="属河口镇职责")
    m.refresh_from_db()
    assert m.unit == town and m.first_unit == street and m.due_on == D(2025, 3, 10)
    assert m.transfers.get().reason == "属河口镇职责"
    assert AuditEntry.objects.filter(action="consult.transfer", detail__to="T1200").exists()
    with pytest.raises(services.ConsultError):
        services.answer(user=street_clerk, message=m, text="x")
    services.answer(user=town_clerk, message=m, text="已答复")
    with pytest.raises(services.ConsultError, match="理由"):
        services.transfer(user=town_clerk, message=ask(town).message, to_unit=street, reason="")


def test_merge_closes_the_duplicate_with_the_answer(street, street_clerk, ask):
    first, dup = ask(street).message, ask(street).message
    services.merge(user=street_clerk, message=dup, into=first)
    services.answer(user=street_clerk, message=first, text="统一答复")
    dup.refresh_from_db()
    assert dup.status == Status.MERGED and dup.reply_text == "统一答复" and dup.merged_into == first
    with pytest.raises(services.ConsultError):
        services.merge(user=street_clerk, message=first, into=first)


def test_publication_masks_and_waits_for_the_reviewer(street, street_clerk, street_reviewer, ask):
    ConsultationPolicy.objects.create(unit=street, review_before_publication=True)
    m = ask(street).message
    services.answer(user=street_clerk, message=m, text="请联系王小明本人，电话13812345678已记录。")
    services.choose_publication(user=street_clerk, message=m, publish=True)
    m.refresh_from_db()
    assert m.publication == Publication.PENDING and m.published_on is None
    for text in (m.public_question, m.public_answer):
        assert "王小明" not in text and "13812345678" not in text
    with pytest.raises(services.ConsultError, match="无权"):
        services.approve_publication(user=street_clerk, message=m, approve=True)
    services.approve_publication(user=street_reviewer, message=m, approve=True)
    m.refresh_from_db()
    assert m.publication == Publication.PUBLISHED and m.publication_approved_by == street_reviewer


def test_publication_without_review_and_refused_by_asker(street, street_clerk, ask):
    m = ask(street).message
    with pytest.raises(services.ConsultError, match="已答复"):
        services.choose_publication(user=street_clerk, message=m, publish=True)
    services.answer(user=street_clerk, message=m, text="答复")
    services.choose_publication(user=street_clerk, message=m, publish=True)
    assert Message.objects.get(pk=m.pk).publication == Publication.PUBLISHED
    private = ask(street, wants_public=False).message
    services.answer(user=street_clerk, message=private, text="答复")
    with pytest.raises(services.ConsultError, match="未同意公开"):
        services.choose_publication(user=street_clerk, message=private, publish=True)


def test_convert_to_application_receipt_is_the_action_day(street, street_clerk, ask, today):
    today(D(2025, 3, 3))
    m = ask(street, body="请提供2024年老旧小区改造项目的批复文件").message
    today(D(2025, 3, 12))
    applicant = {"applicant_type": "natural_person", "name": "王小明", "id_number": ID_NUMBER,
                 "phone": "13812345678", "info_form": "electronic", "delivery": "online"}
    m, submission = services.convert_to_application(user=street_clerk, message=m, applicant=applicant,
                                                    token="c" * 20)
    app = Application.objects.get()
    assert app.received_on == D(2025, 3, 12) and app.channel == Channel.ONLINE and app.unit == street
    assert app.description == "请提供2024年老旧小区改造项目的批复文件"
    assert m.status == Status.CONVERTED and m.converted_application == app and m.answered_on == D(2025, 3, 12)
    assert app.number in m.reply_text
    assert AuditEntry.objects.filter(action="consult.convert").exists()


def test_convert_with_bad_identity_writes_nothing(street, street_clerk, ask):
    from django.core.exceptions import ValidationError
    m = ask(street).message
    applicant = {"applicant_type": "natural_person", "name": "王小明", "id_number": "123",
                 "phone": "13812345678", "info_form": "electronic", "delivery": "online"}
    with pytest.raises(ValidationError):
        services.convert_to_application(user=street_clerk, message=m, applicant=applicant, token="d" * 20)
    m.refresh_from_db()
    assert m.status == Status.SUBMITTED and not Application.objects.exists()


def test_entering_a_schedule_fills_in_the_due_date(street, ask, today, monkeypatch):
    """A promise reaching into a year without an entered schedule is left empty, never guessed; once
    an admin enters that year, the open message gets its date."""
    from gongkai.domain.workdays import WorkdayCalendar
    cal = WorkdayCalendar({}, {2030})
    monkeypatch.setattr(services, "get_calendar", lambda: cal)
    today(D(2030, 12, 27))
    m = ask(street).message
    assert m.due_on is None
    cal.known_years.add(2031)
    assert services.recompute_due_dates() == 1
    m.refresh_from_db()
    assert m.due_on == D(2031, 1, 3)   # 12-30, 12-31, 1-1, 1-2, 1-3 (no holidays in this test calendar)


def test_schedule_signal_recomputes(street, ask, today, django_capture_on_commit_callbacks):
    from gongkai.workdays.services import load_schedule
    today(D(2025, 3, 3))
    m = ask(street).message
    assert m.due_on == D(2025, 3, 10)
    with django_capture_on_commit_callbacks(execute=True):
        load_schedule("year,2025\n2025-03-05,休,测试假日\n")
    m.refresh_from_db()
    assert m.due_on == D(2025, 3, 11)
