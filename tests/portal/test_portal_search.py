"""搜索 and 目录 with a query: ranked, highlighted hits through the catalog's search module."""
import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.django_db

SEARCH = "/search/"


@pytest.fixture
def corpus(make_item, category, street, town, indexed):
    items = {
        "dibao_title": make_item("2024年城乡居民最低生活保障（低保）标准调整公示", unit=town,
                                 published=dt.date(2024, 3, 1), genre=category("genre", "G19"),
                                 body_text="根据上级文件，调整低保标准。", categories=[category("domain", "D18")]),
        "dibao_body": make_item("社会救助工作情况通报", unit=street, published=dt.date(2023, 9, 1),
                                genre=category("genre", "G07"),
                                body_text="全年发放低保金120万元，临时救助30人次。"),
        "budget": make_item("城关街道2024年部门预算", unit=street, published=dt.date(2024, 2, 1),
                            body_text="部门预算收支总表。", categories=[category("statutory", "ART20-07")]),
    }
    indexed(*items.values())
    return items


def test_search_finds_and_highlights(client, corpus, parse):
    page = parse(client.get(SEARCH, {"q": "低保"}).content.decode())
    assert set(page.item_titles()) >= {"社会救助工作情况通报"}
    assert len(page.item_titles()) == 2
    assert "<mark>" in page.html
    assert "部门预算" not in " ".join(page.item_titles())


def test_title_hits_rank_first(client, corpus, parse):
    titles = parse(client.get(SEARCH, {"q": "低保"}).content.decode()).item_titles()
    assert "低保" in titles[0]


def test_search_filters(client, corpus, parse, town, street, category):
    def titles(**params):
        return parse(client.get(SEARCH, {"q": "低保", **params}).content.decode()).item_titles()
    assert len(titles(year="2023")) == 1 and "通报" in titles(year="2023")[0]
    assert len(titles(unit=town.pk)) == 1 and "公示" in titles(unit=town.pk)[0]
    assert titles(unit=street.pk) == ["社会救助工作情况通报"]
    assert len(titles(genre=category("genre", "G19").pk)) == 1
    assert len(titles(category=category("domain", "D18").pk)) == 1
    assert titles(year="2022") == []


def test_catalog_with_a_query_uses_search(client, corpus, parse):
    page = parse(client.get("/catalog/", {"q": "预算"}).content.decode())
    assert page.item_titles() == ["城关街道2024年部门预算"]
    assert page.find("table")


def test_no_hits_says_so(client, corpus):
    html = client.get(SEARCH, {"q": "不存在的词语组合"}).content.decode()
    assert "没有找到相关信息" in html


def test_query_is_escaped(client, corpus):
    html = client.get(SEARCH, {"q": "<b>低保</b>"}).content.decode()
    assert "<b>低保</b>" not in html


def test_empty_query_shows_help_not_results(client, corpus):
    html = client.get(SEARCH, {"q": "   "}).content.decode()
    assert "请输入关键词" in html


@pytest.fixture
def many_hits(make_item, town, indexed):
    items = [make_item(f"河口镇低保公示第{n:02d}期", unit=town, published=dt.date(2024, 1, 1) + dt.timedelta(days=n))
             for n in range(45)]
    indexed(*items)
    return items


def test_search_paging_keeps_query_and_filters(client, many_hits, parse, town):
    page = parse(client.get(SEARCH, {"q": "低保", "unit": town.pk}).content.decode())
    assert len(page.item_titles()) == 20
    pager = [href for href, _ in page.links("?")]
    assert pager
    for href in pager:
        query = parse_qs(urlsplit(href).query)
        assert query["q"] == ["低保"] and query["unit"] == [str(town.pk)]
    last = parse(client.get(SEARCH, {"q": "低保", "unit": town.pk, "page": 3}).content.decode())
    assert len(last.item_titles()) == 5


def test_search_page_past_the_end_shows_the_last_page(client, many_hits, parse):
    page = parse(client.get(SEARCH, {"q": "低保", "page": 500}).content.decode())
    assert len(page.item_titles()) == 5
