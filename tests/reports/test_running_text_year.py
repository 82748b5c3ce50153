"""The report year from running text when the title names none (驼峰路街道 2020: “驼峰路街道办事处政府
信息公开工作年度报告”), and the unit from such a title."""
import pytest

from gongkai.domain.annual_report.extract import running_text_year, title_unit_year


def test_a_title_without_a_year_still_names_the_unit():
    assert title_unit_year(["驼峰路街道办事处政府信息公开工作年度报告"]) == ("驼峰路街道办事处", None)
    assert title_unit_year(["关于政府信息公开工作的年度报告"]) == (None, None)


@pytest.mark.parametrize(("paragraphs", "year"), [
    (["2020年度我街办未接到提出公开政府信息的申请。", "2020年驼峰路街道办未发生行政复议案件。"], 2020),
    (["本报告所列数据的统计期限为2024年1月1日至2024年12月31日。", "2023年，我局共公开信息12条。"], 2024),
    (["本报告中所列数据统计期限为2022年1月1日至", "12月31日。"], 2022),                 # wrapped over two PDF lines
    (["现将凤鸣街道办事处2016年政府信息公开工作年度报告予以公布。"], 2016),
    (["二〇二〇年，我镇严格按照《条例》要求开展工作。"], 2020),
    (["2021年，我局推进政务公开。", "2020年，我局制定了目录。", "2021年，我局召开会议。"], 2021),
    (["2019年，我局制定了目录。", "2020年，我局召开会议。"], 2020),                    # a tie: the later year
    (["2021年1月15日"], None),                                                        # a date, not the period
    (["截至2019年底，共有规章3件。"], None),
    (["我局按照要求开展工作。"], None),
])
def test_running_text_year(paragraphs, year):
    assert running_text_year(paragraphs) == year
