"""Text extraction from the files offices publish, built here with the same
libraries offices' tools produce them with."""
import io
import zipfile

import docx
import openpyxl
import pytest
import weasyprint
from pypdf import PdfReader, PdfWriter

from gongkai.domain import textextract
from gongkai.domain.textextract import TextLine, UnsupportedFile, extract_lines, extract_text, sniff_kind

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("关于2026年第一批低保对象的公示")
    table = document.add_table(rows=3, cols=3)
    for row, values in enumerate([("姓名", "身份证号", "电话"), ("张三", "360426199101010071", "13912345678")]):
        for col, value in enumerate(values):
            table.cell(row, col).text = value
    table.cell(2, 0).merge(table.cell(2, 2)).text = "合计：1户"
    document.add_paragraph("")
    document.add_paragraph("公示期：2026年3月1日至3月7日")
    document.add_table(rows=1, cols=2).rows[0].cells[1].text = "第二个表格"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    sheet.append(["序号", "姓名", "身份证号", "电话", "金额"])
    sheet.append([1, "张三", "360426199101010071", 13912345678, 1260.5])
    sheet["B5"] = "李四"          # rows 3 and 4 stay empty
    other = workbook.create_sheet("说明")
    other["A1"] = "本表\t不含\n隐私"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_pdf(*pages: str) -> bytes:
    body = "".join(f'<p style="page-break-before: always">{p}</p>' for p in pages)
    return weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf()


# --- sniffing ----------------------------------------------------------------

def zip_with(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name in names:
            zf.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize("data,filename,expected", [
    (b"%PDF-1.7\n...", "附件.txt", "pdf"),                  # content wins over the name
    (b"%PDF-1.4\n", None, "pdf"),
    (zip_with("word/document.xml"), "附件.zip", "docx"),
    (zip_with("xl/workbook.xml"), None, "xlsx"),
    (zip_with("content.xml"), "a.odt", None),
    (OLE2, "a.doc", None),
    (OLE2, "a.xls", None),
    (b"\x89PNG\r\n\x1a\n....", "scan.png", None),
    (b"<!DOCTYPE html><html><body>x</body></html>", None, "html"),
    (b"\xef\xbb\xbf  <html lang='zh'>", "page.txt", "html"),
    (b"<p>fragment</p>", "page.htm", "html"),
    ("通知正文".encode("gbk"), "a.txt", "txt"),
    ("通知正文".encode(), None, "txt"),
    (b"plain", "a.csv", "txt"),
    (b"plain text", "a.doc", None),                          # not a format we read
    (b"plain text", "a.pdf", None),                          # named PDF, is not one
    (b"\x00\x01\x02binary", None, None),
])
def test_sniff_kind(data, filename, expected):
    assert sniff_kind(data, filename) == expected


# --- plain text and HTML -----------------------------------------------------

def test_text_keeps_line_numbers_and_falls_back_to_gb18030():
    data = "第一行\n\n第三行 13812345678\r\n".encode("gb18030")
    assert extract_lines(data, "a.txt") == [TextLine("第一行"), TextLine(""), TextLine("第三行 13812345678")]


NOTICE = "关于开展2026年度政府信息公开工作年度报告编制的通知"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gbk", "gb18030"])
def test_text_encodings(encoding):
    assert extract_text(NOTICE.encode(encoding), "a.txt") == NOTICE


def test_html_decoded_by_meta_charset_one_line_per_block():
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "<title>公示</title><style>p { color: red }</style><script>var t = '13800000000';</script></head>"
        "<body><div>联系人：张三&nbsp;<b>138</b>12345678</div>"
        "<table><tr><th>姓名</th><th>身份证号</th></tr>"
        "<tr><td> 李四 </td><td>360426199101010071</td></tr></table>"
        "<p>第一段<br>第二段</p>镕</body></html>"   # 镕 is outside GB2312, inside GBK/GB18030
    ).encode("gbk")
    assert extract_lines(page, "notice.html") == [
        TextLine("公示"), TextLine("联系人：张三 13812345678"), TextLine("姓名\t身份证号"),
        TextLine("李四\t360426199101010071"), TextLine("第一段"), TextLine("第二段"), TextLine("镕"),
    ]


