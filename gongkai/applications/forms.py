"""Forms of the public intake, the counter registration and the status look-up.

Field checks (identity numbers, phone) are the model's ``clean``, so the form
shows them on the field and the service applies the same rules.
"""
from __future__ import annotations

from django import forms

from gongkai.domain.application_clock import MAX_EXTENSION_WORKDAYS
from gongkai.domain.decisions import APPLICANT_TYPES, DECISION_TYPES, GROUPS

from . import captcha, services
from .models import RECEIPT_RULES, Application, Channel, DeliveryMethod, FeeBasis, PauseKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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


class PublicApplicationForm(_ApplicantForm):
    """网上申请 (no login)."""

    unit = forms.ModelChoiceField(label="向哪个机关申请", queryset=services.offices(), empty_label="请选择",
                                  error_messages={"required": "请选择受理申请的机关",
                                                  "invalid_choice": "请选择受理申请的机关"})
    captcha = forms.IntegerField(label="验证码", required=True,
                                 error_messages={"required": "请填写验证码", "invalid": "验证码请填写数字"})

    field_order = ["unit", "applicant_type", "name", "id_number", "phone", "email", "address", "description",
                   "info_form", "delivery", "captcha"]

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


class SupplementRequestForm(forms.Form):
    requested_on = forms.DateField(label="告知补正日期", widget=DATE)
    items = forms.CharField(label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    workdays = forms.IntegerField(
        label="补正期限（工作日）", min_value=1, max_value=services.SUPPLEMENT_WORKDAYS_MAX,
        initial=services.SUPPLEMENT_WORKDAYS_DEFAULT, required=False,
        help_text="1至30个工作日，留空为15个工作日；自申请人收到补正告知书之日起计算，逾期未补正的视为放弃申请（条例第三十条）",
        error_messages={"min_value": "补正期限至少1个工作日",
                        "max_value": f"补正期限最长{services.SUPPLEMENT_WORKDAYS_MAX}个工作日"})


class SupplementReceiveForm(forms.Form):
    received_on = forms.DateField(label="收到补正日期", widget=DATE)


class PauseStartForm(forms.Form):
    kind = forms.ChoiceField(label="征求意见对象", choices=PauseKind.choices)
    party = forms.CharField(label="被征求意见方名称", max_length=200)
    started_on = forms.DateField(label="发出征求意见书日期", widget=DATE)


class PauseEndForm(forms.Form):
    ended_on = forms.DateField(label="收到意见日期（逾期未答复的，填写15个工作日届满之日）", widget=DATE)


class ExtensionRequestForm(forms.Form):
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=MAX_EXTENSION_WORKDAYS,
                              initial=MAX_EXTENSION_WORKDAYS)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    requested_on = forms.DateField(label="申请延期日期", widget=DATE)


class ExtensionApproveForm(forms.Form):
    approved_on = forms.DateField(label="同意日期", widget=DATE)


class FeeNoticeForm(forms.Form):
    basis = forms.ChoiceField(label="计收方式", choices=FeeBasis.choices, widget=forms.RadioSelect,
                              help_text="每件申请只能选择其中一种标准（国办函〔2020〕109号第三条）")
    quantity = forms.IntegerField(label="件数或页数", min_value=1, initial=1,
                                  help_text="按件：本申请按“一事一申请”拆分的件数；按量：所提供信息的页数")
    issued_on = forms.DateField(label="发出收费通知日期", widget=DATE)


class FeeReceivedForm(forms.Form):
    received_on = forms.DateField(label="申请人收到收费通知日期", widget=DATE)


class FeePaymentForm(forms.Form):
    paid_on = forms.DateField(label="缴费日期", widget=DATE)
    paid_amount = forms.IntegerField(label="实收金额（元）", min_value=0)
    reference = forms.CharField(label="缴款凭证号", max_length=60)


class DeliveryForm(forms.Form):
    letter = forms.ChoiceField(label="文书")
    method = forms.ChoiceField(label="送达方式", choices=DeliveryMethod.choices)
    sent_on = forms.DateField(label="发出日期", widget=DATE)
    delivered_on = forms.DateField(label="送达日期", widget=DATE, required=False,
                                   help_text="尚未送达的可留空，收到回执后再登记")
    recipient = forms.CharField(label="签收人", max_length=100, required=False)
    tracking_number = forms.CharField(label="邮件单号或回执编号", max_length=60, required=False,
                                      help_text="邮寄送达必须填写")
    note = forms.CharField(label="备注", max_length=300, required=False)

    def __init__(self, *args, letters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter"].choices = [(letter.slug, letter.title) for letter in letters]


class DeliveryConfirmForm(forms.Form):
    delivered_on = forms.DateField(label="送达日期", widget=DATE)
    recipient = forms.CharField(label="签收人", max_length=100, required=False)


def decision_grouped_choices() -> list:
    """The result types of table 三, grouped as in the table (（一）…（六）)."""
    return [("", "请选择")] + [
        (group.label, [(t.code, t.title) for t in DECISION_TYPES if t.group is group]) for group in GROUPS]


class DecisionForm(forms.Form):
    decision_type = forms.ChoiceField(label="办理结果", choices=decision_grouped_choices)
    basis = forms.CharField(label="法律依据", max_length=300, required=False,  # validate_basis says why
                            help_text="选择办理结果后自动填入；“其他”类须自行填写")
    answered_on = forms.DateField(label="答复日期", widget=DATE)
    text = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                           help_text="写明提供信息的方式和途径，或不予公开、无法提供的理由；将写入答复告知书",
                           error_messages={"required": "请填写答复内容：提供信息的方式和途径，或不予公开、无法提供的理由"})
    on_the_spot = forms.BooleanField(label="当场答复（当面提交并于当日答复）", required=False)


def basis_prefill() -> dict[str, str]:
    """decision code → the basis to prefill (its first citation), for the page's script."""
    return {t.code: (t.bases[0].citation if t.bases else "") for t in DECISION_TYPES}
