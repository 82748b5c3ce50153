"""No personal data or secret in a log line (剩余信息保护 8.1.4.10; security.md §3.10 and checklist 10)."""
import logging

from gongkai.domain.log_masking import mask_log_text
from gongkai.security.log_filter import MaskPersonalData

ID_NUMBER = "11010519491231002X"


def test_numbers_and_secrets_are_masked():
    text = mask_log_text(f"申请人身份证{ID_NUMBER}，电话13812345678；password=hunter2&next=/ 查询码：AB12CD34EF")
    assert ID_NUMBER not in text and "13812345678" not in text
    assert "hunter2" not in text and "AB12CD34EF" not in text and "password=***" in text
    assert mask_log_text("GET /work/items/12/ 200") == "GET /work/items/12/ 200"


def test_the_filter_masks_the_formatted_record_and_never_drops_it():
    record = logging.LogRecord("gongkai", logging.WARNING, __file__, 1, "lookup %s by %s", (ID_NUMBER, "clerk"), None)
    assert MaskPersonalData().filter(record) is True
    assert ID_NUMBER not in record.getMessage() and "by clerk" in record.getMessage()


def test_the_configured_handlers_carry_the_filter():
    from django.conf import settings

    handlers = settings.LOGGING["handlers"]
    assert all("mask_personal_data" in h.get("filters", []) for h in handlers.values())


def test_the_nightly_job_deletes_expired_sessions(db):
    import datetime as dt

    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from gongkai.security.system.tasks import clear_expired_sessions

    old, live = SessionStore(), SessionStore()
    old.create(), live.create()
    Session.objects.filter(session_key=old.session_key).update(expire_date=timezone.now() - dt.timedelta(hours=1))
    clear_expired_sessions.call_local()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
