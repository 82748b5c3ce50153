"""Migration 0005 encrypts the identity numbers, phones and addresses stored in clear before it."""
import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from gongkai.applications.handling import pii
from gongkai.applications.models import Application

from .pii_world import ADDRESS, ID_NUMBER, PHONE, raw_row, raw_update, raw_value, register

BEFORE = ("applications", "0003_fees_deliveries_letters")
AFTER = ("applications", "0005_encrypt_existing_applicant_pii")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


@pytest.mark.django_db(transaction=True)
def test_existing_plaintext_rows_are_encrypted_and_indexed(street_clerk, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 10, 9))
    app = register(street_clerk)
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        for column, value in (("id_number", ID_NUMBER), ("phone", PHONE), ("address", ADDRESS)):
            raw_update(app, column, value)  # as a platform before 0004 stored them
        _migrate(BEFORE)
        assert ID_NUMBER in raw_row(app)
        _migrate(AFTER)
    finally:
        MigrationExecutor(connection).migrate(leaves)
    assert ID_NUMBER not in raw_row(app) and PHONE not in raw_row(app) and ADDRESS not in raw_row(app)
    assert raw_value(app, "id_number").startswith("sm4gcm1$")
    fresh = Application.objects.get(pk=app.pk)
    assert (fresh.id_number, fresh.phone, fresh.address) == (ID_NUMBER, PHONE, ADDRESS)
    assert list(pii.by_phone(Application.objects.all(), PHONE)) == [fresh]
    assert list(pii.by_id_number(Application.objects.all(), ID_NUMBER)) == [fresh]
