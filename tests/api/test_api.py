"""The JSON API: public endpoints see published items only; /work/ is scoped like the workbench."""
import pytest
from django.utils import timezone

from gongkai.catalog import services
from tests.conftest import PASSWORD

TODAY = timezone.localdate()


@pytest.fixture
def items(street_clerk, street_reviewer, town_clerk):
    published = services.create_item(street_clerk, title="城关街道扶贫项目资金公示", written_date=TODAY,
                                      body="<p>精准扶贫项目资金使用情况</p>")
    services.submit_item(street_clerk, published)
    services.approve_item(street_reviewer, published, opinion="同意")
    published = services.publish_item(street_clerk, published)
    draft = services.create_item(street_clerk, title="城关街道内部草稿", written_date=TODAY, body="<p>扶贫</p>")
    town = services.create_item(town_clerk, title="河口镇草稿", written_date=TODAY, body="<p>x</p>")
    return published, draft, town


def test_public_list_and_detail_show_only_published(client, items):
    published, draft, _ = items
    data = client.get("/api/v1/items").json()
    assert [i["title"] for i in data["items"]] == [published.title] and data["count"] == 1
    detail = client.get(f"/api/v1/items/{published.pk}").json()
    assert detail["index_no"] == published.index_no and detail["unit"] == "城关街道办事处"
    assert client.get(f"/api/v1/items/{draft.pk}").status_code == 404


def test_public_search_finds_two_character_words(client, items):
    data = client.get("/api/v1/search", {"q": "扶贫"}).json()
    assert data["total"] == 1 and "<mark>扶贫</mark>" in data["hits"][0]["snippet_html"]


def test_work_api_needs_login_and_is_scoped(client, items, town_clerk, supervisor):
    published, draft, town = items
    assert client.get("/api/v1/work/items").status_code == 401
    client.login(username=town_clerk.username, password=PASSWORD)
    titles = {i["title"] for i in client.get("/api/v1/work/items").json()["items"]}
    assert titles == {town.title}
    assert client.get(f"/api/v1/work/items/{draft.pk}").status_code == 404
    client.logout()
    client.login(username=supervisor.username, password=PASSWORD)
    titles = {i["title"] for i in client.get("/api/v1/work/items").json()["items"]}
    assert titles == {published.title, draft.title, town.title}


def test_api_docs_are_served_without_a_cdn(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "swagger" in page.lower() and "cdn" not in page.lower() and "//unpkg" not in page


def test_index_number_links_reach_published_items_only(client, items):
    published, draft, _ = items
    response = client.get(f"/index/{published.index_no}")
    assert response.status_code == 302 and response["Location"] == f"/items/{published.pk}/"
    assert client.get(f"/index/{draft.index_no}").status_code == 404
    assert client.get("/index/NOPE/2026-00001").status_code == 404


@pytest.mark.parametrize("query", ["year=-9306", "year=4685998", "unit=100000000000000000000",
                                   "category=100000000000000000000", "genre=-1"])
def test_out_of_range_filters_are_refused_not_500(client, items, query):
    # found by schemathesis: these used to reach the database and answer 500
    assert client.get(f"/api/v1/items?{query}").status_code == 422


def test_huge_item_id_is_refused_not_500(client):
    assert client.get("/api/v1/items/100000000000000000000").status_code in (404, 422)


def test_page_past_any_offset_is_refused_not_500(client, items):
    # found by schemathesis: page=9066176082794039296 overflowed the SQL offset
    assert client.get("/api/v1/items?page=9066176082794039296").status_code == 422


def _attach(item, name="附件1：资金明细.pdf", data=b"%PDF-1.4\n% api test\n%%EOF\n"):
    import hashlib

    from django.core.files.base import ContentFile

    from gongkai.catalog.models import Attachment

    digest = hashlib.sha256(data + name.encode()).hexdigest()
    att = Attachment(item=item, name=name, kind="pdf", size=len(data), sha256=digest)
    att.file.save(f"{digest}.pdf", ContentFile(data), save=False)
    att.save()
    return att


def test_item_with_an_attachment_lists_its_download_link(client, items):
    # found by the probe (issue 10, finding 5): every item with an attachment answered 500
    published, _, _ = items
    att = _attach(published)
    detail = client.get(f"/api/v1/items/{published.pk}")
    assert detail.status_code == 200
    [listed] = detail.json()["attachments"]
    assert listed["name"] == att.name and listed["size"] == att.size
    download = client.get(listed["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_work_item_with_an_attachment_links_to_the_staff_download(client, items, street_clerk):
    _, draft, _ = items
    att = _attach(draft)
    client.login(username=street_clerk.username, password=PASSWORD)
    detail = client.get(f"/api/v1/work/items/{draft.pk}")
    assert detail.status_code == 200
    [listed] = detail.json()["attachments"]
    assert listed["id"] == att.pk
    assert client.get(listed["url"]).status_code == 200
    client.logout()
    assert client.get(listed["url"]).status_code in (302, 403, 404)


def test_item_detail_carries_the_notice_period_and_whether_it_was_published_after_it(
        client, street_clerk, street_reviewer):
    import datetime as dt

    start, end = TODAY - dt.timedelta(days=10), TODAY - dt.timedelta(days=4)
    item = services.create_item(street_clerk, title="城关街道低保对象公示", written_date=TODAY - dt.timedelta(days=11),
                                body="<p>低保对象名单</p>", notice_start=start, notice_end=end)
    services.submit_item(street_clerk, item)
    services.approve_item(street_reviewer, item, opinion="同意")
    services.publish_item(street_clerk, item)
    detail = client.get(f"/api/v1/items/{item.pk}").json()
    assert (detail["notice_start"], detail["notice_end"]) == (start.isoformat(), end.isoformat())
    assert detail["notice_period_ended"] is True
    plain = client.get("/api/v1/items").json()["items"][0]
    assert "notice_start" not in plain           # the list stays a summary
