"""Issue 13: .doc, .xls, .wps, .ofd and scans are accepted when their content is what they claim;
the personal-data guard reads what it can (XLS cells, OFD text) and says plainly what it cannot
(DOC/WPS text, scans), and the reviewer must then confirm the manual check before approving."""
import io
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image

from gongkai.catalog import attachments, services
from gongkai.catalog.models import TextStatus
from gongkai.domain import attachment_formats as af
from gongkai.domain.textextract import TooLarge

DATA = Path(__file__).resolve().parents[1] / "data" / "attachments"
ID_NUMBER = "11010519491231002X"


def ofd_bytes(texts=("城关街道临时救助公示", f"王某某 身份证号{ID_NUMBER}"), extra=None) -> bytes:
    """A minimal OFD package (GB/T 33190): OFD.xml, a document, one page of text objects."""
    objects = "".join(f'<ofd:TextObject ID="{i + 10}" Boundary="10 {i * 10} 100 8" Font="3" Size="4">'
                      f'<ofd:TextCode X="0" Y="6">{t}</ofd:TextCode></ofd:TextObject>' for i, t in enumerate(texts))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OFD.xml", '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" '
                    'Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
                    '</ofd:DocBody></ofd:OFD>')
        zf.writestr("Doc_0/Document.xml", '<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages>'
                    '<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>')
        zf.writestr("Doc_0/Pages/Page_0/Content.xml", '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content>'
                    f'<ofd:Layer ID="2">{objects}</ofd:Layer></ofd:Content></ofd:Page>')
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def image_bytes(fmt="PNG", size=(200, 100)) -> bytes:
    buf = io.BytesIO()
    Image.new("L", size, 255).save(buf, fmt)
    return buf.getvalue()


@pytest.mark.parametrize("name,data,kind", [
    ("公示.doc", (DATA / "jiuzhu-gongshi.doc").read_bytes(), "doc"),
    ("公示.wps", (DATA / "jiuzhu-gongshi.doc").read_bytes(), "wps"),
    ("名单.xls", (DATA / "jiuzhu-mingdan.xls").read_bytes(), "xls"),
    ("名单.ofd", ofd_bytes(), "ofd"),
    ("扫描件.jpg", image_bytes("JPEG"), "jpg"),
    ("扫描件.png", image_bytes("PNG"), "png"),
    ("扫描件.pdf", image_bytes("PNG"), "png"),  # judged by content, not by name
])
def test_kinds_are_judged_by_content(name, data, kind):
    assert af.sniff(data, name) == kind


@pytest.mark.parametrize("data", [
    af.OLE2_MAGIC + b"\x00" * 504,              # an OLE2 signature and nothing behind it
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,        # a PNG signature without a valid header
    b"\xff\xd8\xff\xe0garbage",
    ofd_bytes()[:200],                          # a cut-off package
    b"PK\x03\x04" + b"\x00" * 100,
])
def test_forged_or_damaged_files_are_not_accepted(data):
    assert af.sniff(data, "x.doc") is None


def test_xls_cells_are_read_for_the_guard():
    text = af.extract((DATA / "jiuzhu-mingdan.xls").read_bytes(), "xls", "名单.xls")
    assert ID_NUMBER in text.text and "王某某" in text.text
    assert any(line.where.endswith("!2") for line in text.lines)


def test_ofd_text_is_read_with_its_page():
    text = af.extract(ofd_bytes(), "ofd", "名单.ofd")
    assert [line.text for line in text.lines] == ["城关街道临时救助公示", f"王某某 身份证号{ID_NUMBER}"]
    assert text.lines[1].where == "第1页"


def test_ofd_bomb_is_refused():
    bomb = ofd_bytes(extra={"Doc_0/Res/big.bin": b"\x00" * (300 * 1024 * 1024)})
    with pytest.raises(TooLarge):
        af.extract(bomb, "ofd", "炸弹.ofd")


@pytest.mark.parametrize("kind,reason", [("doc", af.MANUAL_LEGACY), ("wps", af.MANUAL_LEGACY),
                                         ("jpg", af.MANUAL_IMAGE), ("png", af.MANUAL_IMAGE)])
def test_unreadable_kinds_ask_for_a_manual_check(kind, reason):
    with pytest.raises(af.ManualCheck) as caught:
        af.extract(b"", kind, "f")
    assert caught.value.reason == reason


