"""Forms of the annual-report workbench."""
from django import forms
from django.utils import timezone

from .models import YearlyFigures


def year_choices():
    last = timezone.localdate().year - 1
    return [(y, f"{y}年") for y in range(last, 2018, -1)]


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, choices=year_choices)


class FiguresForm(forms.ModelForm):
    class Meta:
        model = YearlyFigures
        fields = ["licensing", "punishment", "enforcement", "fees_wan_yuan", "platform_facts", "supervision_facts"]
        widgets = {"platform_facts": forms.Textarea(attrs={"rows": 3}),
                   "supervision_facts": forms.Textarea(attrs={"rows": 3})}


class NarrativeForm(forms.Form):
    overview = forms.CharField(label="一、总体情况", widget=forms.Textarea(attrs={"rows": 12}), max_length=20000)
    new_problems = forms.CharField(label="本年存在的主要问题（每行一条，下一年度报告将逐条说明改进情况）", required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    other = forms.CharField(label="六、其他需要报告的事项：信息处理费", widget=forms.Textarea(attrs={"rows": 3}),
                            max_length=5000)
    other_added = forms.CharField(label="六、其他需要报告的事项：其他事项", required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=500, required=False)


class ArchiveForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int,
                                  choices=[(y, f"{y}年") for y in range(2018, 2007, -1)])
    title = forms.CharField(label="标题", max_length=200, required=False)
    file = forms.FileField(label="报告原文件（PDF、Word或HTML）")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError("文件不能超过20MB")
        if not upload.name.lower().endswith((".pdf", ".doc", ".docx", ".html", ".htm", ".txt")):
            raise forms.ValidationError("请上传PDF、Word、HTML或文本文件")
        return upload
