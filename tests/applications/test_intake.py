"""Intake through the services: validation, numbers, idempotency, scoping and audit."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.applications.handling import codes
from gongkai.applications.handling import services
from gongkai.applications.models import Application, Channel, Status
from gongkai.units.models import AuditEntry, Role

from .conftest import CREDIT_CODE, ID_NUMBER

pytestmark = pytest.mark.django_db


def test_online_submission_is_numbered_dated_and_audited(street, applicant, today):
    today(dt.date(2026, 9, 28))
    result = services.submit_online(street, data=applicant(), submission_key=codes.new_token())
    app = result.application
    assert result.created and app.number == "T1100-2026-0001"
    assert app.channel == Channel.ONLINE and app.received_on == dt.date(2026, 9, 28)
    assert app.due_on == dt.date(2026, 10, 30) and app.status == Status.RECEIVED
    assert len(result.query_code) >= 8 and result.query_code not in app.query_code_hash
    assert codes.code_matches(result.query_code.lower(), app.query_code_hash)
    entry = AuditEntry.objects.get(action="application.submit")
    assert entry.target_id == str(app.pk) and entry.unit_id == street.pk
    assert ID_NUMBER not in str(entry.detail) and "王小明" not in str(entry.detail)


def test_numbers_count_per_unit_and_year(street, town, applicant):
    numbers = [services.submit_online(unit, data=applicant(), submission_key=codes.new_token()).application.number
               for unit in (street, street, town)]
    year = Application.objects.first().received_on.year
    assert numbers == [f"T1100-{year}-0001", f"T1100-{year}-0002", f"T1200-{year}-0001"]


@pytest.mark.parametrize("over, field", [
    ({"id_number": "110105194912310021"}, "id_number"),                           # wrong check digit
    ({"applicant_type": "commercial", "id_number": ID_NUMBER}, "id_number"),      # an ID card for a company
    ({"phone": "12345"}, "phone"),
    ({"delivery": "post", "address": ""}, "address"),
    ({"delivery": "email", "email": ""}, "email"),
])
def test_bad_input_is_refused_on_its_field_and_nothing_stored(street, applicant, over, field):
    with pytest.raises(ValidationError) as err:
        services.submit_online(street, data=applicant(**over), submission_key=codes.new_token())
    assert field in err.value.message_dict
    assert not Application.objects.exists() and not AuditEntry.objects.exists()


def test_organisation_with_credit_code_and_normalised_numbers(street, applicant):
    app = services.submit_online(street, data=applicant(applicant_type="legal_services", name="某律师事务所",
                                                   id_number=CREDIT_CODE.lower(), phone="0731-8888 1234"),
                                 submission_key=codes.new_token()).application
    assert app.id_number == CREDIT_CODE and app.phone == "0731-88881234"


def test_same_submission_key_twice_gives_one_application(street, applicant):
    token = codes.new_token()
    first = services.submit_online(street, data=applicant(), submission_key=token)
    again = services.submit_online(street, data=applicant(name="王小明（重复）"), submission_key=token)
    assert not again.created and again.application.pk == first.application.pk
    assert again.query_code == first.query_code
    assert Application.objects.count() == 1
    assert services.submit_online(street, data=applicant(), submission_key=codes.new_token()).application.number.endswith("-0002")


def test_village_committees_do_not_take_applications(village, applicant):
    with pytest.raises(services.ApplicationError):
        services.submit_online(village, data=applicant(), submission_key=codes.new_token())


def test_counter_registration_by_clerk_is_scoped_and_audited(street_clerk, counter_app):
    app = counter_app(dt.date(2026, 9, 28))
    assert app.unit_id == street_clerk.unit_id and app.created_by == street_clerk and app.channel == "counter"
    entry = AuditEntry.objects.get(action="application.register")
    assert entry.actor_id == street_clerk.pk and entry.target_id == str(app.pk)


@pytest.mark.parametrize("role", [Role.SUPERVISOR])
def test_supervisor_does_not_register(make_user, county, applicant, role):
    user = make_user(county, role)
    with pytest.raises(services.ApplicationError):
        services.register_at_counter(user, data=applicant(channel="counter", received_on=dt.date(2026, 9, 28)),
                                     submission_key=codes.new_token())
    assert not Application.objects.exists()


def test_counter_received_date_cannot_be_in_the_future(street_clerk, applicant, today):
    today(dt.date(2026, 9, 28))
    with pytest.raises(ValidationError) as err:
        services.register_at_counter(street_clerk, data=applicant(channel="fax", received_on=dt.date(2026, 9, 29)),
                                     submission_key=codes.new_token())
    assert "received_on" in err.value.message_dict