def test_huge_scan_is_refused_by_pixel_count():
    with pytest.raises(af.BoundsError, match="百万像素"):
        af.check(image_bytes("PNG", (10000, 7000)), "png")


def test_truncated_scan_is_refused():
    data = image_bytes("JPEG", (800, 600))
    with pytest.raises(af.BoundsError):
        af.check(data[: len(data) // 2], "jpg")


@pytest.fixture
def draft(street_clerk):
    return services.create_item(street_clerk, title="城关街道临时救助公示", written_date=timezone.localdate(),
                                body="<p>见附件</p>")


def test_upload_of_each_kind_and_the_guard_reading_it(draft, street_clerk):
    xls = services.add_attachment(street_clerk, draft, name="名单.xls", data=(DATA / "jiuzhu-mingdan.xls").read_bytes())
    ofd = services.add_attachment(street_clerk, draft, name="名单", data=ofd_bytes())
    scan = services.add_attachment(street_clerk, draft, name="扫描件.jpg", data=image_bytes("JPEG"))
    doc = services.add_attachment(street_clerk, draft, name="公示.doc", data=(DATA / "jiuzhu-gongshi.doc").read_bytes())
    assert ofd.name == "名单.ofd" and ofd.kind == "ofd"
    for att in (xls, ofd, scan, doc):
        attachments.extract_now(att.pk)
    findings = services.pii_findings(draft)
    places = [where for where, _, _ in findings]
    assert any("名单.xls" in w for w in places) and any("名单.ofd" in w for w in places), places
    unchecked = dict(services.unchecked_attachments(draft))
    assert unchecked == {"扫描件.jpg": af.MANUAL_IMAGE, "公示.doc": af.MANUAL_LEGACY}
    scan.refresh_from_db()
    assert scan.text_status == TextStatus.FAILED and scan.text_note == af.MANUAL_IMAGE


def test_reviewer_must_confirm_the_manual_check(draft, street_clerk, street_reviewer):
    services.add_attachment(street_clerk, draft, name="扫描件.png", data=image_bytes("PNG"))
    services.submit_item(street_clerk, draft)
    with pytest.raises(services.WorkflowError, match="扫描件无法自动检查个人信息，请人工核对"):
        services.approve_item(street_reviewer, draft, opinion="同意")
    review = services.approve_item(street_reviewer, draft, opinion="同意", pii_override_reason="已逐页人工核对扫描件，不含个人信息")
    assert review.pii_override_reason == "已逐页人工核对扫描件，不含个人信息"


def test_the_review_form_asks_for_the_manual_check_of_a_scan(client, draft, street_clerk, street_reviewer):
    """A scan with no finding in the body: the reason field was only rendered for findings, so the reviewer
    could not approve through the page at all."""
    from django.urls import reverse

    from gongkai.catalog.models import Item, ItemStatus
    from tests.conftest import PASSWORD

    services.add_attachment(street_clerk, draft, name="扫描件.png", data=image_bytes("PNG"))
    services.submit_item(street_clerk, draft)
    assert client.login(username=street_reviewer.username, password=PASSWORD)
    page = client.get(reverse("catalog:item", args=[draft.pk])).content.decode()
    review_form = page.split('class="review-form"', 1)[1].split("</form>", 1)[0]
    assert 'name="pii_override_reason"' in review_form and "带个人信息提示发布的理由" in review_form
    client.post(reverse("catalog:item_approve", args=[draft.pk]), {
        "opinion": "同意", "pii_override_reason": "已逐页人工核对扫描件，不含个人信息",
        "published_date": timezone.localdate().isoformat(), "channels": ["website"]})
    assert Item.objects.get(pk=draft.pk).status == ItemStatus.PUBLISHED


def test_download_uses_the_kind_content_type(draft, street_clerk):
    att = services.add_attachment(street_clerk, draft, name="名单.xls", data=(DATA / "jiuzhu-mingdan.xls").read_bytes())
    with att.file.open("rb") as handle:
        response = attachments.download(att, handle)
        assert response["Content-Type"] == "application/vnd.ms-excel"
        assert "名单.xls" in response["Content-Disposition"] or "%E5%90%8D%E5%8D%95.xls" in response["Content-Disposition"]
