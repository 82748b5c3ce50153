"""依申请公开 over JSON: the public intake and status look-up, and the staff's read-only view.

Thin over ``gongkai.applications.handling.services``: the field rules are the public form's
(``PublicApplicationForm`` and the model's ``clean``), the numbers, query codes and
idempotency are the intake's, the scoping is the workbench's (``gongkai.units.scoping``).
What lives here is the HTTP protocol only: the JSON shape, the ``Idempotency-Key``
header, the error format and the per-address limit.
"""

import datetime as dt
import json
import re
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import Field, Header, Query, Router, Schema
from ninja import (
    Status as Reply,  # an HTTP status and body; Status is the application's
)
from ninja.pagination import paginate
from gongkai.units.web import business_auth
from pydantic import ConfigDict
from pydantic import ValidationError as SchemaError

from gongkai.api.paging import Pages
from gongkai.applications.handling import codes
from gongkai.applications.intake import ratelimit
from gongkai.applications.handling import pii, services
from gongkai.applications.handling.actions import allowed_actions
from gongkai.applications.intake.forms import PublicApplicationForm
from gongkai.applications.models import Application, Delivery, InfoForm, Status
from gongkai.domain.application_clock import ClockError
from gongkai.domain.decisions import applicant_choices
from gongkai.domain.workdays import UnknownYearError
from gongkai.units.scoping import require_clearance, scope

from .schemas import ErrorOut

public = Router(tags=["依申请公开"])
work = Router(tags=["依申请公开（工作台）"], auth=business_auth)

NOT_FOUND = "未找到与该申请编号和查询码相符的申请，请核对后重试"
WORK_NOT_FOUND = "未找到该申请"
TOO_MANY_SUBMISSIONS = "本网络地址提交的申请过多，请一小时后再试，或到受理地点当面提交"
TOO_MANY_LOOKUPS = "查询失败次数过多，请一小时后再试"
KEY_HEADER = "Idempotency-Key"
MAX_ID = 2**63 - 1  # the largest key the databases store; beyond it a lookup would overflow
KEY_PATTERN = re.compile(r"[A-Za-z0-9_\-.:]{16,100}")

# API name -> name in the form and the model (the API says "form", the model "info_form").
API_TO_MODEL = {"form": "info_form"}
MODEL_TO_API = {v: k for k, v in API_TO_MODEL.items()}


def _choices_text(choices) -> str:
    return "；".join(f"{value}＝{label}" for value, label in choices)


def _values(choices) -> tuple[str, ...]:
    return tuple(value for value, _ in choices)


# ---------------------------------------------------------------- schemas

class ApplicationIn(Schema):
    """政府信息公开申请的内容（条例第二十九条）。"""

    model_config = ConfigDict(extra="forbid", title="ApplicationIn")

    unit: Annotated[int, Field(ge=1, le=MAX_ID)] | str = Field(description="受理申请的机关：单位编号（id）或单位代码，须为受理政府信息公开申请的机关")
    applicant_type: Literal[_values(applicant_choices())] = Field(
        description=f"申请人类型：{_choices_text(applicant_choices())}")
    name: str = Field(description="申请人姓名或名称")
    id_number: str = Field(description="自然人填写18位居民身份证号码；法人或其他组织填写统一社会信用代码")
    phone: str = Field(description="联系电话：手机号码或带区号的固定电话")
    email: str = Field("", description="电子邮箱；选择以电子邮件获取信息的必须填写")
    address: str = Field("", description="通信地址；选择邮寄的必须填写")
    description: str = Field(description="所需政府信息的名称、文号或者便于查询的其他特征性描述（至少5个字）")
    form: Literal[_values(InfoForm.choices)] = Field(
        description=f"获取信息的方式：{_choices_text(InfoForm.choices)}")
    delivery: Literal[_values(Delivery.choices)] = Field(
        description=f"获取信息的途径：{_choices_text(Delivery.choices)}")


class FieldError(Schema):
    field: str | None = Field(description="出错的字段（请求体中的名称）；与单个字段无关的错误为 null")
    message: str = Field(description="错误说明（中文）")


class FieldErrorsOut(Schema):
    detail: list[FieldError]


class SubmittedOut(Schema):
    number: str = Field(description="申请编号")
    query_code: str = Field(description="查询码：与申请编号一起用于查询办理状态，请妥善保存")
    received_on: dt.date = Field(description="收到申请日期")
    due_on: dt.date | None = Field(description="答复期限；节假日安排尚未公布时为 null")


