"""One answer to "may I" for catalog items: the item page shows a button (or form) exactly when the
service behind it accepts the action — for every action, in every state, for every role.

Each case renders the page as the role, notes which actions it offers, then calls every service
with valid input inside a rolled-back savepoint and notes which accept; the two sets are equal."""
import io

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from gongkai.catalog import interpretation_services, services
from gongkai.catalog.models import Item
from gongkai.catalog.permissions import allowed_actions
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Personal-data findings are cached by item id; ids repeat from one test to the next."""
    cache.clear()
    yield
    cache.clear()


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("L", (200, 100), 255).save(buf, "PNG")
    return buf.getvalue()


def _draft(clerk, reviewer):
    return services.create_item(clerk, title="城关街道2026年养老服务补贴公示", written_date=TODAY,
                                body="<p>养老服务补贴名单</p>")


def _draft_with_pii(clerk, reviewer):
    return services.create_item(clerk, title="城关街道2026年临时救助公示", written_date=TODAY,
                                body="<p>救助对象王小明，身份证号11010519491231002X</p>")


def _submitted(clerk, reviewer):
    return services.submit_item(clerk, _draft(clerk, reviewer))


def _approved(clerk, reviewer):
    item = _submitted(clerk, reviewer)
    services.approve_item(reviewer, item, opinion="同意")
    return item


def _published(clerk, reviewer):
    return services.publish_item(clerk, _approved(clerk, reviewer))


def _repealed(clerk, reviewer):
    return services.repeal_item(reviewer, _published(clerk, reviewer), repealed_date=TODAY, reason="已被新文件替代")


def _withdrawn(clerk, reviewer):
    return services.withdraw_item(reviewer, _published(clerk, reviewer), reason="内容有误")


STATES = {"draft": _draft, "draft_with_pii": _draft_with_pii, "submitted": _submitted, "approved": _approved, "published": _published,
          "repealed": _repealed, "withdrawn": _withdrawn}
ROLES = ("street_clerk", "street_reviewer", "street_admin", "supervisor")


def actions(item):
    """(name, the form's or link's target on the page, a call of the service with valid input)."""
    def url(name):
        return reverse(f"catalog:{name}", args=[item.pk])
    return [
        ("edit", url("item_edit"), lambda u, i: services.update_item(u, i, title="城关街道养老服务补贴公示（修订）")),
        ("submit", url("item_submit"), lambda u, i: services.submit_item(u, i)),
        ("approve", url("item_approve"),
         lambda u, i: services.approve_and_publish(u, i, opinion="同意", pii_override_reason="", published_date=TODAY,
                                                   channels=("website",))),
        ("reject", url("item_reject"), lambda u, i: services.reject_item(u, i, opinion="请补充依据")),
        ("publish", url("item_publish"), lambda u, i: services.publish_item(u, i, published_date=TODAY)),
        ("withdraw", url("item_withdraw"), lambda u, i: services.withdraw_item(u, i, reason="内容有误")),
        ("repeal", url("item_repeal"), lambda u, i: services.repeal_item(u, i, repealed_date=TODAY, reason="已被替代")),
        ("channel", url("item_channel"), lambda u, i: services.record_channel(u, i, channel="notice_board",
                                                                              published_on=TODAY)),
        ("mask", url("item_mask"), _masks_something),
        ("attachments", url("attachment_upload"),
         lambda u, i: services.add_attachment(u, i, name="扫描件.png", data=_png())),
        ("interpret", url("interpretation_new"),
         lambda u, i: interpretation_services.create_interpretation(
             u, documents=[i], unit=i.unit, title="《养老服务补贴公示》解读", written_date=TODAY,
             body="<p>一、背景。二、内容。</p>")),
    ]


def _masks_something(user, item):
    """一键脱敏 is accepted when it masks something (on a body without personal data it does nothing,
    and the page offers it only beside the findings)."""
    if not services.mask_body_pii(user, item):
        raise services.WorkflowError("正文中没有可自动脱敏的个人信息")


class _Undo(Exception):
    pass


def _accepts(call, user, item) -> bool:
    try:
        with transaction.atomic():
            call(user, Item.objects.select_related("unit").get(pk=item.pk))
            raise _Undo
    except _Undo:
        return True
    except services.WorkflowError:
        return False


def _offered(html: str, target: str) -> bool:
    return any(f'{attr}="{target}"' in html for attr in ("action", "formaction", "href"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
def test_button_shown_exactly_when_the_service_accepts(state, role, request, client, street_clerk,
                                                       street_reviewer):
    item = STATES[state](street_clerk, street_reviewer)
    user = request.getfixturevalue(role)
    assert client.login(username=user.username, password=PASSWORD)
    html = client.get(reverse("catalog:item", args=[item.pk])).content.decode()
    rows = actions(item)
    shown = {name for name, target, _ in rows if _offered(html, target)}
    accepted = {name for name, _, call in rows if _accepts(call, user, item)}
    assert shown == accepted, f"shown but refused: {shown - accepted}; accepted but hidden: {accepted - shown}"
    assert set(allowed_actions(user, Item.objects.get(pk=item.pk)).names()) - {"mask"} == accepted - {"mask"}
