"""What people type into the search box (issue 12, item 9): category names, an exact
索引号 or 文号, and results by date. On SQLite and on PostgreSQL (DATABASE_URL)."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from gongkai.catalog import search
from gongkai.catalog.models import Category, Scheme
from tests.catalog.test_search import make_item, titles  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def seeded(scheme, code):
    return Category.objects.get(scheme=scheme, code=code)


# ------------------------------------------------------------------ category names

def test_topic_name_finds_an_item_classed_under_it(make_item):
    item = make_item("关于2024年度低保资金发放情况的公示", "本季度共发放资金12万元。")
    item.topic = seeded(Scheme.TOPIC, "T16")            # 民政、扶贫、救灾
    item.save()
    search.index_item(item)                              # as the catalog services do on edit
    make_item("关于秸秆禁烧的通告", "严禁焚烧秸秆。")
    assert titles(search.search("扶贫")) == ["关于2024年度低保资金发放情况的公示"]
    assert titles(search.search("救灾")) == ["关于2024年度低保资金发放情况的公示"]


def test_catalog_category_and_genre_names_are_searchable(make_item):
    make_item("城关街道2024年第二季度名单", "名单如下。", genre=seeded(Scheme.GENRE, "G19"),       # 公示
              categories=[seeded(Scheme.STATUTORY, "ART21-T-07")])                             # 筹资筹劳
    assert titles(search.search("筹资筹劳")) == ["城关街道2024年第二季度名单"]
    assert titles(search.search("公示")) == ["城关街道2024年第二季度名单"]


def test_item_naming_the_word_ranks_above_one_only_classed_under_it(make_item):
    classed = make_item("困难群众临时救助名单", "名单如下。", published=dt.date(2024, 6, 1))
    classed.topic = seeded(Scheme.TOPIC, "T16")
    classed.save()
    search.index_item(classed)
    make_item("另一份通知", "今年继续做好扶贫工作。", published=dt.date(2024, 1, 1))
    assert titles(search.search("扶贫")) == ["另一份通知", "困难群众临时救助名单"]


def test_renaming_a_category_reindexes_its_items(make_item):
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from gongkai.catalog.models import Item

    local = Category.objects.create(scheme=Scheme.DOMAIN, code="LOCAL-X", name="老旧小区改造")
    make_item("关于加装电梯的通知", "各小区报名。", categories=[local])
    assert search.search("老旧小区").total == 1
    search.connect_signals()
    try:
        local.name = "城镇老旧小区更新"
        local.save()
    finally:
        post_save.disconnect(sender=Item, dispatch_uid="gongkai.catalog.search.save")
        post_delete.disconnect(sender=Item, dispatch_uid="gongkai.catalog.search.delete")
        m2m_changed.disconnect(sender=Item.categories.through, dispatch_uid="gongkai.catalog.search.categories")
        post_save.disconnect(sender=Category, dispatch_uid="gongkai.catalog.search.category_saved")
    assert search.search("更新").total == 1
    assert search.search("改造").total == 0


# ------------------------------------------------------------------ exact identifiers

def test_exact_index_number_comes_first(make_item):
    wanted = make_item("城关街道政府信息公开指南", "指南全文。")
    make_item("其他信息", "见上文。")
    page = search.search(wanted.index_no)
    assert titles(page) == ["城关街道政府信息公开指南"]
    assert page.total == 1 and page.hits[0].exact
    assert search.search(wanted.index_no.lower()).hits[0].item == wanted


def test_exact_doc_number_in_any_bracket_spelling_comes_first(make_item):
    cited = make_item("关于贯彻落实城府办发〔2024〕7号文件的通知", "请遵照执行。", published=dt.date(2024, 9, 1))
    original = make_item("城关街道2024年临时救助实施办法", "第一条 为规范临时救助。",
                         doc_number="城府办发〔2024〕7号", published=dt.date(2024, 3, 1))
    for typed in ("城府办发〔2024〕7号", "城府办发[2024]7号", "城府办发（2024）7号", "城府办发(2024)7号"):
        page = search.search(typed)
        assert [h.item for h in page.hits][:1] == [original], typed
        assert cited in [h.item for h in page.hits], typed
        assert page.total == 2, typed          # the original also matches as text: counted once


def test_exact_match_respects_filters_and_paging(make_item, town):
    wanted = make_item("城关街道政府信息公开指南", "指南全文。")
    assert search.search(wanted.index_no, unit_ids=[town.pk]).total == 0
    for n in range(3):
        make_item(f"关于城府发〔2024〕1号的说明{n}", "说明。", published=dt.date(2024, 5, 1 + n))
    make_item("城府发〔2024〕1号原文", "原文。", doc_number="城府发〔2024〕1号", published=dt.date(2023, 1, 1))
    pages = [search.search("城府发〔2024〕1号", page=p, per_page=2) for p in (1, 2)]
    shown = [h.item.title for page in pages for h in page.hits]
    assert shown[0] == "城府发〔2024〕1号原文"
    assert len(shown) == len(set(shown)) == 4 and pages[0].total == 4


# ------------------------------------------------------------------ sort by date

def test_sort_by_date_lists_newest_first(make_item):
    make_item("低保低保低保工作通报", "低保 低保 低保", published=dt.date(2023, 1, 5))
    make_item("关于低保的通知", "正文。", published=dt.date(2024, 8, 1))
    make_item("年度总结", "其中涉及低保。", published=dt.date(2025, 2, 1))
    by_relevance = titles(search.search("低保"))
    by_date = titles(search.search("低保", sort=search.SORT_DATE))
    assert by_date == ["年度总结", "关于低保的通知", "低保低保低保工作通报"]
    assert by_relevance[-1] == "年度总结"        # body-only match: last by relevance
    assert titles(search.search("低保", sort="nonsense")) == by_relevance


def test_portal_search_offers_and_keeps_the_date_sort(client, make_item):
    make_item("关于低保的通知", "正文。", published=dt.date(2024, 8, 1))
    make_item("年度总结", "其中涉及低保。", published=dt.date(2025, 2, 1))
    make_item("低保标准公示", "低保。", published=dt.date(2023, 2, 1))
    html = client.get(reverse("portal:search"), {"q": "低保"}).content.decode()
    assert "按相关度" in html and "按日期" in html
    link = re.search(r'href="([^"]*sort=date[^"]*)"', html).group(1).replace("&amp;", "&")
    html = client.get(reverse("portal:search") + link).content.decode()
    order = [html.index(t) for t in ("年度总结", "的通知", "标准公示")]
    assert order == sorted(order)
    assert 'name="sort" value="date"' in html                    # a new query keeps the sort


def test_portal_search_by_index_number_shows_the_item(client, make_item):
    wanted = make_item("城关街道政府信息公开指南", "指南全文。")
    html = client.get(reverse("portal:search"), {"q": wanted.index_no}).content.decode()
    assert reverse("portal:item", args=[wanted.pk]) in html and "索引号/文号相符" in html
