"""Issue 12 item 14: the scoring curve explained, and no evidence row repeating its own summary."""
import datetime as dt

import pytest
from django.utils import timezone

from gongkai.assessment import scoring
from gongkai.domain import assessment as rules
from gongkai.domain import assessment_explain as words
from gongkai.reports.models import AnnualReport, ReportStatus

PROACTIVE = rules.DEFAULT_INDICATORS[0]   # 15 points, full at 100 %, zero at 80 %


def test_the_curve_in_words_explains_the_two_numbers_people_asked_about():
    assert words.rule_text(PROACTIVE) == ("达到100%得满分15分，不高于80%得0分，其间按比例计分："
                                          "得分 = 15 ×（实际值 − 80）÷ 20")
    assert words.example(PROACTIVE) == "如90%得7.5分"
    assert words.calculation(PROACTIVE, 90.0) == "15 ×（90 − 80）÷ 20 = 7.5"
    assert words.calculation(PROACTIVE, 81.82) == "15 ×（81.82 − 80）÷ 20 = 1.36"
    assert words.calculation(PROACTIVE, 79) == "79%不高于零分线80%，得0分"
    deduct = rules.DEFAULT_INDICATORS[2]
    assert words.rule_text(deduct) == "每发生1项扣5分，扣完10分为止" and words.calculation(deduct, 1) == "10 − 5 × 1 = 5（不低于0）"


@pytest.mark.django_db
def test_a_report_on_time_is_said_once_not_twice(street):
    """The on-time report's only evidence row used to repeat the summary word for word."""
    year = timezone.localdate().year
    published = timezone.make_aware(dt.datetime(year, 1, 10, 9))
    AnnualReport.objects.create(unit=street, year=year - 1, title="城关街道年度报告", status=ReportStatus.PUBLISHED,
                                published_at=published)
    m = scoring.annual_report([street.pk], year, dt.date(year, 6, 1))
    assert m.value == 0 and m.summary.endswith("按时发布且无错误")
    assert [e["label"] for e in m.evidence] == [f"查看{year - 1}年度政府信息公开工作年度报告"]
    assert all(e["label"] != m.summary for e in m.evidence)
