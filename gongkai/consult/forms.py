"""Forms of the 留言 portal page and the workbench."""
from __future__ import annotations

from django import forms

from gongkai.applications.intake.forms import PublicFormMixin, captcha_field, office_field
from gongkai.domain.decisions import APPLICANT_TYPES

from . import services
from .models import Category, InvalidReason


class AskForm(PublicFormMixin, forms.Form):
    """网上留言 (no login): the same unit picker, captcha and token as the application form."""

    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=100)
    unit = office_field("向哪个单位留言", "请选择留言的单位")
    category = forms.ChoiceField(label="留言类别", choices=Category.choices, initial=Category.CONSULT,
                                 widget=forms.RadioSelect)
    subject = forms.CharField(label="标题", max_length=100, error_messages={"required": "请填写标题"})
    body = forms.CharField(label="留言内容", max_length=3000, widget=forms.Textarea(attrs={"rows": 6}),
                           error_messages={"required": "请填写留言内容"})
    name = forms.CharField(label="姓名（可不填）", max_length=50, required=False)
    contact = forms.CharField(label="联系方式", max_length=100, error_messages={"required": "请填写联系方式"},
                              help_text="手机号码或电子邮箱，仅用于答复联系，不会公开")
    wants_public = forms.BooleanField(label="同意在隐去个人信息后公开我的留言和答复", required=False, initial=True)
    captcha = captcha_field()


class LookupForm(forms.Form):
    number = forms.CharField(label="留言编号", max_length=40, error_messages={"required": "请填写留言编号"})
    code = forms.CharField(label="查询码", max_length=20, error_messages={"required": "请填写查询码"},
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))


class AnswerForm(forms.Form):
    text = forms.CharField(label="答复内容", max_length=services.MAX_REPLY, widget=forms.Textarea(attrs={"rows": 6}),
                           error_messages={"required": "请填写答复内容"})


class TransferForm(forms.Form):
    to_unit = forms.ModelChoiceField(label="转办至", queryset=services.units(), empty_label="请选择",
                                     error_messages={"required": "请选择转办单位"})
    reason = forms.CharField(label="转办理由", max_length=200, error_messages={"required": "请填写转办理由"})

    def __init__(self, *args, exclude_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = services.units()
        self.fields["to_unit"].queryset = qs.exclude(pk=exclude_unit.pk) if exclude_unit else qs


class MergeForm(forms.Form):
    into = forms.CharField(label="重复于（留言编号）", max_length=40, error_messages={"required": "请填写留言编号"})


class RejectForm(forms.Form):
    invalid_reason = forms.ChoiceField(label="不予受理理由", choices=InvalidReason.choices)


class PublishForm(forms.Form):
    publish = forms.TypedChoiceField(label="是否公开", choices=[("1", "公开（隐去个人信息）"), ("0", "不公开")],
                                     coerce=lambda v: v == "1", widget=forms.RadioSelect)
    question = forms.CharField(label="公开的留言内容", max_length=3000, required=False,
                               widget=forms.Textarea(attrs={"rows": 4}), help_text="留空则用原留言；个人信息自动隐去")
    answer_text = forms.CharField(label="公开的答复内容", max_length=services.MAX_REPLY, required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}), help_text="留空则用答复内容")
    in_faq = forms.BooleanField(label="列入常见问题", required=False, initial=True)


class ApproveForm(forms.Form):
    approve = forms.TypedChoiceField(label="审核意见", choices=[("1", "同意公开"), ("0", "不同意公开")],
                                     coerce=lambda v: v == "1", widget=forms.RadioSelect)


class ConvertForm(forms.Form):
    """The applicant's data an application needs (条例第二十九条); the description defaults to the message."""

    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=100)
    applicant_type = forms.ChoiceField(label="申请人类型",
                                       choices=[(a.code, a.label) for a in APPLICANT_TYPES], initial="natural_person")
    name = forms.CharField(label="申请人姓名或名称", max_length=100)
    id_number = forms.CharField(label="身份证号码或统一社会信用代码", max_length=18)
    phone = forms.CharField(label="联系电话", max_length=30)
    description = forms.CharField(label="所需信息的名称、文号或特征描述", max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    info_form = forms.ChoiceField(label="获取信息的方式", choices=[("electronic", "电子"), ("paper", "纸质")])
    delivery = forms.ChoiceField(label="获取信息的途径", choices=[("online", "网上获取"), ("email", "电子邮件"),
                                                           ("post", "邮寄"), ("pickup", "自行领取")])
    email = forms.EmailField(label="电子邮箱", required=False)
    address = forms.CharField(label="通信地址", max_length=200, required=False)

    def applicant(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "submission_key"}


class PolicyForm(forms.Form):
    promise_workdays = forms.IntegerField(label="答复承诺期限（工作日）", min_value=1, max_value=15,
                                          help_text="自收到留言次日起计算；已收到的留言保持原期限",
                                          error_messages={"min_value": "答复承诺期限应为1至15个工作日",
                                                          "max_value": "答复承诺期限应为1至15个工作日",
                                                          "required": "请填写答复承诺期限"})
    review_before_publication = forms.BooleanField(label="公开答复须经审核人批准", required=False)
