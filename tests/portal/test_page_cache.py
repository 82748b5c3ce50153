"""The shared cache of anonymous portal pages (gongkai/portal/pagecache.py): a hit costs one query, a
publish, withdraw or edit shows at once, and nothing personal is cached or served from the cache."""
from __future__ import annotations

import pytest
from django.core.cache import caches
from django.urls import reverse

from gongkai.catalog.models import ItemStatus
from gongkai.portal import pagecache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.GONGKAI_PORTAL_CACHE_SECONDS = 300
    caches["portal"].clear()
    yield
    caches["portal"].clear()


def test_a_second_anonymous_read_is_served_from_the_cache_with_one_query(client, make_item,
                                                                         django_assert_max_num_queries):
    make_item("关于印发缓存测试办法的通知")
    first = client.get(reverse("portal:catalog"))
    assert first["X-Portal-Cache"] == "miss"
    with django_assert_max_num_queries(1):
        second = client.get(reverse("portal:catalog"))
    assert second["X-Portal-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_publish_withdraw_and_edit_show_at_once_on_cached_pages(client, make_item):
    item = make_item("关于甲事项的通知")
    url = reverse("portal:catalog")
    page = reverse("portal:item", args=[item.pk])
    assert "关于甲事项的通知" in client.get(url).content.decode()
    assert client.get(page).status_code == 200
    new = make_item("关于乙事项的通知", status=ItemStatus.APPROVED)
    assert "关于乙事项的通知" not in client.get(url).content.decode()
    new.status, new.published_date = ItemStatus.PUBLISHED, item.published_date
    new.save()
    assert "关于乙事项的通知" in client.get(url).content.decode()        # published: listed at once
    item.title = "关于甲事项的通知（修订）"
    item.save()
    assert "（修订）" in client.get(page).content.decode()                # edited: the page is new
    item.status = ItemStatus.WITHDRAWN
    item.save()
    assert client.get(page).status_code == 404                            # withdrawn: gone at once
    assert "关于甲事项的通知" not in client.get(url).content.decode()


def test_a_category_change_is_a_content_change(client, make_item, category):
    node = category("statutory", "ART20-01")
    item = make_item("关于丙事项的通知")
    before = pagecache.generation()
    item.categories.add(node)
    assert pagecache.generation() > before


def test_a_login_is_not_a_content_change(street_clerk):
    before = pagecache.generation()
    street_clerk.last_login = None
    street_clerk.save()
    assert pagecache.generation() == before


def test_a_reader_with_a_session_is_neither_served_nor_stored(client, street_clerk):
    client.get(reverse("portal:home"))
    client.force_login(street_clerk)
    response = client.get(reverse("portal:home"))
    assert "X-Portal-Cache" not in response
    assert "clerk" not in caches["portal"].get(pagecache._key(response.wsgi_request), (0, [], b""))[2].decode()


def test_a_flash_message_reader_is_not_served_from_the_cache(client):
    client.get(reverse("portal:home"))
    client.cookies["messages"] = "x"
    assert "X-Portal-Cache" not in client.get(reverse("portal:home"))


def test_staff_pages_are_never_cached(client):
    response = client.get(reverse("portal:guide"))
    assert response["X-Portal-Cache"] == "miss"
    work = client.get("/work/")
    assert "X-Portal-Cache" not in work


def test_off_when_the_lifetime_is_zero(client, settings):
    settings.GONGKAI_PORTAL_CACHE_SECONDS = 0
    client.get(reverse("portal:guide"))
    assert "X-Portal-Cache" not in client.get(reverse("portal:guide"))


def test_a_cached_page_is_marked_for_nginx_and_a_signed_in_one_is_not(client, make_item, settings, street_clerk):
    """X-Accel-Expires tells nginx (deploy/nginx) to keep the page GONGKAI_EDGE_CACHE_SECONDS; only a page
    the app's own cache keeps gets it."""
    settings.GONGKAI_EDGE_CACHE_SECONDS = 7
    make_item("关于边缘缓存的通知")
    url = reverse("portal:catalog")
    assert 4 <= int(client.get(url)["X-Accel-Expires"]) <= 7        # miss, stored
    assert 4 <= int(client.get(url)["X-Accel-Expires"]) <= 7        # hit
    client.force_login(street_clerk)
    assert "X-Accel-Expires" not in client.get(url)
    client.logout()
    settings.GONGKAI_EDGE_CACHE_SECONDS = 0
    assert "X-Accel-Expires" not in client.get(url)
    settings.GONGKAI_EDGE_CACHE_SECONDS, settings.GONGKAI_PORTAL_CACHE_SECONDS = 7, 0
    assert "X-Accel-Expires" not in client.get(url)


def test_pages_stored_together_do_not_expire_together_at_nginx():
    """Spread from half the limit to the limit, never beyond it (the promised staleness)."""
    seen = {pagecache.edge_seconds(5) for _ in range(400)}
    assert seen == {3, 4, 5}
    assert {pagecache.edge_seconds(1) for _ in range(50)} == {1}
