"""The demo county: loaded once for the module through the real workflow, then checked."""
import io
import re
import time

import pytest
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.test import override_settings
from django.utils import timezone

from gongkai.catalog.models import Attachment, Item, ItemStatus, Review, ReviewDecision, Scheme, Validity
from gongkai.demo.county import COUNTY_CODE, DEMO_PASSWORD
from gongkai.demo.load import load_demo
from gongkai.domain.pii import find_pii
from gongkai.units.models import AuditEntry, Role, Unit, User

INDEX_NO = re.compile(r"^(?P<code>[0-9A-Z]{2,20})/(?P<year>\d{4})-\d{5}$")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the demo once inside a transaction that is rolled back afterwards
    (the audit log refuses deletes, so rollback is the only clean-up)."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            started = time.monotonic()
            accounts = load_demo()
            yield {"accounts": accounts, "seconds": time.monotonic() - started, "media": media}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def loaded(demo, db, settings):
    settings.MEDIA_ROOT = demo["media"]  # where the module's load put the attachments
    return demo


def published():
    return Item.objects.filter(status=ItemStatus.PUBLISHED)


def test_at_least_500_items_over_three_years(loaded):
    assert Item.objects.count() >= 500
    this_year = timezone.localdate().year
    years = set(Item.objects.values_list("written_date__year", flat=True))
    assert {this_year - 2, this_year - 1, this_year} <= years
    for year in (this_year - 2, this_year - 1, this_year):
        assert published().filter(published_date__year=year).exists()
    print(f"\nload_demo took {loaded['seconds']:.1f} s")


def test_items_spread_over_units(loaded):
    per_unit = dict(Item.objects.values_list("unit__code").annotate(n=Count("id")))
    assert len(per_unit) >= 7
    assert min(per_unit.values()) >= 20


def test_every_role_has_a_user_who_can_log_in(loaded):
    for role in Role.values:
        assert User.objects.filter(role=role, is_superuser=False).exists(), role
    assert not User.objects.filter(is_superuser=True).exists()  # 三员分立: no god mode, even in the demo
    for role in ("sysadmin", "secadmin", "auditadmin"):
        admin = User.objects.get(role=role)
        assert admin.unit_id is None and admin.check_password(DEMO_PASSWORD)
    names = [username for username, _, _ in loaded["accounts"]]
    assert len(names) == len(set(names))
    for username, role_label, unit_name in loaded["accounts"]:
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert role_label and unit_name
    for kind in ("subdistrict", "township"):
        roles = set(User.objects.filter(unit__kind=kind).values_list("role", flat=True))
        assert {Role.CLERK, Role.REVIEWER, Role.UNIT_ADMIN} <= roles
    assert User.objects.filter(role=Role.SUPERVISOR, unit__code=COUNTY_CODE).exists()


def test_published_items_were_approved_by_someone_else(loaded):
    other_approval = Review.objects.filter(item=OuterRef("pk"), decision=ReviewDecision.APPROVED) \
        .exclude(reviewer=OuterRef("created_by"))
    shown = Item.objects.filter(status__in=[ItemStatus.PUBLISHED, ItemStatus.WITHDRAWN])
    assert shown.count() >= 480
    assert not shown.filter(~Exists(other_approval)).exists()


def test_published_dates_are_plausible(loaded):
    today = timezone.localdate()
    assert not published().filter(published_date__isnull=True).exists()
    assert not published().filter(published_date__gt=today).exists()
    assert not published().filter(published_date__lt=F("written_date")).exists()
    assert not Item.objects.filter(written_date__gt=today).exists()


def test_index_numbers_unique_and_well_formed(loaded):
    rows = list(Item.objects.values_list("index_no", "unit__code", "written_date"))
    assert len({r[0] for r in rows}) == len(rows)
    for index_no, code, written in rows:
        m = INDEX_NO.match(index_no)
        assert m, index_no
        assert m["code"] == code and int(m["year"]) == written.year


def test_overdue_publications_exist(loaded):
    late = published().filter(publish_due__isnull=False, published_date__gt=F("publish_due"))
    assert late.count() >= 10
    assert published().filter(published_date__lte=F("publish_due")).count() > late.count() * 5


def test_workflow_states_for_the_workbench(loaded):
    for status in (ItemStatus.DRAFT, ItemStatus.SUBMITTED, ItemStatus.APPROVED, ItemStatus.WITHDRAWN):
        assert Item.objects.filter(status=status).exists(), status
    assert Item.objects.filter(validity=Validity.REPEALED, repealed_date__isnull=False).exists()
    assert Review.objects.filter(decision=ReviewDecision.REJECTED).exists()
    assert AuditEntry.objects.filter(action="item.publish").count() == \
        Item.objects.filter(status__in=[ItemStatus.PUBLISHED, ItemStatus.WITHDRAWN]).count()


