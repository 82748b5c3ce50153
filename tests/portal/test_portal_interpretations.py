"""The portal links a policy document and its 政策解读 both ways (published items only, no script)."""
import datetime as dt

from django.urls import reverse

from gongkai.catalog.models import Interpretation, ItemStatus


def link(interp_item, *docs, form="video", url="https://example.invalid/jiedu.mp4"):
    interp = Interpretation.objects.create(item=interp_item, form=form, media_url=url, interpreter="街道办主任")
    interp.documents.set(docs)
    return interp


def test_document_shows_its_interpretation_and_back(page_of, make_item, client):
    doc = make_item("关于印发《社区工作者管理办法》的通知", doc_number="横街发〔2024〕3号")
    jiedu = make_item("《社区工作者管理办法》政策解读", published=dt.date(2024, 5, 21))
    draft = make_item("未发布的解读草稿", status=ItemStatus.SUBMITTED)
    link(jiedu, doc)
    link(draft, doc, form="text", url="")
    doc_page = page_of(reverse("portal:item", args=[doc.pk]))
    links = dict(doc_page.links("/"))
    assert reverse("portal:item", args=[jiedu.pk]) in links
    assert reverse("portal:item", args=[draft.pk]) not in links
    html = client.get(reverse("portal:item", args=[doc.pk])).content.decode()
    assert "相关解读" in html and "视频解读" in html and "未发布的解读草稿" not in html
    assert "<script" not in html
    jiedu_html = client.get(reverse("portal:item", args=[jiedu.pk])).content.decode()
    assert "相关文件" in jiedu_html and "横街发〔2024〕3号" in jiedu_html and "<script" not in jiedu_html
    assert reverse("portal:item", args=[doc.pk]) in dict(page_of(reverse("portal:item", args=[jiedu.pk])).links("/"))
    assert 'href="https://example.invalid/jiedu.mp4"' in jiedu_html


def test_withdrawn_document_is_not_linked_from_its_interpretation(make_item, client):
    doc = make_item("已撤回的文件", status=ItemStatus.WITHDRAWN)
    jiedu = make_item("某文件政策解读")
    link(jiedu, doc)
    html = client.get(reverse("portal:item", args=[jiedu.pk])).content.decode()
    assert "已撤回的文件" not in html and "相关文件" not in html


def test_item_without_interpretations_has_no_empty_sections(make_item, client):
    html = client.get(reverse("portal:item", args=[make_item().pk])).content.decode()
    assert "相关解读" not in html and "相关文件" not in html


def test_interpretation_of_a_repealed_document_carries_the_banner(make_item, client):
    from gongkai.catalog.models import Validity

    doc = make_item("已废止的管理办法", validity=Validity.REPEALED, repealed_date=dt.date(2025, 1, 1))
    jiedu = make_item("已废止的管理办法政策解读")
    link(jiedu, doc)
    html = client.get(reverse("portal:item", args=[jiedu.pk])).content.decode()
    assert "本解读所解读的《已废止的管理办法》已于2025年1月1日废止" in html
