"""The 详情 of an audit entry as a person reads it: Chinese labels, plain values.

Entries store their details as JSON for machines (export, SIEM); the log page and
the CSV show this reading instead of a Python dict.
"""
from __future__ import annotations

from typing import Any

LABELS = {
    "username": "用户名", "kind": "类型", "reason": "理由", "year": "年度", "years": "年度", "name": "名称",
    "from": "原值", "to": "新值", "role": "角色", "format": "格式", "fields": "字段", "severity": "严重程度",
    "rows": "行数", "path": "地址", "method": "请求方式", "ip": "来源地址", "errors": "错误", "error": "错误",
    "due_on": "期限", "days": "天数", "created": "新建", "completed_on": "完成日期", "warnings": "警告",
    "via": "途径", "uploaded_as": "上传文件名", "units": "单位", "since": "起始", "sent": "已发送",
    "screenshot": "截图", "scheme": "方案", "run": "检查批次", "requested_on": "告知日期",
    "released_hold": "解除暂停", "recipients": "收件人数", "received_on": "收到日期", "published_on": "发布日期",
    "published_date": "发布日期", "points": "分值", "people": "人数", "payment_due_on": "缴费期限",
    "pages": "页数", "owner_unit": "责任单位", "outcome": "结果", "opinion": "意见", "open": "未办结",
    "missing": "缺少", "masked": "已脱敏", "letter": "文书", "item": "信息", "indicators": "指标",
    "index_no": "索引号", "idle_days": "未登录天数", "homepage": "首页", "held_until_unlocked": "须人工解锁",
    "filters": "筛选条件", "file": "文件", "expires_at": "有效期至", "document": "文件", "doc_number": "文号",
    "device": "设备", "decision": "办理结果", "date": "日期", "count": "数量", "channels": "公开渠道",
    "channel": "渠道", "changes": "修改内容", "changed": "修改", "by": "操作人", "automatic": "自动",
    "assigned": "承办人", "stage": "阶段", "number": "编号", "amount": "金额", "status": "状态",
    "title": "标题", "url": "网址", "site": "网站", "unit": "单位", "user": "用户", "note": "备注",
    "items": "事项", "total": "合计", "code": "代码", "basis": "依据", "workdays": "工作日",
    "extended_to": "延期至", "new_due_on": "新期限", "old_due_on": "原期限", "findings": "问题数",
    "target": "对象", "source": "来源", "key_id": "密钥编号", "purpose": "用途", "field": "字段",
    "notice_period": "公示期",
}
TRUE, FALSE = "是", "否"
MAX_VALUE_CHARS = 300


def describe(detail: Any) -> list[tuple[str, str]]:
    """(label, value) pairs, in the entry's own order."""
    if not isinstance(detail, dict):
        return [("详情", _value(detail))] if detail not in (None, "", [], {}) else []
    return [(LABELS.get(str(key), str(key)), _value(value)) for key, value in detail.items()]


def as_text(detail: Any) -> str:
    return "；".join(f"{label}：{value}" for label, value in describe(detail))


def _value(value: Any) -> str:
    if value is True:
        return TRUE
    if value is False:
        return FALSE
    if value is None or value == "":
        return "—"
    if isinstance(value, dict):
        text = "，".join(f"{LABELS.get(str(k), str(k))} {_value(v)}" for k, v in value.items())
    elif isinstance(value, (list, tuple)):
        text = "、".join(_value(v) for v in value)
    else:
        text = str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + "…"
