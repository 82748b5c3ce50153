"""Building a website report from the records, entering and importing the other figures, and the
check → submit → sign → publish → filed flow with its unit and role rules and audit trail."""
import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import Workbook

from gongkai.catalog.models import Category, Interpretation, Item, ItemStatus, Scheme
from gongkai.domain import website_report as wr
from gongkai.sitereports import services, sources
from gongkai.sitereports.models import SiteReportStatus, WebsiteReport
from gongkai.units.models import AuditEntry
from gongkai.watch.models import CheckRun, Finding, FindingStatus, Probe

from .conftest import entered_values


def _item(unit, user, published: dt.date, statutory: str | None = None, status=ItemStatus.PUBLISHED):
    item = Item.objects.create(unit=unit, index_no=f"{unit.code}/{Item.objects.count() + 1}", title="信息",
                               publisher=unit.name, written_date=published, published_date=published,
                               status=status, created_by=user)
    if statutory:
        item.categories.add(Category.objects.get(scheme=Scheme.STATUTORY, name=statutory))
    return item


def _at(day: dt.date):
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 10))


@pytest.fixture
def records(registered, street, street_clerk):
    site = registered
    _item(street, street_clerk, dt.date(2025, 3, 1), "机构职能")
    for month in (2, 5, 9):
        _item(street, street_clerk, dt.date(2025, month, 3))
    _item(street, street_clerk, dt.date(2024, 12, 30))                      # last year
    _item(street, street_clerk, dt.date(2025, 6, 1), status=ItemStatus.DRAFT)
    doc = _item(street, street_clerk, dt.date(2025, 4, 1))
    interp = Interpretation.objects.create(item=_item(street, street_clerk, dt.date(2025, 4, 1)), form="text")
    interp.documents.set([doc])
    for day in (dt.date(2025, 2, 1), dt.date(2025, 8, 1), dt.date(2024, 12, 1)):
        CheckRun.objects.create(site=site, kind="daily", started=_at(day), finished=_at(day))
    Finding.objects.create(site=site, key="a", url="https://cg.example.gov.cn/a", category="links", kind="broken_link",
                           severity="medium", first_seen=_at(dt.date(2025, 3, 1)), last_seen=_at(dt.date(2025, 3, 1)),
                           status=FindingStatus.VERIFIED, fixed_at=_at(dt.date(2025, 3, 5)))
    Finding.objects.create(site=site, key="b", url="https://cg.example.gov.cn/b", category="links", kind="broken_link",
                           severity="medium", first_seen=_at(dt.date(2025, 7, 1)), last_seen=_at(dt.date(2025, 7, 1)))
    for i, ok in enumerate((True, True, True, False)):
        Probe.objects.create(site=site, at=_at(dt.date(2025, 5, 1 + i)), ok=ok)
    return site


def test_build_counts_the_year_from_the_records(records, street_clerk):
    report = services.build(street_clerk, records, year=2025)
    values = wr.effective(report.fields)
    assert values["site_code"] == "5109030018" and values["site_type"] == "政府门户网站"
    assert values["home_url"] == "https://cg.example.gov.cn/" and values["sponsor"] == "城关街道办事处"
    assert (values["info_overview"], values["info_catalog"]) == (1, 5)      # 4 + the policy + its 解读
    assert values["info_news"] is None and values["info_total"] is None    # 政务动态 is entered
    assert values["interp_total"] == values["interp_materials"] == 1
    assert (values["security_problems"], values["security_fixed"]) == (2, 1)
    assert values["watch_runs"] == 2 and values["watch_availability"] == 75.0
    assert values["security_monitoring"] is True
    assert report.fields["visits"]["source"] == wr.E
    assert "required.missing" in {f["rule"] for f in report.errors}
    assert AuditEntry.objects.filter(action="sitereport.build", target_id=str(report.pk)).exists()


def test_entered_figures_complete_the_report_and_totals_follow(records, street_clerk):
    report = services.build(street_clerk, records, year=2025)
    report = services.save_fields(street_clerk, report, values=entered_values())
    assert report.errors == []
    assert wr.effective(report.fields)["info_total"] == 1 + 3 + 5
    rebuilt = services.build(street_clerk, records, year=2025)                   # a rebuild keeps what was entered
    assert wr.effective(rebuilt.fields)["visits"] == 5600 and rebuilt.errors == []


def test_an_override_needs_a_reason(records, street_clerk):
    report = services.save_fields(street_clerk, services.build(street_clerk, records, year=2025),
                                  values=entered_values())
    report = services.save_fields(street_clerk, report, values={"interp_total": 3, "interp_materials": 3})
    assert {f["rule"] for f in report.errors} == {"override.reason"}
    with pytest.raises(services.SiteReportError, match="override.reason"):
        services.submit(street_clerk, report)
    report = services.save_fields(street_clerk, report, values={}, reasons={"interp_total": "两条在县门户发布",
                                                             "interp_materials": "两条在县门户发布"})
    assert report.errors == [] and {f["rule"] for f in report.warnings} == {"override.changed"}
    with pytest.raises(services.SiteReportError, match="理由"):
        services.submit(street_clerk, report)
    report = services.submit(street_clerk, report, warning_reason="已核实：县门户转载的解读计入")
    assert report.status == SiteReportStatus.SUBMITTED


