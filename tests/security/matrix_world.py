"""The records the authorization matrix aims at: one of each kind in the town (the 'object unit'),
and a person of every role in the town (own), the street (sibling), the county (parent) and the
village below the town (child), plus the three 三员."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.applications.handling import codes
from gongkai.applications.handling import services as applications
from gongkai.applications.models import LetterDelivery
from gongkai.disputes.models import Dispute
from gongkai.duties.models import LeadingGroupMember, ReserveStaff, TrainingSession
from gongkai.units.models import ADMINISTRATOR_ROLES, Role, Unit, UnitKind, User
from gongkai.watch.models import Finding, Site
from gongkai.workplan.models import Task, TaskEvidence, WorkPointDocument
from tests.api import world as api_world
from tests.conftest import PASSWORD

BUSINESS = (Role.CLERK, Role.REVIEWER, Role.UNIT_ADMIN, Role.SUPERVISOR)
POSITIONS = ("own", "sibling", "parent", "child")
# text of the town's records that no one outside the town's sight may ever be shown
MARKERS = ("河口镇矩阵内部草稿", "河口镇矩阵网站", "矩阵案号-07", "矩阵领导小组成员", "矩阵培训专题", "矩阵后备人员",
           "河口镇矩阵任务", "矩阵佐证说明", "矩阵留言人")


def build() -> dict:
    county = Unit.objects.create(name="矩阵县人民政府", code="M1000", kind=UnitKind.COUNTY)
    street = Unit.objects.create(name="矩阵街道办事处", code="M1100", kind=UnitKind.SUBDISTRICT, parent=county)
    town = Unit.objects.create(name="河口镇人民政府", code="M1200", kind=UnitKind.TOWNSHIP, parent=county)
    village = Unit.objects.create(name="河口镇柳树村", code="M1201", kind=UnitKind.VILLAGE, parent=town)
    units = {"own": town, "sibling": street, "parent": county, "child": village}
    people = {}
    for role in BUSINESS:
        for pos, unit in units.items():
            people[(role.value, pos)] = User.objects.create_user(
                username=f"m_{role.value}_{pos}", password=PASSWORD, unit=unit, role=role,
                full_name=f"{role.label}{pos}", email=f"{role.value}.{pos}@example.invalid",
                is_staff=role in (Role.UNIT_ADMIN, Role.SUPERVISOR))
    for role in ADMINISTRATOR_ROLES:
        people[(role.value, None)] = User.objects.create_user(
            username=f"m_{role.value}", password=PASSWORD, role=role, full_name=role.label,
            is_staff=role == Role.SYSADMIN)
    clerk, reviewer, boss = (people[("clerk", "own")], people[("reviewer", "own")],
                             people[("supervisor", "own")])
    return {"units": units, "people": people, **_records(town, village, clerk, reviewer, boss)}


def docx(text: str) -> bytes:
    import io

    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _items(clerk, reviewer, today):
    from gongkai.catalog import services as catalog

    published = catalog.create_item(clerk, title="河口镇扶贫项目资金公示", written_date=today, body="<p>扶贫资金</p>")
    catalog.add_attachment(clerk, published, name="附件1：资金明细.docx", data=docx("扶贫项目资金明细"))
    catalog.submit_item(clerk, published)
    catalog.approve_item(reviewer, published, opinion="同意")
    published = catalog.publish_item(clerk, published)
    draft = catalog.create_item(clerk, title="河口镇矩阵内部草稿", written_date=today, body="<p>草稿</p>")
    catalog.add_attachment(clerk, draft, name="附件2：草稿.docx", data=docx("草稿附件"))
    from gongkai.catalog.attachments import extract_now

    for item in (published, draft):
        for att in item.attachments.all():
            extract_now(att.pk)  # what the background task does after an upload
    return published, draft


def _records(town, village, clerk, reviewer, boss) -> dict:
    today = dt.date(2026, 9, 1)
    published, draft = _items(clerk, reviewer, today)
    report = api_world._report(town, clerk, reviewer)
    app = applications.register_at_counter(clerk, data=api_world.APPLICANT, submission_key=codes.new_token()).application
    paused = applications.register_at_counter(clerk, data={**api_world.APPLICANT, "description": "河口镇防汛方案"},
                                              submission_key=codes.new_token()).application
    pause = applications.start_pause(clerk, paused, kind="third_party", party="某建设公司", started_on=dt.date(2026, 9, 29))
    delivery = LetterDelivery.objects.create(application=app, letter="receipt", letter_title="登记回执",
                                             method="post", sent_on=today, recorded_by=clerk)
    dispute = Dispute.objects.create(application=app, unit=town, kind="reconsideration", filed_on=today,
                                     body="矩阵县人民政府", case_number="矩阵案号-07", created_by=clerk)
    site = Site.objects.create(unit=town, name="河口镇矩阵网站", homepage="http://127.0.0.1:9/m1200/")
    now = timezone.now()
    finding = Finding.objects.create(site=site, key="m1", url="http://127.0.0.1:9/m1200/a.html", category="links",
                                     kind="broken_link", severity="medium", first_seen=now, last_seen=now)
    member = LeadingGroupMember.objects.create(unit=town, name="矩阵领导小组成员", position="镇长", start_on=today)
    session = TrainingSession.objects.create(unit=town, date=today, topic="矩阵培训专题", created_by=clerk)
    reserve = ReserveStaff.objects.create(unit=town, person_name="矩阵后备人员")
    from gongkai.assessment import services as assessment

    scheme = assessment.create_scheme(boss, town, year=2026)
    doc = WorkPointDocument.objects.create(unit=town, title="河口镇矩阵工作要点", year=2026, created_by=boss)
    task = Task.objects.create(document=doc, unit=town, title="河口镇矩阵任务", due_on=dt.date(2026, 12, 31),
                               created_by=boss)
    evidence = TaskEvidence.objects.create(task=task, kind="note", note="矩阵佐证说明", submitted_by=clerk,
                                           submitted_on=today)
    from gongkai.security.models import FullExportRequest

    export_request = FullExportRequest.objects.create(requester=clerk, unit=town, reason="矩阵导出用途")
    from gongkai.catalog.models import Category, Scheme
    from gongkai.sitereports.models import WebsiteReport

    site_report = WebsiteReport.objects.create(site=site, unit=town, year=2025, title="河口镇2025年政府网站工作年度报表",
                                               status="published", published_at=now)
    message = _message(town, clerk)
    return {"message": message, "site_report": site_report,"statutory_category": Category.objects.filter(scheme=Scheme.STATUTORY).first(),
            "domain_category": Category.objects.filter(scheme=Scheme.DOMAIN).first(),
            "public_attachment": published.attachments.first(), "target": clerk,
            "published": published, "draft": draft, "attachment": draft.attachments.first(), "report": report,
            "app": app, "paused": paused, "pause": pause, "delivery": delivery, "dispute": dispute, "site": site,
            "finding": finding, "member": member, "session": session, "reserve": reserve, "scheme": scheme,
            "doc": doc, "task": task, "evidence": evidence, "town": town, "village": village,
            "audit_event": _audit_event(), "export_request": export_request}


def _message(town, clerk):
    """A 政务咨询 message of the town, answered and published (so its public page exists)."""
    from gongkai.consult import services as consult

    message = consult.ask(unit=town, subject="河口镇矩阵留言", body="矩阵留言人问：防汛物资在哪里领取？",
                          contact="13900000000", name="矩阵留言人", token=codes.new_token()).message
    consult.answer(user=clerk, message=message, text="请到镇应急办领取。")
    return consult.choose_publication(user=clerk, message=message, publish=True)


def _audit_event():
    """An audit event for the audit console's event page (alerts)."""
    from gongkai.units import audit

    return audit.record("auth.login_failed", target_repr="matrix-user", outcome="failure")
