"""The year's table 三 (收到和处理政府信息公开申请情况) on the workbench, and its Excel download:
thin views over ``statistics``."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gongkai.units.downloads import named
from gongkai.units.web import staff_required

from . import statistics


class StatisticsForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=statistics.FIRST_YEAR,
                              error_messages={"invalid": "请输入四位数的年份", "min_value": "年份不能早于%(limit_value)s年"})
    unit = forms.ChoiceField(label="单位", required=False)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = list(statistics.statistics_units(user))
        choices = [(str(u.pk), u.name) for u in self.units]
        if len(self.units) > 1:
            choices.insert(0, ("all", "全部单位合计"))
        self.fields["unit"].choices = choices
        self.fields["unit"].error_messages["invalid_choice"] = "无权查看该单位，或该单位不受理申请"
        self.fields["year"].widget.attrs.update({"min": statistics.FIRST_YEAR, "max": timezone.localdate().year})

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(f"年份不能晚于{timezone.localdate().year}年")
        return year

    def selection(self):
        """(units, title) of the valid choice."""
        code = self.cleaned_data.get("unit") or (self.fields["unit"].choices[0][0] if self.units else "")
        if code == "all":
            return self.units, "全部单位合计"
        chosen = [u for u in self.units if str(u.pk) == code]
        return chosen, (chosen[0].name if chosen else "")


def _statistics(request):
    data = {"year": timezone.localdate().year, **request.GET.dict()}
    form = StatisticsForm(request.user, data)
    if not form.units:
        raise Http404("没有可统计的单位")
    if not form.is_valid():
        return form, None, None, ""
    units, title = form.selection()
    year = form.cleaned_data["year"]
    try:
        table = statistics.table_three([u.pk for u in units], year)
    except statistics.rules.TableError as exc:
        form.add_error(None, f"申请记录有误，无法统计：{exc}")
        return form, None, None, ""
    return form, year, table, title


@staff_required
def statistics_page(request):
    form, year, table, title = _statistics(request)
    return render(request, "applications/statistics.html", {
        "form": form, "year": year, "title": title, "header": statistics.HEADER,
        "rows": statistics.layout(table) if table else None,
        "query": request.GET.urlencode(),
    })


@staff_required
def statistics_xlsx(request):
    form, year, table, title = _statistics(request)
    if table is None:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect(f"{reverse('applications:statistics')}?{request.GET.urlencode()}")
    heading = f"{title}{year}年收到和处理政府信息公开申请情况"
    response = HttpResponse(statistics.xlsx(table, heading),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return named(response, heading, "xlsx")
