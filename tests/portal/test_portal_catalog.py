"""目录 and category lists: filters filter, paging keeps them, bad parameters never fail."""
import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from gongkai.catalog.models import ItemStatus

pytestmark = pytest.mark.django_db

CATALOG = "/catalog/"


@pytest.fixture
def spread(make_item, category, street, town, village):
    """Items across years, units, categories and genres."""
    return {
        "street_2023": make_item("街道2023年通知", unit=street, published=dt.date(2023, 3, 1),
                                 genre=category("genre", "G06"), categories=[category("statutory", "ART20-07")]),
        "street_2024": make_item("街道2024年公告", unit=street, published=dt.date(2024, 6, 1),
                                 genre=category("genre", "G03"), categories=[category("domain", "D04")]),
        "town_2024": make_item("河口镇2024年通知", unit=town, published=dt.date(2024, 7, 1),
                               genre=category("genre", "G06"), categories=[category("statutory", "ART21-T-07")]),
        "village_2024": make_item("柳树村2024年村务公开", unit=village, published=dt.date(2024, 8, 1),
                                  categories=[category("domain", "D21")]),
    }


@pytest.fixture
def titles(client, parse):
    """Item titles listed by the catalog for the given parameters."""
    def get(params, url=CATALOG):
        return parse(client.get(url, params).content.decode()).item_titles()
    return get


def test_year_filter(client, spread, titles):
    assert set(titles({"year": "2023"})) == {"街道2023年通知"}
    assert len(titles({"year": "2024"})) == 3


def test_unit_filter_includes_units_below(client, spread, town, street, titles):
    assert set(titles({"unit": town.pk})) == {"河口镇2024年通知", "柳树村2024年村务公开"}
    assert set(titles({"unit": street.pk})) == {"街道2023年通知", "街道2024年公告"}


def test_category_filter(client, spread, category, titles):
    assert titles({"category": category("statutory", "ART21-T-07").pk}) == ["河口镇2024年通知"]
    assert titles({"category": category("domain", "D04").pk}) == ["街道2024年公告"]


def test_category_filter_offers_leaves_grouped_by_parent(client, category, parse):
    page = parse(client.get(CATALOG).content.decode())
    offered = {a["value"] for a in page.find("option")}
    assert str(category("statutory", "ART21-T-07").pk) in offered
    assert str(category("statutory", "ART21").pk) not in offered  # a heading, not a choice
    labels = {a["label"] for a in page.find("optgroup")}
    assert "第二十条 主动公开的政府信息" in labels and "基层政务公开领域" in labels
    assert any(label.endswith("乡（镇）人民政府") for label in labels)


def test_category_page_includes_sub_categories(client, spread, category, parse):
    url = reverse("portal:statutory_detail", args=[category("statutory", "ART21").pk])
    assert parse(client.get(url).content.decode()).item_titles() == ["河口镇2024年通知"]


def test_genre_filter(client, spread, category, titles):
    assert set(titles({"genre": category("genre", "G06").pk})) == {"街道2023年通知", "河口镇2024年通知"}


def test_filters_combine(client, spread, category, street, titles):
    params = {"year": "2024", "genre": category("genre", "G06").pk}
    assert titles(params) == ["河口镇2024年通知"]
    assert titles({"year": "2023", "unit": street.pk, "genre": category("genre", "G03").pk}) == []


def test_list_is_newest_first(client, spread, titles):
    assert titles({}) == ["柳树村2024年村务公开", "河口镇2024年通知", "街道2024年公告", "街道2023年通知"]


def test_selected_filters_are_kept_in_the_form(client, spread, town):
    html = client.get(CATALOG, {"year": "2024", "unit": town.pk}).content.decode()
    assert '<option value="2024" selected>' in html
    assert f'<option value="{town.pk}" selected>' in html


@pytest.fixture
def many(make_item, town):
    return [make_item(f"河口镇第{n:02d}号通知", unit=town, published=dt.date(2024, 1, 1) + dt.timedelta(days=n))
            for n in range(45)]


def test_paging_20_per_page_and_links_keep_filters(client, many, make_item, town, parse):
    make_item("别的年份", unit=town, published=dt.date(2022, 1, 1))
    page = parse(client.get(CATALOG, {"year": "2024", "unit": town.pk}).content.decode())
    assert len(page.item_titles()) == 20
    pager_links = [href for href, _ in page.links("?")]
    assert pager_links
    for href in pager_links:
        query = parse_qs(urlsplit(href).query)
        assert query["year"] == ["2024"] and query["unit"] == [str(town.pk)], href
    third = parse(client.get(CATALOG, {"year": "2024", "unit": town.pk, "page": 3}).content.decode())
    assert len(third.item_titles()) == 5
    assert "别的年份" not in third.html


