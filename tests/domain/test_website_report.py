"""The 政府网站工作年度报表 rules (voice.md §1.5): each named rule fails on its broken identity and
passes on a correct report; values are parsed strictly; the January reminder days."""
import datetime as dt
import io

import pytest
from openpyxl import Workbook

from gongkai.domain import website_report as wr

TPL = wr.template_for(2025)


def good() -> dict:
    """A complete, consistent report's fields (A values computed, E entered)."""
    values = {f.key: (0 if f.kind in (wr.COUNT, wr.DECIMAL) else False if f.kind == wr.BOOL else None)
              for f in TPL.fields}
    values.update(site_name="示范网站", home_url="https://www.example.gov.cn/", sponsor="示范县人民政府",
                  site_type="政府门户网站", site_code="5109030018", icp_no="蜀ICP备1号", police_no="川公网安备1号",
                  unit_head="张三", phone="0000-1234567", visitors=100, visits=500,
                  info_total=30, info_overview=5, info_news=10, info_catalog=15, innovation=["无障碍浏览"])
    source = {f.key: f.source for f in TPL.fields}
    return {k: {"source": source[k], "computed": v if source[k] != wr.E else None,
                "override": v if source[k] == wr.E else None, "reason": ""} for k, v in values.items()}


def rules_of(findings, severity=None):
    return {f["rule"] for f in findings if severity is None or f["severity"] == severity}


def test_a_consistent_report_has_no_finding():
    assert wr.check(TPL, good()) == []


def test_template_is_versioned_by_year():
    assert wr.template_for(2018) is wr.template_for(2030)
    with pytest.raises(ValueError):
        wr.template_for(2017)


def test_an_empty_required_field_blocks_and_zero_must_be_typed():
    fields = good()
    fields["visits"]["override"] = None
    fields["security_drill"]["override"] = None
    found = wr.check(TPL, fields)
    assert rules_of(found, wr.ERROR) == {"required.missing"}
    assert found[0]["cells"] == ["visits", "security_drill"]
    fields["visits"]["override"], fields["visitors"]["override"] = 0, 0
    fields["security_drill"]["override"] = False
    assert wr.check(TPL, fields) == []


@pytest.mark.parametrize(("small", "big", "rule"), [
    ("visitors", "visits", "basic.visitors_le_visits"),
    ("topics_new", "topics_kept", "topics.new_le_kept"),
    ("service_online", "service_items", "service.online_le_total"),
    ("msg_answered", "msg_received", "messages.answered_le_received"),
    ("msg_published", "msg_answered", "messages.published_le_answered"),
    ("security_fixed", "security_problems", "security.fixed_le_found"),
    ("survey_results", "survey_rounds", "survey.results_le_rounds"),
    ("interview_answers", "interview_messages", "interview.answers_le_messages"),
])
def test_a_part_above_its_whole_blocks(small, big, rule):
    fields = good()
    fields[big]["override" if fields[big]["source"] == wr.E else "computed"] = 3
    fields[small]["override" if fields[small]["source"] == wr.E else "computed"] = 4
    found = wr.check(TPL, fields)
    assert rule in rules_of(found, wr.ERROR)
    fields[small]["override" if fields[small]["source"] == wr.E else "computed"] = 3
    assert rule not in rules_of(wr.check(TPL, fields))


def test_answered_may_exceed_received_by_last_years_open_messages():
    fields = good()
    fields["msg_received"]["override"], fields["msg_answered"]["override"] = 5, 7
    assert "messages.answered_le_received" in rules_of(wr.check(TPL, fields))
    assert "messages.answered_le_received" not in rules_of(wr.check(TPL, fields, carried_in=2))


@pytest.mark.parametrize(("code", "ok"), [("5109030018", True), ("510903001", False), ("51090300AB", False)])
def test_site_code_is_ten_digits(code, ok):
    fields = good()
    fields["site_code"]["computed"] = code
    assert ("basic.site_code" in rules_of(wr.check(TPL, fields))) is not ok


def test_home_url_is_http():
    fields = good()
    fields["home_url"]["computed"] = "www.example.gov.cn"
    assert "basic.home_url" in rules_of(wr.check(TPL, fields), wr.ERROR)


def test_no_new_media_but_figures_blocks():
    fields = good()
    fields["wechat_posts"]["override"] = 12
    assert "media.none_but_figures" in rules_of(wr.check(TPL, fields), wr.ERROR)
    fields["has_media"]["override"] = True
    assert "media.none_but_figures" not in rules_of(wr.check(TPL, fields))


def test_parent_not_sum_of_children_warns():
    fields = good()
    fields["info_total"]["computed"] = 31
    fields["cases_total"]["override"] = 4
    fields["cases_person"]["override"] = 1
    assert rules_of(wr.check(TPL, fields)) == {"info.total_sum", "cases.total_sum"}
    assert rules_of(wr.check(TPL, fields), wr.WARNING) == {"info.total_sum", "cases.total_sum"}


