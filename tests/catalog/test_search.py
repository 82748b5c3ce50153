"""Full-text search of published items (gongkai.catalog.search), on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest

from gongkai.catalog import search
from gongkai.catalog.models import Category, Item, ItemStatus, Scheme

pytestmark = pytest.mark.django_db

_serial = itertools.count(1)


@pytest.fixture
def make_item(street_clerk):
    """A published item made through the ORM and indexed, as the catalog services do."""
    def make(title, body_text="", *, unit=None, status=ItemStatus.PUBLISHED, published=dt.date(2024, 5, 20),
             genre=None, categories=(), doc_number="", index=True):
        unit = unit or street_clerk.unit
        item = Item.objects.create(
            unit=unit, index_no=f"{unit.code}/{published.year}-S{next(_serial):05d}", title=title,
            doc_number=doc_number, publisher=unit.name, written_date=published - dt.timedelta(days=3),
            published_date=published, body=f"<p>{body_text}</p>", body_text=body_text, status=status,
            genre=genre, created_by=street_clerk)
        if categories:
            item.categories.set(categories)
        if index:
            search.index_item(item)
        return item
    return make


@pytest.fixture
def category():
    def make(scheme, code, name):
        return Category.objects.create(scheme=scheme, code=code, name=name)
    return make


def titles(page):
    return [hit.item.title for hit in page.hits]


# ------------------------------------------------------------------------ recall

def test_two_character_word_inside_a_longer_word(make_item):
    make_item("关于开展精准扶贫工作的通知", "各村要落实帮扶责任。")
    make_item("关于做好秸秆禁烧工作的通知", "严禁焚烧秸秆。")
    page = search.search("扶贫")
    assert titles(page) == ["关于开展精准扶贫工作的通知"]
    assert page.total == 1 and page.message == ""


def test_phrase_is_found_and_ranked_above_scattered_characters(make_item):
    make_item("社会救助工作通报", "农村低保对象共计120户，农村低保标准每月600元。")
    make_item("城乡低保标准公示", "低保标准适用于城乡居民，农村地区另行公布。")   # 农村 and 低保, not 农村低保
    make_item("一般工作通知", "今年农村低保资金已经发放。")
    page = search.search("农村低保")
    assert titles(page) == ["社会救助工作通报", "一般工作通知"]
    assert page.hits[0].rank > page.hits[1].rank > 0


def test_recall_for_any_substring_of_two_or_more_characters(make_item):
    text = "县人民政府关于印发巩固拓展脱贫攻坚成果同乡村振兴有效衔接实施方案的通知"
    make_item("某通知", text)
    for i in range(len(text) - 1):
        for j in range(i + 2, min(len(text), i + 8) + 1):
            assert search.search(text[i:j]).total == 1, text[i:j]


def test_single_character_and_mixed_script_queries(make_item):
    make_item("河口镇人民政府2024年部门预算", "宁政办发〔２０２４〕15号文件要求……")
    assert search.search("镇").total == 1
    assert "单个字" in search.search("镇").message
    assert search.search("预").total == 1       # inside 预算, not at the end of a run
    assert search.search("2024年部门").total == 1
    assert search.search("〔2024〕15号").total == 1
    assert search.search("2024 15号").total == 1
    assert search.search("2015").total == 0      # whole words only: 15 is not 2015


def test_doc_number_is_searchable_and_counts_as_title(make_item):
    make_item("关于调整最低工资标准的通知", "正文。", doc_number="示人社发〔2024〕7号")
    make_item("其他通知", "参照示人社发〔2024〕7号执行。")
    page = search.search("示人社发〔2024〕7号")
    assert titles(page) == ["关于调整最低工资标准的通知", "其他通知"]


def test_full_width_and_case_are_folded(make_item):
    make_item("COVID-19疫苗接种点公告", "接种时间为２０２４年３月。")
    assert search.search("covid").total == 1
    assert search.search("2024年3月").total == 1


# ------------------------------------------------------------------------ status

def test_drafts_and_other_unpublished_items_are_never_found(make_item):
    for status in (ItemStatus.DRAFT, ItemStatus.SUBMITTED, ItemStatus.APPROVED, ItemStatus.WITHDRAWN):
        make_item(f"扶贫资金使用情况（{status}）", "扶贫资金。", status=status)
    published = make_item("扶贫资金使用情况", "扶贫资金。")
    page = search.search("扶贫资金")
    assert [hit.item.pk for hit in page.hits] == [published.pk]


def test_withdrawn_item_disappears_after_index_item(make_item):
    item = make_item("低保对象名单公示", "公示期7天。")
    assert search.search("低保").total == 1
    item.status = ItemStatus.WITHDRAWN
    item.save()
    search.index_item(item)
    assert search.search("低保").total == 0


def test_stale_index_row_never_shows_an_unpublished_item(make_item):
    item = make_item("低保对象名单公示", "公示期7天。")
    Item.objects.filter(pk=item.pk).update(status=ItemStatus.DRAFT)    # behind the index's back
    assert search.search("低保").hits == []


def test_edit_is_reflected_and_remove_item(make_item):
    item = make_item("防汛抗旱工作方案", "做好防汛准备。")
    item.title = "森林防火工作方案"
    item.body_text = "做好森林防火。"
    item.published_date = dt.date(2025, 1, 2)
    item.save()
    search.index_item(item)
    assert search.search("防汛").total == 0
    assert search.search("防火", year=2025).total == 1
    search.remove_item(item.pk)
    assert search.search("防火").total == 0


def test_reindex_all_rebuilds_from_published_items(make_item):
    make_item("扶贫项目公示", "扶贫项目。", index=False)
    make_item("扶贫项目草稿", "扶贫项目。", status=ItemStatus.DRAFT, index=False)
    assert search.search("扶贫").total == 0
    assert search.reindex_all(batch_size=1) == 1          # first fill
    assert titles(search.search("扶贫")) == ["扶贫项目公示"]
    Item.objects.filter(title="扶贫项目草稿").update(status=ItemStatus.PUBLISHED)
    Item.objects.filter(title="扶贫项目公示").update(title="产业项目公示")
    assert search.reindex_all(batch_size=1) == 2          # over a live index
    assert titles(search.search("扶贫")) == ["扶贫项目草稿", "产业项目公示"]   # title match first
    assert titles(search.search("产业项目")) == ["产业项目公示"]


def test_postgres_keeps_a_long_document_in_the_row_not_in_toast(make_item):
    """A phrase recheck reads the row's tsvectors: from TOAST it costs 3-7x more (bench/search.py).
    Neither the document nor the small title and facet vectors beside it go there."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL storage only")
    body = "".join(f"第{n}项扶贫资金发放情况公示，涉及农户和村集体经济组织。" for n in range(40))   # ~1,000 characters
    make_item("扶贫资金公示", body)
    assert search.search("村集体经济").total == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM catalog_item_search")   # the row's partition
        partition = cursor.fetchone()[0]
        cursor.execute("SELECT reltoastrelid::regclass::text FROM pg_class WHERE oid = %s::regclass", [partition])
        toast = cursor.fetchone()[0]
        cursor.execute("SELECT pg_column_size(document) FROM catalog_item_search")
        assert cursor.fetchone()[0] > 2100          # above the TOAST threshold,
        cursor.execute(f"SELECT count(*) FROM {toast}")
        assert cursor.fetchone()[0] == 0            # yet stored in the row


