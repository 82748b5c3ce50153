"""Issue 12: a limited field shows a counter and never cuts pasted text; the server refuses an
over-long value, saying how long it is and what the limit is, and keeps all of it in the form."""
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog.forms import ChannelForm, ItemForm, OpinionForm
from gongkai.catalog.models import Item
from tests.conftest import PASSWORD


def test_limited_fields_render_a_counter_and_no_maxlength(db):
    for form, name, limit in ((ItemForm(), "title", 300), (OpinionForm(), "opinion", 2000),
                              (ChannelForm(), "note", 200)):
        html = str(form[name])
        assert " maxlength=" not in html, html
        assert f'data-maxlength="{limit}"' in html
        assert f'id="id_{name}_count"' in html and f"最多 {limit} 个字" in html
        assert f"id_{name}_count" in html.split(">", 1)[0]  # aria-describedby names the counter


def test_hidden_and_unlimited_fields_are_left_alone(db):
    html = str(ItemForm()["written_date"])
    assert "char-count" not in html and "data-maxlength" not in html


def test_overlong_title_is_refused_with_its_length_and_kept_whole(client, street_clerk):
    assert client.login(username=street_clerk.username, password=PASSWORD)
    title = "关于" + "城关街道养老服务补贴" * 40  # 402 characters, as pasted from a long 文件名
    response = client.post(reverse("catalog:item_new"), {
        "title": title, "written_date": timezone.localdate().isoformat(), "body": "<p>正文</p>",
        "disclosure_mode": "proactive", "disclosure_scope": "public"})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"最多 300 个字，现在有 {len(title)} 个字，请删减后再提交。" in page
    assert title in page  # the whole text is still in the field: nothing was cut
    assert not Item.objects.exists()
