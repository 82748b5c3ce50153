"""复议/诉讼 cases: recording, scoping, and table 四 of the annual report."""
import datetime as dt

import pytest
from django.urls import reverse

from gongkai.applications.handling import services as apps
from gongkai.disputes import services
from gongkai.disputes.models import Dispute
from gongkai.domain import disputes as rules
from gongkai.units.models import AuditEntry
from tests.applications.conftest import applicant, counter_app  # noqa: F401 - fixtures
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def answered(counter_app, street_clerk):
    def make():
        app = counter_app(D(2026, 3, 2))
        return apps.record_decision(street_clerk, app, decision_code="withheld.6", basis="第十六条第二款、第三十六条第（三）项",
                                    answered_on=D(2026, 3, 20))
    return make


def case(user, app, kind, filed, outcome="pending", closed=None):
    return services.create(user, app, data={"kind": kind, "filed_on": filed, "body": "县人民政府",
                                            "case_number": "", "outcome": outcome, "closed_on": closed})


def test_table_four_cells_in_order():
    cases = [
        rules.Case("reconsideration", "upheld", D(2026, 4, 1), D(2026, 6, 1)),
        rules.Case("reconsideration", "corrected", D(2026, 4, 1), D(2026, 6, 1)),
        rules.Case("reconsideration", "upheld", D(2026, 11, 1), D(2027, 1, 5)),   # open at 31 Dec → 尚未审结
        rules.Case("reconsideration", "pending", D(2025, 12, 1)),                  # carried over
        rules.Case("reconsideration", "upheld", D(2025, 3, 1), D(2025, 5, 1)),     # closed last year: not counted
        rules.Case("litigation_direct", "other", D(2026, 5, 1), D(2026, 9, 1)),
        rules.Case("litigation_after", "corrected", D(2026, 7, 1), D(2026, 12, 31)),
        rules.Case("litigation_after", "upheld", D(2027, 1, 2), D(2027, 3, 1)),   # next year
    ]
    assert rules.table_four_cells(cases, 2026) == [1, 1, 0, 2, 4,  0, 0, 1, 0, 1,  0, 1, 0, 0, 1]


def test_case_rules():
    with pytest.raises(ValueError, match="审结日期"):
        rules.Case("reconsideration", "upheld", D(2026, 4, 1))
    with pytest.raises(ValueError, match="尚未审结"):
        rules.Case("reconsideration", "pending", D(2026, 4, 1), D(2026, 5, 1))


def test_record_and_count(answered, street_clerk, town_clerk, street):
    app = answered()
    d1 = case(street_clerk, app, "reconsideration", D(2026, 4, 10))
    case(street_clerk, app, "litigation_direct", D(2026, 4, 11), "upheld", D(2026, 8, 1))
    services.update_outcome(street_clerk, d1, outcome="corrected", closed_on=D(2026, 7, 1), case_number="县政复〔2026〕3号")
    d1.refresh_from_db()
    assert (d1.outcome, d1.case_number, d1.unit) == ("corrected", "县政复〔2026〕3号", street)
    assert services.table_four([street.pk], 2026) == [0, 1, 0, 0, 1,  1, 0, 0, 0, 1,  0, 0, 0, 0, 0]
    assert services.table_four([street.pk + 999], 2026) == [0] * 15
    assert AuditEntry.objects.filter(action__startswith="dispute.").count() == 3
    with pytest.raises(services.DisputeError):
        services.update_outcome(town_clerk, d1, outcome="upheld", closed_on=D(2026, 7, 1))
    with pytest.raises(services.DisputeError):
        case(town_clerk, app, "reconsideration", D(2026, 4, 10))


def test_only_answered_applications_and_dates_checked(counter_app, answered, street_clerk):
    with pytest.raises(services.DisputeError, match="已答复"):
        case(street_clerk, counter_app(D(2026, 3, 2)), "reconsideration", D(2026, 4, 10))
    app = answered()
    with pytest.raises(services.DisputeError, match="早于答复日期"):
        case(street_clerk, app, "reconsideration", D(2026, 3, 19))
    with pytest.raises(services.DisputeError, match="审结日期"):
        case(street_clerk, app, "reconsideration", D(2026, 4, 1), "upheld", None)
    assert not Dispute.objects.exists()


def test_views_and_scoping(client, answered, street_clerk, town_clerk, supervisor):
    app = answered()
    assert client.login(username=street_clerk.username, password=PASSWORD)
    html = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert reverse("disputes:create", args=[app.pk]) in html
    response = client.post(reverse("disputes:create", args=[app.pk]),
                           {"kind": "reconsideration", "filed_on": "2026-04-10", "body": "县人民政府",
                            "case_number": "", "outcome": "pending", "closed_on": ""})
    dispute = Dispute.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("disputes:detail", args=[dispute.pk])
    assert "县人民政府" in client.get(reverse("disputes:list")).content.decode()
    client.post(reverse("disputes:detail", args=[dispute.pk]),
                {"outcome": "upheld", "closed_on": "2026-06-01", "case_number": "县政复〔2026〕1号"})
    assert Dispute.objects.get().outcome == "upheld"
    client.logout()
    assert client.login(username=town_clerk.username, password=PASSWORD)
    page = client.get(reverse("disputes:list")).content.decode()
    listing = page.split("<main")[1].split("</main>")[0]  # header and footer name the county
    assert "县人民政府" not in listing
    assert client.get(reverse("disputes:detail", args=[dispute.pk])).status_code == 404
    assert client.post(reverse("disputes:detail", args=[dispute.pk]),
                       {"outcome": "corrected", "closed_on": "2026-06-01"}).status_code == 404
    assert client.get(reverse("disputes:create", args=[app.pk])).status_code == 404
    assert client.post(reverse("disputes:create", args=[app.pk]),
                       {"kind": "reconsideration", "filed_on": "2026-04-10", "body": "x",
                        "outcome": "pending"}).status_code == 404
    assert Dispute.objects.get().outcome == "upheld" and Dispute.objects.count() == 1
    client.logout()
    assert client.login(username=supervisor.username, password=PASSWORD)
    html = client.get(reverse("disputes:detail", args=[dispute.pk])).content.decode()
    assert "结果维持" in html and "保存" not in html