@pytest.mark.django_db(transaction=True)
def test_reindex_all_outside_a_transaction_leaves_the_postgres_index_vacuumed(make_item):
    """Fresh rows without hint bits make every first read write its page (bench/search.py: 扶贫's
    count 171 ms before VACUUM, 35 ms after): a rebuild run in autocommit vacuums the table itself."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL storage only")
    try:
        make_item("扶贫资金公示", "资金用于产业扶贫。")
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM catalog_item_search")     # a first fill, as after migrating
        assert search.reindex_all() == 1
        with connection.cursor() as cursor:
            cursor.execute("SELECT relpages, relallvisible FROM pg_class WHERE oid = "
                           "(SELECT tableoid FROM catalog_item_search)")   # the row's partition
            pages, all_visible = cursor.fetchone()
        assert pages > 0 and all_visible == pages
        assert titles(search.search("扶贫")) == ["扶贫资金公示"]
    finally:
        with connection.cursor() as cursor:     # not a model: the flush after this test leaves it alone
            cursor.execute("DELETE FROM catalog_item_search")


# ---------------------------------------------------------------------- ranking

def test_title_match_outranks_body_only_match(make_item):
    make_item("社会救助工作情况", "低保" * 30, published=dt.date(2024, 6, 1))
    make_item("低保标准调整公告", "标准调整。", published=dt.date(2023, 1, 1))
    page = search.search("低保")
    assert titles(page) == ["低保标准调整公告", "社会救助工作情况"]


def test_matches_beyond_the_ranked_window_follow_newest_first(make_item, monkeypatch):
    monkeypatch.setattr(search, "RANK_WINDOW", 2)
    for n in range(5):
        make_item(f"工作通知{n}", "扶贫" * (5 - n) + "。", published=dt.date(2024, 1, 1) + dt.timedelta(days=n))
    page = search.search("扶贫")
    # the two newest are ranked by relevance (more 扶贫 first); the rest by date
    assert titles(page) == ["工作通知3", "工作通知4", "工作通知2", "工作通知1", "工作通知0"]


def test_multi_term_query_needs_every_term(make_item):
    make_item("扶贫资金公示", "资金用于产业扶贫。")
    make_item("扶贫政策解读", "政策要点。")
    assert titles(search.search("扶贫 资金")) == ["扶贫资金公示"]
    assert titles(search.search("扶贫，资金")) == ["扶贫资金公示"]


def test_long_query_without_exact_match_is_relaxed_into_words(make_item):
    make_item("低保申请须知", "申请低保需要满足收入条件。")
    page = search.search("低保申请条件")
    assert titles(page) == ["低保申请须知"]
    assert "没有找到完整包含" in page.message


# ----------------------------------------------------------------------- filters

def test_filters_combine_with_the_query(make_item, street, town, category):
    notice = category(Scheme.GENRE, "TS-G1", "测试通知")
    report = category(Scheme.GENRE, "TS-G2", "测试报告")
    relief = category(Scheme.DOMAIN, "TS-D1", "测试社会救助")
    a = make_item("街道低保公示", "低保。", unit=street, published=dt.date(2024, 3, 1), genre=notice,
                  categories=[relief])
    b = make_item("镇低保公示", "低保。", unit=town, published=dt.date(2024, 4, 1), genre=report)
    c = make_item("镇低保报告", "低保。", unit=town, published=dt.date(2023, 4, 1), genre=notice,
                  categories=[relief])
    make_item("镇预算公开", "预算。", unit=town, published=dt.date(2024, 4, 1), genre=notice, categories=[relief])

    def ids(**filters):
        return {hit.item.pk for hit in search.search("低保", **filters).hits}

    assert ids() == {a.pk, b.pk, c.pk}
    assert ids(unit_ids=[town.pk]) == {b.pk, c.pk}
    assert ids(unit_ids=[town.pk, street.pk]) == {a.pk, b.pk, c.pk}
    assert ids(unit_ids=[]) == set()
    assert ids(year=2024) == {a.pk, b.pk}
    assert ids(year="2023") == {c.pk}
    assert ids(genre_id=notice.pk) == {a.pk, c.pk}
    assert ids(category_id=relief.pk) == {a.pk, c.pk}
    assert ids(unit_ids=[town.pk], year=2023, genre_id=notice.pk, category_id=relief.pk) == {c.pk}
    assert ids(unit_ids=[street.pk], year=2023) == set()


def test_category_change_is_reflected_through_signals(make_item, category):
    search.connect_signals()
    try:
        relief = category(Scheme.DOMAIN, "TS-D2", "测试救助")
        item = make_item("低保标准公示", "低保。")
        assert search.search("低保", category_id=relief.pk).total == 0
        item.categories.add(relief)
        assert search.search("低保", category_id=relief.pk).total == 1
        relief.items.clear()                      # from the category's side
        assert search.search("低保", category_id=relief.pk).total == 0
        relief.items.add(item)
        assert search.search("低保", category_id=relief.pk).total == 1
        item.categories.remove(relief)
        assert search.search("低保", category_id=relief.pk).total == 0
        item.title = "特困供养标准公示"
        item.save()                               # post_save, no explicit index_item
        assert search.search("特困").total == 1
        item_pk = item.pk
        item.delete()                             # post_delete
        assert search.search("特困").total == 0
        assert not Item.objects.filter(pk=item_pk).exists()
    finally:
        from django.db.models.signals import m2m_changed, post_delete, post_save
        post_save.disconnect(sender=Item, dispatch_uid="gongkai.catalog.search.save")
        post_delete.disconnect(sender=Item, dispatch_uid="gongkai.catalog.search.delete")
        m2m_changed.disconnect(sender=Item.categories.through, dispatch_uid="gongkai.catalog.search.categories")


# ---------------------------------------------------------------------- snippets

def test_snippet_marks_matches_and_escapes_html(make_item):
    body = "<script>alert(1)</script>" + "前言。" * 40 + "本镇精准扶贫工作取得成效，扶贫产业覆盖全部村。" + "结语。" * 40
    make_item("工作总结 <b>2024</b>", body)
    hit = search.search("扶贫").hits[0]
    assert "<mark>扶贫</mark>" in hit.snippet_html
    assert hit.snippet_html.count("<mark>") == 2
    assert "<script>" not in hit.snippet_html and "<b>" not in hit.title_html
    assert hit.title_html == "工作总结 &lt;b&gt;2024&lt;/b&gt;"
    assert len(hit.snippet_html.replace("<mark>", "").replace("</mark>", "")) < 200
    assert hit.snippet_html.startswith("…") and hit.snippet_html.endswith("…")


def test_title_html_marks_the_query(make_item):
    make_item("关于<低保>标准的通知", "正文。")
    assert search.search("低保").hits[0].title_html == "关于&lt;<mark>低保</mark>&gt;标准的通知"


def test_snippet_escapes_html_even_without_a_body_match(make_item):
    make_item("低保通知", "a < b & c")
    assert search.search("低保").hits[0].snippet_html == "a &lt; b &amp; c"


# ------------------------------------------------------------------------ paging

def test_paging(make_item):
    for n in range(45):
        make_item(f"低保公示第{n:02d}期", "低保。", published=dt.date(2024, 1, 1) + dt.timedelta(days=n))
    first = search.search("低保", per_page=20)
    assert first.total == 45 and first.num_pages == 3 and first.has_next and not first.has_previous
    last = search.search("低保", page=3, per_page=20)
    assert len(last.hits) == 5 and not last.has_next and last.has_previous
    seen = [h.item.pk for p in (1, 2, 3) for h in search.search("低保", page=p, per_page=20).hits]
    assert len(seen) == len(set(seen)) == 45
    beyond = search.search("低保", page=9)
    assert beyond.hits == [] and beyond.total == 45
    odd = search.search("低保", page="x", per_page=0)
    assert odd.page == 1 and odd.per_page == 20


def test_total_is_capped_with_a_message(make_item, monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    for n in range(5):
        make_item(f"低保公示{n}", "低保。")
    page = search.search("低保", per_page=2)
    assert page.total == 3 and page.total_capped and "超过3条" in page.message
    assert len(search.search("低保", page=2, per_page=2).hits) == 1


# -------------------------------------------------------------------- bad input

@pytest.mark.parametrize("query, message", [
    ("", "请输入"),
    ("    ", "请输入"),
    (None, "请输入"),
    ("低保" * 60, "过长"),
    ("！？。，、", "没有可检索"),
    ('"*:^()', "没有可检索"),
    ("NEAR(", ""),
    ('低保" OR "扶贫', ""),
    ("低保*", ""),
    ("title:低保", ""),
    ("低保 AND NOT 扶贫", ""),
    ("'低保' & !扶贫 | <-> :*", ""),
    ("\\x00\x00低保", ""),
    ("{title}: 低保", ""),
])
def test_bad_queries_never_raise(make_item, query, message):
    make_item("低保公示", "低保。")
    page = search.search(query)
    assert isinstance(page.total, int)
    if message:
        assert message in page.message and page.hits == []


def test_bad_filter_values_do_not_raise(make_item):
    make_item("低保公示", "低保。")
    assert search.search("低保", unit_ids=["x", None], year="abc", category_id="", genre_id="?").total == 0
    assert search.search("低保", year="abc", category_id="", genre_id="?").total == 1
