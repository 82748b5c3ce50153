from django import forms

from gongkai.domain.textextract import sniff_kind
from gongkai.units.models import User

from .models import Duty, GroupRole, SignoffKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TransferForm(forms.Form):
    """人员调动: one person takes over one or more duties from a date."""

    duties = forms.MultipleChoiceField(label="职责", choices=Duty.choices, widget=forms.CheckboxSelectMultiple)
    person_name = forms.CharField(label="接任人姓名", max_length=50)
    person_user = forms.ModelChoiceField(label="平台账号", queryset=User.objects.none(), required=False,
                                         empty_label="（无）")
    phone = forms.CharField(label="办公电话", max_length=50, required=False,
                            help_text="将在门户网站和公开栏公布，请填写办公电话，不要填写个人手机")
    on = forms.DateField(label="生效日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.fields["person_user"].queryset = unit.users.filter(is_active=True)


class GroupMemberForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    position = forms.CharField(label="职务", max_length=100)
    group_role = forms.ChoiceField(label="小组职务", choices=GroupRole.choices)
    start_on = forms.DateField(label="起始日期", widget=DATE)


class EndForm(forms.Form):
    end_on = forms.DateField(label="截止日期", widget=DATE)


class SignoffForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=SignoffKind.choices)
    date = forms.DateField(label="检查日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=500, required=False)


class SessionForm(forms.Form):
    date = forms.DateField(label="培训日期", widget=DATE)
    topic = forms.CharField(label="培训内容", max_length=200, initial="学习《中华人民共和国政府信息公开条例》")
    trainer = forms.CharField(label="授课人", max_length=100, required=False)
    hours = forms.DecimalField(label="学时", max_digits=4, decimal_places=1, min_value=0.5, initial=1)
    materials = forms.FileField(label="培训材料", required=False, help_text="PDF、DOCX 或 XLSX")
    present = forms.CharField(label="出席人员", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="每行一人，或用顿号分隔")
    absent = forms.CharField(label="缺席人员", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_materials(self):
        f = self.cleaned_data.get("materials")
        if f:
            data = f.read()
            f.seek(0)
            if sniff_kind(data, f.name) not in ("pdf", "docx", "xlsx"):
                raise forms.ValidationError("培训材料只接受 PDF、DOCX 或 XLSX 文件")
            if f.size > 20 * 1024 * 1024:
                raise forms.ValidationError("培训材料不能超过20MB")
        return f


class ReserveForm(forms.Form):
    person_name = forms.CharField(label="姓名", max_length=50)
    note = forms.CharField(label="说明", max_length=200, required=False)