def test_items_are_classified(loaded):
    assert not Item.objects.filter(Q(topic__isnull=True) | Q(genre__isnull=True)).exists()
    counts = Item.objects.annotate(n=Count("categories")).values_list("n", flat=True)
    assert all(1 <= n <= 2 for n in counts)
    assert Item.objects.filter(categories__scheme=Scheme.DOMAIN).exists()
    assert Item.objects.filter(doc_number__regex=r"〔\d{4}〕\d+号$").count() >= 20


def test_no_unmasked_personal_data_is_published(loaded):
    for body in published().values_list("body_text", flat=True):
        assert find_pii(body) == []
    for text in Attachment.objects.filter(item__status=ItemStatus.PUBLISHED).values_list("text", flat=True):
        assert find_pii(text) == []
    guarded = [i for i in Item.objects.exclude(status=ItemStatus.PUBLISHED) if find_pii(i.body_text)]
    kinds = {f.kind for i in guarded for f in find_pii(i.body_text)}
    assert len(guarded) >= 2 and {"id_card", "mobile"} <= kinds
    assert all(i.status in (ItemStatus.DRAFT, ItemStatus.SUBMITTED) for i in guarded)


def test_attachments_open(loaded):
    import docx
    import openpyxl
    import pypdf

    assert Attachment.objects.count() >= 150
    kinds = dict(Attachment.objects.values_list("kind").annotate(n=Count("id")))
    assert {"docx", "xlsx", "pdf"} <= set(kinds)

    def read(kind):
        att = Attachment.objects.filter(kind=kind).first()
        with att.file.open("rb") as fh:
            return io.BytesIO(fh.read())

    paragraphs = [p.text for p in docx.Document(read("docx")).paragraphs]
    assert any("青禾" in p for p in paragraphs)
    sheet = openpyxl.load_workbook(read("xlsx")).active
    assert sheet.max_row >= 3 and "青禾" in str(sheet["A1"].value)
    pdf = pypdf.PdfReader(read("pdf"))
    assert len(pdf.pages) >= 1 and pdf.pages[0].extract_text().strip()


def test_units_have_contact_details(loaded):
    county = Unit.objects.get(code=COUNTY_CODE)
    assert county.subtree().count() >= 15
    for unit in Unit.objects.filter(kind__in=["county", "subdistrict", "township", "department"]):
        assert unit.address and unit.phone and unit.office_hours
        assert find_pii(unit.phone) == []
    assert Unit.objects.filter(kind__in=["village", "community"], parent__isnull=False).count() >= 6


def test_second_call_changes_nothing(loaded):
    def counts():
        return [m.objects.count() for m in (Unit, User, Item, Attachment, Review, AuditEntry)]

    before = counts()
    started = time.monotonic()
    again = load_demo()
    assert time.monotonic() - started < 5
    assert again == loaded["accounts"]
    assert counts() == before


def test_applications_fill_every_queue_and_year(loaded):
    from gongkai.applications.models import Application
    from gongkai.applications.handling.services import queue

    apps = Application.objects.all()
    assert apps.count() >= 300
    assert {a.received_on.year for a in apps} >= {2024, 2025, 2026}
    today = timezone.localdate()
    assert queue(apps, "overdue", today).exists() or queue(apps, "due_soon", today).exists()
    assert apps.filter(supplement_requested_on__isnull=False).exists()
    assert apps.filter(applicant_type="commercial").exists()


def test_2024_reports_are_published_and_2025_builds_clean(loaded):
    from gongkai.reports import services
    from gongkai.reports.models import AnnualReport, ReportStatus

    published = AnnualReport.objects.filter(year=2024, status=ReportStatus.PUBLISHED)
    assert published.count() == 7 and all(not r.errors for r in published)
    street = Unit.objects.get(code="QH100")
    clerk = User.objects.get(username="jd_clerk")
    report = services.build(clerk, street, year=2025)
    assert report.errors == []
    # carried over from the 2024 report: last year's problems, and 结转 that matches
    assert len(report.narrative["problems"]) == 2
    assert not [f for f in report.warnings if f["rule"] == "cross_year.carried"]


def test_the_2025_website_report_is_ready_to_check_sign_and_publish(loaded):
    """sitereports: the demo street's site is registered and its 2025 report built with every entered
    figure, a draft without errors."""
    from gongkai.sitereports.models import SiteReportStatus, WebsiteReport

    report = WebsiteReport.objects.get(year=2025)
    assert report.status == SiteReportStatus.DRAFT and report.errors == []
    assert report.fields["site_code"]["computed"] == "9999000101"
    assert report.fields["info_catalog"]["computed"] > 0