def test_an_overridden_computed_figure_needs_a_reason_and_is_shown_to_the_reviewer():
    fields = good()
    fields["interp_total"]["override"] = 2
    fields["interp_materials"]["override"] = 2
    found = wr.check(TPL, fields)
    assert rules_of(found, wr.ERROR) == {"override.reason"}
    fields["interp_total"]["reason"] = fields["interp_materials"]["reason"] = "两条解读在部门网站发布"
    found = wr.check(TPL, fields)
    assert rules_of(found) == {"override.changed"}
    assert "两条解读在部门网站发布" in found[0]["message"]


def test_a_field_the_template_enters_but_the_platform_computed_needs_a_reason_too():
    fields = good()
    fields["msg_received"].update(source=wr.A, computed=3, override=0)      # consult installed
    assert rules_of(wr.check(TPL, fields), wr.ERROR) == {"override.reason"}


def test_a_computed_field_the_records_left_empty_is_simply_entered():
    fields = good()
    fields["police_no"]["computed"], fields["police_no"]["override"] = None, "川公网安备2号"
    assert wr.check(TPL, fields) == []


def test_a_figure_half_off_last_year_warns():
    fields = good()
    previous = wr.effective(good())
    previous["visits"] = 1200
    assert "cross_year.change" in rules_of(wr.check(TPL, fields, previous=previous), wr.WARNING)
    previous["visits"] = 600
    assert "cross_year.change" not in rules_of(wr.check(TPL, fields, previous=previous))


def test_smart_qa_while_the_faq_is_off_warns():
    fields = good()
    fields["smart_qa"]["override"] = True
    assert "smart_qa.no_faq" in rules_of(wr.check(TPL, fields, faq_on=False))
    assert wr.check(TPL, fields, faq_on=None) == []


@pytest.mark.parametrize(("key", "raw", "value"), [
    ("visits", "1,250", 1250), ("visits", "0", 0), ("msg_avg_days", "3.46", 3.5), ("service_catalog", "是", True),
    ("service_catalog", "否", False), ("innovation", "无障碍浏览、搜索即服务", ["搜索即服务", "无障碍浏览"]),
    ("visits", "", None), ("site_type", "部门网站", "部门网站"),
])
def test_values_are_parsed(key, raw, value):
    assert wr.parse_value(TPL.get(key), raw) == value


@pytest.mark.parametrize(("key", "raw"), [("visits", "-1"), ("visits", "1.5"), ("visits", "很多"),
                                          ("service_catalog", "可能"), ("innovation", "元宇宙"),
                                          ("site_type", "门户"), ("msg_avg_days", "NaN")])
def test_bad_values_are_refused_in_chinese(key, raw):
    with pytest.raises(ValueError, match=wr.column_label(TPL.get(key))):
        wr.parse_value(TPL.get(key), raw)


def _book(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_workbook_reports_every_bad_row():
    header = ["政府网站标识码", "年度", wr.column_label(TPL.get("visits")), "service_catalog", "备注"]
    data = _book([header, ["5109030018", 2025, 1000, "是"], ["123", 2025, -5, "是"],
                  ["5109030018", 2025, 10, "否"], ["5109030019", 2031, 10, "也许"]])
    parsed = wr.parse_workbook(data, TPL, 2018, 2025)
    assert [r.number for r in parsed.bad] == [3, 4, 5]
    assert parsed.rows[0].values == {"site_code": "5109030018", "year": 2025, "visits": 1000, "service_catalog": True}
    assert "重复" in parsed.rows[2].errors[0]
    assert len(parsed.rows[3].errors) == 2
    assert parsed.ignored == ["备注"]


def test_workbook_without_its_key_columns_is_refused():
    with pytest.raises(wr.LedgerFileError):
        wr.parse_workbook(_book([["网站", "访问量"], ["a", 1]]), TPL, 2018, 2025)


def test_deadline_and_reminder_days():
    due = wr.deadline(2025)
    assert due == dt.date(2026, 1, 31)
    assert wr.deadline(2025, (1, 29)) == dt.date(2026, 1, 29)
    days = [d for d in (dt.date(2026, 1, 1) + dt.timedelta(n) for n in range(40)) if wr.reminder_due(d, due)]
    assert days[:3] == [dt.date(2026, 1, 2), dt.date(2026, 1, 21), dt.date(2026, 1, 28)]
    assert days[3:] == [dt.date(2026, 2, 1) + dt.timedelta(n) for n in range(9)]
    assert not wr.reminder_due(dt.date(2027, 1, 2), due)
