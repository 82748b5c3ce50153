"""Forms of the public intake, the counter registration and the status look-up.

Field checks (identity numbers, phone) are the model's ``clean``, so the form
shows them on the field and the service applies the same rules.
"""
from __future__ import annotations

from django import forms

from gongkai.domain.decisions import APPLICANT_TYPES

from . import captcha
from ..handling import services
from ..models import RECEIPT_RULES, Application, Channel
from ..handling.forms import DATE


class _ApplicantForm(forms.ModelForm):
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    class Meta:
        model = Application
        fields = list(services.APPLICANT_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "info_form": forms.RadioSelect,
            "delivery": forms.RadioSelect,
            "applicant_type": forms.RadioSelect,
        }
        help_texts = {
            "description": "请写明所需政府信息的名称、文号，或者便于查询的其他特征性描述（条例第二十九条）",
            "phone": "手机号码或带区号的固定电话",
            "address": "选择邮寄的必须填写",
            "email": "选择电子邮件获取的必须填写",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("info_form", "delivery"):  # radio buttons: no "---------" choice
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        self.fields["applicant_type"].choices = [
            (a.code, f"{a.group_label}：{a.label}" if a.is_organisation else a.label) for a in APPLICANT_TYPES]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if len(name) < 2:
            raise forms.ValidationError("请填写申请人姓名或名称")
        return name

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if len(text) < 5:
            raise forms.ValidationError("请具体描述所需的政府信息（至少5个字）")
        return text

    def applicant_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in services.APPLICANT_FIELDS}


def office_field(label: str, refusal: str) -> forms.ModelChoiceField:
    """A public form's unit picker: the offices that take applications (and 政务咨询 messages);
    ``refusal`` is shown when none, or one not offered, is chosen."""
    return forms.ModelChoiceField(label=label, queryset=services.offices(), empty_label="请选择",
                                  error_messages={"required": refusal, "invalid_choice": refusal})


def captcha_field() -> forms.IntegerField:
    return forms.IntegerField(label="验证码", required=True,
                              error_messages={"required": "请填写验证码", "invalid": "验证码请填写数字"})


class PublicFormMixin:
    """What the public forms (网上申请, 网上留言) share: the unit picker (``unit``, from
    :func:`office_field`) listing the offices as they are now, and the arithmetic question
    (``captcha``, from :func:`captcha_field`; dropped when GONGKAI_PUBLIC_CAPTCHA is off), a fresh
    one before each rendering, each answerable once."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.fields["unit"].queryset = services.offices()
        if captcha.enabled():
            self.fields["captcha"].help_text = "请填写计算结果（阿拉伯数字）"
        else:
            del self.fields["captcha"]

    def new_question(self) -> None:
        """Before rendering: a fresh question (each can be answered once), the old answer cleared."""
        if "captcha" in self.fields:
            self.fields["captcha"].label = f"验证码：{captcha.new_question(self.request)}"
            # is_valid() has already built (and cached) the bound field with the old label.
            self._bound_fields_cache.pop("captcha", None)
            if self.is_bound:
                self.data = self.data.copy()
                self.data.pop("captcha", None)

    def clean_captcha(self):
        value = self.cleaned_data["captcha"]
        if not captcha.check(self.request, value):
            raise forms.ValidationError("验证码不正确，请按新的题目重新计算")
        return value


class PublicApplicationForm(PublicFormMixin, _ApplicantForm):
    """网上申请 (no login)."""

    unit = office_field("向哪个机关申请", "请选择受理申请的机关")
    captcha = captcha_field()

    field_order = ["unit", "applicant_type", "name", "id_number", "phone", "email", "address", "description",
                   "info_form", "delivery", "captcha"]


class CounterApplicationForm(_ApplicantForm):
    """登记当面、信件、传真、电子邮件申请."""

    class Meta(_ApplicantForm.Meta):
        fields = ["channel", "received_on", *services.APPLICANT_FIELDS]
        widgets = {**_ApplicantForm.Meta.widgets, "received_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [c for c in Channel.choices if c[0] != Channel.ONLINE]
        self.fields["received_on"].help_text = "；".join(
            RECEIPT_RULES[value] for value in Channel.values if value != Channel.ONLINE)


class StatusForm(forms.Form):
    number = forms.CharField(label="申请编号", max_length=40, error_messages={"required": "请填写申请编号"})
    code = forms.CharField(label="查询码", max_length=20, error_messages={"required": "请填写查询码"},
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
