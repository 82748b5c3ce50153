"""Result types and applicant types exactly as table 三 of the annual report."""
import pytest

from gongkai.domain.decisions import (
    APPLICANT_TYPES, DECISION_TYPES, GROUPS, REPORT_ROWS, REPORT_ROWS_2019, ROW_LABELS, applicant_choices,
    applicant_type, decision_choices, decision_type, row_2019, validate_basis)

# The result rows of the 2021 format, copied from domain.md §2.4 (group labels without a number above
# their sub-rows).
TABLE_ROWS = """\
（一）予以公开
（二）部分公开（区分处理的，只计这一情形，不计其他情形）
（三）不予公开
1.属于国家秘密
2.其他法律行政法规禁止公开
3.危及“三安全一稳定”
4.保护第三方合法权益
5.属于三类内部事务信息
6.属于四类过程性信息
7.属于行政执法案卷
8.属于行政查询事项
（四）无法提供
1.本机关不掌握相关政府信息
2.没有现成信息需要另行制作
3.补正后申请内容仍不明确
（五）不予处理
1.信访举报投诉类申请
2.重复申请
3.要求提供公开出版物
4.无正当理由大量反复申请
5.要求行政机关确认或重新出具已获取信息
（六）其他处理
1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请
2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请
3.其他
""".splitlines()

AUDITOR_KEYS = ["new", "carried_in", "granted", "partial", *[f"withheld.{i}" for i in range(1, 9)],
                *[f"unavailable.{i}" for i in range(1, 4)], *[f"not_processed.{i}" for i in range(1, 6)],
                *[f"other.{i}" for i in range(1, 4)], "total", "carried_out"]


def test_rows_and_labels_are_exactly_the_tables():
    rendered = []
    for t in DECISION_TYPES:
        if t.group.label not in rendered and t.row_label != t.group.label:
            rendered.append(t.group.label)
        rendered.append(t.row_label)
    assert rendered == TABLE_ROWS
    assert [g.label for g in GROUPS] == [r for r in TABLE_ROWS if r.startswith("（")]


def test_codes_are_the_inspections_row_keys():
    assert list(REPORT_ROWS) == AUDITOR_KEYS
    assert len(REPORT_ROWS) == 25  # the 2021 format's data rows
    assert len(DECISION_TYPES) == 21  # less 新收, 上年结转, 总计 and 结转下年度
    assert ROW_LABELS["new"] == "一、本年新收政府信息公开申请数量"
    assert ROW_LABELS["total"] == "（七）总计"
    assert ROW_LABELS["carried_out"] == "四、结转下年度继续办理"


def test_2019_format_has_one_row_for_other_processing():
    assert [row_2019(f"other.{i}") for i in (1, 2, 3)] == ["other"] * 3
    assert row_2019("withheld.3") == "withheld.3"
    assert len(REPORT_ROWS_2019) == 23  # the 2019 format's data rows
    assert REPORT_ROWS_2019[-4:] == ("not_processed.5", "other", "total", "carried_out")
    assert ROW_LABELS["other"] == "（六）其他处理"


@pytest.mark.parametrize("code,article", [
    ("withheld.1", "第十四条"), ("withheld.3", "第十四条"), ("withheld.5", "第十六条第一款"),
    ("withheld.7", "第十六条第二款"), ("withheld.8", "第三十六条第（七）项"),
    ("unavailable.2", "第三十八条"), ("not_processed.1", "第三十九条第一款"),
    ("not_processed.2", "第三十六条第（六）项"), ("not_processed.4", "第三十五条"),
    ("other.1", "第三十条"), ("other.2", "109号"), ("partial", "第三十七条"),
])
def test_each_type_cites_its_legal_basis(code, article):
    assert any(article in b.citation for b in decision_type(code).bases)


def test_every_withholding_also_cites_the_answer_clause():
    for t in DECISION_TYPES:
        if t.group.code == "withheld" and t.code != "withheld.8":
            assert all("第三十六条第（三）项" in b.citation for b in t.bases)


def test_every_type_has_a_basis_or_asks_the_office_for_one():
    free = {t.code for t in DECISION_TYPES if t.basis_required_text}
    assert free == {"not_processed.5", "other.3"}
    assert all(t.bases for t in DECISION_TYPES if t.code not in free)


def test_validate_basis():
    assert validate_basis("unavailable.1", "第三十六条第（五）项").gist.startswith("所申请公开信息不属于")
    full = decision_type("withheld.4").bases[0].full
    assert full.startswith("《中华人民共和国政府信息公开条例》第十五条")
    assert validate_basis("withheld.4", full).citation.startswith("第十五条")
    assert validate_basis("other.3", "申请人主动撤回申请").citation == "申请人主动撤回申请"
    with pytest.raises(ValueError, match="法律依据应为"):
        validate_basis("withheld.1", "第十六条第一款")
    with pytest.raises(ValueError, match="须写明法律依据"):
        validate_basis("other.3", "  ")
    with pytest.raises(ValueError, match="未知"):
        decision_type("withheld.9")


def test_applicant_types_are_the_tables_columns():
    assert [(a.code, a.label) for a in APPLICANT_TYPES] == [
        ("natural_person", "自然人"), ("commercial", "商业企业"), ("research", "科研机构"),
        ("public_welfare", "社会公益组织"), ("legal_services", "法律服务机构"), ("other_org", "其他")]
    assert not applicant_type("natural_person").is_organisation
    assert {a.group_label for a in APPLICANT_TYPES if a.is_organisation} == {"法人或其他组织"}
    assert applicant_choices()[1] == ("commercial", "商业企业")
    with pytest.raises(ValueError):
        applicant_type("company")


def test_choices_for_forms():
    choices = dict(decision_choices())
    assert choices["granted"] == "予以公开"
    assert choices["withheld.3"] == "不予公开——危及“三安全一稳定”"
    assert len(choices) == 21
