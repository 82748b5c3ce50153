"""工作日历 → 节假日安排: the one screen where a year's schedule is entered or imported."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from gongkai.domain.workdays import ScheduleFormatError, builtin_schedule
from gongkai.security.roles.access import console_role_required
from gongkai.units.audit import record
from gongkai.units.models import Role

from gongkai.workdays import readiness, selectors
from gongkai.workdays.services import load_schedule

from . import calendar_notice

MAX_SCHEDULE_BYTES = 64 * 1024  # a year is ~40 lines; anything larger is not a schedule


class ScheduleForm(forms.Form):
    file = forms.FileField(label="上传安排文件（CSV）", required=False)
    text = forms.CharField(label="或直接粘贴", required=False, widget=forms.Textarea(attrs={"rows": 8}),
                           max_length=MAX_SCHEDULE_BYTES)
    source = forms.CharField(label="依据", max_length=200, required=False,
                             help_text="如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕×号）")

    def schedule_text(self) -> str:
        upload = self.cleaned_data.get("file")
        if upload:
            if upload.size > MAX_SCHEDULE_BYTES:
                raise forms.ValidationError("文件过大：节假日安排文件通常只有几十行")
            try:
                return upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError("文件不是 UTF-8 编码的 CSV，请在 Excel 中另存为“CSV UTF-8”") from None
        if self.cleaned_data.get("text", "").strip():
            return self.cleaned_data["text"]
        raise forms.ValidationError("请上传安排文件或粘贴安排内容")


@console_role_required(Role.SYSADMIN)
def calendar(request):
    form = ScheduleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            count, years = load_schedule(form.schedule_text(), form.cleaned_data["source"])
        except (forms.ValidationError, ScheduleFormatError) as exc:
            form.add_error(None, exc.messages[0] if isinstance(exc, forms.ValidationError) else f"安排文件有误：{exc}")
        else:
            record("workdays.schedule_load", detail={"years": years, "days": count},
                   target_repr="、".join(f"{y}年" for y in years) + "节假日安排")
            messages.success(request, f"已录入{'、'.join(f'{y}年' for y in years)}的节假日安排（{count}天）；"
                                      "相关期限已重新计算，承办人会收到通知。")
            return redirect("workdays:calendar")
    _, package_years = builtin_schedule()
    return render(request, "workdays/calendar.html", {
        "form": form, "state": readiness.current(), "waiting": calendar_notice.waiting(),
        "package_years": sorted(package_years)[-3:], "entered": selectors.entered_years(),
        "days": selectors.latest_schedule_days(),
    }, status=400 if form.errors else 200)
