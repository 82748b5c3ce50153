"""Personal data on live pages and attachments (spec watch.md §4): the publishing guard, with the
masked value only in the evidence."""
import io
import json

import docx
import openpyxl
import weasyprint

from gongkai.domain.watch.privacy import check_attachment, check_page

ID = "360426199101010071"            # valid GB 11643 check digit
MOBILE = "13912345678"
CARD = "6222021234567890128"         # UnionPay BIN, Luhn-valid
PAGE = "http://127.0.0.1/tzgg/2026/1120/123.html"
ATTACHMENT = "http://127.0.0.1/uploads/2026/%E4%BD%8E%E4%BF%9D%E5%90%8D%E5%8D%95.xlsx"


def _leaks_nothing(finding, *values):
    text = json.dumps(finding.as_json(), ensure_ascii=False)
    for value in values:
        assert value not in text


def test_id_number_on_a_page_is_high_and_masked_in_evidence():
    [finding] = check_page(PAGE, f"低保对象公示：张三，身份证号{ID}，家庭人口3人。")
    assert (finding.category, finding.kind, finding.severity) == ("privacy", "personal_data", "high")
    assert "身份证号" in finding.evidence and "360426********0071" in finding.evidence
    assert finding.extra["pii_counts"] == {"id_card": 1}
    _leaks_nothing(finding, ID)


def test_mobile_only_is_medium_and_bank_card_is_high():
    [phone] = check_page(PAGE, f"联系人：王某，手机{MOBILE}")
    assert phone.severity == "medium" and "139****5678" in phone.evidence
    _leaks_nothing(phone, MOBILE)
    [card] = check_page(PAGE, f"补贴发放至社保卡卡号{CARD}，请注意查收。")
    assert card.severity == "high" and "银行卡号" in card.evidence
    _leaks_nothing(card, CARD)


def test_one_finding_per_page_counts_every_number():
    text = f"张三 {ID} {MOBILE}；李四 11010519491231002X 13812345678"
    [finding] = check_page(PAGE, text)
    assert finding.extra["pii_counts"] == {"id_card": 2, "mobile": 2}
    assert len(finding.extra["pii"]) == 4
    _leaks_nothing(finding, ID, MOBILE, "11010519491231002X", "13812345678")


def test_look_alikes_are_not_leaks():
    text = ("索引号：431102/2026-00012 文号：永政发〔2026〕3号 统一社会信用代码 11431102MB1234567X "
            "已脱敏：身份证号4309**********1234，手机138****1234，咨询电话0746-8221234，"
            "项目金额13800000000元，身份证号360426199101010072（校验位错误）")
    assert check_page(PAGE, text) == []
    assert check_page(PAGE, "") == []


def _xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    sheet.append(["序号", "姓名", "身份证号", "联系电话"])
    sheet.append([1, "张三", ID, int(MOBILE)])
    sheet.append([2, "李四", "4309**********1234", "138****1234"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_attachment_xlsx_is_located_by_sheet_row_and_names_the_page_that_links_it():
    [finding] = check_attachment(ATTACHMENT, _xlsx(), referrer=PAGE)
    assert (finding.kind, finding.severity, finding.url, finding.referrer) == \
        ("personal_data", "high", ATTACHMENT, PAGE)
    assert "低保名单.xlsx" in finding.evidence and "名单!2" in finding.evidence
    assert finding.extra["pii_counts"] == {"id_card": 1, "mobile": 1}
    _leaks_nothing(finding, ID, MOBILE)


def test_attachment_docx_and_pdf():
    document = docx.Document()
    document.add_paragraph("关于2026年第一批低保对象的公示")
    document.add_paragraph(f"申请人张三，身份证号码{ID}。")
    buffer = io.BytesIO()
    document.save(buffer)
    [finding] = check_attachment("http://127.0.0.1/f/gs.docx", buffer.getvalue(), PAGE)
    assert finding.severity == "high"
    pdf = weasyprint.HTML(string=f'<html><body><p>第一页无个人信息</p><p style="page-break-before: always">'
                                 f'联系电话 {MOBILE}</p></body></html>').write_pdf()
    [finding] = check_attachment("http://127.0.0.1/f/gs.pdf", pdf, PAGE)
    assert finding.severity == "medium" and "第2页" in finding.evidence
    _leaks_nothing(finding, MOBILE)


def test_clean_and_unreadable_attachments_give_no_finding():
    workbook = openpyxl.Workbook()
    workbook.active.append(["序号", "项目", "金额"])
    workbook.active.append([1, "道路硬化", 1380000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert check_attachment("http://127.0.0.1/f/ys.xlsx", buffer.getvalue(), PAGE) == []
    legacy_doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    assert check_attachment("http://127.0.0.1/f/old.doc", legacy_doc, PAGE) == []
    assert check_attachment("http://127.0.0.1/f/broken.pdf", b"%PDF-1.4 garbage", PAGE) == []