def test_the_whole_flow(records, street_clerk, street_reviewer, second_reviewer):
    report = services.save_fields(street_clerk, services.build(street_clerk, records, year=2025),
                                  values=entered_values())
    report = services.submit(street_reviewer, report)
    with pytest.raises(services.SiteReportError, match="提交人以外"):
        services.sign(street_reviewer, report)
    with pytest.raises(services.SiteReportError, match="您无权"):
        services.sign(street_clerk, report)
    with pytest.raises(services.SiteReportError, match="只有已签发"):
        services.publish(second_reviewer, report)
    report = services.sign(second_reviewer, report)
    with pytest.raises(services.SiteReportError, match="草稿"):
        services.save_fields(street_clerk, report, values={"visits": 1})
    report = services.publish(second_reviewer, report)
    assert report.status == SiteReportStatus.PUBLISHED and report.signed_by == second_reviewer
    with pytest.raises(services.SiteReportError, match="不能重新生成"):
        services.build(street_clerk, records, year=2025)
    with pytest.raises(services.SiteReportError, match="http"):
        services.record_filing(street_clerk, report, backfilled_url="javascript:alert(1)")
    report = services.record_filing(street_clerk, report, backfilled_url="https://cg.example.gov.cn/site-reports/1/")
    assert report.status == SiteReportStatus.FILED
    actions = list(AuditEntry.objects.filter(target_id=str(report.pk), action__startswith="sitereport.").exclude(action="sitereport.registration")
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["sitereport.build", "sitereport.edit", "sitereport.submit", "sitereport.sign",
                       "sitereport.publish", "sitereport.file"]


def test_errors_block_submit(records, street_clerk):
    report = services.build(street_clerk, records, year=2025)
    with pytest.raises(services.SiteReportError, match="required.missing"):
        services.submit(street_clerk, report)
    report = services.save_fields(street_clerk, report, values=entered_values(visitors=9000))
    with pytest.raises(services.SiteReportError, match="basic.visitors_le_visits"):
        services.submit(street_clerk, report)


def test_return_to_draft_needs_a_reason(records, street_clerk, street_reviewer):
    report = services.submit(street_clerk, services.save_fields(
        street_clerk, services.build(street_clerk, records, year=2025), values=entered_values()))
    with pytest.raises(services.SiteReportError, match="理由"):
        services.return_to_draft(street_reviewer, report, reason=" ")
    assert services.return_to_draft(street_reviewer, report, reason="访问量请核对").status == SiteReportStatus.DRAFT


def test_other_units_cannot_touch_the_site(records, town_clerk, supervisor, street_clerk):
    with pytest.raises(services.SiteReportError, match="您无权"):
        services.build(town_clerk, records, year=2025)
    with pytest.raises(services.SiteReportError, match="您无权"):
        services.build(supervisor, records, year=2025)
    report = services.build(street_clerk, records, year=2025)
    with pytest.raises(services.SiteReportError, match="您无权"):
        services.save_fields(town_clerk, report, values={"visits": 1})
    with pytest.raises(services.SiteReportError, match="您无权"):
        services.save_registration(street_clerk, records, site_code="5109030011", site_type="部门网站")


def test_a_year_not_over_cannot_be_built(registered, street_clerk):
    with pytest.raises(services.SiteReportError, match="尚未结束"):
        services.build(street_clerk, registered, year=2026)


def test_registration_refuses_a_bad_or_taken_code(site, street_admin, make_user, town):
    from gongkai.units.models import Role
    from gongkai.watch.models import Site

    with pytest.raises(services.SiteReportError, match="10位"):
        services.save_registration(street_admin, site, site_code="12345", site_type="政府门户网站")
    services.save_registration(street_admin, site, site_code="5109030018", site_type="政府门户网站")
    other = Site.objects.create(unit=town, name="河口镇网站", homepage="https://hk.example.gov.cn/")
    with pytest.raises(services.SiteReportError, match="已登记"):
        services.save_registration(make_user(town, Role.UNIT_ADMIN), other, site_code="5109030018", site_type="部门网站")


def _book(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import_rows(values: dict, code="5109030018", year=2025):
    tpl = wr.template_for(2025)
    columns = [(k, h) for k, h in wr.workbook_columns(tpl) if k in values or k in ("site_code", "year")]
    header = [h for _k, h in columns]
    row = [code, year] + [("是" if values[k] else "否") if isinstance(values[k], bool) else values[k]
                          for k, _h in columns[2:]]
    return header, row


def test_import_stores_all_rows_or_none(records, street_clerk):
    report = services.build(street_clerk, records, year=2025)
    header, row = _import_rows(entered_values())
    bad = list(row)
    bad[0] = "5109039999"
    parsed = services.import_fields(street_clerk, _book([header, row, bad]))
    assert [r.number for r in parsed.bad] == [3] and "未登记" in parsed.bad[0].errors[0]
    report.refresh_from_db()
    assert wr.effective(report.fields)["visits"] is None                   # nothing stored
    dry = services.import_fields(street_clerk, _book([header, row]), dry_run=True)
    assert not dry.bad
    report.refresh_from_db()
    assert wr.effective(report.fields)["visits"] is None
    services.import_fields(street_clerk, _book([header, row]))
    report.refresh_from_db()
    assert wr.effective(report.fields)["visits"] == 5600 and report.errors == []
    assert AuditEntry.objects.filter(action="sitereport.import").count() == 1


def test_import_refuses_another_units_site_and_an_unbuilt_report(records, town_clerk, street_clerk):
    header, row = _import_rows({"visits": 10})
    assert "尚未生成" in services.import_fields(street_clerk, _book([header, row])).bad[0].errors[0]
    services.build(street_clerk, records, year=2025)
    assert "您无权" in services.import_fields(town_clerk, _book([header, row])).bad[0].errors[0]


def test_consultation_rows_are_entered_until_the_module_is_there(records, street_clerk):
    report = services.build(street_clerk, records, year=2025)
    expected = wr.A if sources.consult_available() else wr.E
    assert report.fields["msg_received"]["source"] == expected


def test_published_report_is_public(records, street_clerk, street_reviewer):
    from gongkai.sitereports.public import published_reports

    report = services.submit(street_clerk, services.save_fields(
        street_clerk, services.build(street_clerk, records, year=2025), values=entered_values()))
    assert not published_reports().exists()
    services.publish(street_reviewer, services.sign(street_reviewer, report))
    assert list(published_reports()) == [WebsiteReport.objects.get(pk=report.pk)]


def test_over_long_reasons_are_refused_not_cut(records, street_clerk, street_reviewer):
    report = services.save_fields(street_clerk, services.build(street_clerk, records, year=2025),
                                  values=entered_values())
    values, reasons, errors = services.parse_form(report, {"f_interp_total": "3", "r_interp_total": "理" * 501})
    assert errors == ["解读回应·解读信息发布·总数的修改理由不能超过500字"]
    report = services.save_fields(street_clerk, report, values={"interp_total": 3, "interp_materials": 3},
                                  reasons={"interp_total": "核实", "interp_materials": "核实"})
    with pytest.raises(services.SiteReportError, match="不能超过1000字"):
        services.submit(street_clerk, report, warning_reason="理" * 1001)
    report = services.submit(street_clerk, report, warning_reason="已核实")
    with pytest.raises(services.SiteReportError, match="不能超过500字"):
        services.return_to_draft(street_reviewer, report, reason="理" * 501)
    assert WebsiteReport.objects.get(pk=report.pk).status == SiteReportStatus.SUBMITTED


def test_consultation_figures_come_from_the_consult_module(records, street, street_clerk):
    pytest.importorskip("gongkai.consult.metrics")
    from gongkai.consult.models import Message, Publication, Status

    def msg(n, received, status=Status.SUBMITTED, answered=None, published=None):
        return Message.objects.create(
            unit=street, first_unit=street, number=f"SR-{n}", query_code_hash="x", submission_key=f"sr{n}",
            contact="13800000000", subject="问", body="问", received_on=received,
            received_at=timezone.make_aware(dt.datetime.combine(received, dt.time(9))), status=status,
            answered_on=answered, due_on=received + dt.timedelta(days=7),
            publication=Publication.PUBLISHED if published else Publication.NONE, published_on=published)

    d = dt.date
    msg(1, d(2025, 3, 3), Status.ANSWERED, answered=d(2025, 3, 5), published=d(2025, 3, 6))
    msg(2, d(2025, 3, 3), Status.ANSWERED, answered=d(2025, 3, 17))
    msg(3, d(2025, 6, 2))
    msg(4, d(2024, 12, 20))                                                  # open at the end of 2024
    msg(5, d(2024, 12, 22), Status.ANSWERED, answered=d(2025, 1, 6))         # carried in, answered in 2025
    report = services.build(street_clerk, records, year=2025)
    values = wr.effective(report.fields)
    assert report.fields["msg_received"]["source"] == wr.A and values["unified_platform"] is True
    assert (values["msg_received"], values["msg_answered"], values["msg_published"]) == (3, 3, 1)
    assert values["msg_avg_days"] == round((2 + 14 + 15) / 3, 1)
    assert values["msg_avg_workdays"] is not None
    report = services.save_fields(street_clerk, report, values=entered_values(msg_received=0))
    assert "override.reason" in {f["rule"] for f in report.errors}           # the records say 3
    report = services.save_fields(street_clerk, report, values={"msg_received": 3})
    assert report.errors == []                                               # 3 answered ≤ 3 received + 2 carried in
    report = services.save_fields(street_clerk, report, values={"msg_answered": 6}, reasons={"msg_answered": "含电话答复"})
    assert "messages.answered_le_received" in {f["rule"] for f in report.errors}