class PublicStatusOut(Schema):
    number: str = Field(description="申请编号")
    unit: str = Field(description="受理单位")
    received_on: dt.date = Field(description="收到申请日期")
    due_on: dt.date | None = Field(description="答复期限；待补正或尚不能计算时为 null")
    status: str = Field(description="办理状态代码")
    status_label: str = Field(description="办理状态")
    answered_on: dt.date | None = Field(description="答复日期；尚未答复时为 null")

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.name

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_answered_on(obj):
        # answered_on comes with the answer slice (services.record_decision), being merged alongside.
        return getattr(obj, "answered_on", None)


class WorkApplicationSummary(Schema):
    number: str = Field(description="申请编号")
    unit_id: int
    unit: str = Field(description="受理单位")
    channel: str = Field(description="提交方式代码")
    channel_label: str = Field(description="提交方式")
    received_on: dt.date = Field(description="收到申请日期")
    due_on: dt.date | None = Field(description="答复期限")
    status: str = Field(description="办理状态代码")
    status_label: str = Field(description="办理状态")
    applicant_type: str = Field(description="申请人类型代码")
    name: str = Field(description="申请人姓名或名称")
    id_number: str = Field(description="身份证号码或统一社会信用代码（列表中已遮蔽）")

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.name

    @staticmethod
    def resolve_channel_label(obj):
        return obj.get_channel_display()

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_id_number(obj):
        return pii.masked_id(obj)


class WorkApplicationDetail(WorkApplicationSummary):
    id_number: str = Field(description="身份证号码或统一社会信用代码（已遮蔽；完整信息仅在工作台经授权查看）")
    applicant_type_label: str = Field(description="申请人类型")
    phone: str = Field(description="联系电话（已遮蔽）")
    email: str = Field(description="电子邮箱")
    address: str = Field(description="通信地址（已遮蔽）")
    description: str = Field(description="所需信息的名称、文号或特征描述")
    form: str = Field(description="获取信息的方式")
    delivery: str = Field(description="获取信息的途径")
    receipt_rule: str = Field(description="收到申请日期的确定规则（条例第三十一条）")
    supplement_requested_on: dt.date | None = Field(description="告知补正日期")
    supplement_items: str = Field(description="需要补正的事项")
    supplemented_on: dt.date | None = Field(description="收到补正日期")
    due_explanation: list[str] = Field(description="答复期限的计算过程；待补正或节假日安排尚未录入时为空")
    allowed_actions: list[str] = Field(description="当前用户此刻可以对该申请办理的事项（与工作台显示的按钮一致，"
                                                   "与办理接口的判断相同），如 request_supplement、start_pause、"
                                                   "request_extension、approve_extension、decide")

    @staticmethod
    def resolve_id_number(obj):
        return pii.masked_id(obj)

    @staticmethod
    def resolve_phone(obj):
        return pii.masked_phone(obj.phone)

    @staticmethod
    def resolve_address(obj):
        return pii.masked_address(obj.address)

    @staticmethod
    def resolve_applicant_type_label(obj):
        return obj.get_applicant_type_display()

    @staticmethod
    def resolve_form(obj):
        return obj.info_form


class WorkFilters(Schema):
    status: Status | None = Field(None, description="按办理状态筛选")
    overdue: bool | None = Field(None, description="true：只列已超期的；false：不列已超期的")
    unit: int | None = Field(None, ge=1, le=MAX_ID, description="按受理单位（id）筛选（限本人可见的单位）")


# ---------------------------------------------------------------- helpers

FORM_BODY = "请求体须为JSON（Content-Type: application/json），不接受表单格式"


def json_bytes(request) -> bytes | None:
    """The raw JSON body, or None when the client sent a form body: Django has then parsed it
    (and so consumed the stream), and the API accepts only JSON anyway."""
    if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return None
    return request.body or b"null"


def _errors(status: int, items) -> tuple[int, dict]:
    return Reply(status, {"detail": [{"field": f, "message": m} for f, m in items]})


_LABELS = {"unit": "受理申请的机关", "form": "获取信息的方式", "Idempotency-Key": "幂等键"}


