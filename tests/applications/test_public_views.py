"""The public form, its result page and receipt, and the status look-up (no login)."""
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from gongkai.applications.models import Application
from gongkai.units.models import AuditEntry

from .conftest import ID_NUMBER

pytestmark = pytest.mark.django_db


def _key(html: str) -> str:
    return re.search(r'name="submission_key" value="([^"]+)"', html).group(1)


@pytest.fixture
def post_form(client, street, applicant):
    """GET the form (fresh key and question), POST it with ``applicant`` data plus overrides;
    ``captcha`` is "right" or "wrong" when the CAPTCHA is on."""
    def post(key=None, address="203.0.113.7", captcha=None, **over):
        html = client.get(reverse("apply:new")).content.decode()
        data = {"unit": street.pk, "submission_key": key or _key(html), **applicant(**over)}
        if captcha:
            answer = client.session["apply_captcha"]
            data["captcha"] = answer if captcha == "right" else answer + 1
        return client.post(reverse("apply:new"), data, REMOTE_ADDR=address)
    return post


def test_form_lists_offices_only_and_has_a_submission_key(client, street, village):
    html = client.get(reverse("apply:new")).content.decode()
    assert street.name in html and village.name not in html
    assert len(_key(html)) >= 16
    assert "用途" not in html.split("<form")[1]  # no purpose field (2019 条例)


def test_submit_shows_number_and_code_then_receipt_and_status(client, post_form, street):
    response = post_form()
    assert response.status_code == 302 and response["Location"] == reverse("apply:done")
    app = Application.objects.get()
    done = client.get(reverse("apply:done")).content.decode()
    code = re.search(r'id="query-code"><strong>([A-Z0-9]+)<', done).group(1)
    assert app.number in done and len(code) >= 8

    pdf = client.get(reverse("apply:receipt"))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert app.number in text and code in text and ID_NUMBER not in text

    status = client.post(reverse("apply:status"), {"number": app.number, "code": code.lower()})
    html = status.content.decode()
    assert status.status_code == 200 and "已收到" in html and app.received_on.strftime("%Y-%m-%d") in html
    assert ID_NUMBER not in html and "13812345678" not in html and "王小明" not in html


def test_status_says_nothing_without_the_right_code(client, post_form):
    post_form()
    app = Application.objects.get()
    wrong_code = client.post(reverse("apply:status"), {"number": app.number, "code": "ABCDEFGHJK"})
    no_such = client.post(reverse("apply:status"), {"number": "T1100-2026-9999", "code": "ABCDEFGHJK"})
    for response in (wrong_code, no_such):
        html = response.content.decode()
        assert response.status_code == 404 and "未找到与该申请编号和查询码相符的申请" in html
        assert "已收到" not in html and app.unit.name not in html.split("<main")[1]


def test_bad_id_number_is_shown_on_the_field_and_nothing_stored(post_form):
    response = post_form(id_number="110105194912310021")
    html = response.content.decode()
    assert response.status_code == 400
    row = html.split('id="row-id_number"')[1].split('id="row-')[0]
    assert "校验位不正确" in row
    assert not Application.objects.exists() and not AuditEntry.objects.exists()


def test_reload_and_double_submit_make_one_application(client, post_form):
    html = client.get(reverse("apply:new")).content.decode()
    key = _key(html)
    first, second = post_form(key=key), post_form(key=key)
    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1


def test_captcha_on_refuses_a_wrong_answer_and_accepts_the_right_one(client, post_form, settings):
    settings.GONGKAI_PUBLIC_CAPTCHA = True
    assert "等于几" in client.get(reverse("apply:new")).content.decode()
    wrong = post_form(captcha="wrong")
    html = wrong.content.decode()
    assert wrong.status_code == 400 and "验证码不正确" in html.split('id="row-captcha"')[1]
    assert not Application.objects.exists()
    assert post_form(captcha="right").status_code == 302
    assert Application.objects.count() == 1
    assert "apply_captcha" not in client.session  # each question is answered once


def test_captcha_off_has_no_question(client, street):
    html = client.get(reverse("apply:new")).content.decode()
    assert "等于几" not in html and 'name="captcha"' not in html


def test_rate_limit_on_stops_the_third_submission_from_one_address(post_form, settings):
    settings.GONGKAI_PUBLIC_RATE_LIMIT = True
    settings.GONGKAI_PUBLIC_RATE_LIMIT_PER_HOUR = 2
    assert [post_form().status_code for _ in range(2)] == [302, 302]
    third = post_form()
    assert third.status_code == 429 and "提交的申请过多" in third.content.decode()
    assert Application.objects.count() == 2
    assert post_form(address="198.51.100.9").status_code == 302  # another address is not affected
    assert Application.objects.count() == 3


