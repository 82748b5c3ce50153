"""Shared by the tests/security/test_pii_* files: applications registered the real way."""
import datetime as dt

from django.db import connection

from gongkai.applications.handling import codes
from gongkai.applications.handling import services

ID_NUMBER = "11010519491231002X"
PHONE = "13812345678"
ADDRESS = "城关大道2号阳光小区3栋"


def applicant(**over):
    base = {"applicant_type": "natural_person", "name": "王小明", "id_number": ID_NUMBER, "phone": PHONE,
            "email": "wxm@example.com", "address": ADDRESS, "description": "城关街道老旧小区改造项目的批复文件",
            "info_form": "electronic", "delivery": "email", "channel": "counter",
            "received_on": dt.date(2026, 9, 28)}
    base.update(over)
    return base


def register(clerk, **over):
    return services.register_at_counter(clerk, data=applicant(**over), submission_key=codes.new_token()).application


def raw_row(app) -> str:
    """Everything stored in the application's row, as one string (raw SQL, no model)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM applications_application WHERE id = %s", [app.pk])
        return " ".join(str(v) for v in cursor.fetchone())


def raw_update(app, column: str, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE applications_application SET {column} = %s WHERE id = %s", [value, app.pk])


def raw_value(app, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM applications_application WHERE id = %s", [app.pk])
        return cursor.fetchone()[0]
