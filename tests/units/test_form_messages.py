"""Django's own form messages in plain Chinese, not developer wording (issue 12.11)."""
from django import forms


class Sample(forms.Form):
    name = forms.CharField(max_length=5)
    email = forms.EmailField()
    count = forms.IntegerField(max_value=3)


def test_stock_messages_read_as_plain_chinese():
    form = Sample({"name": "一二三四五六七", "email": "not-an-address", "count": "9"})
    assert not form.is_valid()
    assert form.errors["name"] == ["最多 5 个字，现在有 7 个字，请删减后再提交。"]
    assert form.errors["email"] == ["请填写正确的电子邮件地址，例如 name@example.com。"]
    assert form.errors["count"] == ["不能大于 3。"]
    assert Sample({}).errors["name"] == ["此项必须填写。"]


def test_labels_end_with_a_chinese_colon_and_never_a_colon_after_a_question_mark():
    class Asked(forms.Form):
        name = forms.CharField(label="姓名")
        captcha = forms.IntegerField(label="验证码：三加四等于几？")

    form = Asked()
    assert form["name"].label_tag().endswith("姓名：</label>")
    assert form["captcha"].label_tag().endswith("等于几？</label>")
