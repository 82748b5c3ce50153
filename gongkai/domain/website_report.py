"""The 政府网站工作年度报表 (website work annual report, 国办函〔2018〕12号): its versioned field
template, the values a report holds, the checks (one named rule each), the workbook of hand-entered
figures and the January deadline and reminder days. Plain Python, no Django.

Source (voice.md §1.1–1.5): 12号 names the eight sections (信息发布、专栏专题、解读回应、办事服务、
互动交流、安全防护、移动新媒体、创新发展) and the deadline “于每年1月31日前在本网站首页显著位置发布” [V];
the labels, units and option sets follow the national template as commonly published and are
[unverified], so the template is versioned by the first report year it applies to
(``TEMPLATES``): when the national format changes a new template is added and old reports keep theirs.

A report's ``fields`` map each field key to ``{"source", "computed", "override", "reason"}``:
``source`` is ``A`` (platform records), ``W`` (the watchdog) or ``E`` (entered on the form or
imported); the value used is ``override`` when set, else ``computed``. An ``A``/``W`` value that
is overridden needs a reason (an error without one) and is listed to the reviewer (a warning); one
the records left empty (an ICP number not in the registry) is simply entered.

Rules (``check``): required.missing, basic.site_code, basic.home_url, basic.visitors_le_visits,
topics.new_le_kept, service.online_le_total, messages.answered_le_received,
messages.published_le_answered, security.fixed_le_found, survey.results_le_rounds,
interview.answers_le_messages, media.none_but_figures, override.reason (errors: block submit, sign
and publish); info.total_sum, interp.total_sum, cases.total_sum, override.changed,
cross_year.change, smart_qa.no_faq (warnings: need a recorded reason).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .annual_report.normalize import clean, label_key
from .ledger import LedgerFileError, parse_text, read_workbook

__all__ = [
    "ERROR",
    "SECTIONS",
    "TEMPLATES",
    "WARNING",
    "FieldDef",
    "FieldsFile",
    "FieldsRow",
    "LedgerFileError",
    "Template",
    "check",
    "column_label",
    "deadline",
    "display",
    "effective",
    "parse_value",
    "parse_workbook",
    "reminder_due",
    "template_for",
]

ERROR, WARNING = "error", "warning"
A, W, E = "A", "W", "E"
COUNT, DECIMAL, BOOL, TEXT, CHOICE, MULTI = "count", "decimal", "bool", "text", "choice", "multi"
YES, NO = "是", "否"
SITE_TYPES = ("政府门户网站", "部门网站")
INNOVATIONS = ("搜索即服务", "多语言版本", "无障碍浏览", "千人千网", "其他")
SECTIONS = ("基本信息", "信息发布", "专栏专题", "解读回应", "办事服务", "互动交流", "安全防护", "移动新媒体",
            "创新发展", "附：网站守护监测情况", "签署")
CHANGE_LIMIT = 0.5          # a figure more than ±50 % off last year is a warning (voice.md §1.5)


@dataclass(frozen=True)
class FieldDef:
    """One field of the table: where it is printed (section, group, label, unit), its type, its
    source and whether it must be filled (``0`` typed, never assumed)."""

    key: str
    section: str
    label: str
    kind: str = COUNT
    unit: str = ""
    source: str = E
    group: str = ""
    required: bool = True
    options: tuple[str, ...] = ()
    printed: bool = True


@dataclass(frozen=True)
class Template:
    first_year: int
    fields: tuple[FieldDef, ...]

    def get(self, key: str) -> FieldDef:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)


def _f(key: str, section: str, label: str, kind: str = COUNT, unit: str = "", source: str = E,
       group: str = "", required: bool = True, options: tuple[str, ...] = (), printed: bool = True) -> FieldDef:
    return FieldDef(key, section, label, kind, unit, source, group, required, options, printed)


_B, _I, _T, _J, _S, _H, _X, _M, _C, _WD, _SIGN = SECTIONS
TEMPLATE_2018 = Template(2018, (
    _f("site_name", _B, "网站名称", TEXT, source=A),
    _f("home_url", _B, "首页网址", TEXT, source=A),
    _f("sponsor", _B, "主办单位", TEXT, source=A),
    _f("site_type", _B, "网站类型", CHOICE, source=A, options=SITE_TYPES),
    _f("site_code", _B, "政府网站标识码", TEXT, source=A),
    _f("icp_no", _B, "ICP备案号", TEXT, source=A),
    _f("police_no", _B, "公安机关备案号", TEXT, source=A),
    _f("visitors", _B, "独立用户访问总量", unit="个"),
    _f("visits", _B, "网站总访问量", unit="次"),
    _f("info_total", _I, "总数", unit="条", source=A, group="信息发布"),
    _f("info_overview", _I, "概况类信息更新量", unit="条", source=A, group="信息发布"),
    _f("info_news", _I, "政务动态信息更新量", unit="条", group="信息发布"),
    _f("info_catalog", _I, "信息公开目录信息更新量", unit="条", source=A, group="信息发布"),
    _f("topics_kept", _T, "维护数量", unit="个", group="专栏专题"),
    _f("topics_new", _T, "新开设数量", unit="个", group="专栏专题"),
    _f("interp_total", _J, "总数", unit="条", source=A, group="解读信息发布"),
    _f("interp_materials", _J, "解读材料数量", unit="条", source=A, group="解读信息发布"),
    _f("interp_products", _J, "解读产品数量", unit="条", source=A, group="解读信息发布"),
    _f("interp_media", _J, "媒体评论文章数量", unit="条", source=A, group="解读信息发布"),
    _f("responses", _J, "回应公众关注热点或重大舆情数量", unit="次"),
    _f("service_catalog", _S, "是否发布服务事项目录", BOOL),
    _f("service_users", _S, "注册用户数", unit="个"),
    _f("service_items", _S, "总数", unit="项", group="政务服务事项数量"),
    _f("service_online", _S, "可全程在线办理政务服务事项数量", unit="项", group="政务服务事项数量"),
    _f("cases_total", _S, "总数", unit="件", group="办件量"),
    _f("cases_person", _S, "自然人办件量", unit="件", group="办件量"),
    _f("cases_legal", _S, "法人办件量", unit="件", group="办件量"),
    _f("unified_platform", _H, "是否使用统一平台", BOOL),
    _f("msg_received", _H, "收到留言数量", unit="条", group="留言办理"),
    _f("msg_answered", _H, "办结留言数量", unit="条", group="留言办理"),
    _f("msg_avg_days", _H, "平均办理时间", DECIMAL, unit="天", group="留言办理"),
    _f("msg_avg_workdays", _H, "平均办理时间（工作日，供审核参考）", DECIMAL, unit="个工作日", group="留言办理",
       required=False, printed=False),
    _f("msg_published", _H, "公开答复数量", unit="条", group="留言办理"),
    _f("survey_rounds", _H, "征集调查期数", unit="期", group="征集调查"),
    _f("survey_opinions", _H, "收到意见数量", unit="条", group="征集调查"),
    _f("survey_results", _H, "公布调查结果期数", unit="期", group="征集调查"),
    _f("interview_rounds", _H, "访谈期数", unit="期", group="在线访谈"),
    _f("interview_messages", _H, "网民留言数量", unit="条", group="在线访谈"),
    _f("interview_answers", _H, "答复网民提问数量", unit="条", group="在线访谈"),
    _f("smart_qa", _H, "是否提供智能问答", BOOL),
    _f("security_tests", _X, "安全检测评估次数", unit="次"),
    _f("security_problems", _X, "发现问题数量", unit="个", source=W),
    _f("security_fixed", _X, "问题整改数量", unit="个", source=W),
    _f("security_monitoring", _X, "是否建立安全监测预警机制", BOOL, source=A),
    _f("security_drill", _X, "是否开展应急演练", BOOL),
    _f("security_owner", _X, "是否明确网站安全责任人", BOOL),
    _f("has_media", _M, "是否有移动新媒体", BOOL),
    _f("weibo_name", _M, "名称", TEXT, group="微博", required=False),
    _f("weibo_posts", _M, "信息发布量", unit="条", group="微博", required=False),
    _f("weibo_followers", _M, "关注量", unit="个", group="微博", required=False),
    _f("wechat_name", _M, "名称", TEXT, group="微信", required=False),
    _f("wechat_posts", _M, "信息发布量", unit="条", group="微信", required=False),
    _f("wechat_subscribers", _M, "订阅数", unit="个", group="微信", required=False),
    _f("media_other", _M, "其他", TEXT, required=False),
    _f("innovation", _C, "创新发展", MULTI, required=False, options=INNOVATIONS),
    _f("innovation_other", _C, "其他（请注明）", TEXT, required=False),
    _f("watch_runs", _WD, "守护检查次数", unit="次", source=W),
    _f("watch_availability", _WD, "首页可用率", DECIMAL, unit="%", source=W, required=False),
    _f("unit_head", _SIGN, "单位负责人", TEXT, printed=False),
    _f("filler", _SIGN, "填报人", TEXT, required=False, printed=False),
    _f("phone", _SIGN, "联系电话", TEXT),
))
TEMPLATES: tuple[Template, ...] = (TEMPLATE_2018,)


def template_for(year: int) -> Template:
    """The template of ``year``'s report: the newest one whose first year is not after it."""
    found = [t for t in TEMPLATES if t.first_year <= year]
    if not found:
        raise ValueError(f"{year}年尚无政府网站工作年度报表（国办函〔2018〕12号起）")
    return max(found, key=lambda t: t.first_year)


