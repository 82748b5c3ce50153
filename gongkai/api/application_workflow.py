"""依申请公开 staff workflow over JSON: 补正, 征求意见, 延期 and 答复 on one application.

Each endpoint is one call of a ``gongkai.applications.handling.services`` function (which checks the
unit and role again, runs in a transaction and writes the audit log); the body is checked
first by the schema below and then by the same Django form the workbench page uses, so the
API and the page refuse the same input with the same Chinese message.

Protocol, for every endpoint:

- staff session (cookie) and Django's CSRF token in the ``X-CSRFToken`` header; without a
  session **401**, without the token **403**;
- an application of a unit the user cannot see: **404** (its existence is not confirmed);
  one the user may see but not act on (a supervisor, or a clerk asked to approve): **403**, with
  the service's own refusal (the role part of ``applications.handling.permissions``' check);
- a body that is not JSON: **400**; a field of the wrong type, missing or unknown, or a rule
  of the 条例 the action would break: **422** with ``detail`` as ``[{field, message}]``;
- done: **200** with the application as it is now (status, 答复期限 and its explanation).
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Field, Schema
from ninja import Status as Reply
from ninja.errors import HttpError
from ninja.security import SessionAuth
from ninja.utils import check_csrf
from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as SchemaError

from gongkai.applications.handling import forms as app_forms
from gongkai.applications.handling import permissions as may
from gongkai.applications.handling import services
from gongkai.applications.handling.actions import allowed_actions
from gongkai.applications.models import Application, ApplicationPause, PauseKind
from gongkai.domain.calendar_readiness import unknown_year_message
from gongkai.domain.application_clock import MAX_EXTENSION_WORKDAYS, ClockError
from gongkai.domain.decisions import DECISION_TYPES
from gongkai.domain.workdays import UnknownYearError

from .applications import (
    FORM_BODY,
    json_bytes,
    MAX_ID,
    WORK_NOT_FOUND,
    FieldErrorsOut,
    WorkApplicationDetail,
    _errors,
    _scoped,
    work,
)
from .schemas import ErrorOut

CSRF_FAILED = "缺少或错误的CSRF令牌：请先登录工作台，并在请求头 X-CSRFToken 中带上 csrftoken Cookie 的值"
NOT_JSON = "请求体不是有效的JSON"


class StaffSession(SessionAuth):
    """django-ninja's session auth (CSRF checked on every unsafe method), with a Chinese refusal."""

    def _get_key(self, request: HttpRequest):
        if self.csrf and check_csrf(request) is not None:
            raise HttpError(403, CSRF_FAILED)
        return request.COOKIES.get(self.param_name)


staff_session = StaffSession()

ISO_DATE = "日期，格式 YYYY-MM-DD"
# Strict JSON types: a date is an ISO string, a number is a number ("5" is refused, not coerced).
BODY_CONFIG = ConfigDict(extra="forbid", strict=True)
DECISION_CODES = tuple(t.code for t in DECISION_TYPES)


# ---------------------------------------------------------------- bodies

class SupplementRequestIn(BaseModel):
    """告知补正（条例第三十条）：一次性告知，答复期限暂停。"""

    model_config = BODY_CONFIG
    requested_on: dt.date = Field(description=f"告知补正{ISO_DATE}")
    items: str = Field(description="需要补正的事项")
    workdays: int = Field(services.SUPPLEMENT_WORKDAYS_DEFAULT,
                          description=f"合理的补正期限（1至{services.SUPPLEMENT_WORKDAYS_MAX}个工作日），"
                                      "自申请人收到补正告知书之日起计算；逾期未补正的视为放弃申请")


class SupplementReceivedIn(BaseModel):
    """收到补正：答复期限自该日起重新计算20个工作日。"""

    model_config = BODY_CONFIG
    received_on: dt.date = Field(description=f"收到补正{ISO_DATE}")