def test_pager_marks_the_current_page(client, many, parse):
    page = parse(client.get(CATALOG, {"page": 2}).content.decode())
    current = [a for a in page.find("a") if a.get("aria-current") == "page" and a.get("href", "").startswith("?")]
    assert len(current) == 1 and "page=2" in current[0]["href"]


@pytest.mark.parametrize("params", [
    {"year": "abc"}, {"year": "1900"}, {"year": "99999999999999999999"}, {"unit": "x"}, {"unit": "999999"},
    {"category": "-1"}, {"category": "999999"}, {"genre": "1e9"}, {"page": "abc"}, {"page": "0"},
    {"page": "-3"}, {"page": "999999"}, {"page": "2.5"}, {"q": "低" * 1000}, {"q": "\x00'\"<script>"},
    {"q": "AND OR NOT ( ) * \" NEAR"}, {"year": "2024", "page": "99"},
])
@pytest.mark.parametrize("url", [CATALOG, "/search/", "/reports/"])
def test_bad_parameters_never_fail(client, many, params, url):
    response = client.get(url, params)
    assert response.status_code == 200
    assert "<script" not in response.content.decode()  # nothing from the query is echoed unescaped


def test_bad_parameters_on_category_pages(client, many, category):
    url = reverse("portal:statutory_detail", args=[category("statutory", "ART20").pk])
    for params in ({"page": "abc"}, {"page": "99999"}, {"page": "-1"}):
        assert client.get(url, params).status_code == 200


def test_invalid_filters_are_ignored_not_reported(client, spread, titles):
    response = client.get(CATALOG, {"year": "abc", "unit": "999999"})
    html = response.content.decode()
    assert "errorlist" not in html and 'aria-invalid' not in html
    assert len(titles({"year": "abc", "unit": "999999"})) == 4


def test_page_past_the_end_shows_the_last_page(client, many, parse):
    page = parse(client.get(CATALOG, {"page": 999}).content.decode())
    assert len(page.item_titles()) == 5


def test_unknown_category_ids_are_404(client, category):
    assert client.get(reverse("portal:statutory_detail", args=[999999])).status_code == 404
    # a domain id is not a statutory category, and the other way round
    assert client.get(reverse("portal:statutory_detail", args=[category("domain", "D01").pk])).status_code == 404
    assert client.get(reverse("portal:domain_detail", args=[category("statutory", "ART20").pk])).status_code == 404


def test_post_is_not_allowed(client):
    assert client.post(CATALOG).status_code == 405


def test_catalog_query_count_does_not_grow_with_items(client, make_item, category, town, add_attachment,
                                                      django_assert_max_num_queries):
    for n in range(60):
        item = make_item(f"第{n}号", unit=town, genre=category("genre", "G06"),
                         topic=category("topic", "T01"), categories=[category("statutory", "ART20-01")])
        add_attachment(item, name=f"{n}.pdf")
    with django_assert_max_num_queries(10):
        assert client.get(CATALOG).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(CATALOG, {"year": "2024", "unit": town.pk,
                                    "category": category("statutory", "ART20-01").pk}).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("portal:statutory_detail",
                                  args=[category("statutory", "ART20").pk])).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("portal:statutory")).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("portal:home")).status_code == 200


def test_list_pages_with_a_thousand_items_are_fast(client, town, street_clerk, category):
    import time

    from gongkai.catalog.models import Item
    genre = category("genre", "G06")
    Item.objects.bulk_create([
        Item(unit=town, index_no=f"{town.code}/2024-{n:05d}", title=f"批量信息{n}", publisher=town.name,
             written_date=dt.date(2024, 1, 1), published_date=dt.date(2024, 1, 1) + dt.timedelta(days=n % 300),
             status=ItemStatus.PUBLISHED, created_by=street_clerk, genre=genre)
        for n in range(1, 1201)])
    for url, params in ((CATALOG, {}), (CATALOG, {"page": 50}), (CATALOG, {"year": "2024", "genre": genre.pk}),
                        ("/", {}), ("/reports/", {})):
        started = time.perf_counter()
        assert client.get(url, params).status_code == 200
        assert time.perf_counter() - started < 1.0, (url, params)


@pytest.mark.parametrize("url", ["/items/99999999999999999999/", "/attachments/99999999999999999999/",
                                 "/statutory/99999999999999999999/", "/domains/99999999999999999999/"])
def test_ids_beyond_the_integer_range_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("params", [{"page": "9" * 30}, {"q": "通知", "page": "9" * 30},
                                    {"unit": "9" * 30, "category": "9" * 30, "genre": "9" * 30}])
def test_huge_numbers_in_parameters(client, many, params):
    for url in (CATALOG, "/search/"):
        assert client.get(url, params).status_code == 200
