"""The account form of both consoles: the unit admin's staff accounts (roles.views) and the system
administrator's accounts of every unit (system.views)."""
from django import forms

from gongkai.units.models import Unit


class AccountForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=50)
    unit = forms.ModelChoiceField(label="所属单位", queryset=Unit.objects.filter(is_active=True))
    phone = forms.CharField(label="手机号（动态口令与联系）", max_length=30, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    expires_at = forms.DateTimeField(label="账户有效期至", required=False,
                                     help_text="如 2027-06-30 18:00；临时人员必填，到期自动停用")

    def __init__(self, *args, units=None, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
        if roles:
            self.fields["role"] = forms.ChoiceField(label="角色", choices=[(r.value, r.label) for r in roles])