def test_rate_limit_off_lets_an_address_submit_more(post_form, settings):
    settings.GONGKAI_PUBLIC_RATE_LIMIT_PER_HOUR = 2
    assert [post_form().status_code for _ in range(3)] == [302, 302, 302]
    assert Application.objects.count() == 3


def test_status_lookups_are_rate_limited_per_address(client, settings):
    settings.GONGKAI_PUBLIC_RATE_LIMIT = True
    settings.GONGKAI_PUBLIC_RATE_LIMIT_PER_HOUR = 1  # 4 failed look-ups an hour
    codes = [client.post(reverse("apply:status"), {"number": "X-1", "code": "ABCDEFGHJK"}).status_code
             for _ in range(5)]
    assert codes == [404, 404, 404, 404, 429]


def test_done_and_receipt_need_the_submitting_session(client):
    assert client.get(reverse("apply:done"))["Location"] == reverse("apply:new")
    assert client.get(reverse("apply:receipt"))["Location"] == reverse("apply:new")


def test_portal_apply_page_still_renders(client):
    assert client.get(reverse("portal:apply")).status_code == 200


def test_after_a_mistake_the_form_asks_a_new_question_and_keeps_what_was_typed(client, post_form, settings):
    """Issue 12.1: the re-rendered form showed a bare "验证码" label, so nobody could resubmit."""
    settings.GONGKAI_PUBLIC_CAPTCHA = True
    failed = post_form(captcha="right", description="")
    html = failed.content.decode()
    assert failed.status_code == 400
    question = re.search(r"验证码：([一二三四五六七八九十]+)加([一二三四五六七八九十]+)等于几？", html)
    assert question, "the new question must be shown after an error"
    assert 'value="王小明"' in html and "wxm@example.com" in html  # nothing typed is lost
    key = _key(html)
    data = {"unit": failed.wsgi_request.POST["unit"], "submission_key": key,
            **{k: v for k, v in failed.wsgi_request.POST.items() if k not in ("captcha", "submission_key")},
            "description": "申请公开本街道2026年低保资金发放情况。", "captcha": client.session["apply_captcha"]}
    assert client.post(reverse("apply:new"), data, REMOTE_ADDR="203.0.113.7").status_code == 302
    assert Application.objects.count() == 1


def test_an_error_summary_at_the_top_names_and_links_every_problem(post_form):
    """Issue 12.12: a long form showed its errors only beside fields far down the page."""
    html = post_form(name="", email="not-an-address").content.decode()
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert "请修改以下 2 处" in summary
    assert '<a href="#id_name">' in summary and "姓名" in summary and "此项必须填写" in summary
    assert '<a href="#id_email">' in summary and "电子邮件地址" in summary
    assert html.index('id="error-summary"') < html.index('id="row-unit"')


def test_the_applicant_reads_the_outcome_and_downloads_the_issued_letter(client, post_form, street_clerk):
    """Issue 12.5: the status page said only "已答复": no date, result or letter; 网上获取 delivered nothing."""

    from gongkai.applications.handling import letters, services
    from gongkai.applications.models import DeliveryMethod, LetterDelivery

    post_form(delivery="online")
    app = Application.objects.get()
    code = re.search(r'id="query-code"><strong>([A-Z0-9]+)<', client.get(reverse("apply:done")).content.decode()).group(1)
    services.record_decision(street_clerk, app, decision_code="granted", basis="第三十六条第（一）项",
                             answered_on=app.received_on,
                             text="所申请的批复文件予以公开，见所附答复告知书。")
    app = Application.objects.get()
    answer_url = reverse("apply:status_letter", args=["answer"])
    html = client.post(reverse("apply:status"), {"number": app.number, "code": code}).content.decode()
    assert "予以公开" in html.split('id="outcome-decision"')[1][:40] and "见所附答复告知书" in html
    assert answer_url not in html  # a draft never reaches the applicant
    letters.issue(street_clerk, app, slug="answer")
    html = client.post(reverse("apply:status"), {"number": app.number, "code": code}).content.decode()
    assert answer_url in html and "在此下载即为送达" in html
    pdf = client.get(answer_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "所申请的批复文件予以公开" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    client.get(answer_url)
    delivery = LetterDelivery.objects.get(application=app)
    assert delivery.method == DeliveryMethod.ONLINE and delivery.delivered_on is not None  # once, on first download


def test_letters_need_the_query_code_in_this_session(client, post_form):
    post_form()
    other = client.__class__()
    assert other.get(reverse("apply:status_letter", args=["answer"])).status_code == 302