def _label(field: str) -> str:
    if field in _LABELS:
        return _LABELS[field]
    try:
        return str(Application._meta.get_field(API_TO_MODEL.get(field, field)).verbose_name)
    except Exception:
        return field


def _schema_messages(exc: SchemaError):
    """pydantic's errors as (API field, Chinese message), one per field."""
    seen = {}
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else None
        if field in seen:
            continue
        kind = err["type"]
        if field is None:
            message = "请求体应为JSON对象"
        elif kind == "missing":
            message = f"请填写{_label(field)}"
        elif kind == "extra_forbidden":
            message = "不能填写此字段"
        elif kind == "literal_error":
            choices = {"applicant_type": applicant_choices(), "form": InfoForm.choices,
                       "delivery": Delivery.choices}[field]
            message = f"{_label(field)}的取值不正确，应为：{_choices_text(choices)}"
        elif field == "unit":
            message = "受理申请的机关应为单位编号（数字）或单位代码（文本）"
        else:
            message = f"{_label(field)}应为文本"
        seen[field] = message
    return list(seen.items())


def _form_messages(errors: dict):
    """Django's ``{field: [messages]}`` with the API's field names (``__all__`` -> null)."""
    out = []
    for field, messages in errors.items():
        name = None if field in ("__all__", None) else MODEL_TO_API.get(field, field)
        if name == "submission_key":
            name = KEY_HEADER
        out += [(name, str(m)) for m in messages]
    return out


def _unit_pk(value: int | str):
    """The unit named by id (a number) or code (a string), as the form's choice value ('' for no such code)."""
    if isinstance(value, int):
        return value
    text = value.strip()
    if not text or "\x00" in text:
        return ""
    pk = services.offices().filter(code=text).values_list("pk", flat=True).first()
    return "" if pk is None else pk


def _same(app: Application, form) -> bool:
    """Whether a repeat with the same key asks for the same application."""
    data = form.instance
    return app.unit_id == form.cleaned_data["unit"].pk and all(
        getattr(app, f) == getattr(data, f) for f in services.APPLICANT_FIELDS)


def _submitted(status: int, app: Application, token: str):
    return Reply(status, {"number": app.number, "query_code": codes.query_code(token),
                           "received_on": app.received_on, "due_on": app.due_on})


KEY_REUSED = "该幂等键已用于另一份内容不同的申请，请为新的申请使用新的幂等键"

SUBMIT_DESCRIPTION = f"""网上提交政府信息公开申请（无需登录）。收到申请日期为提交当日（条例第三十一条第（三）项），
答复期限按20个工作日计算。

- 成功：**201**，返回申请编号、查询码、收到申请日期和答复期限。请保存查询码，它只在此时返回。
- 幂等：在请求头 `{KEY_HEADER}` 中带上客户端生成的唯一值（16至100个字母、数字或 `_-.:`，建议使用UUID）。
  以同一幂等键重复提交同样的内容，返回同一件申请（**200**），不会重复登记；同一幂等键用于内容不同的申请时返回 **422**。
  不带此请求头时每次提交都登记为新的申请。
- 输入有误：**422**，`detail` 中逐项列出字段（请求体中的名称）和中文说明，不会登记任何内容。
- 防滥用：网页表单使用验证码；本接口不使用验证码，以每个网络地址每小时可提交的申请件数限制滥用
  （环境变量 `GONGKAI_PUBLIC_RATE_LIMIT_PER_HOUR`，默认10件；`GONGKAI_PUBLIC_RATE_LIMIT=0` 关闭限制），
  超过时返回 **429**。"""


# ---------------------------------------------------------------- public

