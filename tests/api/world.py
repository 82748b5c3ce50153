"""Stored records for the API fuzzing to aim at: the ids generated input would rarely hit."""
from __future__ import annotations

import datetime as dt

from gongkai.applications.handling import codes
from gongkai.applications.handling import services as applications
from gongkai.catalog import services as catalog
from gongkai.catalog.models import Attachment
from gongkai.reports import services as reports

APPLICANT = {"applicant_type": "natural_person", "name": "王小明", "id_number": "11010519491231002X",
             "phone": "13812345678", "email": "", "address": "", "info_form": "paper", "delivery": "pickup",
             "description": "城关街道2026年老旧小区改造项目的批复文件", "channel": "counter",
             "received_on": dt.date(2026, 9, 28)}


def docx(text: str) -> bytes:
    import io

    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def attach(clerk, item, name: str, text: str) -> Attachment:
    """A real Word attachment, through the workbench's service (type, bounds, text extraction)."""
    return catalog.add_attachment(clerk, item, name=name, data=docx(text))


def _items(clerk, reviewer):
    today = dt.date(2026, 9, 1)
    published = catalog.create_item(clerk, title="城关街道扶贫项目资金公示", written_date=today,
                                    body="<p>精准扶贫项目资金使用情况</p>")
    attach(clerk, published, "附件1：资金明细.docx", "扶贫项目资金明细")
    catalog.submit_item(clerk, published)
    catalog.approve_item(reviewer, published, opinion="同意")
    published = catalog.publish_item(clerk, published)
    draft = catalog.create_item(clerk, title="城关街道内部草稿", written_date=today, body="<p>扶贫</p>")
    attach(clerk, draft, "附件2：草稿.docx", "内部草稿")
    return published, draft


def _report(unit, clerk, reviewer):
    report = reports.build(clerk, unit, year=2025)
    reports.submit(clerk, report)
    return reports.publish(reviewer, report, warning_reason="fuzz fixture")


def build_world(unit, clerk, reviewer) -> dict:
    """Records of every kind the API serves, and the path parameters that name them."""
    published, draft = _items(clerk, reviewer)
    report = _report(unit, clerk, reviewer)
    app = applications.register_at_counter(clerk, data=APPLICANT, submission_key=codes.new_token()).application
    paused = applications.register_at_counter(clerk, data={**APPLICANT, "description": "河口镇2026年防汛工作方案"},
                                              submission_key=codes.new_token()).application
    pause = applications.start_pause(clerk, paused, kind="third_party", party="某建设公司", started_on=dt.date(2026, 9, 29))
    common = {"number": app.number, "report_id": report.pk, "pause_id": pause.pk}
    return {"public": {**common, "item_id": published.pk}, "work": {**common, "item_id": draft.pk},
            "paused_number": paused.number}
