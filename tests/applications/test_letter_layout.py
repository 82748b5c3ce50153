"""Letters in 公文 layout (GB/T 9704-2012), read back from the PDF: A4 with the standard
margins, and the 落款 (office and 成文日期) on the page of the last paragraph — never alone
on a page, whatever the length of the letter."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from gongkai.applications.handling import letters, services
from gongkai.domain.letter_layout import closing_start
from tests.reports.pdf_pages import MM, Pages

from .test_letters import handled  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
D = dt.date
TEXT_BOTTOM_MM = 297 - 35


def _paragraphs(app, slug):
    doc = Document(io.BytesIO(letters.render(None, app, slug=slug, fmt="docx")[0]))
    align = {WD_ALIGN_PARAGRAPH.RIGHT: "right", WD_ALIGN_PARAGRAPH.CENTER: "center"}
    return [(p.text, align.get(p.alignment, "left")) for p in doc.paragraphs]


def _closing(app, slug):
    """(last paragraph of the text, the 落款 lines, the lines after them) of a letter, from its DOCX."""
    paragraphs = _paragraphs(app, slug)
    start = closing_start(paragraphs)
    signature = [text for text, align in paragraphs[start:] if align == "right" and text.strip()]
    last_right = max(i for i, (text, align) in enumerate(paragraphs) if align == "right" and text.strip())
    after = [text for text, _ in paragraphs[last_right + 1:] if text.strip()]
    return paragraphs[start][0], signature, after


def assert_signature_kept(app, slug):
    pages = Pages(letters.render(None, app, slug=slug, fmt="pdf")[0])
    last_paragraph, signature, after = _closing(app, slug)
    assert signature, f"{slug}: no 落款"
    page = pages.page_of(last_paragraph[-20:], last=True)
    for line in signature + after:       # the 落款, and the 联系电话 line under it
        assert pages.page_of(line, last=True) == page, f"{slug}: {line} not on page {page}"
    for number in range(1, len(pages) + 1):
        assert pages.lowest_text_mm(number) <= TEXT_BOTTOM_MM + 1
    return pages


def test_closing_block_starts_at_the_last_paragraph_before_the_signature():
    paragraphs = [("城关街道办事处", "center"), ("王小明：", "left"), ("正文。", "left"), ("特此告知。", "left"),
                  ("", "left"), ("城关街道办事处", "right"), ("2026年9月15日", "right"), ("联系电话：—", "left")]
    assert closing_start(paragraphs) == 3
    assert closing_start([("甲", "left"), ("乙", "left")]) == 0
    assert closing_start([]) == 0


def test_supplement_notice_keeps_its_signature_with_the_last_paragraph(handled):
    pages = assert_signature_kept(handled, "supplement")
    box = pages.reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (210, 297)


def test_every_letter_keeps_its_signature_with_the_last_paragraph(handled):
    for letter in letters.available(handled):
        assert_signature_kept(handled, letter.slug)


def test_a_long_supplement_request_still_keeps_the_signature(counter_app, street_clerk):
    app = counter_app(D(2026, 9, 14))
    items = "；".join(f"第{i}项：请写明所需信息的具体名称、文号、形成时间和所在的小区名称" for i in range(1, 9))
    services.request_supplement(street_clerk, app, requested_on=D(2026, 9, 15), items=items)
    app.refresh_from_db()
    pages = assert_signature_kept(app, "supplement")
    assert len(pages) == 2


@pytest.mark.parametrize("lines", range(18, 28))   # requests long enough to push the receipt onto page 2
def test_counter_receipt_keeps_its_signature_with_the_last_paragraph(counter_app, lines):
    from django.utils import timezone

    from gongkai.applications.handling import documents

    long_request = "\n".join(f"{i}. 城关街道2026年老旧小区改造项目第{i}批次的立项批复、资金拨付和竣工验收文件"
                             for i in range(1, lines))
    app = counter_app(D(2026, 9, 14), description=long_request)
    pages = Pages(documents.receipt_pdf(app, "ABCD-EFGH"))
    printed = timezone.localdate()
    page = pages.page_of("中查询办理情况", last=True)
    assert pages.page_of(f"{app.unit.name}{printed.year}年{printed.month}月{printed.day}日", last=True) == page