class PauseStartIn(BaseModel):
    """发出征求意见书（条例第三十二条、第三十四条）：自该日起不计入答复期限。"""

    model_config = BODY_CONFIG
    kind: Literal[tuple(PauseKind.values)] = Field(
        description="征求意见对象：" + "；".join(f"{v}＝{label}" for v, label in PauseKind.choices))
    party: str = Field(description="被征求意见方名称")
    started_on: dt.date = Field(description=f"发出征求意见书{ISO_DATE}")


class PauseEndIn(BaseModel):
    """收到意见；逾期未答复的，为15个工作日届满之日。"""

    model_config = BODY_CONFIG
    ended_on: dt.date = Field(description=f"收到意见{ISO_DATE}")


class ExtensionRequestIn(BaseModel):
    """申请延期答复（条例第三十三条第二款）：每件一次，最长20个工作日。"""

    model_config = BODY_CONFIG
    days: int = Field(description=f"延长工作日数（1至{MAX_EXTENSION_WORKDAYS}）")
    reason: str = Field(description="延期理由")
    requested_on: dt.date = Field(description=f"申请延期{ISO_DATE}")


class ExtensionApproveIn(BaseModel):
    """负责人同意延期：本单位审核人或单位管理员，且不是提出延期的人。"""

    model_config = BODY_CONFIG
    approved_on: dt.date = Field(description=f"同意{ISO_DATE}")


class DecisionIn(BaseModel):
    """办理结果：年度报告表三的一种类型及其法律依据。"""

    model_config = BODY_CONFIG
    decision_type: Literal[DECISION_CODES] = Field(
        description="办理结果代码（年度报告表三的行）：" + "；".join(f"{t.code}＝{t.title}" for t in DECISION_TYPES))
    basis: str = Field("", description="法律依据，如“第十三条”；“其他”类须自行写明")
    answered_on: dt.date = Field(description=f"答复{ISO_DATE}")
    text: str = Field("", description="答复内容（必填）：提供信息的方式和途径，或不予公开、无法提供的理由")
    on_the_spot: bool = Field(False, description="当场答复（仅限当面提交并于收到当日答复）")


# ---------------------------------------------------------------- the answer

class PauseOut(Schema):
    id: int = Field(description="征求意见编号（登记收到意见时使用）")
    kind: str = Field(description="征求意见对象代码")
    kind_label: str = Field(description="征求意见对象")
    party: str = Field(description="被征求意见方名称")
    started_on: dt.date = Field(description="发出征求意见书日期")
    ended_on: dt.date | None = Field(description="收到意见日期；尚未收到时为 null")

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()


class ExtensionOut(Schema):
    days: int = Field(description="延长工作日数")
    reason: str = Field(description="延期理由")
    requested_on: dt.date = Field(description="申请延期日期")
    approved_on: dt.date | None = Field(description="同意日期；尚未同意时为 null")


class WorkflowOut(WorkApplicationDetail):
    """The application after the step: its status, 答复期限 and how it was computed."""

    supplement_notice_due: dt.date | None = Field(description="告知补正的最迟日期（收到申请之日起7个工作日）")
    supplement_workdays: int = Field(description="补正期限（工作日）")
    supplement_due_on: dt.date | None = Field(description="补正期限届满日；逾期未补正的视为放弃申请")
    pauses: list[PauseOut] = Field(description="征求意见")
    extension: ExtensionOut | None = Field(description="延期答复；没有时为 null")
    decision_type: str = Field(description="办理结果代码；尚未答复时为空")
    decision_label: str = Field(description="办理结果")
    decision_basis: str = Field(description="法律依据")
    answered_on: dt.date | None = Field(description="答复日期；尚未答复时为 null")

    @staticmethod
    def resolve_supplement_notice_due(obj):
        return services.supplement_notice_due(obj)

    @staticmethod
    def resolve_pauses(obj):
        return list(obj.pauses.all())

    @staticmethod
    def resolve_extension(obj):
        return getattr(obj, "extension", None)

    @staticmethod
    def resolve_decision_label(obj):
        return obj.get_decision_type_display() if obj.decision_type else ""


