"""Workbench for work points (工作要点): thin views over workplan.services, scoped."""
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.units.web import form_data, object_action, staff_required

from . import permissions, selectors, services
from .forms import BreakDownForm, DocumentForm, EvidenceForm, ReturnForm, TaskForm
from .models import TaskStatus


def _rows(tasks):
    today = timezone.localdate()
    return [{"task": t, "overdue": t.is_overdue_on(today)} for t in tasks]


@staff_required
def my_tasks(request):
    """Tasks of my unit (a supervisor: of the units below it too)."""
    status = request.GET.get("status", "")
    tasks = selectors.own_unit_tasks(request.user, status=status if status in TaskStatus.values else "")
    return render(request, "workplan/mine.html", {
        "rows": _rows(tasks), "statuses": TaskStatus.choices, "status": status})


@staff_required
def issued(request):
    """The issuing side: every task my unit handed out (or a supervisor's sub-tree handed out)."""
    rows = _rows(selectors.issued_tasks(request.user))
    if request.GET.get("overdue"):
        rows = [r for r in rows if r["overdue"]]
    return render(request, "workplan/issued.html", {"rows": rows, "overdue_only": bool(request.GET.get("overdue"))})


@staff_required
@require_http_methods(["GET", "POST"])
def documents(request):
    allowed = permissions.documents_actions(request.user)
    form = DocumentForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and allowed.create and form.is_valid():
        try:
            doc = services.create_document(request.user, request.user.unit, data=form.cleaned_data)
        except services.WorkplanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已录入工作要点文件，请继续录入任务")
            return redirect("workplan:document", pk=doc.pk)
    return render(request, "workplan/documents.html", {
        "documents": selectors.visible_documents(request.user), "form": form, "allowed": allowed})


def _tree(tasks):
    """[(depth, task)] in breakdown order."""
    by_parent = {}
    for t in tasks:
        by_parent.setdefault(t.parent_id, []).append(t)
    ids = {t.pk for t in tasks}
    out = []

    def walk(task, depth):
        out.append((depth, task))
        for child in by_parent.get(task.pk, []):
            walk(child, depth + 1)

    for t in tasks:
        if t.parent_id is None or t.parent_id not in ids:
            walk(t, 0)
    return out


@staff_required
@require_http_methods(["GET", "POST"])
def document(request, pk):
    doc = get_object_or_404(selectors.visible_documents(request.user), pk=pk)
    tasks = selectors.document_tasks(request.user, doc)
    allowed = permissions.document_actions(request.user, doc)
    form = TaskForm(request.POST or None, issuer=doc.unit)
    if request.method == "POST" and allowed.add_task and form.is_valid():
        try:
            services.add_task(request.user, doc, data=form.cleaned_data)
        except services.WorkplanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已录入任务")
            return redirect("workplan:document", pk=doc.pk)
    today = timezone.localdate()
    tree = [{"depth": d, "task": t, "overdue": t.is_overdue_on(today), "indent": d * 1.5} for d, t in _tree(tasks)]
    return render(request, "workplan/document.html", {
        "doc": doc, "tree": tree, "progress": services.progress(tasks), "form": form, "allowed": allowed})


def _task(request, pk):
    return get_object_or_404(selectors.visible_tasks(request.user), pk=pk)


@staff_required
def task(request, pk):
    t = _task(request, pk)
    user = request.user
    allowed = permissions.allowed_actions(user, t)
    return render(request, "workplan/task.html", {
        "t": t, "overdue": t.is_overdue_on(timezone.localdate()), "allowed": allowed,
        "evidence": selectors.task_evidence(t),
        "children": selectors.subtasks(user, t),
        "evidence_form": EvidenceForm(task=t) if allowed.submit else None,
        "breakdown_form": BreakDownForm(task=t) if allowed.break_down else None,
        "return_form": ReturnForm() if allowed.return_task else None,
    })


@object_action(_task, services.WorkplanError, "workplan:task")
def submit(request, t):
    data = form_data(EvidenceForm(request.POST, request.FILES, task=t), services.WorkplanError)
    upload = data.get("file")
    services.submit_evidence(request.user, t, item=data.get("item"), note=data.get("note", ""),
                             file_name=upload.name if upload else "", file_data=upload.read() if upload else b"")
    return "已提交佐证材料，等待交办单位验收"


@object_action(_task, services.WorkplanError, "workplan:task")
def break_down(request, t):
    data = form_data(BreakDownForm(request.POST, task=t), services.WorkplanError)
    children = services.break_down(request.user, t, sub_units=data["units"], due=data["due_on"])
    return f"已分解到{len(children)}个下级单位"


@object_action(_task, services.WorkplanError, "workplan:task")
def accept(request, t):
    services.accept(request.user, t)
    return "已验收，任务完成"


@object_action(_task, services.WorkplanError, "workplan:task")
def return_task(request, t):
    data = form_data(ReturnForm(request.POST), services.WorkplanError)
    services.return_task(request.user, t, reason=data["reason"])
    return "已退回，等待责任单位重新提交"


@staff_required
def evidence_file(request, pk):
    ev = get_object_or_404(selectors.visible_evidence(request.user), pk=pk)
    if not ev.file:
        raise Http404
    return FileResponse(ev.file.open("rb"), as_attachment=True, filename=ev.file_name)
