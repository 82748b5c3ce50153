"""Daily reminders, the supervisor's board signals and the assessment indicator of 政务咨询."""
import datetime as dt

from django.core import mail

from gongkai.assessment.scoring import measure
from gongkai.consult import reminders, services
from gongkai.consult.queries import board_counts
from gongkai.domain.unit_risk import assess
from gongkai.units.models import Role
from gongkai.workbench.selectors import unit_counts

D = dt.date


def _three_messages(street, ask, today):
    today(D(2025, 1, 2))
    old = ask(street).message             # past the 3-month line on 2025-04-10
    today(D(2025, 2, 5))
    warn = ask(street).message            # 64 days on 2025-04-10
    today(D(2025, 4, 7))
    fresh = ask(street).message           # due 2025-04-14
    today(D(2025, 4, 10))
    return old, warn, fresh


def test_board_shows_veto_warning_and_overdue_lines(street, ask, today):
    old, warn, fresh = _three_messages(street, ask, today)
    counts = board_counts([street.pk], D(2025, 4, 10))
    assert counts == {"consult_veto": {street.pk: 1}, "consult_warning": {street.pk: 1}, "consult_overdue": {}}
    per_unit = unit_counts([street], D(2025, 4, 10))[street.pk]
    risk = assess(per_unit)
    assert risk.level == "high"
    assert any("超过3个月未答复（单项否决）" in r.text for r in risk.reasons)


def test_daily_reminder_once_per_person_and_escalated(street, county, make_user, street_clerk, ask, today):
    street_clerk.email = "clerk@example.cn"
    street_clerk.save()
    make_user(street, Role.REVIEWER, email="rev@example.cn")
    make_user(county, Role.SUPERVISOR, email="sup@example.cn")
    _three_messages(street, ask, today)
    assert reminders.send_daily_reminders(D(2025, 4, 10)) == 3
    by_to = {m.to[0]: m for m in mail.outbox}
    assert "其中1条已超过3个月" in by_to["sup@example.cn"].subject
    assert "王小明" not in by_to["clerk@example.cn"].body and "13812345678" not in by_to["clerk@example.cn"].body
    assert reminders.send_daily_reminders(D(2025, 4, 10)) == 0
    assert len(mail.outbox) == 3


def test_assessment_indicator(street, street_clerk, ask, today):
    old, warn, fresh = _three_messages(street, ask, today)
    today(D(2025, 1, 3))
    answered = ask(street).message
    services.answer(user=street_clerk, message=answered, text="答复")
    result = measure("consult_timely", [street.pk], 2025, D(2025, 4, 10))
    assert round(result.value, 1) == 33.3   # 1 of 3 due messages on time
    assert any("单项否决" in e["label"] for e in result.evidence)