def test_html_declared_utf8_but_saved_as_gbk_still_decodes():
    page = '<html><head><meta charset="utf-8"></head><body><p>公开目录</p></body></html>'.encode("gbk")
    assert extract_text(page, "a.html") == "公开目录"


# --- Office ------------------------------------------------------------------

def test_docx_paragraphs_and_table_rows_in_document_order():
    assert extract_lines(make_docx(), "roll.docx") == [
        TextLine("关于2026年第一批低保对象的公示"),
        TextLine("姓名\t身份证号\t电话", "表格1"),
        TextLine("张三\t360426199101010071\t13912345678", "表格1"),
        TextLine("合计：1户", "表格1"),                       # a merged cell is read once
        TextLine("公示期：2026年3月1日至3月7日"),
        TextLine("第二个表格", "表格2"),
    ]


def test_xlsx_rows_with_sheet_and_row_number():
    assert extract_lines(make_xlsx(), "roll.xlsx") == [
        TextLine("序号\t姓名\t身份证号\t电话\t金额", "名单!1"),
        TextLine("1\t张三\t360426199101010071\t13912345678\t1260.5", "名单!2"),  # not 13912345678.0
        TextLine("\t李四", "名单!5"),
        TextLine("本表 不含 隐私", "说明!1"),
    ]


# --- PDF ---------------------------------------------------------------------

def test_pdf_lines_carry_their_page():
    data = make_pdf("低保公示 张三 360426199101010071", "联系电话 13912345678")
    assert extract_lines(data, "roll.pdf") == [
        TextLine("低保公示 张三 360426199101010071", "第1页"),
        TextLine("联系电话 13912345678", "第2页"),
    ]


def encrypt(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_locked_against_editing_only_is_read():
    data = encrypt(make_pdf("电话 13912345678"), user_password="")
    assert extract_text(data, "locked.pdf") == "电话 13912345678"


def test_pdf_that_needs_a_password_is_refused_by_name():
    data = encrypt(make_pdf("电话 13912345678"), user_password="open-sesame")
    with pytest.raises(UnsupportedFile, match=r"^secret\.pdf: .*password"):
        extract_lines(data, "secret.pdf")


# --- refusals ----------------------------------------------------------------

@pytest.mark.parametrize("data,filename,reason", [
    (OLE2, "名单.doc", r"^名单\.doc: a legacy Word 97-2003 \.doc file"),
    (OLE2, "名单.xls", r"^名单\.xls: a legacy Excel 97-2003 \.xls file"),
    (b"PK\x03\x04 truncated", "roll.docx", r"^roll\.docx: the file is damaged"),
    (zip_with("word/document.xml"), "roll.docx", r"^roll\.docx: the Word file is damaged"),
    (zip_with("xl/workbook.xml"), "roll.xlsx", r"^roll\.xlsx: the Excel file is damaged"),
    (b"%PDF-1.4\n1 0 obj garbage", "roll.pdf", r"^roll\.pdf: the PDF is damaged"),
    (b"not a pdf at all", "roll.pdf", r"^roll\.pdf: .*not really a \.pdf"),
    (b"\x89PNG\r\n\x1a\n", "scan.png", r"^scan\.png: not a text, HTML, DOCX, PDF or XLSX file"),
    (b"", "empty.bin", r"^empty\.bin: the file is empty"),
])
def test_unreadable_files_are_refused_with_a_reason(data, filename, reason):
    with pytest.raises(UnsupportedFile, match=reason):
        extract_lines(data, filename)


def test_a_zip_bomb_is_not_unpacked(monkeypatch):
    monkeypatch.setattr(textextract, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(UnsupportedFile, match="解压后超过"):
        extract_lines(make_xlsx(), "big.xlsx")


def test_a_path_is_read_and_named_in_errors(tmp_path):
    good = tmp_path / "附件1.txt"
    good.write_text("电话 13912345678", encoding="utf-8")
    assert extract_lines(good) == [TextLine("电话 13912345678")]
    bad = tmp_path / "附件2.doc"
    bad.write_bytes(OLE2)
    with pytest.raises(UnsupportedFile, match="附件2.doc"):
        extract_lines(str(bad))
