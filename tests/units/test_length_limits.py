"""Length limits (issue 12.12): no template writes a raw ``maxlength`` (the browser would cut pasted
text silently); a hand-written limited field carries ``data-maxlength`` with its counter, and the
server refuses an over-long value with a message instead of cutting it."""
from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse

import gongkai
from gongkai.security.models import FullExportRequest
from tests.conftest import PASSWORD

ROOT = Path(gongkai.__file__).resolve().parent
RAW_MAXLENGTH = re.compile(r"(?<![\w-])maxlength\s*=", re.IGNORECASE)
LIMITED = re.compile(r"<(?:input|textarea)\b[^>]*\bdata-maxlength=[^>]*>", re.IGNORECASE | re.DOTALL)


def _templates():
    return sorted(p for p in ROOT.rglob("*.html") if "templates" in p.parts)


def test_no_template_writes_a_raw_maxlength():
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in _templates()
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if RAW_MAXLENGTH.search(line)]
    assert offenders == [], "use data-maxlength and forms/_char_count.html, never maxlength=: " + ", ".join(offenders)


def test_the_scan_sees_a_raw_maxlength_and_not_the_convention():
    assert RAW_MAXLENGTH.search('<input name="q" maxlength="100">')
    assert RAW_MAXLENGTH.search("<textarea MAXLENGTH = '5'>")
    assert not RAW_MAXLENGTH.search('<input name="q" data-maxlength="100">')


def test_every_hand_written_limited_staff_field_has_its_counter():
    missing = []
    for path in _templates():
        if "portal" in path.parts:      # reading pages carry no script, so no counter either
            continue
        text = path.read_text(encoding="utf-8")
        for tag in LIMITED.findall(text):
            if "_count" not in tag or "forms/_char_count.html" not in text:
                missing.append(f"{path.relative_to(ROOT)}: {tag[:80]}")
    assert missing == []


def test_the_applicant_search_says_a_number_is_too_long(client, street_clerk):
    client.login(username=street_clerk.username, password=PASSWORD)
    page = client.get(reverse("applications:find")).content.decode()
    assert 'data-maxlength="30"' in page and 'id="f-applicant_count"' in page and "最多 30 个字" in page
    response = client.post(reverse("applications:find"), {"applicant": "1" * 31})
    assert response.status_code == 200
    assert "证件号码或联系电话不超过30个字（现有31个字）" in response.content.decode()


def test_an_over_long_export_reason_is_refused_not_cut(client, street_clerk):
    client.login(username=street_clerk.username, password=PASSWORD)
    response = client.post(reverse("applications:full_exports"), {"reason": "核对" * 101}, follow=True)
    assert "导出用途不超过200个字（现有202个字）" in response.content.decode()
    assert not FullExportRequest.objects.exists()
    client.post(reverse("applications:full_exports"), {"reason": "核对" * 100})
    assert FullExportRequest.objects.get().reason == "核对" * 100
