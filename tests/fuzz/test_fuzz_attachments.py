"""Fuzzing the attachment readers added for issue 13 (DOC/WPS/XLS via olefile and xlrd, OFD,
JPEG/PNG via Pillow) and the body cleaner (Word paste, typed text): byte mutations of small
valid seeds and arbitrary input; each target checks its own properties (tests/fuzz/targets.py)."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from . import targets
from .conftest import fuzz
from .test_fuzz_documents import mutate

WORD_BITS = st.lists(st.sampled_from([
    "<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'>", "<![if !supportLists]>", "<![endif]>",
    "<!--[if gte mso 9]><xml>", "</xml><![endif]-->", "<span style='mso-list:Ignore'>1.</span>", "</p>",
    "<o:p></o:p>", "<!--StartFragment-->", "<!--EndFragment-->", "<table class=MsoTableGrid>", "<tr>", "<td colspan=2>",
    "</td>", "</tr>", "</table>", "<b>", "</b>", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "身份证号", "\n", "\r\n\r\n", "&nbsp;", "<", ">", "<p", "mso-", "<!--", "-->"]), max_size=60).map("".join)


@fuzz
@given(st.data())
def test_xls_bytes(data):
    targets.attachment_reading(data.draw(mutate(targets.seed_xls())), "a.xls")


@fuzz
@given(st.data())
def test_doc_bytes(data):
    targets.attachment_reading(data.draw(mutate(targets.seed_doc())), "a.wps")


@fuzz
@given(st.data())
def test_ofd_bytes(data):
    targets.attachment_reading(data.draw(mutate(targets.seed_ofd())), "a.ofd")


@fuzz
@given(st.text(max_size=400))
def test_ofd_page_xml(xml):
    ofd = targets.with_part(targets.seed_ofd(), "Doc_0/Pages/Page_0/Content.xml", xml.encode("utf-8", "replace"))
    targets.attachment_reading(ofd, "a.ofd")


@fuzz
@given(st.data())
def test_image_bytes(data):
    targets.attachment_reading(data.draw(mutate(targets.seed_png())), "a.png")
    targets.attachment_reading(data.draw(mutate(targets.seed_jpg())), "a.jpg")


@fuzz
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_as_an_attachment(raw):
    for prefix in (b"", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"PK\x03\x04"):
        targets.attachment_reading(prefix + raw, "a.doc")


@fuzz
@given(st.one_of(st.text(max_size=400), WORD_BITS))
def test_body_cleaning(raw):
    targets.body_cleaning(raw)
