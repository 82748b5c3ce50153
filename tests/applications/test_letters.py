"""Letters: the shipped Word templates filled by docxtpl (read back with python-docx), the PDF
(read with pypdf), the admin's replacement template, and the download links."""
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from gongkai.applications.handling import letters, services
from gongkai.applications.models import LetterIssue, LetterTemplate
from gongkai.units.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
D = dt.date
REMEDY = "可以自知道该行政行为之日起60日内向示范县人民政府申请行政复议，或者自知道该行政行为之日起6个月内向示范县人民法院提起行政诉讼"


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def handled(counter_app, street_clerk, street_reviewer):
    """Supplement, a consultation, an extension and a 不予公开 answer."""
    app = counter_app(D(2026, 9, 14))
    services.request_supplement(street_clerk, app, requested_on=D(2026, 9, 15), items="请写明项目所在的小区名称")
    services.receive_supplement(street_clerk, app, received_on=D(2026, 9, 16))
    services.start_pause(street_clerk, app, kind="third_party", party="某某置业有限公司", started_on=D(2026, 9, 22))
    services.request_extension(street_clerk, app, days=5, reason="需要调取档案", requested_on=D(2026, 10, 12))
    services.approve_extension(street_reviewer, app, approved_on=D(2026, 10, 13))
    services.record_decision(street_clerk, app, decision_code="withheld.4", basis="第十五条、第三十六条第（三）项", answered_on=D(2026,
                                                                                                                   10, 27),
                             text="第三方不同意公开且理由合理。")
    app.refresh_from_db()
    return app


def render(app, slug, fmt="docx"):
    return letters.render(None, app, slug=slug, fmt=fmt)[0]


def test_each_step_has_its_letter(handled):
    pause = handled.pauses.get()
    slugs = [letter.slug for letter in letters.available(handled)]
    assert slugs == ["receipt", "supplement", f"consultation-{pause.pk}", "extension", "answer"]


def test_answer_letter_is_filled(handled):
    text = docx_text(render(handled, "answer"))
    for part in (handled.unit.name, "政府信息公开申请答复告知书", handled.number,
                 "王小明：", "本机关于2026年9月14日收到", "保护第三方合法权益",
                 "不予公开", "《中华人民共和国政府信息公开条例》第十五条、第三十六条第（三）项",
                 "第三方不同意公开且理由合理。", "2026年10月27日", REMEDY):
        assert part in text
    assert "{{" not in text


def test_supplement_extension_and_consultation_letters(handled):
    text = docx_text(render(handled, "supplement"))
    assert "补正告知书" in text and "请写明项目所在的小区名称" in text and "2026年9月15日" in text
    assert REMEDY in text and "第三十条" in text
    text = docx_text(render(handled, "extension"))
    # supplemented 16 Sep; pause 22 Sep → reply due 20 Oct (open), see test_answer for the counting
    computed = services.deadline(handled)
    assert "延期答复告知书" in text and "需要调取档案" in text and "延长5个工作日" in text
    assert f"{computed.due.year}年{computed.due.month}月{computed.due.day}日前作出答复" in text
    assert REMEDY in text and "第三十三条第二款" in text
    pause = handled.pauses.get()
    text = docx_text(render(handled, f"consultation-{pause.pk}"))
    assert "第三方意见征询函" in text and "某某置业有限公司：" in text and "2026年10月20日前" in text
    assert "第三十二条" in text and "{{" not in text


def test_answer_letter_per_group(counter_app, street_clerk):
    app = counter_app(D(2026, 9, 14))
    app = services.record_decision(street_clerk, app, decision_code="unavailable.2", basis="第三十八条", answered_on=D(2026,
                                                                                                                  9, 30))
    text = docx_text(render(app, "answer"))
    assert "无法提供" in text and "没有现成信息需要另行制作" in text and "第三十八条" in text and REMEDY in text


