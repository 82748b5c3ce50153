"""One answer to "may I" for the assessment: the index, ranking and scorecard pages offer a form,
a link or a section exactly when the service (or the page behind the link) accepts — for every
role and for a scheme of the county or of a town below it.

Each case renders the pages as the role and notes what they offer, then calls every service with
valid input inside a rolled-back savepoint (and opens every linked page) and notes which accept;
the two sets are equal, and equal to what allowed_actions / index_actions say."""
import pytest
from django.urls import reverse

from gongkai.assessment import permissions, scoring, services
from gongkai.units.models import Role, Unit, UnitKind
from tests.conftest import PASSWORD
from tests.service_probe import accepts

pytestmark = pytest.mark.django_db
ROLES = ("street_clerk", "street_admin", "supervisor", "town_supervisor")


@pytest.fixture(autouse=True)
def _no_sibling_metrics(monkeypatch):
    """Duties and workplan metrics are their own apps' business: here they are 无数据."""
    monkeypatch.setattr(scoring, "_metric", lambda module, name: None)


@pytest.fixture
def town_supervisor(make_user, town):
    return make_user(town, Role.SUPERVISOR, "town_supervisor", full_name="周督")


def _accepts(call) -> bool:
    return accepts(call, services.AssessmentError)


def _offered(html: str, target: str) -> bool:
    return any(f'{attr}="{target}"' in html for attr in ("action", "href"))


def _opens(client, url: str) -> bool:
    status = client.get(url).status_code
    assert status in (200, 404), url
    return status == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", ["county", "town"])
def test_offered_exactly_when_the_service_accepts(owner, role, request, client, supervisor, town_supervisor,
                                                  street, today):
    scheme_unit = request.getfixturevalue(owner)
    scheme = services.create_scheme(supervisor if owner == "county" else town_supervisor, scheme_unit, year=2026)
    assessed = street if owner == "county" else Unit.objects.create(  # a unit the scheme assesses
        name="河口镇农业服务中心", code="T1290", kind=UnitKind.DEPARTMENT, parent=scheme_unit)
    user = request.getfixturevalue(role)
    assert client.login(username=user.username, password=PASSWORD)
    ranking_url = reverse("assessment:ranking", args=[scheme.pk])
    card_url = reverse("assessment:scorecard", args=[scheme.pk, assessed.pk])
    pages = {"index": reverse("assessment:index"), "ranking": ranking_url, "card": card_url}
    html = {name: client.get(url).content.decode() for name, url in pages.items()}

    rows = [
        ("edit", reverse("assessment:scheme_edit", args=[scheme.pk]), ("index", "ranking"),
         lambda: services.update_scheme(user, scheme, name="修改后的方案", indicators=scheme.indicators)),
        ("adjust", reverse("assessment:adjust", args=[scheme.pk, assessed.pk]), ("card",),
         lambda: services.adjust(user, scheme, unit=assessed, points="-1", reason="经督查通报")),
        ("create", reverse("assessment:scheme_new"), ("index",),
         lambda: services.create_scheme(user, user.unit, year=2027)),
    ]
    shown = {name for name, target, on, _ in rows for page in on if _offered(html[page], target)}
    accepted = {name for name, _, _, call in rows if _accepts(call)}
    assert shown == accepted, f"shown but refused: {shown - accepted}; accepted but hidden: {accepted - shown}"

    # the ranking: linked from the index and the scorecard exactly when it opens
    opens = _opens(client, ranking_url)
    assert _offered(html["index"], ranking_url) == opens
    if _opens(client, card_url):
        assert _offered(html["card"], ranking_url) == opens

    # the trend: linked from the ranking when it opens; from the index when it has an own scheme to draw
    trend_url = reverse("assessment:trend")
    trend_opens = _opens(client, trend_url)
    if opens:
        assert _offered(html["ranking"], trend_url) == trend_opens
    own = scheme_unit.pk == user.unit_id
    assert _offered(html["index"], trend_url) == (trend_opens and own)

    allowed = permissions.allowed_actions(user, scheme)
    assert {"edit": allowed.edit, "adjust": allowed.adjust, "ranking": allowed.ranking, "trend": allowed.trend} == {
        "edit": "edit" in accepted, "adjust": "adjust" in accepted, "ranking": opens, "trend": trend_opens}
    index = permissions.index_actions(user, services.visible_schemes(user))
    assert index.create == ("create" in accepted)
    assert (scheme.pk in index.edit) == ("edit" in accepted) and (scheme.pk in index.supervise) == opens
