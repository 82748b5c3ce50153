"""Demo data: the county supervisor's default scheme for 2025 (called from gongkai.demo.load.load_demo)."""
from gongkai.assessment import services
from gongkai.assessment.models import Scheme
from gongkai.domain.assessment import DEFAULT_INDICATORS
from gongkai.units.models import AuditEntry, Role


def test_demo_scheme_is_the_default_by_the_county_supervisor_once(county, street, make_user):
    boss = make_user(county, Role.SUPERVISOR, "county_supervisor")
    scheme = services.ensure_demo_scheme(2025)
    assert (scheme.unit, scheme.year, scheme.created_by) == (county, 2025, boss)
    assert scheme.indicators == DEFAULT_INDICATORS
    assert services.ensure_demo_scheme(2025) == scheme and Scheme.objects.count() == 1
    assert AuditEntry.objects.filter(action="assessment.scheme.create").count() == 1


def test_no_demo_supervisor_no_scheme(county):
    assert services.ensure_demo_scheme(2025) is None