@public.post(
    "", summary="提交政府信息公开申请", description=SUBMIT_DESCRIPTION,
    response={200: SubmittedOut, 201: SubmittedOut, 400: FieldErrorsOut, 422: FieldErrorsOut,
              429: FieldErrorsOut},
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"schema": ApplicationIn.model_json_schema()}}}},
)
def submit(request, idempotency_key: str | None = Header(
        None, alias=KEY_HEADER, description="客户端生成的唯一值（16至100个字母、数字或 _-.:），用于安全重试")):
    raw = json_bytes(request)
    if raw is None:
        return _errors(400, [(None, FORM_BODY)])
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        return _errors(400, [(None, "请求体不是有效的JSON")])
    try:
        payload = ApplicationIn.model_validate(body)
    except SchemaError as exc:
        return _errors(422, _schema_messages(exc))

    if idempotency_key is None:
        token, existing = codes.new_token(), None
    elif not KEY_PATTERN.fullmatch(idempotency_key):
        return _errors(422, [(KEY_HEADER, "幂等键应为16至100个字母、数字或 _-.: 字符，建议使用UUID")])
    else:
        token, existing = idempotency_key, services.find_submission(idempotency_key)
    if existing is None and ratelimit.exceeded(request, "submit"):
        return _errors(429, [(None, TOO_MANY_SUBMISSIONS)])

    data = payload.model_dump()
    data["info_form"] = data.pop("form")
    data["unit"] = _unit_pk(data["unit"])
    form = PublicApplicationForm({**data, "submission_key": token}, request=request)
    form.fields.pop("captcha", None)  # the HTML form's CAPTCHA; the API relies on the rate limit
    if not form.is_valid():
        return _errors(422, _form_messages(form.errors))
    if existing is not None:
        return _submitted(200, existing, token) if _same(existing, form) else _errors(422, [(KEY_HEADER, KEY_REUSED)])

    try:
        result = services.submit_online(form.cleaned_data["unit"], data=form.applicant_data(), submission_key=token)
    except DjangoValidationError as exc:
        return _errors(422, _form_messages(exc.message_dict if hasattr(exc, "error_dict") else
                                           {None: exc.messages}))
    except services.ApplicationError as exc:
        return _errors(422, [(None, str(exc))])
    if result.created:
        ratelimit.hit(request, "submit")
        return _submitted(201, result.application, token)
    if _same(result.application, form):  # the same key won a race on another request
        return _submitted(200, result.application, token)
    return _errors(422, [(KEY_HEADER, KEY_REUSED)])


@public.get(
    "/{number}", summary="查询申请办理状态",
    description="凭申请编号和查询码查询办理状态（无需登录）。申请编号或查询码不正确时一律返回 **404** 和相同的说明，"
                "不透露该编号是否存在；同一网络地址查询失败次数过多时返回 **429**。不返回申请人的任何信息。",
    response={200: PublicStatusOut, 404: ErrorOut, 429: ErrorOut},
)
def application_status(request, number: str, code: str = Query(..., description="查询码（登记时返回的10位字符）")):
    if ratelimit.exceeded(request, "lookup"):
        return Reply(429, {"detail": TOO_MANY_LOOKUPS})
    app = None if "\x00" in number else services.public_status(number, code)
    if app is None:
        ratelimit.hit(request, "lookup")
        return Reply(404, {"detail": NOT_FOUND})
    return Reply(200, app)


# ---------------------------------------------------------------- staff

def _scoped(user):
    return scope(Application.objects.select_related("unit"), user)


@work.get(
    "", response=list[WorkApplicationSummary], summary="本单位（及下级）的申请",
    description="需要登录。本单位工作人员看到本单位的申请，督办人员还看到下级单位的申请。列表中的身份证号码已遮蔽。",
)
@paginate(Pages, page_size=50)
def work_applications(request, filters: Query[WorkFilters]):
    qs = _scoped(request.user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.unit is not None:
        qs = qs.filter(unit_id=filters.unit)
    if filters.overdue is not None:
        overdue = services.queue(qs, "overdue").values("pk")
        qs = qs.filter(pk__in=overdue) if filters.overdue else qs.exclude(pk__in=overdue)
    return qs.order_by("due_on", "received_on", "id")


@work.get(
    "/{number}", response={200: WorkApplicationDetail, 403: ErrorOut, 404: ErrorOut}, summary="申请详情（工作台）",
    description="需要登录。含申请人信息，仅受理单位及其上级督办人员可见；其他单位的申请返回 **404**；"
                "安全许可级别低于申请的安全标记时返回 **403**。",
)
def work_application(request, number: str):
    unlabelled = scope(Application.objects.select_related("unit"), request.user, labels=False)
    app = None if "\x00" in number else unlabelled.filter(number=number.strip().upper()).first()
    if app is None:
        return Reply(404, {"detail": WORK_NOT_FOUND})
    require_clearance(request.user, app)
    try:
        app.due_explanation = services.deadline(app).lines
    except (UnknownYearError, ClockError):
        app.due_explanation = []
    app.allowed_actions = allowed_actions(request.user, app).names()
    return Reply(200, app)

