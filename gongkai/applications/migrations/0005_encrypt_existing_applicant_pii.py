"""Encrypt the identity numbers, phones and addresses stored in clear before 0004, and fill their
blind indexes. Rows already encrypted are left alone, so running it twice changes nothing.
Needs the keys (``gongkai keys init``) only when there are rows to encrypt."""
from django.db import migrations

from gongkai.crypto import envelope
from gongkai.crypto.fields import normalise_id, normalise_phone

TABLE = "applications_application"
CONTEXT = "applications.application."


def forwards(apps, schema_editor):
    conn = schema_editor.connection
    q = conn.ops.quote_name
    with conn.cursor() as cursor:
        cursor.execute(f"SELECT id, id_number, phone, address FROM {q(TABLE)}")
        rows = cursor.fetchall()
    for pk, id_number, phone, address in rows:
        if all(not v or envelope.is_ciphertext(v) for v in (id_number, phone, address)):
            continue
        values = {}
        for field, value in (("id_number", id_number), ("phone", phone), ("address", address)):
            if value and not envelope.is_ciphertext(value):
                values[field] = envelope.encrypt(value, CONTEXT + field)
        if id_number and not envelope.is_ciphertext(id_number):
            values["id_number_index"] = envelope.blind_index(normalise_id(id_number), CONTEXT + "id_number")
        if phone and not envelope.is_ciphertext(phone):
            values["phone_index"] = envelope.blind_index(normalise_phone(phone), CONTEXT + "phone")
        assignments = ", ".join(f"{q(k)} = %s" for k in values)
        with conn.cursor() as cursor:
            cursor.execute(f"UPDATE {q(TABLE)} SET {assignments} WHERE id = %s", [*values.values(), pk])


class Migration(migrations.Migration):

    dependencies = [("applications", "0004_encrypt_applicant_pii")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
