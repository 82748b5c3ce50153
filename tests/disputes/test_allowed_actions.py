"""One answer to "may I" for 复议/诉讼 cases: the case page shows the outcome form exactly when
update_outcome accepts it, for every role and for a pending and a closed case."""
import datetime as dt

import pytest
from django.urls import reverse

from gongkai.disputes import permissions, services
from gongkai.disputes.models import Dispute
from tests.applications.conftest import applicant, counter_app  # noqa: F401 - fixtures
from tests.conftest import PASSWORD
from tests.service_probe import accepts
from tests.disputes.test_disputes import answered, case  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
D = dt.date


def _accepts(call) -> bool:
    return accepts(call, services.DisputeError)


@pytest.mark.parametrize("role", ["street_clerk", "street_reviewer", "street_admin", "supervisor"])
@pytest.mark.parametrize("closed", [False, True])
def test_form_shown_exactly_when_the_service_accepts(closed, role, request, client, answered, street_clerk):
    dispute = case(street_clerk, answered(), "reconsideration", D(2026, 4, 10),
                   *(("upheld", D(2026, 6, 1)) if closed else ()))
    user = request.getfixturevalue(role)
    assert client.login(username=user.username, password=PASSWORD)
    target = reverse("disputes:detail", args=[dispute.pk])
    html = client.get(target).content.decode()
    shown = 'name="outcome"' in html
    accepted = _accepts(lambda: services.update_outcome(user, Dispute.objects.get(pk=dispute.pk), outcome="corrected",
                                                        closed_on=D(2026, 7, 1)))
    assert shown == accepted == permissions.allowed_actions(user, dispute).update
