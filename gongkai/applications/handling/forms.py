"""Forms of the workbench's steps on an application: 补正, 征求意见, 延期, 收费, 送达 and the answer.

The counter registration and the public forms are in ``gongkai.applications.intake.forms``.
"""
from __future__ import annotations

from django import forms

from gongkai.domain.application_clock import MAX_EXTENSION_WORKDAYS
from gongkai.domain.decisions import DECISION_TYPES, GROUPS

from . import services
from ..models import DeliveryMethod, FeeBasis, PauseKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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