# ---------------------------------------------------------------- helpers

_TYPE_WORDS = {"date": "应为日期，格式 YYYY-MM-DD", "int": "应为整数", "bool": "应为 true 或 false",
               "literal": "的取值不正确", "string": "应为文本"}


def _label(form_class, field: str) -> str:
    f = form_class.base_fields.get(field)
    return str(f.label) if f is not None else field


def _schema_messages(exc: SchemaError, form_class) -> list[tuple[str | None, str]]:
    seen: dict[str | None, str] = {}
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else None
        if field in seen:
            continue
        kind = err["type"]
        if kind == "json_invalid":
            field, message = None, NOT_JSON
        elif field is None:
            message = "请求体应为JSON对象"
        elif kind == "missing":
            message = f"请填写{_label(form_class, field)}"
        elif kind == "extra_forbidden":
            message = "不能填写此字段"
        else:
            word = next((w for key, w in _TYPE_WORDS.items() if kind.startswith(key)), "的格式不正确")
            message = f"{_label(form_class, field)}{word}"
        seen[field] = message
    return list(seen.items())


def _form_messages(form: forms.Form) -> list[tuple[str | None, str]]:
    return [(None if f == "__all__" else f, str(m)) for f, errs in form.errors.items() for m in errs]


def _load(request, number: str) -> Application | None:
    if "\x00" in number:
        return None
    return _scoped(request.user).filter(number=number.strip().upper()).first()


def _answer(request, app: Application):
    app = Application.objects.select_related("unit", "extension").prefetch_related("pauses").get(pk=app.pk)
    try:
        app.due_explanation = services.deadline(app).lines
    except (UnknownYearError, ClockError):
        app.due_explanation = []
    app.allowed_actions = allowed_actions(request.user, app).names()
    return Reply(200, app)


def _step(request, number: str, body_schema, form_class, run, *, role):
    """Load (404), ask the role part of the service's check (403, with its message), check the body
    (400/422), run the service (422), answer 200."""
    app = _load(request, number)
    if app is None:
        return Reply(404, {"detail": WORK_NOT_FOUND})
    try:
        role(request.user, app)
    except services.ApplicationError as exc:
        return Reply(403, {"detail": str(exc)})
    raw = json_bytes(request)
    if raw is None:
        return _errors(400, [(None, FORM_BODY)])
    try:
        payload = body_schema.model_validate_json(raw)
    except SchemaError as exc:
        messages = _schema_messages(exc, form_class)
        return _errors(400 if messages == [(None, NOT_JSON)] else 422, messages)
    form = form_class(payload.model_dump())
    if not form.is_valid():
        return _errors(422, _form_messages(form))
    try:
        run(app, form.cleaned_data)
    except services.ApplicationError as exc:
        return _errors(422, [(None, str(exc))])
    except ClockError as exc:
        return _errors(422, [(None, str(exc))])
    except UnknownYearError as exc:
        return _errors(422, [(None, unknown_year_message(exc.year, "答复期限暂不能计算"))])
    except DjangoValidationError as exc:
        return _errors(422, [(None, m) for m in exc.messages])
    return _answer(request, app)


def _body(schema) -> dict:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema.model_json_schema()}}}}


RESPONSES = {200: WorkflowOut, 400: FieldErrorsOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
             422: FieldErrorsOut}
COMMON = ("需要登录并在请求头 X-CSRFToken 中带上CSRF令牌。其他单位的申请返回 **404**；"
          "可以查看但无权办理的（如上级督办人员）返回 **403**；违反条例规则或输入有误返回 **422**，"
          "`detail` 中逐项列出字段和中文说明，申请不作任何改动。成功返回 **200** 和办理后的申请（状态、答复期限及其计算过程）。")


def _op(path: str, summary: str, schema, what: str):
    return work.post(path, response=RESPONSES, summary=summary, description=f"{what}\n\n{COMMON}",
                     auth=staff_session, openapi_extra=_body(schema))


