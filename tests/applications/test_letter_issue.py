"""文号 are issued only by an explicit POST of the handling unit's staff, never by a download.

Found by the probe (issue 10, Low): a supervisor merely downloading a child unit's letter (a GET)
issued its official 文号. Now a letter not issued yet downloads as a draft (草稿 at the top, in place
of the number and as a PDF watermark), a supervisor can read but not issue, and recording a 送达
issues the letter it sends.
"""
import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from gongkai.applications.handling import deliveries, letters, services
from gongkai.applications.models import LetterIssue
from gongkai.units.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
D = dt.date


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


@pytest.fixture
def app(counter_app, street_clerk):
    app = counter_app(D(2026, 9, 14))
    services.request_supplement(street_clerk, app, requested_on=D(2026, 9, 15), items="请写明项目所在的小区名称")
    app.refresh_from_db()
    return app


def _download(client, app, slug, fmt):
    return client.get(reverse("applications:letter", args=[app.pk, slug, fmt]))


@pytest.mark.parametrize("who", ["supervisor", "street_clerk", "street_reviewer"])
def test_no_get_ever_creates_a_letter_number(client, app, who, request):
    user = request.getfixturevalue(who)
    assert client.login(username=user.username, password=PASSWORD)
    assert client.get(reverse("applications:detail", args=[app.pk])).status_code == 200
    for slug in ("receipt", "supplement"):
        for fmt in ("docx", "pdf"):
            assert _download(client, app, slug, fmt).status_code == 200
    assert client.get(reverse("applications:letter_issue", args=[app.pk, "receipt"])).status_code == 405
    assert not LetterIssue.objects.exists()


def test_an_unissued_letter_downloads_as_a_marked_draft(client, app, supervisor):
    assert client.login(username=supervisor.username, password=PASSWORD)
    response = _download(client, app, "supplement", "docx")
    text = docx_text(response.content)
    assert text.splitlines()[0] == letters.DRAFT_MARK and letters.DRAFT_NUMBER in text and "〔2026〕" not in text
    assert "%EF%BC%88%E8%8D%89%E7%A8%BF%EF%BC%89.docx" in response["Content-Disposition"]   # …（草稿）.docx
    pdf = _download(client, app, "supplement", "pdf").content
    assert "草稿" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_handling_clerk_issues_by_post_once(client, app, street_clerk):
    assert client.login(username=street_clerk.username, password=PASSWORD)
    url = reverse("applications:letter_issue", args=[app.pk, "supplement"])
    page = client.post(url, follow=True).content.decode()
    [row] = LetterIssue.objects.all()
    assert row.doc_number == "城关街道办事处依申公开〔2026〕1号" and row.doc_number in page
    client.post(url)
    assert LetterIssue.objects.count() == 1
    assert AuditEntry.objects.filter(action="application.letter_issue", target_id=str(app.pk)).count() == 1
    text = docx_text(_download(client, app, "supplement", "docx").content)
    assert row.doc_number in text and letters.DRAFT_MARK not in text
    assert "编发文号" in client.get(reverse("applications:detail", args=[app.pk])).content.decode()  # the receipt's


def test_a_supervisor_can_read_but_never_issue(client, app, supervisor):
    assert client.login(username=supervisor.username, password=PASSWORD)
    page = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert reverse("applications:letter_issue", args=[app.pk, "supplement"]) not in page
    response = client.post(reverse("applications:letter_issue", args=[app.pk, "supplement"]), follow=True)
    assert "无权编发文号" in response.content.decode()
    assert not LetterIssue.objects.exists()
    with pytest.raises(services.ApplicationError):
        letters.issue(supervisor, app, slug="supplement")


def test_another_unit_cannot_issue(client, app, town_clerk):
    assert client.login(username=town_clerk.username, password=PASSWORD)
    assert client.post(reverse("applications:letter_issue", args=[app.pk, "supplement"])).status_code == 404
    assert not LetterIssue.objects.exists()


def test_a_letter_not_reached_cannot_be_issued(client, app, street_clerk):
    assert client.login(username=street_clerk.username, password=PASSWORD)
    assert client.post(reverse("applications:letter_issue", args=[app.pk, "answer"])).status_code == 404


def test_recording_a_delivery_issues_the_letter_it_sends(app, street_clerk):
    deliveries.record_delivery(street_clerk, app, letter_slug="supplement", method="in_person", sent_on=D(2026, 9, 15),
                               delivered_on=D(2026, 9, 15), recipient="王小明")
    assert LetterIssue.objects.get(application=app, letter="supplement").doc_number.endswith("〔2026〕1号")
