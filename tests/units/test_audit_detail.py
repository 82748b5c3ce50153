"""The 操作日志 page reads like a log for people, not a Python dict (issue 12.11)."""
import pytest
from django.urls import reverse

from gongkai.domain.audit_detail import as_text, describe
from gongkai.units.audit import record
from tests.conftest import PASSWORD


def test_details_get_chinese_labels_and_plain_values():
    pairs = describe({"year": 2026, "automatic": True, "channels": ["website", "board"], "error": None})
    assert pairs == [("年度", "2026"), ("自动", "是"), ("公开渠道", "website、board"), ("错误", "—")]
    assert as_text({"reason": "核对身份"}) == "理由：核对身份"
    assert describe({}) == []


@pytest.mark.django_db
def test_log_page_shows_labels_not_dicts(client, street_admin):
    record("report.build", user=street_admin, unit=street_admin.unit, detail={"year": 2026, "warnings": 2})
    client.login(username=street_admin.username, password=PASSWORD)
    html = client.get(reverse("accounts:audit")).content.decode()
    assert "年度：2026" in html and "警告：2" in html
    assert "{&#x27;year&#x27;" not in html and "{'year'" not in html