# ---------------------------------------------------------------- endpoints

@_op("/{number}/supplement-request", "告知补正", SupplementRequestIn,
     "一次性告知申请人补正（条例第三十条），应在收到申请之日起7个工作日内；告知后答复期限暂停。")
def supplement_request(request, number: str):
    return _step(request, number, SupplementRequestIn, app_forms.SupplementRequestForm,
                 lambda app, d: services.request_supplement(request.user, app, requested_on=d["requested_on"],
                                                            items=d["items"], workdays=d["workdays"]),
                 role=may.role_request_supplement)


@_op("/{number}/supplement-received", "登记收到补正", SupplementReceivedIn,
     "收到补正后的申请：自该日起重新计算20个工作日的答复期限（该日不计）。")
def supplement_received(request, number: str):
    return _step(request, number, SupplementReceivedIn, app_forms.SupplementReceiveForm,
                 lambda app, d: services.receive_supplement(request.user, app, received_on=d["received_on"]),
                 role=may.role_receive_supplement)


@_op("/{number}/pauses", "发出征求意见书", PauseStartIn,
     "征求第三方（条例第三十二条）或其他机关（条例第三十四条）意见：自发出之日起至收到意见之日，工作日不计入答复期限。")
def pause_start(request, number: str):
    return _step(request, number, PauseStartIn, app_forms.PauseStartForm,
                 lambda app, d: services.start_pause(request.user, app, kind=d["kind"], party=d["party"],
                                                     started_on=d["started_on"]),
                 role=may.role_start_pause)


@_op("/{number}/pauses/{pause_id}/end", "登记收到意见", PauseEndIn,
     "登记被征求意见方的答复日期；逾期未答复的，填写15个工作日届满之日。`pause_id` 为申请详情中 `pauses` 的 `id`。")
def pause_end(request, number: str, pause_id: Annotated[int, Field(ge=1, le=MAX_ID)]):
    def run(app, d):
        pause = ApplicationPause.objects.filter(pk=pause_id, application=app).first()
        if pause is None:
            raise services.ApplicationError("该申请没有此项征求意见")
        services.end_pause(request.user, pause, ended_on=d["ended_on"])
    return _step(request, number, PauseEndIn, app_forms.PauseEndForm, run, role=may.role_end_pause)


@_op("/{number}/extension", "申请延期答复", ExtensionRequestIn,
     "每件申请只能延期一次，最长20个工作日（条例第三十三条第二款），须在答复期限届满前申请，经审核人同意后生效。")
def extension_request(request, number: str):
    return _step(request, number, ExtensionRequestIn, app_forms.ExtensionRequestForm,
                 lambda app, d: services.request_extension(request.user, app, days=d["days"], reason=d["reason"],
                                                           requested_on=d["requested_on"]),
                 role=may.role_request_extension)


@_op("/{number}/extension/approve", "同意延期答复", ExtensionApproveIn,
     "负责人同意延期：仅限本单位审核人或单位管理员，且不能是提出延期的人本人；原答复期限当日仍可同意。")
def extension_approve(request, number: str):
    return _step(request, number, ExtensionApproveIn, app_forms.ExtensionApproveForm,
                 lambda app, d: services.approve_extension(request.user, app, approved_on=d["approved_on"]),
                 role=may.role_approve_extension)


@_op("/{number}/decision", "登记办理结果", DecisionIn,
     "登记答复：年度报告表三的一种办理结果及其法律依据；登记后申请为“已答复”。")
def decision(request, number: str):
    return _step(request, number, DecisionIn, app_forms.DecisionForm,
                 lambda app, d: services.record_decision(request.user, app, decision_code=d["decision_type"],
                                                         basis=d["basis"], answered_on=d["answered_on"],
                                                         text=d["text"], on_the_spot=d["on_the_spot"]),
                 role=may.role_decide)
