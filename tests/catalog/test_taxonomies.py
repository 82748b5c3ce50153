"""The seeded taxonomies (data migration catalog/0003) and their source module."""
import importlib

from django.apps import apps
from django.db.models import Count

from gongkai.catalog.models import Category, Scheme
from gongkai.domain import taxonomies


def test_source_lists_are_consistent():
    assert taxonomies.problems() == []
    assert len(taxonomies.DOMAINS) == 26
    assert taxonomies.UNVERIFIED_DOMAIN_NAMES <= {e.name for e in taxonomies.DOMAINS}


def test_26_domains_seeded(db):
    domains = Category.objects.filter(scheme=Scheme.DOMAIN)
    assert domains.count() == 26
    assert {"财政预决算", "社会救助", "义务教育", "征地补偿"} <= set(domains.values_list("name", flat=True))


def test_article_20_has_15_items_with_verbatim_wording(db):
    parent = Category.objects.get(scheme=Scheme.STATUTORY, code="ART20")
    items = list(parent.children.order_by("sort_order"))
    assert len(items) == 15
    assert items[0].description.endswith("行政法规、规章和规范性文件")
    assert "第（七）项：财政预算、决算信息" in items[6].description
    assert items[14].description.endswith("法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息")


def test_article_21_county_and_town_lists(db):
    county = Category.objects.get(scheme=Scheme.STATUTORY, code="ART21-C")
    town = Category.objects.get(scheme=Scheme.STATUTORY, code="ART21-T")
    assert county.parent.code == town.parent.code == "ART21"
    assert list(county.children.order_by("sort_order").values_list("name", flat=True)) == \
        ["市政建设", "公共服务", "公益事业", "土地征收", "房屋征收", "治安管理", "社会救助"]
    town_names = set(town.children.values_list("name", flat=True))
    assert {"宅基地使用情况审核", "筹资筹劳", "农村土地承包经营权流转", "农田水利工程建设运营"} <= town_names


def test_topic_and_genre_lists(db):
    topics = set(Category.objects.filter(scheme=Scheme.TOPIC).values_list("name", flat=True))
    genres = set(Category.objects.filter(scheme=Scheme.GENRE).values_list("name", flat=True))
    assert {"综合政务", "民政、扶贫、救灾", "其他"} <= topics and len(topics) == 21
    assert {"通知", "公告", "纪要", "行政规范性文件", "公示"} <= genres and len(genres) == 20


def test_codes_unique_within_each_scheme(db):
    dupes = Category.objects.values("scheme", "code").annotate(n=Count("id")).filter(n__gt=1)
    assert not dupes.exists()
    for scheme, rows in taxonomies.SCHEMES.items():
        assert Category.objects.filter(scheme=scheme).count() == len(rows)


def test_seeding_again_changes_nothing_and_keeps_admin_additions(db):
    Category.objects.create(scheme=Scheme.TOPIC, code="LOCAL1", name="本地专题")
    before = Category.objects.count()
    migration = importlib.import_module("gongkai.catalog.migrations.0003_seed_categories")
    migration.seed_categories(apps, None)
    assert Category.objects.count() == before
    assert Category.objects.filter(code="LOCAL1").exists()