def column_label(f: FieldDef) -> str:
    """The field's unique name in a workbook header and a finding: 板块·分组·项目."""
    return "·".join(part for part in (f.section, f.group, f.label) if part)


# ---------------------------------------------------------------- values

def effective(fields: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The value of each field: its override when one is set, else its computed value."""
    out = {}
    for key, cell in fields.items():
        override = cell.get("override")
        out[key] = override if override not in (None, "", []) else cell.get("computed")
    return out


def parse_value(f: FieldDef, raw: Any) -> Any:
    """A typed value from what a form or a workbook cell holds; ``None`` for empty. ValueError with
    a Chinese message when it is not a value of the field's type."""
    if raw is None or (isinstance(raw, str) and not clean(raw)) or raw == []:
        return None
    if f.kind == MULTI:
        items = raw if isinstance(raw, (list, tuple)) else re.split(r"[、,，;；\s]+", clean(str(raw)))
        chosen = [clean(str(i)) for i in items if clean(str(i))]
        bad = [c for c in chosen if c not in f.options]
        if bad:
            raise ValueError(f"{column_label(f)}只能选择{'、'.join(f.options)}，“{bad[0]}”不是其中之一")
        return [o for o in f.options if o in chosen]
    text = clean(str(raw)) if not isinstance(raw, bool) else (YES if raw else NO)
    if f.kind == BOOL:
        if text in (YES, "1", "true", "True", "有", "已"):
            return True
        if text in (NO, "0", "false", "False", "无", "未"):
            return False
        raise ValueError(f"{column_label(f)}应填“是”或“否”，实际为“{text}”")
    if f.kind == CHOICE:
        if text not in f.options:
            raise ValueError(f"{column_label(f)}应为{'、'.join(f.options)}之一，实际为“{text}”")
        return text
    if f.kind == TEXT:
        if len(text) > 200:
            raise ValueError(f"{column_label(f)}不能超过200字")
        return text
    try:
        number = Decimal(text.replace(",", ""))
        if not number.is_finite() or number < 0:
            raise InvalidOperation
    except InvalidOperation:
        raise ValueError(f"{column_label(f)}应为不小于0的数，实际为“{text}”") from None
    if f.kind == COUNT:
        if number != number.to_integral_value():
            raise ValueError(f"{column_label(f)}应为整数，实际为“{text}”")
        return int(number)
    return float(round(number, 1))


def display(f: FieldDef, value: Any) -> str:
    """The printed text of a value: "0" for 0, blank for empty, 是/否, a multi-select as ☑/□."""
    if f.kind == MULTI:
        chosen = value or []
        return "  ".join(("☑" if o in chosen else "□") + o for o in f.options)
    if value is None or value == "":
        return ""
    if f.kind == BOOL:
        return YES if value else NO
    if f.kind == DECIMAL:
        return f"{float(value):.1f}"
    return str(value)


# ---------------------------------------------------------------- checks

def finding(rule: str, severity: str, cells: list[str], message: str) -> dict[str, Any]:
    return {"rule": rule, "severity": severity, "cells": list(cells), "message": message}


def _n(values: dict[str, Any], key: str) -> float:
    value = values.get(key)
    return 0 if value is None or isinstance(value, (bool, str, list)) else value


def check(template: Template, fields: dict[str, dict[str, Any]], *, previous: dict[str, Any] | None = None,
          carried_in: int = 0, faq_on: bool | None = None) -> list[dict[str, Any]]:
    """Every rule of voice.md §1.5 on a report's fields. ``previous`` is last year's effective values
    (for the ±50 % warning), ``carried_in`` last year's messages still open at year end (办结 may
    exceed 收到 by those), ``faq_on`` whether the platform's FAQ answerer is on (None: unknown)."""
    values = effective(fields)
    out: list[dict[str, Any]] = []
    label = {f.key: column_label(f) for f in template.fields}
    missing = [f.key for f in template.fields if f.required and values.get(f.key) in (None, "")]
    if missing:
        out.append(finding("required.missing", ERROR, missing,
                           f"有{len(missing)}项必填内容未填写（没有的请填0或“否”，不能空着）：" +
                           "、".join(label[k] for k in missing[:8]) + ("等" if len(missing) > 8 else "")))
    code = values.get("site_code")
    if code and not re.fullmatch(r"\d{10}", str(code)):
        out.append(finding("basic.site_code", ERROR, ["site_code"], f"政府网站标识码应为10位数字，实际为“{code}”"))
    url = values.get("home_url")
    if url and not re.match(r"https?://[^\s/]+", str(url)):
        out.append(finding("basic.home_url", ERROR, ["home_url"], f"首页网址应以http://或https://开头，实际为“{url}”"))

    def not_above(rule: str, small: str, big: str, extra: float = 0, note: str = "") -> None:
        if values.get(small) is None or values.get(big) is None:
            return
        if _n(values, small) > _n(values, big) + extra:
            out.append(finding(rule, ERROR, [small, big],
                               f"{label[small]}（{display(template.get(small), values[small])}）不能大于"
                               f"{label[big]}（{display(template.get(big), values[big])}）{note}"))

    not_above("basic.visitors_le_visits", "visitors", "visits")
    not_above("topics.new_le_kept", "topics_new", "topics_kept")
    not_above("service.online_le_total", "service_online", "service_items")
    not_above("messages.answered_le_received", "msg_answered", "msg_received", carried_in,
              f"与上年结转未办结留言（{carried_in}条）之和" if carried_in else "")
    not_above("messages.published_le_answered", "msg_published", "msg_answered")
    not_above("security.fixed_le_found", "security_fixed", "security_problems")
    not_above("survey.results_le_rounds", "survey_results", "survey_rounds")
    not_above("interview.answers_le_messages", "interview_answers", "interview_messages")
    if values.get("has_media") is False:
        loaded = [k for k in ("weibo_posts", "weibo_followers", "wechat_posts", "wechat_subscribers") if _n(values, k)]
        if loaded:
            out.append(finding("media.none_but_figures", ERROR, ["has_media", *loaded],
                               "是否有移动新媒体填“否”，但" + "、".join(label[k] for k in loaded) + "不为0"))
    for f in template.fields:
        cell = fields.get(f.key) or {}
        if cell.get("source", f.source) == E or cell.get("override") in (None, "", []):
            continue
        if cell.get("override") == cell.get("computed") or cell.get("computed") in (None, ""):
            continue            # nothing was computed (e.g. an unregistered ICP number): an entry
        reason = (cell.get("reason") or "").strip()
        was = display(f, cell.get("computed"))
        now = display(f, cell.get("override"))
        if not reason:
            out.append(finding("override.reason", ERROR, [f.key],
                               f"{label[f.key]}由系统统计为“{was}”，改为“{now}”须写明理由"))
        else:
            out.append(finding("override.changed", WARNING, [f.key],
                               f"{label[f.key]}由系统统计为“{was}”，改为“{now}”，理由：{reason}"))

    def parts(rule: str, total: str, children: tuple[str, ...]) -> None:
        if any(values.get(k) is None for k in (total, *children)):
            return
        sum_ = sum(_n(values, k) for k in children)
        if _n(values, total) != sum_:
            out.append(finding(rule, WARNING, [total, *children],
                               f"{label[total]}为{values[total]}，但其下各项之和为"
                               f"{'+'.join(str(values[k]) for k in children)}={sum_}"))

    parts("info.total_sum", "info_total", ("info_overview", "info_news", "info_catalog"))
    parts("interp.total_sum", "interp_total", ("interp_materials", "interp_products", "interp_media"))
    parts("cases.total_sum", "cases_total", ("cases_person", "cases_legal"))
    if previous:
        for f in template.fields:
            if f.kind != COUNT or not f.printed:
                continue
            before, current = previous.get(f.key), values.get(f.key)
            if (not isinstance(before, int) or not isinstance(current, int) or isinstance(current, bool)
                    or before <= 0):
                continue
            if abs(current - before) > CHANGE_LIMIT * before:
                out.append(finding("cross_year.change", WARNING, [f.key],
                                   f"{label[f.key]}为{current}，上年为{before}，变化超过50%，请核实"))
    if values.get("smart_qa") is True and faq_on is False:
        out.append(finding("smart_qa.no_faq", WARNING, ["smart_qa"],
                           "是否提供智能问答填“是”，但本平台的常见问题自动答复未开启，请核实"))
    return out


# ---------------------------------------------------------------- workbook of entered figures

SITE_CODE, YEAR = "site_code", "year"


@dataclass
class FieldsRow:
    number: int                     # Excel row
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class FieldsFile:
    rows: list[FieldsRow]
    ignored: list[str] = field(default_factory=list)

    @property
    def bad(self) -> list[FieldsRow]:
        return [r for r in self.rows if r.errors]


def workbook_columns(template: Template) -> list[tuple[str, str]]:
    """(key, header) of the import workbook: 政府网站标识码, 年度, then every hand-entered field."""
    return [(SITE_CODE, "政府网站标识码"), (YEAR, "年度")] + [
        (f.key, column_label(f)) for f in template.fields if f.source == E]


def parse_workbook(data: bytes, template: Template, first_year: int, last_year: int) -> FieldsFile:
    """One row per site and year, a column per hand-entered field (header = ``column_label`` or the
    field key). Every bad row is reported with its Excel row number; the caller stores nothing unless
    every row is good. LedgerFileError when the file or its header is unusable."""
    rows = read_workbook(data)
    _number, header = rows[0]
    known = {label_key(h): key for key, h in workbook_columns(template)}
    known.update({label_key(key): key for key, _ in workbook_columns(template)})
    columns: dict[str, int] = {}
    ignored = []
    for i, cell in enumerate(header):
        text = parse_text(cell)
        if not clean(text):
            continue
        key = known.get(label_key(text))
        if key is None:
            ignored.append(text)
        else:
            columns.setdefault(key, i)
    if SITE_CODE not in columns or YEAR not in columns or len(columns) < 3:
        raise LedgerFileError("第一行应为表头，须包含“政府网站标识码”“年度”和至少一项填报内容（请下载模板）")
    parsed = []
    seen: dict[tuple[Any, Any], int] = {}
    for number, cells in rows[1:]:
        row = FieldsRow(number)
        for key, index in columns.items():
            raw = cells[index] if index < len(cells) else None
            text = clean(parse_text(raw))
            if key == SITE_CODE:
                if not re.fullmatch(r"\d{10}", text):
                    row.errors.append(f"政府网站标识码应为10位数字，实际为“{text}”")
                row.values[key] = text
            elif key == YEAR:
                try:
                    year = int(Decimal(text))
                except (InvalidOperation, ValueError):
                    year = None
                if year is None or not first_year <= year <= last_year:
                    row.errors.append(f"年度应在{first_year}至{last_year}之间，实际为“{text}”")
                row.values[key] = year
            else:
                try:
                    row.values[key] = parse_value(template.get(key), raw if isinstance(raw, (int, float)) else text)
                except ValueError as exc:
                    row.errors.append(str(exc))
        ident = (row.values.get(SITE_CODE), row.values.get(YEAR))
        if None not in ident and ident in seen:
            row.errors.append(f"与第{seen[ident]}行重复（同一网站同一年度）")
        seen.setdefault(ident, number)
        parsed.append(row)
    return FieldsFile(parsed, ignored)


# ---------------------------------------------------------------- deadline and reminders

def deadline(year: int, override: tuple[int, int] | None = None) -> dt.date:
    """Publication deadline of ``year``'s report: 31 January of the next year (12号) [V], or the
    earlier day a supervisor set (湖南 1月29日, a Liaoning city 1月20日 [V-local])."""
    month, day = override or (1, 31)
    return dt.date(year + 1, month, day)


def reminder_due(today: dt.date, due: dt.date) -> bool:
    """Remind on 2 January, at the deadline −10 and −3 calendar days, and daily after it (until the
    end of the year after the report's): voice.md §1.4."""
    if today.year != due.year:
        return False
    if today > due:
        return True
    return today == dt.date(due.year, 1, 2) or (due - today).days in (10, 3)
