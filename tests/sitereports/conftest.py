import datetime as dt

import pytest
from django.utils import timezone

from gongkai.domain import website_report as wr
from gongkai.units.models import Role
from gongkai.watch.models import Site


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 1, 10))


@pytest.fixture
def site(street):
    return Site.objects.create(unit=street, name="城关街道门户网站", homepage="https://cg.example.gov.cn/")


@pytest.fixture
def registered(site, street_admin):
    from gongkai.sitereports import services

    services.save_registration(street_admin, site, site_code="5109030018", site_type="政府门户网站",
                               icp_no="蜀ICP备0001号", police_no="川公网安备0001号")
    return site


@pytest.fixture
def second_reviewer(make_user, street):
    return make_user(street, Role.REVIEWER, "street_reviewer2", full_name="周审")


def entered_values(**extra) -> dict:
    """Every hand-entered field of the 2025 template: zeros and 否, names and a phone (the records have no
    messages, so the consult rows computed are zeros too)."""
    from gongkai.sitereports.sources import consult_available

    tpl = wr.template_for(2025)
    consult = ("unified_platform", "msg_received", "msg_answered", "msg_avg_days", "msg_avg_workdays", "msg_published")
    values = {}
    for f in tpl.fields:
        if f.source != wr.E or (f.key in consult and consult_available()):
            continue                    # computed by the platform (the consult rows once it is installed)
        if f.kind in (wr.COUNT, wr.DECIMAL):
            values[f.key] = 0
        elif f.kind == wr.BOOL:
            values[f.key] = False
    values.update(unit_head="陈主任", phone="0000-7654321", visitors=1200, visits=5600, info_news=3)
    values.update(extra)
    return values
