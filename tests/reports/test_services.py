"""Building, checking, signing and publishing annual reports from the platform's records."""
import datetime as dt

import pytest
from django.utils import timezone

from gongkai.catalog.models import Category, Item, ItemStatus, Scheme, Validity
from gongkai.domain.annual_report.narrative import find_statements
from gongkai.domain.annual_report.draft import full_text
from gongkai.reports import services
from gongkai.reports.models import AnnualReport, ReportStatus
from gongkai.units.models import AuditEntry

from .factories import application, dispute

TOTAL = 6


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 1, 10))


def _item(unit, user, genre: str, written: dt.date, repealed: dt.date | None = None):
    cat = Category.objects.get(scheme=Scheme.GENRE, name=genre)
    return Item.objects.create(unit=unit, index_no=f"{unit.code}/{Item.objects.count() + 1}", title="文件",
                               publisher=unit.name, written_date=written, published_date=written, genre=cat,
                               status=ItemStatus.PUBLISHED, created_by=user,
                               validity=Validity.REPEALED if repealed else Validity.EFFECTIVE,
                               repealed_date=repealed)


@pytest.fixture
def records(street, street_clerk):
    """2025 at the street: 3 new (one carried out), 1 carried in from 2024, one 复议 upheld."""
    application(street, dt.date(2024, 12, 20), dt.date(2025, 1, 6), "partial")                 # carried in
    a = application(street, dt.date(2025, 3, 2), dt.date(2025, 3, 20), "granted")
    application(street, dt.date(2025, 5, 6), dt.date(2025, 5, 8), "withheld.4", "commercial")
    application(street, dt.date(2025, 12, 29), dt.date(2026, 1, 5), "granted")                 # carried out
    dispute(a, "reconsideration", dt.date(2025, 4, 1), "upheld", dt.date(2025, 6, 1))
    _item(street, street_clerk, "行政规范性文件", dt.date(2025, 2, 1))
    _item(street, street_clerk, "行政规范性文件", dt.date(2023, 2, 1), repealed=dt.date(2025, 8, 1))
    _item(street, street_clerk, "行政规范性文件", dt.date(2022, 2, 1))


def test_build_counts_the_year_from_records(records, street, street_clerk):
    report = services.build(street_clerk, street, year=2025)
    apps = report.tables["applications"]
    assert apps["new"] == [2, 1, 0, 0, 0, 0, 3]
    assert apps["carried_in"][TOTAL] == 1
    assert apps["partial"][TOTAL] == 1 and apps["granted"][TOTAL] == 1 and apps["withheld.4"][1] == 1
    assert apps["total"][TOTAL] == 3 and apps["carried_out"][TOTAL] == 1
    assert report.tables["proactive"]["normative_documents"] == [1, 1, 2]
    assert report.tables["disputes"][0] == 1 and report.tables["disputes"][4] == 1
    assert report.errors == [] and report.warnings == []
    assert report.format == "2021" and report.title == "城关街道办事处2025年政府信息公开工作年度报告"


def test_drafted_prose_states_the_table_numbers(records, street, street_clerk):
    report = services.build(street_clerk, street, year=2025)
    stated = find_statements(full_text(report.narrative))
    assert stated["received"]["value"] == 3 and stated["carried_in"]["value"] == 1
    assert stated["processed"]["value"] == 3 and stated["carried_out"]["value"] == 1
    assert stated["reconsideration"]["value"] == 1 and stated["litigation"]["value"] == 0


def test_narrative_edit_with_a_wrong_number_warns_and_needs_a_reason(records, street, street_clerk,
                                                                     street_reviewer):
    report = services.build(street_clerk, street, year=2025)
    texts = dict(report.narrative, overview=report.narrative["overview"].replace("新收政府信息公开申请3件",
                                                                                 "新收政府信息公开申请5件"))
    report = services.save_narrative(street_clerk, report, texts=texts, improvements=[])
    assert [f["rule"] for f in report.warnings] == ["narrative.t3"]
    services.submit(street_clerk, report)
    with pytest.raises(services.ReportError, match="警告"):
        services.publish(street_reviewer, report)
    report = services.publish(street_reviewer, report, warning_reason="数字以系统台账为准，正文笔误已知悉")
    assert report.status == ReportStatus.PUBLISHED and report.warning_reason


