"""站点导入 in the workbench (unit admin only): start a dry run, read its report (page and XLSX),
confirm or continue the import, or discard it. Thin views over ``siteimport.services``."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from gongkai.catalog.services import WorkflowError
from gongkai.units.downloads import named
from gongkai.units.models import Role
from gongkai.units.web import role_required

from . import services
from .models import RunState

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class StartForm(forms.Form):
    url = forms.CharField(label="原网站信息公开栏目地址", max_length=1000,
                          help_text="栏目第一页的地址，如 http://www.example.gov.cn/col/col1229/index.html")
    since = forms.IntegerField(label="起始年份", required=False, min_value=1990,
                               help_text="只导入该年及以后发布的信息；留空则导入全部")

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("地址须以 http:// 或 https:// 开头")
        return url

    def clean_since(self):
        since = self.cleaned_data.get("since")
        if since is not None and since > timezone.localdate().year:
            raise forms.ValidationError("起始年份不能晚于今年")
        return since


@role_required(Role.UNIT_ADMIN)
def index(request):
    unit = request.user.unit
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.start_dry_run(request.user, unit, start_url=form.cleaned_data["url"],
                                         since=form.cleaned_data["since"])
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            from .tasks import crawl_dry_run

            crawl_dry_run(run.pk)   # the crawl runs in the background; the page shows its state
            messages.success(request, "已开始试导入：读取完成后请核对清单；确认前不会写入目录")
            return redirect("siteimport:index")
    run = services.latest_run(unit)
    rows = services.report_rows(run) if run and run.state != RunState.CRAWLING else []
    return render(request, "siteimport/index.html", {
        "form": form, "run": run, "rows": rows, "headers": services.REPORT_HEADERS,
        "pending": len(services.pending_rows(run)) if run else 0, "states": RunState})


@role_required(Role.UNIT_ADMIN)
@require_GET
def report(request):
    run = services.latest_run(request.user.unit)
    if run is None or run.state == RunState.CRAWLING:
        messages.info(request, "还没有可下载的试导入清单")
        return redirect("siteimport:index")
    response = HttpResponse(services.report_xlsx(run), content_type=XLSX)
    return named(response, f"站点导入清单-{run.pk}", "xlsx")


@role_required(Role.UNIT_ADMIN)
@require_POST
def confirm(request):
    run = services.latest_run(request.user.unit)
    if run is None or run.state not in (RunState.CHECKED, RunState.RUNNING):
        messages.error(request, "没有待确认的试导入，请先试导入")
        return redirect("siteimport:index")
    try:
        run = services.run_import(request.user, run, batch=services.DEFAULT_BATCH)
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("siteimport:index")
    done, failed = len(run.results.get("done", {})), len(run.results.get("failed", {}))
    if run.state == RunState.DONE:
        messages.success(request, f"导入完成：已导入{done}条" + (f"，{failed}条未能导入（见清单）" if failed else ""))
    else:
        messages.info(request, f"已导入{done}条，还有{len(services.pending_rows(run))}条，请点击“继续导入”")
    return redirect("siteimport:index")


@role_required(Role.UNIT_ADMIN)
@require_POST
def discard(request):
    run = services.latest_run(request.user.unit)
    if run is None or run.state != RunState.CHECKED:
        messages.error(request, "没有可放弃的试导入")
        return redirect("siteimport:index")
    try:
        services.discard(request.user, run)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已放弃本次试导入，未写入任何信息")
    return redirect("siteimport:index")
