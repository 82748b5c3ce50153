"""Result types of an answer (办理结果类型) and applicant types (申请人类型),
exactly as the rows and columns of table 三 of the annual report
(政府信息公开工作年度报告, 国办公开办函〔2021〕30号 format; domain.md §2.4).

Each result type has a stable code, which is also the row key of the
annual-report inspector's JSON: ``granted``, ``partial``, ``withheld.1``–``8``,
``unavailable.1``–``3``, ``not_processed.1``–``5``, ``other.1``–``3``.

Each also lists the legal bases (法律依据) an answer letter may cite for it,
from the reading of the row wording against the 条例 in domain.md §2.4. That
reading is not an official crosswalk. Two rows have no article of their own
(``not_processed.5`` and ``other.3``): the office writes its basis itself,
``basis_required_text`` is True for them.

In the 2019 format (国办公开办函〔2019〕60号) 其他处理 is a single row,
``other``; ``row_2019`` maps a code to its row there.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "APPLICANT_TYPES",
    "DECISION_TYPES",
    "FEE_MEASURES",
    "GROUPS",
    "REGULATION",
    "REPORT_ROWS",
    "REPORT_ROWS_2019",
    "ROW_LABELS",
    "ApplicantType",
    "DecisionGroup",
    "DecisionType",
    "LegalBasis",
    "applicant_choices",
    "applicant_type",
    "decision_choices",
    "decision_type",
    "row_2019",
    "validate_basis",
]

REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


@dataclass(frozen=True)
class LegalBasis:
    """One citation for an answer letter, e.g. 条例第十四条, with its gist."""

    citation: str          # "第十四条", or a whole document title for 109号
    gist: str
    regulation: str = REGULATION

    @property
    def full(self) -> str:
        """As written in a letter: 《中华人民共和国政府信息公开条例》第十四条."""
        return self.citation if self.citation.startswith("《") else f"{self.regulation}{self.citation}"


@dataclass(frozen=True)
class DecisionGroup:
    """A numbered group of table 三 (（一）…（六）); sub-reasons belong to one."""

    code: str
    label: str             # exactly as in the table, e.g. "（三）不予公开"
    name: str              # without numbering, e.g. "不予公开"


@dataclass(frozen=True)
class DecisionType:
    """One data row of 三、本年度办理结果."""

    code: str              # "granted", "withheld.3", ...
    group: DecisionGroup
    row_label: str         # exactly as in the table, e.g. "3.危及“三安全一稳定”"
    name: str              # the row without its number
    bases: tuple[LegalBasis, ...]
    basis_required_text: bool = False   # no article of its own: the office writes the basis

    @property
    def title(self) -> str:
        """For a drop-down: 不予公开——属于国家秘密."""
        return self.name if self.group.name == self.name else f"{self.group.name}——{self.name}"

    @property
    def row_2019(self) -> str:
        return row_2019(self.code)


@dataclass(frozen=True)
class ApplicantType:
    """A column of table 三 (申请人情况)."""

    code: str
    label: str             # 自然人, 商业企业, ...
    group_label: str       # 自然人 or 法人或其他组织

    @property
    def is_organisation(self) -> bool:
        return self.code != "natural_person"


def _b(citation: str, gist: str) -> LegalBasis:
    return LegalBasis(citation, gist)


def _w(citation: str, gist: str) -> LegalBasis:
    """A ground for withholding: the letter cites it with 第三十六条第（三）项,
    the clause that answers by telling the refusal and its reason."""
    return LegalBasis(f"{citation}、第三十六条第（三）项", gist)

GRANTED = DecisionGroup("granted", "（一）予以公开", "予以公开")
PARTIAL = DecisionGroup("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开")
WITHHELD = DecisionGroup("withheld", "（三）不予公开", "不予公开")
UNAVAILABLE = DecisionGroup("unavailable", "（四）无法提供", "无法提供")
NOT_PROCESSED = DecisionGroup("not_processed", "（五）不予处理", "不予处理")
OTHER = DecisionGroup("other", "（六）其他处理", "其他处理")
GROUPS = (GRANTED, PARTIAL, WITHHELD, UNAVAILABLE, NOT_PROCESSED, OTHER)


def _sub(group: DecisionGroup, n: int, name: str, *bases: LegalBasis, free: bool = False) -> DecisionType:
    return DecisionType(f"{group.code}.{n}", group, f"{n}.{name}", name, tuple(bases), free)


DECISION_TYPES: tuple[DecisionType, ...] = (
    DecisionType("granted", GRANTED, GRANTED.label, "予以公开", (
        _b("第三十六条第（一）项", "所申请公开信息已经主动公开，告知获取的方式、途径"),
        _b("第三十六条第（二）项", "所申请公开信息可以公开，予以提供或告知获取的方式、途径和时间"),
    )),
    DecisionType("partial", PARTIAL, PARTIAL.label, "部分公开", (
        _b("第三十七条", "含有不应当公开的内容但能够作区分处理的，提供可以公开的部分并说明理由"),
    )),
    _sub(WITHHELD, 1, "属于国家秘密",
         _w("第十四条", "依法确定为国家秘密的政府信息不予公开")),
    _sub(WITHHELD, 2, "其他法律行政法规禁止公开",
         _w("第十四条", "法律、行政法规禁止公开的政府信息不予公开")),
    _sub(WITHHELD, 3, "危及“三安全一稳定”",
         _w("第十四条", "公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息不予公开")),
    _sub(WITHHELD, 4, "保护第三方合法权益",
         _w("第十五条", "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害"),
         _w("第三十二条", "第三方不同意公开且有合理理由")),
    _sub(WITHHELD, 5, "属于三类内部事务信息",
         _w("第十六条第一款", "人事管理、后勤管理、内部工作流程等内部事务信息")),
    _sub(WITHHELD, 6, "属于四类过程性信息",
         _w("第十六条第二款", "讨论记录、过程稿、磋商信函、请示报告等过程性信息")),
    _sub(WITHHELD, 7, "属于行政执法案卷",
         _w("第十六条第二款", "行政执法案卷信息")),
    _sub(WITHHELD, 8, "属于行政查询事项",
         _b("第三十六条第（七）项", "工商、不动产登记资料等，有关法律、行政法规对获取有特别规定")),
    _sub(UNAVAILABLE, 1, "本机关不掌握相关政府信息",
         _b("第三十六条第（四）项", "经检索没有所申请公开信息"),
         _b("第三十六条第（五）项", "所申请公开信息不属于本行政机关负责公开")),
    _sub(UNAVAILABLE, 2, "没有现成信息需要另行制作",
         _b("第三十八条", "需要对现有政府信息进行加工、分析")),
    _sub(UNAVAILABLE, 3, "补正后申请内容仍不明确",
         _b("第三十条", "经补正后申请内容仍不明确")),
    _sub(NOT_PROCESSED, 1, "信访举报投诉类申请",
         _b("第三十九条第一款", "以政府信息公开申请的形式进行信访、投诉、举报等活动")),
    _sub(NOT_PROCESSED, 2, "重复申请",
         _b("第三十六条第（六）项", "已作出答复，申请人重复申请公开相同政府信息")),
    _sub(NOT_PROCESSED, 3, "要求提供公开出版物",
         _b("第三十九条第二款", "要求提供政府公报、报刊、书籍等公开出版物")),
    _sub(NOT_PROCESSED, 4, "无正当理由大量反复申请",
         _b("第三十五条", "申请数量、频次明显超过合理范围且理由不合理")),
    _sub(NOT_PROCESSED, 5, "要求行政机关确认或重新出具已获取信息", free=True),
    _sub(OTHER, 1, "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
         _b("第三十条", "申请人无正当理由逾期不补正的，视为放弃申请")),
    _sub(OTHER, 2, "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
         LegalBasis(FEE_MEASURES, "申请人逾期未缴纳信息处理费的，视为放弃申请")),
    _sub(OTHER, 3, "其他", free=True),
)
_BY_CODE = {t.code: t for t in DECISION_TYPES}

APPLICANT_TYPES: tuple[ApplicantType, ...] = (
    ApplicantType("natural_person", "自然人", "自然人"),
    ApplicantType("commercial", "商业企业", "法人或其他组织"),
    ApplicantType("research", "科研机构", "法人或其他组织"),
    ApplicantType("public_welfare", "社会公益组织", "法人或其他组织"),
    ApplicantType("legal_services", "法律服务机构", "法人或其他组织"),
    ApplicantType("other_org", "其他", "法人或其他组织"),
)
_APPLICANTS = {a.code: a for a in APPLICANT_TYPES}

# Rows of table 三 in order, as the inspector's JSON keys them.
REPORT_ROWS: tuple[str, ...] = ("new", "carried_in", *(t.code for t in DECISION_TYPES), "total", "carried_out")
REPORT_ROWS_2019: tuple[str, ...] = tuple(dict.fromkeys(row_key if not row_key.startswith("other.") else "other"
                                                        for row_key in REPORT_ROWS))
ROW_LABELS: dict[str, str] = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    **{t.code: t.row_label for t in DECISION_TYPES},
    "other": OTHER.label,
    "total": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}


def decision_type(code: str) -> DecisionType:
    try:
        return _BY_CODE[code]
    except KeyError:
        raise ValueError(f"未知的办理结果类型：{code}") from None


def applicant_type(code: str) -> ApplicantType:
    try:
        return _APPLICANTS[code]
    except KeyError:
        raise ValueError(f"未知的申请人类型：{code}") from None


def row_2019(code: str) -> str:
    """The 2019-format row of a result code: every ``other.N`` is ``other``."""
    decision_type(code)
    return "other" if code.startswith("other.") else code


def validate_basis(code: str, citation: str) -> LegalBasis:
    """The basis an answer of type ``code`` cites; refuses one the type does
    not allow, and an empty one. Where the type has no article of its own the
    office's own text is accepted."""
    kind = decision_type(code)
    citation = (citation or "").strip()
    if not citation:
        raise ValueError(f"“{kind.title}”须写明法律依据")
    for basis in kind.bases:
        if citation in (basis.citation, basis.full):
            return basis
    if kind.basis_required_text:
        return LegalBasis(citation, "")
    allowed = "或".join(b.citation for b in kind.bases)
    raise ValueError(f"“{kind.title}”的法律依据应为{allowed}")


def decision_choices() -> list[tuple[str, str]]:
    """(code, title) pairs, in table order: for model and form choices."""
    return [(t.code, t.title) for t in DECISION_TYPES]


def applicant_choices() -> list[tuple[str, str]]:
    return [(a.code, a.label) for a in APPLICANT_TYPES]
