"""Only published items, and their attachments, ever reach the public."""
import pytest
from django.urls import reverse

from gongkai.catalog.models import ItemStatus

pytestmark = pytest.mark.django_db

HIDDEN = [ItemStatus.DRAFT, ItemStatus.SUBMITTED, ItemStatus.APPROVED, ItemStatus.WITHDRAWN]
SECRET = "内部草稿低保名单"


@pytest.fixture
def hidden_items(make_item, category, add_attachment, indexed):
    items = []
    for status in HIDDEN:
        item = make_item(f"{SECRET}{status}", status=status, genre=category("genre", "G08"),
                         categories=[category("statutory", "ART20-11"), category("domain", "D18")],
                         body=f"<p>{SECRET}正文</p>", body_text=f"{SECRET}正文 年度报告")
        add_attachment(item, name=f"{status}.pdf")
        items.append(item)
    indexed(*items)
    return items


@pytest.fixture
def public_item(make_item, category, indexed):
    item = make_item("低保名单公示", categories=[category("statutory", "ART20-11"), category("domain", "D18")])
    indexed(item)
    return item


@pytest.mark.parametrize("status", HIDDEN)
def test_unpublished_item_page_is_404(client, hidden_items, status):
    item = next(i for i in hidden_items if i.status == status)
    assert client.get(reverse("portal:item", args=[item.pk])).status_code == 404


@pytest.mark.parametrize("status", HIDDEN)
def test_unpublished_items_attachment_is_404(client, hidden_items, status):
    item = next(i for i in hidden_items if i.status == status)
    attachment = item.attachments.get()
    assert client.get(reverse("portal:attachment", args=[attachment.pk])).status_code == 404


def test_unknown_item_and_attachment_are_404(client):
    assert client.get(reverse("portal:item", args=[999999])).status_code == 404
    assert client.get(reverse("portal:attachment", args=[999999])).status_code == 404


def test_withdrawing_hides_a_published_item(client, public_item, add_attachment):
    attachment = add_attachment(public_item)
    public_item.status = ItemStatus.WITHDRAWN
    public_item.save()
    assert client.get(reverse("portal:item", args=[public_item.pk])).status_code == 404
    assert client.get(reverse("portal:attachment", args=[attachment.pk])).status_code == 404


def test_unpublished_items_never_appear_in_lists(client, hidden_items, public_item, category):
    urls = [
        reverse("portal:home"),
        reverse("portal:catalog"),
        reverse("portal:catalog") + "?year=2024",
        reverse("portal:statutory_detail", args=[category("statutory", "ART20-11").pk]),
        reverse("portal:statutory_detail", args=[category("statutory", "ART20").pk]),
        reverse("portal:domain_detail", args=[category("domain", "D18").pk]),
        reverse("portal:reports"),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert SECRET not in html, url
    assert "低保名单公示" in client.get(reverse("portal:catalog")).content.decode()


def test_unpublished_items_never_appear_in_search(client, hidden_items, public_item):
    for url in ("portal:search", "portal:catalog"):
        html = client.get(reverse(url), {"q": "低保名单"}).content.decode()
        assert SECRET not in html, url
        assert "公示" in html, url


def test_counts_ignore_unpublished_items(client, hidden_items, category):
    html = client.get(reverse("portal:statutory")).content.decode()
    row = html.split(reverse("portal:statutory_detail", args=[category("statutory", "ART20-11").pk]))[1]
    assert '<td class="num">0</td>' in row.split("</tr>")[0]


def test_inactive_category_is_404(client, category):
    cat = category("domain", "D01")
    cat.is_active = False
    cat.save()
    assert client.get(reverse("portal:domain_detail", args=[cat.pk])).status_code == 404
