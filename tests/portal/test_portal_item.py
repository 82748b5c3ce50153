"""The item page shows every catalog field; attachments download with their Chinese names."""
import datetime as dt
import re
from urllib.parse import quote

import pytest
from django.urls import reverse

from gongkai.catalog.models import Channel, DisclosureMode, DisclosureScope, Validity

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(make_item, category, add_attachment, add_channel):
    item = make_item(
        "关于印发《城关街道政府信息公开工作制度》的通知", doc_number="城街发〔2024〕12号",
        published=dt.date(2024, 5, 20), written=dt.date(2024, 5, 10),
        topic=category("topic", "T01"), genre=category("genre", "G06"),
        disclosure_mode=DisclosureMode.PROACTIVE, disclosure_scope=DisclosureScope.REGION,
        body="<p>各社区：</p><p>现将<strong>制度</strong>印发给你们，请遵照执行。</p>",
        categories=[category("statutory", "ART20-01")])
    add_attachment(item, name="城关街道政府信息公开工作制度.pdf", data=b"%PDF-1.4\n" + b"x" * 3000)
    add_channel(item, Channel.WEBSITE, dt.date(2024, 5, 20))
    add_channel(item, Channel.NOTICE_BOARD, dt.date(2024, 5, 21), note="街道办一楼公开栏")
    return item


def _metadata(page):
    """{label: value} from the metadata table: each <th scope=row> followed by its <td>."""
    html = page.html.split('class="meta item-meta"', 1)[1].split("</table>", 1)[0]
    pairs = re.findall(r'<th scope="row">(.*?)</th><td(?: colspan="\d")?>(.*?)</td>', html, re.S)
    return {label: re.sub(r"<[^>]+>", " ", value).strip() for label, value in pairs}


def test_item_page_shows_every_catalog_field(page_of, item):
    page = page_of(reverse("portal:item", args=[item.pk]))
    meta = _metadata(page)
    assert meta == {
        "索引号": item.index_no,
        "主题分类": "综合政务",
        "体裁": "通知",
        "发布机构": "城关街道办事处",
        "成文日期": "2024-05-10",
        "发布日期": "2024-05-20",
        "文号": "城街发〔2024〕12号",
        "有效性": "有效",
        "公开方式": "主动公开",
        "公开范围": "面向特定区域",
    }
    assert page.find("h1") and page.texts("h1") == [item.title]


def test_repealed_item_shows_its_repeal_date(page_of, item):
    item.validity, item.repealed_date = Validity.REPEALED, dt.date(2025, 1, 1)
    item.save()
    page = page_of(reverse("portal:item", args=[item.pk]))
    meta = _metadata(page)
    assert meta["有效性"].startswith("废止")
    assert meta["废止日期"] == "2025-01-01"
    assert "已于2025年1月1日废止" in page.html


def test_missing_optional_fields_show_a_dash(page_of, make_item):
    item = make_item("无文号的信息")
    meta = _metadata(page_of(reverse("portal:item", args=[item.pk])))
    assert meta["文号"] == meta["主题分类"] == meta["体裁"] == "—"


def test_body_is_rendered_as_html(page_of, item):
    html = page_of(reverse("portal:item", args=[item.pk])).html
    assert "<strong>制度</strong>" in html


def test_attachments_and_channels_are_listed(page_of, item):
    page = page_of(reverse("portal:item", args=[item.pk]))
    attachment = item.attachments.get()
    links = dict(page.links("/attachments/"))
    assert links[reverse("portal:attachment", args=[attachment.pk])] == "城关街道政府信息公开工作制度.pdf"
    assert "PDF，2.9\xa0KB" in page.html  # 3,009 bytes
    assert "政务网站：" in page.html and "公开栏：" in page.html and "街道办一楼公开栏" in page.html
    assert "2024-05-21" in page.html


def test_attachment_download_uses_the_original_chinese_name(client, item):
    attachment = item.attachments.get()
    response = client.get(reverse("portal:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('城关街道政府信息公开工作制度.pdf')}" in disposition
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")


def test_attachment_with_a_missing_file_is_404_not_500(client, item):
    attachment = item.attachments.get()
    attachment.file.storage.delete(attachment.file.name)
    assert client.get(reverse("portal:attachment", args=[attachment.pk])).status_code == 404


def test_item_page_links_its_categories(page_of, item, category):
    page = page_of(reverse("portal:item", args=[item.pk]))
    assert reverse("portal:statutory_detail", args=[category("statutory", "ART20-01").pk]) in dict(page.links("/"))


def test_item_page_query_count(client, item, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):  # item, its unit, categories, attachments, session-free owner line
        assert client.get(reverse("portal:item", args=[item.pk])).status_code == 200


# ---------------------------------------------------------------- 字号 and 打印 (links only: reading pages carry no script)

def test_item_page_offers_text_sizes_and_a_print_view(page_of, item):
    url = reverse("portal:item", args=[item.pk])
    page = page_of(url)
    links = dict(page.links("?"))
    assert links == {"?size=large": "大", "?size=medium": "中", "?size=small": "小", "?print=1": "打印"}
    assert '<body class="text-size-medium">' in page.html
    assert page.find("nav", **{"class": "site-nav", "aria-label": "主导航"})
    assert "<script" not in page.html
    assert f'<link rel="canonical" href="http://testserver{url}">' in page.html


def test_a_chosen_text_size_is_marked_and_kept_into_the_print_view(page_of, item):
    page = page_of(reverse("portal:item", args=[item.pk]) + "?size=large")
    assert '<body class="text-size-large">' in page.html
    assert page.find("a", href="?size=large", **{"aria-current": "true"})
    assert dict(page.links("?print"))["?print=1&size=large"] == "打印"


def test_an_unknown_text_size_is_the_medium_one(page_of, item):
    page = page_of(reverse("portal:item", args=[item.pk]) + "?size=%3Cscript%3E")
    assert '<body class="text-size-medium">' in page.html and "<script" not in page.html


def test_print_view_is_the_article_alone_with_its_source(page_of, item):
    url = reverse("portal:item", args=[item.pk])
    page = page_of(url + "?print=1&size=small")
    assert '<body class="text-size-small print-view">' in page.html
    assert not page.find("nav", **{"class": "site-nav", "aria-label": "主导航"})  # no navigation
    assert not page.find("nav", **{"class": "breadcrumb", "aria-label": "当前位置"})
    assert "政府信息公开指南" not in page.html  # the footer's links are gone too
    assert page.texts("h1") == [item.title] and "<strong>制度</strong>" in page.html
    assert '<meta name="robots" content="noindex">' in page.html
    assert dict(page.links(url)) == {url: "返回信息详情"}
    assert "<script" not in page.html


@pytest.mark.parametrize("query", ["?print=1", "?size=large&print=1", "?print=1&utm_source=wx&size=small",
                                   "?from=search&print=1&q=%E4%BD%8F%E6%88%BF"])
def test_print_views_source_line_is_the_items_own_address(client, item, query):
    url = reverse("portal:item", args=[item.pk])
    html = client.get(url + query).content.decode()
    source = re.search(r'<p class="print-source" id="print-source">(.*?)</p>', html).group(1)
    assert source.startswith("来源：") and source.endswith(f" http://testserver{url}")
    assert "?" not in source and "&" not in source  # nothing of the query string is printed
