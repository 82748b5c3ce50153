"""Every public page renders, on an empty and on a populated database, with sound HTML."""
import pytest
from django.urls import reverse

from gongkai.catalog.models import Category, Scheme

pytestmark = pytest.mark.django_db

STATIC_PAGES = ["portal:home", "portal:guide", "portal:rules", "portal:statutory", "portal:domains",
                "portal:catalog", "portal:search", "portal:reports", "portal:apply"]


@pytest.fixture
def populated(make_item, category, add_attachment, add_channel, street, town, indexed):
    report_genre = category("genre", "G08")
    items = [
        make_item("示范县城关街道2023年政府信息公开工作年度报告", genre=report_genre,
                  categories=[category("statutory", "ART20-15")]),
        make_item("关于2024年度城乡居民最低生活保障标准的通知", unit=town,
                  categories=[category("statutory", "ART20-11"), category("domain", "D18")]),
        make_item("城关街道2024年部门预算公开", categories=[category("statutory", "ART20-07")]),
    ]
    add_attachment(items[1])
    add_channel(items[1])
    indexed(*items)
    return items


def _detail_urls():
    statutory = Category.objects.filter(scheme=Scheme.STATUTORY).first()
    domain = Category.objects.filter(scheme=Scheme.DOMAIN).first()
    return [reverse("portal:statutory_detail", args=[statutory.pk]),
            reverse("portal:domain_detail", args=[domain.pk])]


@pytest.mark.parametrize("name", STATIC_PAGES)
def test_pages_render_on_an_empty_database(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert 'lang="zh-CN"' in response.content.decode()


def test_category_pages_render_on_an_empty_database(client):
    for url in _detail_urls():
        assert client.get(url).status_code == 200


def test_search_with_a_query_on_an_empty_database(client):
    assert client.get(reverse("portal:search"), {"q": "低保"}).status_code == 200
    assert client.get(reverse("portal:catalog"), {"q": "低保"}).status_code == 200


def test_pages_render_on_a_populated_database(client, populated):
    item = populated[1]
    urls = [reverse(n) for n in STATIC_PAGES] + _detail_urls() + [
        reverse("portal:item", args=[item.pk]),
        reverse("portal:search") + "?q=低保",
        reverse("portal:catalog") + "?q=预算",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_home_lists_latest_items_and_links_every_section(page_of, populated):
    page = page_of(reverse("portal:home"))
    hrefs = {a.get("href") for a in page.find("a")}
    for name in STATIC_PAGES[1:]:
        assert reverse(name) in hrefs, name
    for item in populated:
        assert reverse("portal:item", args=[item.pk]) in hrefs
    assert page.find("input", name="q", type="search")


def _urls_to_audit(items):
    return [reverse(n) for n in STATIC_PAGES] + _detail_urls() + [
        reverse("portal:item", args=[items[1].pk]),
        reverse("portal:search") + "?q=低保",
        reverse("portal:catalog") + "?year=2024",
    ]


def test_every_page_has_exactly_one_h1(page_of, populated):
    for url in _urls_to_audit(populated):
        page = page_of(url)
        assert len(page.find("h1")) == 1, url


def test_every_form_control_is_labelled(page_of, populated):
    for url in _urls_to_audit(populated):
        page = page_of(url)
        assert page.unlabelled_controls() == [], url


def test_every_table_header_has_a_scope(page_of, populated):
    for url in _urls_to_audit(populated):
        assert page_of(url).headers_without_scope() == [], url


def test_landmarks_and_skip_link(page_of):
    page = page_of(reverse("portal:home"))
    assert page.find("a", href="#main")
    assert page.find("main", id="main")
    assert page.find("header") and page.find("footer")
    assert page.find("nav", **{"aria-label": "主导航"})


@pytest.mark.parametrize("name, label", [("portal:catalog", "公开目录"), ("portal:guide", "公开指南"),
                                         ("portal:home", "首页")])
def test_nav_marks_the_current_page(page_of, name, label):
    page = page_of(reverse(name))
    current = [a for a in page.find("a") if a.get("aria-current") == "page"]
    assert [a["href"] for a in current] == [reverse(name)]


def test_item_page_marks_its_section_in_the_nav(page_of, populated):
    page = page_of(reverse("portal:item", args=[populated[0].pk]))
    marked = [a["href"] for a in page.find("a") if a.get("aria-current") == "true"]
    assert reverse("portal:catalog") in marked


def test_no_external_assets(client, populated):
    html = client.get(reverse("portal:home")).content.decode()
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html


def test_guide_rules_and_apply_show_office_contacts(page_of, street, village):
    street.address, street.phone, street.office_hours = "城关大道1号便民服务中心", "0731-8888123", "工作日 9:00-17:00"
    street.save()
    village.address = "柳树村村委会"
    village.save()
    for name in ("portal:guide", "portal:rules", "portal:apply"):
        html = page_of(reverse(name)).html
        assert "城关大道1号便民服务中心" in html and "0731-8888123" in html and "工作日 9:00-17:00" in html, name
        assert "柳树村村委会" not in html  # village committees do not take applications


def test_guide_states_the_legal_time_limits_fees_and_remedies(page_of):
    html = page_of(reverse("portal:guide")).html
    for phrase in ("20个工作日内", "第二十六条", "答复期限", "第四十二条", "不收取费用",
                   "行政复议", "行政诉讼", "第三十条"):
        assert phrase in html, phrase


def test_apply_page_links_to_the_online_form_and_status_page(page_of, street):
    page = page_of(reverse("portal:apply"))
    assert "网上申请暂未开通" not in page.html
    assert reverse("apply:new") in page.html and reverse("apply:status") in page.html


def test_annual_reports_lists_only_report_genre_titles(page_of, populated, make_item, category):
    make_item("关于开展2023年度报告编制培训的通知", genre=category("genre", "G06"))  # a notice, not a report
    make_item("年度报告编写说明")  # no genre
    page = page_of(reverse("portal:reports"))
    assert page.item_titles() == ["示范县城关街道2023年政府信息公开工作年度报告"]


def test_statutory_index_counts_items_including_sub_categories(page_of, populated, category):
    page = page_of(reverse("portal:statutory"))
    art20 = category("statutory", "ART20")
    rows = page.html.split(reverse("portal:statutory_detail", args=[art20.pk]))[1]
    # ART20 holds all three populated items through its sub-categories
    assert '<td class="num">3</td>' in rows.split("</tr>")[0]


def test_domains_index_lists_the_26_domains(page_of):
    page = page_of(reverse("portal:domains"))
    links = [href for href, _ in page.links("/domains/") if href != "/domains/"]
    assert len(links) == 26


def test_custom_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