def test_a_report_with_an_error_cannot_be_submitted_or_published(records, street, street_clerk, street_reviewer):
    report = services.build(street_clerk, street, year=2025)
    services.submit(street_clerk, report)
    # a stored table that no longer adds up (e.g. edited in the database) is caught at sign-off
    AnnualReport.objects.filter(pk=report.pk).update(
        tables={**report.tables, "applications": {**report.tables["applications"], "granted": [1, 0, 0, 0, 0, 0, 2]}})
    with pytest.raises(services.ReportError, match=r"错误，不能发布。第一项：〔t3\."):
        services.publish(street_reviewer, AnnualReport.objects.get(pk=report.pk))
    assert AnnualReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_sign_off_by_another_reviewer_and_audit(records, street, street_clerk, street_reviewer, street_admin):
    report = services.build(street_clerk, street, year=2025)
    with pytest.raises(services.ReportError, match="待审核"):
        services.publish(street_reviewer, report)
    services.submit(street_reviewer, report)
    with pytest.raises(services.ReportError, match="提交人以外"):
        services.publish(street_reviewer, report)
    services.publish(street_admin, report)
    actions = list(AuditEntry.objects.filter(target_id=str(report.pk)).values_list("action", flat=True))
    assert {"report.build", "report.submit", "report.publish"} <= set(actions)
    with pytest.raises(services.ReportError, match="不能重新生成"):
        services.build(street_clerk, street, year=2025)


def test_clerk_cannot_sign_and_other_unit_cannot_build(records, street, street_clerk, town_clerk):
    report = services.build(street_clerk, street, year=2025)
    services.submit(street_clerk, report)
    with pytest.raises(services.ReportError, match="无权"):
        services.publish(street_clerk, report)
    with pytest.raises(services.ReportError, match="无权"):
        services.build(town_clerk, street, year=2025)


def test_current_year_and_archive_years_are_not_built(street, street_clerk):
    with pytest.raises(services.ReportError, match="尚未结束"):
        services.build(street_clerk, street, year=2026)
    with pytest.raises(services.ReportError, match="历史报告"):
        services.build(street_clerk, street, year=2016)


def test_last_years_problems_are_carried_forward_and_must_be_answered(street, street_clerk, street_reviewer):
    last = services.build(street_clerk, street, year=2024)
    services.save_narrative(street_clerk, last, texts={"new_problems": "公开栏更新不及时\n依申请公开答复文书不够规范"}, improvements=[])
    report = services.build(street_clerk, street, year=2025)
    assert [p["problem"] for p in report.narrative["problems"]] == ["公开栏更新不及时", "依申请公开答复文书不够规范"]
    with pytest.raises(services.ReportError, match="公开栏更新不及时"):
        services.submit(street_clerk, report)
    report = services.save_narrative(street_clerk, report, texts={}, improvements=["每周五更新公开栏", "统一使用系统文书模板"])
    report = services.build(street_clerk, street, year=2025)      # a rebuild keeps what the office wrote
    assert report.narrative["problems"][1]["improvement"] == "统一使用系统文书模板"
    services.submit(street_clerk, report)


def test_last_years_published_carry_out_is_compared(street, street_clerk, street_reviewer, street_admin):
    application(street, dt.date(2024, 6, 1), dt.date(2024, 6, 10))
    last = services.build(street_clerk, street, year=2024)
    services.submit(street_clerk, last)
    services.publish(street_reviewer, last)
    # an application of 2024 registered only now: 2025 carries in one that the 2024 report did not carry out
    application(street, dt.date(2024, 12, 30), dt.date(2025, 1, 8))
    report = services.build(street_clerk, street, year=2025)
    assert {f["rule"] for f in report.warnings} == {"cross_year.carried"}


def test_2020_is_built_in_the_2019_format(street, street_clerk):
    application(street, dt.date(2020, 3, 1), dt.date(2020, 3, 5), "other.1")
    application(street, dt.date(2020, 3, 1), dt.date(2020, 3, 5), "other.3")
    report = services.build(street_clerk, street, year=2020)
    assert report.format == "2019"
    assert report.tables["applications"]["other"][TOTAL] == 2
    assert "other.1" not in report.tables["applications"]
    assert report.errors == []


def test_figures_feed_table_two(street, street_clerk):
    services.save_figures(street_clerk, street, year=2025,
                          values={"licensing": 12, "punishment": 3, "fees_wan_yuan": "1.25"})
    report = services.build(street_clerk, street, year=2025)
    proactive = report.tables["proactive"]
    assert proactive["licensing"] == [12] and proactive["punishment"] == [3] and proactive["fees"] == [1.25]


def test_section_six_reports_the_work_points(street, street_clerk, county, supervisor):
    from gongkai.workplan import services as workplan

    doc = workplan.create_document(supervisor, county, data={"title": "2025年政务公开工作要点",
                                                        "doc_number": "示政办〔2025〕7号", "year": 2025})
    workplan.add_task(supervisor, doc, data={"unit": street, "title": "公开老旧小区改造计划",
                                        "due_on": dt.date(2025, 6, 30), "evidence_kind": "note"})
    report = services.build(street_clerk, street, year=2025)
    assert "示政办〔2025〕7号" in report.narrative["other"]
    assert "未收取信息处理费" in report.narrative["other"]
