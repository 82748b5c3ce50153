"""Applicants' ID numbers, phones and addresses encrypted at rest; found through the blind index;
a tampered ciphertext is reported, never a 500 (security.md §3.8, §3.11)."""
import datetime as dt
import logging

import pytest
from django.core.exceptions import FieldError
from django.urls import reverse
from django.utils import timezone

from gongkai.applications.ledger import exports
from gongkai.applications.handling import fees, pii
from gongkai.applications.models import Application
from gongkai.cli import main
from tests.conftest import PASSWORD

from .pii_world import ADDRESS, ID_NUMBER, PHONE, raw_row, raw_update, raw_value, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 10, 9))


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_a_raw_select_of_the_row_holds_no_id_number_phone_or_address_in_clear(street_clerk):
    app = register(street_clerk)
    row = raw_row(app)
    for secret in (ID_NUMBER, ID_NUMBER.lower(), PHONE, "138-1234-5678", ADDRESS, "阳光小区", "19491231"):
        assert secret not in row
    assert raw_value(app, "id_number").startswith("sm4gcm1$") and raw_value(app, "phone").startswith("sm4gcm1$")
    fresh = Application.objects.get(pk=app.pk)
    assert (fresh.id_number, fresh.phone, fresh.address) == (ID_NUMBER, PHONE, ADDRESS)


def test_lookup_by_phone_and_id_number_works_through_the_blind_index(street_clerk):
    app = register(street_clerk)
    other = register(street_clerk, id_number="320102199003071239", phone="0571-87654321")
    found = pii.by_phone(Application.objects.all(), "138 1234 5678")
    assert list(found) == [app]
    assert list(pii.by_id_number(Application.objects.all(), ID_NUMBER.lower())) == [app]
    assert list(pii.search(Application.objects.all(), "0571-87654321")) == [other]
    assert raw_value(app, "phone_index") not in (PHONE, "") and len(raw_value(app, "phone_index")) == 64
    with pytest.raises(FieldError, match="盲索引"):
        list(Application.objects.filter(phone=PHONE))


def test_same_applicant_is_counted_for_fees_through_the_index(street_clerk):
    first = register(street_clerk, received_on=dt.date(2026, 10, 8))
    register(street_clerk, received_on=dt.date(2026, 10, 8), id_number="320102199003071239")
    later = register(street_clerk, received_on=dt.date(2026, 10, 9))
    assert fees.previous_this_month(later) == 1 and fees.previous_this_month(first) == 0


def test_staff_find_by_phone_shows_masked_matches_of_the_own_scope_only(client, street_clerk, town_clerk):
    mine = register(street_clerk)
    theirs = register(town_clerk)
    page = login(client, street_clerk).post(reverse("applications:find"), {"applicant": PHONE})
    html = page.content.decode()
    assert page.status_code == 200 and mine.number in html and theirs.number not in html
    assert "138****5678" in html and PHONE not in html and ID_NUMBER not in html


def test_tampered_ciphertext_is_reported_and_the_page_still_answers(client, street_reviewer, street_clerk, caplog):
    app = register(street_clerk)
    stored = raw_value(app, "phone")
    tampered = stored[:-6] + ("A" if stored[-6] != "A" else "B") + stored[-5:]
    raw_update(app, "phone", tampered)
    with caplog.at_level(logging.ERROR, logger="gongkai.crypto"):
        loaded = Application.objects.get(pk=app.pk)
    assert isinstance(loaded.phone, pii.Undecryptable) and loaded.id_number == ID_NUMBER
    assert any("cannot decrypt applications.application.phone" in r.getMessage() for r in caplog.records)

    login(client, street_reviewer)
    page = client.get(reverse("applications:detail", args=[app.pk]))
    assert page.status_code == 200 and "无法解密" in page.content.decode()
    assert "无法解密" in exports.to_csv(Application.objects.filter(pk=app.pk)).decode("utf-8-sig")
    assert client.get("/api/v1/work/applications").status_code == 200

    loaded.status = loaded.status  # saving the row again keeps the stored ciphertext as it was
    loaded.save()
    assert raw_value(app, "phone") == tampered


def test_keys_verify_lists_the_tampered_row(capsys, street_clerk):
    app = register(street_clerk)
    assert main(["keys", "verify"]) == 0
    raw_update(app, "id_number", raw_value(app, "address"))  # a valid ciphertext of another column
    assert main(["keys", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"applications.Application.id_number #{app.pk}" in out and "1 undecryptable values" in out


def test_keys_rotate_re_encrypts_every_row_under_the_new_key(capsys, street_clerk):
    app = register(street_clerk)
    old_kid = raw_value(app, "phone").split("$")[1]
    old_index = raw_value(app, "phone_index")
    assert main(["keys", "rotate"]) == 0
    assert "1 rows re-encrypted" in capsys.readouterr().out
    new_kid = raw_value(app, "phone").split("$")[1]
    assert new_kid != old_kid and raw_value(app, "id_number").split("$")[1] == new_kid
    assert raw_value(app, "phone_index") != old_index
    assert list(pii.by_phone(Application.objects.all(), PHONE)) == [app]
    assert Application.objects.get(pk=app.pk).address == ADDRESS
