"""The seeded taxonomies (data migration catalog/0003) and their source module."""
import importlib

from django.apps import apps
from django.db.models import Count

from gongkai.catalog.models import Category, Scheme
from gongkai.domain import taxonomies


def test_source_lists_are_consistent():
    assert taxonomies.problems() == []
    assert len(taxonomies.DOMAINS) == 26
    assert {e.name for e in taxonomies.DOMAINS} >= taxonomies.UNVERIFIED_DOMAIN_NAMES


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
    assert {"通知", "公告", "纪要", "行政规范性文件", "公示"} <= genres and len(genres) == 21  # 20 + 政策解读


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


# ---------------------------------------------------------------- paths: the picker, the item pages, the filters

from collections import Counter  # noqa: E402
from html.parser import HTMLParser  # noqa: E402

from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from gongkai.catalog import services  # noqa: E402
from tests.conftest import PASSWORD  # noqa: E402

ALL_SOCIAL_ASSISTANCE = ["D18", "ART20-11", "ART21-C-07", "ART21-T-08"]
SOCIAL_ASSISTANCE_PATHS = ["基层政务公开领域 › 社会救助", "第二十条 › 民生政策及实施情况",
                           "第二十一条 › 市、县级 › 社会救助", "第二十一条 › 乡（镇） › 社会救助"]


class _Picker(HTMLParser):
    """Legends, checkbox labels and select options (with their optgroup) of a page."""

    def __init__(self):
        super().__init__()
        self.legends, self.labels, self.options, self.tags = [], [], [], []
        self._in = None
        self._group = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("legend", "label", "option", "a"):
            self._in, self._text = tag, ""
        if tag == "optgroup":
            self._group = attrs.get("label")

    def handle_endtag(self, tag):
        if tag == "optgroup":
            self._group = None
        if tag == self._in:
            text = " ".join(self._text.split())
            {"legend": self.legends, "label": self.labels, "a": self.tags}.get(tag, []).append(text)
            if tag == "option":
                self.options.append((self._group, text))
            self._in = None

    def handle_data(self, data):
        if self._in:
            self._text += data


def _parse(html):
    parser = _Picker()
    parser.feed(html)
    return parser


def _filed_item(clerk, codes):
    item = services.create_item(clerk, title="城关街道2026年最低生活保障对象公示", written_date=timezone.localdate(),
                                body="<p>最低生活保障对象名单</p>")
    item.categories.set(Category.objects.filter(code__in=codes))
    return item


def test_paths_tell_repeated_names_apart_and_keep_unique_ones_short():
    nodes = [taxonomies.Node(e.code, e.name, e.parent, e.code, scheme)
             for scheme in (taxonomies.DOMAIN, taxonomies.STATUTORY) for e in taxonomies.entries(scheme)]
    labels = taxonomies.option_labels(nodes, taxonomies.leaves(nodes))
    assert labels["ART21-T-08"] == "第二十一条 › 乡（镇） › 社会救助"
    assert labels["ART21-C-04"] == "第二十一条 › 市、县级 › 土地征收"
    assert labels["D18"] == "基层政务公开领域 › 社会救助"
    assert labels["ART21-T-03"] == "农村土地承包经营权流转"          # unique: no path needed
    assert len(set(labels.values())) == len(labels)                 # no two options read the same
    assert taxonomies.filed_paths(nodes, ALL_SOCIAL_ASSISTANCE + ["ART21", "ART21-C"]) == SOCIAL_ASSISTANCE_PATHS


def test_item_form_is_a_grouped_tree_with_paths(client, street_clerk):
    assert client.login(username=street_clerk.username, password=PASSWORD)
    page = _parse(client.get(reverse("catalog:item_new")).content.decode())
    assert {"基层政务公开领域", "第二十条 主动公开的政府信息", "第二十一条 › 设区的市级、县级人民政府及其部门",
            "第二十一条 › 乡（镇）人民政府"} <= set(page.legends)
    assert "第二十一条 › 乡（镇） › 社会救助" in page.labels
    assert "基层政务公开领域 › 社会救助" in page.labels
    repeated = [name for name, n in Counter(page.labels).items() if n > 1]
    assert repeated == []
    # headings are headings, not boxes to tick
    assert not any(label.startswith("第二十一条 结合") for label in page.labels)


def test_item_form_saves_a_path_labelled_choice(client, street_clerk):
    assert client.login(username=street_clerk.username, password=PASSWORD)
    town_social = Category.objects.get(code="ART21-T-08")
    response = client.post(reverse("catalog:item_new"), {
        "title": "关于2026年临时救助的公示", "written_date": timezone.localdate().isoformat(),
        "disclosure_mode": "proactive", "disclosure_scope": "public",
        "categories": [town_social.pk], "body": "<p>临时救助</p>",
        "topic": Category.objects.get(scheme=Scheme.TOPIC, code="T16").pk,
        "genre": Category.objects.get(scheme=Scheme.GENRE, code="G19").pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    from gongkai.catalog.models import Item
    assert list(Item.objects.get(title="关于2026年临时救助的公示").categories.all()) == [town_social]


def test_workbench_item_page_prints_each_category_with_its_path_once(client, street_clerk):
    item = _filed_item(street_clerk, ALL_SOCIAL_ASSISTANCE + ["ART21"])
    assert client.login(username=street_clerk.username, password=PASSWORD)
    html = client.get(reverse("catalog:item", args=[item.pk])).content.decode()
    assert "；".join(SOCIAL_ASSISTANCE_PATHS) in html
    assert "社会救助、民生政策及实施情况" not in html


def test_public_item_page_links_each_category_with_its_path_once(client, street_clerk, street_reviewer):
    item = _filed_item(street_clerk, ALL_SOCIAL_ASSISTANCE + ["ART21-T"])
    services.submit_item(street_clerk, item)
    services.approve_item(street_reviewer, item, opinion="同意")
    services.publish_item(street_clerk, item)
    page = _parse(client.get(reverse("portal:item", args=[item.pk])).content.decode())
    assert [t for t in page.tags if "›" in t] == SOCIAL_ASSISTANCE_PATHS


def test_catalog_and_search_filters_group_options_and_label_repeats(client, db):
    for url in (reverse("portal:catalog"), reverse("portal:search")):
        page = _parse(client.get(url).content.decode())
        texts = [text for group, text in page.options if group]
        assert [t for t, n in Counter(texts).items() if n > 1] == [], url
        assert ("第二十一条 › 乡（镇）人民政府", "第二十一条 › 乡（镇） › 社会救助") in page.options
        assert ("基层政务公开领域", "基层政务公开领域 › 社会救助") in page.options