def test_pdf_has_the_same_text(handled):
    content = render(handled, "answer", "pdf")
    assert content.startswith(b"%PDF")
    text = pdf_text(content).replace("\n", "")
    for part in (handled.number, "政府信息公开申请答复告知书", "王小明", "60日内向示范县人民政府申请行政复议"):
        assert part in text


def test_an_active_uploaded_template_replaces_the_shipped_one(handled):
    doc = Document()
    doc.add_paragraph("本机关定制答复：{{ office_name }} {{ number }} {{ decision_title }}")
    buf = io.BytesIO()
    doc.save(buf)
    LetterTemplate.objects.create(kind="answer_withheld", file=SimpleUploadedFile("mine.docx", buf.getvalue()))
    text = docx_text(render(handled, "answer")).removeprefix(letters.DRAFT_MARK + "\n")
    assert text.startswith(f"本机关定制答复：{handled.unit.name} {handled.number} 不予公开——保护第三方合法权益")
    LetterTemplate.objects.update(active=False)
    assert "政府信息公开申请答复告知书" in docx_text(render(handled, "answer"))


def test_a_unit_template_comes_before_one_for_all_units(handled, town, street_clerk):
    def upload(text, unit):
        doc = Document()
        doc.add_paragraph(text + "{{ number }}")
        buf = io.BytesIO()
        doc.save(buf)
        LetterTemplate.objects.create(kind="answer_withheld", unit=unit,
                                      file=SimpleUploadedFile("t.docx", buf.getvalue()))
    upload("本单位：", handled.unit)
    upload("全部单位：", None)
    upload("其他单位：", town)
    letters.issue(street_clerk, handled, slug="answer")  # an issued letter: no draft mark above the text
    assert docx_text(render(handled, "answer")) == f"本单位：{handled.number}"


def test_letter_not_reached_yet_is_404(client, counter_app, street_clerk):
    app = counter_app(D(2026, 9, 14))
    assert client.login(username=street_clerk.username, password=PASSWORD)
    assert client.get(reverse("applications:letter", args=[app.pk, "answer", "docx"])).status_code == 404
    assert client.get(reverse("applications:letter", args=[app.pk, "answer", "exe"])).status_code == 404


def test_download_links_and_audit(client, handled, street_clerk):
    assert client.login(username=street_clerk.username, password=PASSWORD)
    html = client.get(reverse("applications:detail", args=[handled.pk])).content.decode()
    url = reverse("applications:letter", args=[handled.pk, "answer", "docx"])
    assert url in html and reverse("applications:letter", args=[handled.pk, "answer", "pdf"]) in html
    response = client.get(url)
    assert response.status_code == 200 and REMEDY in docx_text(response.content)
    assert AuditEntry.objects.filter(action="application.letter", target_id=str(handled.pk)).count() == 1


def test_other_unit_gets_404_for_letters(client, handled, town_clerk):
    assert client.login(username=town_clerk.username, password=PASSWORD)
    for slug in ("supplement", "extension", "answer"):
        for fmt in ("docx", "pdf"):
            assert client.get(reverse("applications:letter", args=[handled.pk, slug, fmt])).status_code == 404


def test_receipt_letter_without_the_query_code(counter_app):
    app = counter_app(D(2026, 9, 14))
    assert [letter.slug for letter in letters.available(app)] == ["receipt"]
    text = docx_text(render(app, "receipt"))
    for part in ("政府信息公开申请登记回执", app.number, "收到申请日期：2026年9月14日",
                 "当面提交的，以提交之日为收到申请之日（条例第三十一条第（一）项）", "2026年10月16日前作出答复",
                 "查询申请办理进度", "本回执不载明查询码"):
        assert part in text, part
    assert "{{" not in text and "查询码：" not in text


