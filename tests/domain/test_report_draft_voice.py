"""Section 六 of the drafted annual report cites the year's 政策解读 and 政务咨询 figures (issue 15
point 4), worded so that the narrative checks do not read them as table 三's numbers."""
from gongkai.domain.annual_report.narrative import find_statements
from gongkai.domain.annual_report.draft import ReportFacts, VoiceFacts, draft, full_text, voice_text

APPS = {row: [0] * 7 for row in ("new", "carried_in", "total", "carried_out")}
APPS["new"][6], APPS["total"][6] = 4, 4


def facts(voice: VoiceFacts) -> ReportFacts:
    return ReportFacts(unit_name="城关街道办事处", year=2025, items_published=10, items_by_category=(),
                       items_by_channel=(), items_repealed=0, applications=APPS, disputes=[0] * 15, voice=voice)


def test_section_six_cites_interpretations_and_consultations():
    voice = VoiceFacts(interpretations=5, policies=4, policies_with_interpretation=3, late_interpretations=1,
                       consultations_received=32, consultations_answered=30, average_reply_workdays=2.46,
                       consultations_published=12)
    other = draft(facts(voice))["other"]
    assert "本年度发布政策解读5条，需要解读的政策文件4份、其中3份已同步发布解读，1条解读晚于文件发布超过3个工作日" in other
    assert "收到群众留言32条，已回复30条，平均2.5个工作日内回复，在网站公开问答12条。" in other
    assert other.startswith("本年度未发出信息处理费收费通知")


def test_the_figures_are_not_read_as_application_numbers():
    voice = VoiceFacts(interpretations=7, consultations_received=90, consultations_answered=88,
                       average_reply_workdays=5.0, consultations_published=40)
    with_voice = find_statements(full_text(draft(facts(voice))))
    without = find_statements(full_text(draft(facts(VoiceFacts()))))
    assert with_voice == without
    assert find_statements(voice_text(voice)) == {}


def test_nothing_to_cite_adds_nothing():
    assert voice_text(VoiceFacts()) == ""
    assert voice_text(VoiceFacts(consultations_received=None, interpretations=0)) == ""
    assert draft(facts(VoiceFacts()))["other"] == "本年度未发出信息处理费收费通知，未收取信息处理费。"
