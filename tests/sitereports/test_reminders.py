"""January reminders: only on the reminder days, only for sites without a published report."""
import datetime as dt

from django.core import mail

from gongkai.sitereports import reminders, services
from gongkai.units.models import Role

from .conftest import entered_values


def test_reminders_on_their_days_for_unpublished_sites(registered, street_clerk, street_reviewer, make_user, county):
    street_clerk.email = "clerk@example.invalid"
    street_clerk.save()
    make_user(county, Role.SUPERVISOR, email="boss@example.invalid")
    assert reminders.send_reminders(dt.date(2026, 1, 5)) == 0
    assert reminders.send_reminders(dt.date(2026, 1, 2)) == 2
    assert "城关街道门户网站2025年政府网站工作年度报表尚未发布" in mail.outbox[0].subject
    assert "城关街道门户网站" in mail.outbox[1].body
    report = services.submit(street_clerk, services.save_fields(
        street_clerk, services.build(street_clerk, registered, year=2025), values=entered_values()))
    services.publish(street_reviewer, services.sign(street_reviewer, report))
    mail.outbox.clear()
    assert reminders.send_reminders(dt.date(2026, 2, 3)) == 0 and mail.outbox == []