def test_letter_numbers_are_stable_and_sequential_per_unit_year(counter_app, street_clerk, town_clerk,
                                                               applicant, street):
    from gongkai.applications.handling import codes

    first, second = counter_app(D(2026, 9, 14)), counter_app(D(2026, 9, 15))
    letters.issue(street_clerk, first, slug="receipt")
    assert docx_text(render(first, "receipt")).splitlines()[2] == "城关街道办事处依申公开〔2026〕1号"
    street.letter_prefix = "城关街公开"
    street.save()
    first.refresh_from_db()
    second.refresh_from_db()
    # the same letter keeps its number, in Word and PDF, after the prefix changed
    assert docx_text(render(first, "receipt")).splitlines()[2] == "城关街道办事处依申公开〔2026〕1号"
    assert "城关街道办事处依申公开〔2026〕1号" in pdf_text(render(first, "receipt", "pdf")).replace("\n", "")
    letters.issue(street_clerk, second, slug="receipt")
    assert "城关街公开〔2026〕2号" in docx_text(render(second, "receipt"))
    services.request_supplement(street_clerk, second, requested_on=D(2026, 9, 16), items="请写明小区名称")
    second.refresh_from_db()
    letters.issue(street_clerk, second, slug="supplement")
    assert "城关街公开〔2026〕3号" in docx_text(render(second, "supplement"))
    town_app = services.register_at_counter(
        town_clerk, data=applicant(channel="counter", received_on=D(2026, 9, 14)), submission_key=codes.new_token()).application
    letters.issue(town_clerk, town_app, slug="receipt")
    assert "河口镇人民政府依申公开〔2026〕1号" in docx_text(render(town_app, "receipt"))
    early = counter_app(D(2025, 12, 30))
    letters.issue(street_clerk, early, slug="receipt")
    assert "城关街公开〔2025〕1号" in docx_text(render(early, "receipt"))
    assert LetterIssue.objects.filter(application=second).count() == 2
    assert sorted(LetterIssue.objects.values_list("doc_number", flat=True)) == sorted(
        ["城关街道办事处依申公开〔2026〕1号", "城关街公开〔2026〕2号", "城关街公开〔2026〕3号",
         "河口镇人民政府依申公开〔2026〕1号", "城关街公开〔2025〕1号"])


def test_the_request_is_quoted_once_without_its_own_full_stop(counter_app):
    """Issue 12.6: letters read 申请获取“申请公开…情况。”。"""
    app = counter_app(dt.date(2026, 9, 14), description="申请公开城关街道2026年低保资金发放情况。")
    text = docx_text(render(app, "receipt"))
    assert "所需信息：城关街道2026年低保资金发放情况" in text and "情况。”" not in text and "申请公开城关" not in text


def test_a_granted_answer_says_how_the_information_is_provided(counter_app, street_clerk):
    from gongkai.applications.handling import services

    app = counter_app(dt.date(2026, 9, 14), description="申请公开城关街道2026年低保资金发放情况。")
    services.record_decision(street_clerk, app, decision_code="granted", basis="第三十六条第（一）项", answered_on=dt.date(2026,
                                                                                                                 9, 18),
                             text="请于工作日到城关街道党政办领取。")
    app.refresh_from_db()
    text = docx_text(render(app, "answer"))
    assert "申请获取“城关街道2026年低保资金发放情况”。" in text
    assert f"信息形式为{app.get_info_form_display()}，获取途径为{app.get_delivery_display()}" in text
    assert "向示范县人民政府申请行政复议" in text and "向示范县人民法院提起行政诉讼" in text


def test_the_county_governments_own_answers_name_the_upper_bodies():
    from gongkai.domain.letter_wording import quoted_request, remedy_bodies

    assert remedy_bodies(True, "示范县人民政府") == ("上一级人民政府", "有管辖权的中级人民法院")
    assert remedy_bodies(False, "示范县人民政府") == ("示范县人民政府", "示范县人民法院")
    assert quoted_request("  要求公开 2025年 预算。") == "2025年 预算"
    assert quoted_request("。") == "—"
